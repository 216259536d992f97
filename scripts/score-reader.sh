#!/usr/bin/env bash
# Scores the directive reader on a corpus (default: the dev corpus in ../shared):
# extra arguments after the corpus go to the scorer (--show-errors, --by-tag);
# reads every case with `dondoc-cli directives parse-corpus`, then runs the corpus scorer.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/directives/dev}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build -q -p dondoc-cli
"${CARGO_TARGET_DIR:-target}/debug/dondoc-cli" directives parse-corpus "$corpus" --out "$out" --units src-tauri/core/data/units-myloc.json
# the scorer sits beside a shared corpus; other corpora (src-tauri/core/data/real-corpus) use the shared one
scorer="$(dirname "$corpus")/tools/score.py"
[ -f "$scorer" ] || scorer=../shared/directives/tools/score.py
python3 "$scorer" "$corpus" "$out" --units src-tauri/core/data/units-myloc.json "${@:2}"
