# The two commands of the README: `make demo` and `make test`.
# Both install missing system prerequisites first (scripts/install-deps.sh).

STORE ?= store
CARGO ?= cargo

.PHONY: demo test deps build lint bench

## Build the graph from the shipped document and show a result.
demo: deps
	$(CARGO) build --release --locked
	$(CARGO) run --release --locked --quiet -- build --store $(STORE)
	$(CARGO) run --release --locked --quiet -- query cases --store $(STORE)

## Run every test (release profile: the dependencies compile once, for both).
test: deps
	./scripts/install-deps.sh --test
	$(CARGO) test --release --locked

deps:
	./scripts/install-deps.sh

build: deps
	$(CARGO) build --release --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --all-targets -- -D warnings

bench: build
	./scripts/bench-build.sh
