#!/usr/bin/env bash
# Installs what building and testing casegraph needs on a fresh Debian machine,
# and only what is missing. Run by `make demo` and `make test`.
#   - libclang: Oxigraph's RocksDB bindings are generated with bindgen at build time.
#   - python3 with rdflib and networkx: tests read our exports with independent parsers;
#     pyshacl: the SHACL reference the validator is compared with; SPARQLWrapper: an
#     independent client of `casegraph serve`.
#   - with --test, two triplestores for tests/publish.rs (started on loopback by the
#     test itself): Oxigraph's server (PyPI `oxigraph`) and Virtuoso (Debian
#     `virtuoso-opensource-7-bin`, the server of the virtuoso-opensource suite); curl.
set -euo pipefail

need_apt=()
if ! ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1 && ! ldconfig -p 2>/dev/null | grep -q 'libclang\.so'; then
  need_apt+=(libclang-dev)
fi
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
command -v make >/dev/null 2>&1 || need_apt+=(make)
if [ "${1:-}" = "--test" ]; then
  command -v virtuoso-t >/dev/null 2>&1 || need_apt+=(virtuoso-opensource-7-bin)
  command -v curl >/dev/null 2>&1 || need_apt+=(curl)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is missing: install the Rust toolchain (https://rustup.rs) and run again" >&2
  exit 1
fi

if [ "${1:-}" = "--test" ]; then
  if ! python3 -c 'import rdflib, networkx' >/dev/null 2>&1; then
    echo "installing python test helpers: rdflib networkx" >&2
    python3 -m pip install -q rdflib networkx 2>/dev/null || python3 -m pip install -q --break-system-packages rdflib networkx
  fi
  # pySHACL: the reference validator of tests/validate_pyshacl.rs.
  if ! python3 -c 'import pyshacl' >/dev/null 2>&1; then
    echo "installing python test helper: pyshacl" >&2
    python3 -m pip install -q pyshacl 2>/dev/null || python3 -m pip install -q --break-system-packages pyshacl
  fi
  if ! command -v oxigraph >/dev/null 2>&1; then
    echo "installing Oxigraph's server: pip install oxigraph" >&2
    python3 -m pip install -q oxigraph 2>/dev/null || python3 -m pip install -q --break-system-packages oxigraph
  fi
  # `casegraph serve` is checked with independent SPARQL clients: SPARQLWrapper and curl.
  if ! python3 -c 'import SPARQLWrapper' >/dev/null 2>&1; then
    echo "installing python test helper: SPARQLWrapper" >&2
    python3 -m pip install -q SPARQLWrapper 2>/dev/null || python3 -m pip install -q --break-system-packages SPARQLWrapper
  fi
fi
