#!/usr/bin/env bash
# Installs what Đôn đốc needs on Debian 12, skipping what is already there.
#   scripts/deps.sh          — to build and run the app
#   scripts/deps.sh --test   — also what the end-to-end tests need (tauri-driver; Chromium and
#                              chromedriver for the portal page's tests in a real browser)
set -euo pipefail
cd "$(dirname "$0")/.."

# xdg-utils: evidence files open with xdg-open, the launcher the opener plugin tries first
# (it respects the desktop's own default apps; gio from libglib2.0-bin is its fallback).
PKGS=(libwebkit2gtk-4.1-dev build-essential libssl-dev libayatana-appindicator3-dev librsvg2-dev pkg-config
      xvfb webkit2gtk-driver dbus dbus-x11 xdotool imagemagick fonts-dejavu-core xdg-utils)
# desktop-file-validate checks the packaged menu entry (tests/package.sh).
[ "${1:-}" != "--test" ] || PKGS+=(desktop-file-utils)
# The portal page (ui/dist-portal) is tested in Debian's Chromium through its chromedriver.
[ "${1:-}" != "--test" ] || PKGS+=(chromium chromium-driver)
# The office's documents are opened by a real reader (issue 19): LibreOffice converts the
# notice to PDF, poppler reads and renders it; Liberation Serif is Times New Roman's metric twin.
[ "${1:-}" != "--test" ] || PKGS+=(libreoffice-writer-nogui poppler-utils fonts-liberation)
# The portal test reads the served certificate with openssl s_client.
[ "${1:-}" != "--test" ] || PKGS+=(openssl)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "Cần Rust (cargo) — cài bằng rustup." >&2; exit 1; }
# `make lint` (part of `make test`) runs rustfmt and clippy.
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  echo "==> rustup component add rustfmt clippy"
  rustup component add rustfmt clippy
fi
command -v node >/dev/null || { echo "Cần Node.js ≥ 20.19 và npm." >&2; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "Cần Node.js ≥ 20.19 (Vite 8); đang có $(node --version)." >&2; exit 1; }

# npm ci only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

if [ "${1:-}" = "--test" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! tauri-driver --help >/dev/null 2>&1; then
    echo "==> cargo install tauri-driver"
    cargo install tauri-driver --locked --version 2.1.0
  fi
fi
