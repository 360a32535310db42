#!/usr/bin/env python3
"""A bounded load test of `casegraph serve` on the loopback interface.

Sends N requests from C concurrent clients, mixing saved queries (JSON, CSV),
SPARQL, the Graph Store Protocol and explorer pages, then prints throughput
and p50/p99 latency. Exits 1 if any request failed. Standard library only.

    python3 scripts/load-test.py http://127.0.0.1:7878 [--requests 2000] [--concurrency 16]
"""
import argparse
import http.client
import ipaddress
import socket
import sys
import threading
import time
import urllib.parse

MIX = [
    "/queries/cases?format=json",
    "/queries/cases-by-provider?provider=%E4%B8%8A%E6%B5%B7&format=csv",
    "/queries/organizations-by-cases?format=json",
    "/queries/search?term=%E8%B7%A8%E5%A2%83&format=tsv",
    "/queries/places?format=xml",
    "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
    "/",
    "/cases",
    "/search?q=%E8%B7%A8%E5%A2%83",
    "/ui/queries/cases-by-sector",
    "/map",
    "/assets/style.css",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    url = urllib.parse.urlsplit(args.base)
    host, port = url.hostname, url.port or 80
    if not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
        sys.exit(f"load-test: {host} is not a loopback address; this test only runs against the local machine")
    # Paths that need a case IRI come from the server itself.
    conn = http.client.HTTPConnection(host, port, timeout=args.timeout)
    conn.request("GET", "/queries/cases?format=csv")
    conn.getresponse().read()
    mix = list(MIX)
    lock = threading.Lock()
    latencies, errors, next_index = [], [], [0]

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=args.timeout)
        while True:
            with lock:
                i = next_index[0]
                if i >= args.requests:
                    return
                next_index[0] += 1
            path = mix[i % len(mix)]
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                detail = f"{response.status} {path}"
            except Exception as e:  # a dropped connection counts as an error, then reconnect
                ok, detail = False, f"{type(e).__name__}: {e} {path}"
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=args.timeout)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(detail)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    print(
        f"{len(latencies)} requests, {args.concurrency} clients, {wall:.1f} s: "
        f"{len(latencies) / wall:.1f} req/s, p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms, {len(errors)} errors"
    )
    for e in errors[:10]:
        print("error:", e, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
