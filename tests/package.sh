#!/usr/bin/env bash
# Package test: builds the debug .deb, installs it with dpkg, checks what it installed,
# opens a fresh store with the installed binary (no display, no session bus), upgrades
# the package and reinstalls it over itself (the user's data folder must not change),
# removes it (the binary goes, the data folder stays). Run by `make test`.
#
# dpkg needs root. Not root: the test says why it skips, and fails instead when CI is set
# (CI runs as root, so there it always runs). A package left installed by an earlier,
# failed run is removed first, and this run removes its own on every exit.
set -euo pipefail
cd "$(dirname "$0")/.."

PKG=dondoc
say() { printf '==> package test: %s\n' "$*"; }
fail() { printf 'PACKAGE TEST FAILED: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  msg="dpkg -i needs root; run 'make test' as root (as CI does) to install and remove the package"
  [ -z "${CI:-}" ] || fail "$msg"
  echo "SKIPPED PACKAGE TEST: $msg"
  exit 0
fi

installed() { dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "install ok installed"; }
remove_package() {
  if dpkg-query -W "$PKG" >/dev/null 2>&1; then
    dpkg -r "$PKG" >/dev/null 2>&1 || dpkg --purge --force-remove-reinstreq "$PKG" >/dev/null 2>&1 || true
  fi
}
if dpkg-query -W "$PKG" >/dev/null 2>&1; then
  say "removing $PKG $(dpkg-query -W -f='${Version} (${Status})' "$PKG") left by an earlier run"
  remove_package
fi

WORK=$(mktemp -d /tmp/dondoc-package-test.XXXXXX)
cleanup() { remove_package; rm -rf "$WORK"; }
trap cleanup EXIT

say "building the debug package"
DEB=$(scripts/package.sh --debug | tail -n 1) || fail "scripts/package.sh --debug failed"
# The same binaries under a newer version: installing it over the first is an upgrade.
DEB_NEXT=$(scripts/package.sh --debug --version 0.1.1 | tail -n 1) || fail "scripts/package.sh --version 0.1.1 failed"

say "dpkg -i $(basename "$DEB")"
dpkg -i "$DEB" >/dev/null
installed || fail "$PKG is not installed after dpkg -i"

# What the package installed.
[ -x /usr/bin/dondoc ] || fail "/usr/bin/dondoc missing"
[ -x /usr/bin/dondoc-cli ] || fail "/usr/bin/dondoc-cli missing"
DESKTOP=/usr/share/applications/dondoc.desktop
[ -f "$DESKTOP" ] || fail "$DESKTOP missing"
for line in "Name=Đôn đốc" "Comment=Theo dõi, đôn đốc thực hiện kết luận hội nghị" "Categories=Office;" \
            "Exec=dondoc" "Icon=dondoc" "Type=Application"; do
  grep -qxF "$line" "$DESKTOP" || fail "$DESKTOP has no line '$line':"$'\n'"$(cat "$DESKTOP")"
done
for size in 32x32 128x128 512x512; do
  icon=/usr/share/icons/hicolor/$size/apps/dondoc.png
  [ -s "$icon" ] || fail "icon $icon missing"
  [ "$(head -c 8 "$icon" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$icon is not a PNG"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$DESKTOP" || fail "desktop-file-validate refuses $DESKTOP"
elif [ -n "${CI:-}" ]; then
  fail "desktop-file-validate missing (scripts/deps.sh --test installs desktop-file-utils)"
fi

# The installed binary, headless: no display, no session bus, a private home.
HOME_DIR="$WORK/home"
mkdir -p "$HOME_DIR"
headless() {
  env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS -u DONDOC_DB \
    HOME="$HOME_DIR" XDG_DATA_HOME="$HOME_DIR/.local/share" XDG_CONFIG_HOME="$HOME_DIR/.config" \
    XDG_CACHE_HOME="$HOME_DIR/.cache" XDG_RUNTIME_DIR="$WORK" "$@"
}
DATA="$HOME_DIR/.local/share/vn.gov.myloc.dondoc"
STORE="$DATA/dondoc.sqlite3"
MIGRATIONS=$(ls src-tauri/core/src/migrations/*.sql | wc -l)

# Reads the one JSON line of --check-store and checks it: ok, path, schema, 30 seeded units.
check_line() {
  node -e '
    const [line, path, schema] = process.argv.slice(1);
    const r = JSON.parse(line);
    const bad = [];
    if (r.ok !== true) bad.push("ok is " + r.ok + " (" + r.message + ")");
    if (r.path !== path) bad.push("path " + r.path + ", expected " + path);
    if (r.schemaVersion !== Number(schema)) bad.push("schemaVersion " + r.schemaVersion + ", expected " + schema);
    if (r.units !== 30) bad.push("units " + r.units + ", expected the 30 seeded units");
    if (bad.length) { console.error(bad.join("; ")); process.exit(1); }
  ' "$1" "$2" "$3" || fail "unexpected --check-store output: $1"
}

say "dondoc --check-store on a fresh data folder"
[ ! -e "$DATA" ] || fail "$DATA exists before the first start"
out=$(headless /usr/bin/dondoc --check-store) || fail "dondoc --check-store exited $?: $out"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "--check-store printed more than one line: $out"
check_line "$out" "$STORE" "$MIGRATIONS"
[ -f "$STORE" ] || fail "no store at $STORE"

# --db names another store; the installed CLI reads the same file.
out=$(headless /usr/bin/dondoc --check-store --db "$WORK/other/d.sqlite3") || fail "--check-store --db exited $?: $out"
check_line "$out" "$WORK/other/d.sqlite3" "$MIGRATIONS"
units=$(headless /usr/bin/dondoc-cli --db "$STORE" units list --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).length))')
[ "$units" = 30 ] || fail "dondoc-cli lists $units units in $STORE, expected 30"

# A file that is not a store: refused with a Vietnamese message, exit 1, left as it was.
echo "không phải cơ sở dữ liệu" > "$WORK/not-a-store.sqlite3"
set +e
out=$(headless /usr/bin/dondoc --check-store --db "$WORK/not-a-store.sqlite3"); code=$?
set -e
[ "$code" -eq 1 ] || fail "--check-store on a non-store exited $code: $out"
printf '%s' "$out" | grep -q '"code":"not_dondoc_file"' || fail "not refused as not ours: $out"
printf '%s' "$out" | grep -q 'không phải tệp dữ liệu Đôn đốc' || fail "no Vietnamese message: $out"
[ "$(cat "$WORK/not-a-store.sqlite3")" = "không phải cơ sở dữ liệu" ] || fail "the non-store file was changed"

data_hash() { (cd "$DATA" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(data_hash)

say "upgrade: dpkg -i $(basename "$DEB_NEXT") over $(dpkg-query -W -f='${Version}' "$PKG")"
dpkg -i "$DEB_NEXT" >/dev/null
[ "$(dpkg-query -W -f='${Version}' "$PKG")" = 0.1.1 ] || fail "the upgrade did not install 0.1.1"
[ "$(data_hash)" = "$before" ] || fail "the upgrade changed the data folder"

say "reinstall: dpkg -i $(basename "$DEB_NEXT") over itself"
dpkg -i "$DEB_NEXT" >/dev/null
[ "$(data_hash)" = "$before" ] || fail "reinstalling changed the data folder"
out=$(headless /usr/bin/dondoc --check-store) || fail "dondoc --check-store after the upgrade exited $?: $out"
check_line "$out" "$STORE" "$MIGRATIONS"
before=$(data_hash)

say "dpkg -r $PKG"
dpkg -r "$PKG" >/dev/null
! installed || fail "$PKG still installed after dpkg -r"
for f in /usr/bin/dondoc /usr/bin/dondoc-cli "$DESKTOP" /usr/share/icons/hicolor/128x128/apps/dondoc.png; do
  [ ! -e "$f" ] || fail "$f still there after dpkg -r"
done
[ -f "$STORE" ] || fail "dpkg -r removed the user's store"
[ "$(data_hash)" = "$before" ] || fail "dpkg -r changed the data folder"

say "ok (installed, opened a fresh store headless, upgraded, reinstalled, removed; the data folder kept)"
