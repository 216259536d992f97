# Đôn đốc — two commands do everything on a fresh Debian 12 machine (as root):
#   make run    install what is missing, build the UI and the app, start it
#   make test   install what is missing, then run every test (core, CLI, shell, UI check, e2e, package)
#   make package  the .deb for the office (scripts/package.sh)
# (and `make bench` prints the performance figures into bench/RESULTS.md)
SHELL := /bin/bash
# Reuse a warm cargo target folder outside the checkout when the machine has one.
CARGO_TARGET_DIR ?= $(shell [ -d /var/cache/dondoc/target ] && [ -w /var/cache/dondoc/target ] && echo /var/cache/dondoc/target)
ifneq ($(CARGO_TARGET_DIR),)
export CARGO_TARGET_DIR
endif
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test package bench deps deps-test ui ui-check bindings lint

run: deps ui
	cargo run --bin dondoc -- $(ARGS)

test: deps-test ui-check ui lint
	cargo test --workspace --no-fail-fast
	tests/package.sh

# The .deb for the office (release build): target/release/bundle/deb/dondoc_<version>_amd64.deb
package: deps ui
	scripts/package.sh

# Benchmarks (figures, not tests): core, reader, whole app, Taskwarrior side by side.
bench: deps-test ui
	command -v task >/dev/null || (apt-get install -y -qq taskwarrior || sudo apt-get install -y -qq taskwarrior)
	cargo build --release --workspace
	bench/run_all.sh

deps:
	scripts/deps.sh

deps-test:
	scripts/deps.sh --test

ui:
	cd ui && npm run build

ui-check:
	cd ui && npm run check

# Formatting and clippy, warnings as errors (rustfmt.toml, [workspace.lints]).
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

# Rewrites ui/src/lib/bindings.ts and labels.ts from the Rust types (`make test` fails while they are stale).
bindings:
	DONDOC_WRITE_BINDINGS=1 cargo test -p dondoc --lib bindings
