#!/usr/bin/env bash
# Builds the Debian package of Đôn đốc and prints the path of the .deb on its last line.
#   scripts/package.sh                  — release build, for the office (make package)
#   scripts/package.sh --debug          — debug build, for the package test (tests/package.sh)
#   scripts/package.sh --version 0.1.1  — the same binaries under another package version
#                                         (the test installs one over the other as an upgrade)
#
# The binaries come from plain `cargo build --workspace`, the build `make run`, `make test`
# and `make bench` already do, and `tauri bundle` only packages them: `tauri build` would
# add the feature tauri/custom-protocol, and switching it on and off between builds rebuilds
# tauri and everything above it each time (55–160 s). Without it the app is what `make run`
# starts: the page is embedded (no devUrl is configured), so it behaves the same.
# The ui/dist folder must be built first (the Makefile's `ui` target).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PROFILE=release
VERSION=""
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) PROFILE=debug ;;
    --version) VERSION="$2"; shift ;;
    *) echo "Tham số không hợp lệ: $1 (dùng --debug, --version X.Y.Z)" >&2; exit 2 ;;
  esac
  shift
done

[ -f ui/dist/index.html ] || { echo "Chưa có ui/dist: chạy 'make ui' trước." >&2; exit 1; }

TARGET=${CARGO_TARGET_DIR:-target}
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac

CARGO_FLAGS=(--workspace)
BUNDLE_FLAGS=(--bundles deb)
if [ "$PROFILE" = debug ]; then BUNDLE_FLAGS+=(--debug); else CARGO_FLAGS+=(--release); fi
cargo build "${CARGO_FLAGS[@]}" >&2

# The admin CLI ships beside the app: /usr/bin/dondoc-cli (it costs no extra build: the
# workspace build above makes it anyway).
BUNDLE_FLAGS+=(--config "{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/dondoc-cli\":\"$TARGET/$PROFILE/dondoc-cli\"}}}}}")
if [ -n "$VERSION" ]; then
  BUNDLE_FLAGS+=(--config "{\"version\":\"$VERSION\"}")
else
  VERSION=$(node -p 'require("./tauri.conf.json").version')
fi

# The Tauri CLI reads CI as its --ci switch and accepts only true/false (CI=1 fails it).
TAURI_CI=false; [ -z "${CI:-}" ] || TAURI_CI=true
(cd ui && TAURI_APP_PATH=.. CARGO_TARGET_DIR="$TARGET" CI=$TAURI_CI npx --no-install tauri bundle "${BUNDLE_FLAGS[@]}") >&2

DEB="$TARGET/$PROFILE/bundle/deb/dondoc_${VERSION}_$(dpkg --print-architecture).deb"
[ -f "$DEB" ] || { echo "Không thấy gói $DEB sau khi đóng gói." >&2; exit 1; }
echo "$DEB"
