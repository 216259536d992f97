#!/usr/bin/env bash
# Runs every benchmark and writes bench/RESULTS.md: core operations at 1k/10k/100k
# assignments and again at 1M (how each grows), the directive reader, the whole app under Xvfb (empty store and 100k),
# switching views in the real window at 100k, and the side-by-side with Taskwarrior at 10k
# and 50k. Figures, not tests: nothing here fails because a number is high.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cli="$target/release/dondoc-cli"
app="$target/release/dondoc"
out=bench/RESULTS.md
corpus=../shared/directives/dev
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
  echo "# Đôn đốc — benchmark results"
  echo
  echo "Measured $(date -u +'%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); release build; \`make bench\` to reproduce."
  echo
  echo "## Core operations (\`dondoc-cli bench core\`)"
  echo
  echo "Generated stores (\`dondoc-cli --db P bench-data --assignments N --seed 7\`, as of 2024-06-30): 26 units, about 12 tasks per conference, deadlines spread ±6 months, about 30 % done, some targets and monthly recurrences."
  echo
  "$cli" bench core --sizes 1000,10000,100000 --runs 200 2>"$tmp/core.log"
  echo
  sed 's/^/    /' "$tmp/core.log"
  echo
  echo "## Growth to 1M assignments (\`dondoc-cli bench core --sizes 1000000\`)"
  echo
  echo "The same operations on a generated store ten times the target size, to show which ones grow with the store: 50 runs of each quick operation, 5 exports, 1 import. The targets are those for 100k."
  echo
  "$cli" bench core --sizes 1000000 --runs 50 --dir "$tmp" 2>"$tmp/core1m.log"
  echo
  sed 's/^/    /' "$tmp/core1m.log"
  echo
  echo "## Directive reader (\`dondoc-cli bench reader\`)"
  echo
  if [ -d "$corpus" ]; then "$cli" bench reader --corpus "$corpus" 2>"$tmp/reader.log"; else "$cli" bench reader 2>"$tmp/reader.log"; fi
  echo
  sed 's/^/    /' "$tmp/reader.log"
  echo
  echo "## Crash test (\`dondoc-cli bench crash --kills 500\`)"
  echo
  echo "A writer (the hidden \`crash-writer\`: tasks fanned out to a group, ticks on time and late, returns, cancellations, progress notes, extensions of a part and of a whole task, evidence files, registry imports, through the core as the window calls it, without pause) is killed with SIGKILL at a random 5–200 ms after it starts, then restarted on the same store (a generated store of 1000 parts to begin with). After every kill the store is opened as the app opens it and checked: \`integrity_check\` ok, \`foreign_key_check\` empty, the per-unit tally equal to a recount from the parts, every write the writer logged as committed (a line fsynced after the commit) present with its values, the write the kill landed in all there or not at all, every evidence row with its file."
  echo
  "$cli" bench crash --kills 500 --dir "$tmp" 2>"$tmp/crash.log" || echo "**A defect was found** (below: the seed, the kill and what was wrong)."
  echo
  sed 's/^/    /' "$tmp/crash.log"
  echo
  echo "## Status report at 100k (\`dondoc-cli bench report --assignments 100000\`)"
  echo
  echo "The district's report of a generated store as of 2024-06-30: built (\`documents::report::build\`), rendered as .xlsx (the parts sheet in constant-memory mode) and as CSV, each file written whole. Peak = VmHWM, reset before each step."
  echo
  "$cli" bench report --assignments 100000 --dir "$tmp"
  echo
  echo "## Reads while a bulk import holds the writer (\`dondoc-cli bench load --size 100000\`)"
  echo
  echo "The window reads through a pool of read-only connections; the import (\`import --replace\` of a whole 100k store, one IMMEDIATE transaction) runs on the writer. Target: p95 ≤ 100 ms during the import."
  echo
  "$cli" bench load --size 100000
  echo
  echo "## Whole app under Xvfb (\`bench/app_bench.py\`)"
  echo
  echo "Cold start = process start to the first painted overview (a marker the page sets): the median of 5 everyday starts (the app not running, its data and cache folders and the store as the start before left them); first start = the first start ever (a fresh copy of the store, empty folders), listed first under every start; memory = the whole process tree (app + WebKit) after 10 s idle, PSS also per process and the part of it that is Mesa's software OpenGL (libLLVM and the llvmpipe driver, loaded by the app and the web process where there is no GPU); painting = how the web process paints (Đôn đốc asks for Skia on the CPU where there is no GPU render node) and runs its script (Đôn đốc turns JavaScriptCore's JIT off); CPU = the tree over 60 s idle; latency = a custom reminder delivered to a recording notification server on a private D-Bus; milestones = the last start."
  echo
  echo '| store | cold start (median) | first start | every start | RSS | PSS | PSS app / web / network | of which software GL | painting, script | idle CPU (60 s) | reminder latency | start-up milestones |'
  echo '|---|---:|---:|---|---:|---:|---|---:|---|---:|---:|---|'
  "$cli" --db "$tmp/100k.sqlite3" bench-data --assignments 100000 >/dev/null 2>&1
  for store in empty 100k; do
    if [ "$store" = empty ]; then args=(--store empty); else args=(--db "$tmp/100k.sqlite3"); fi
    python3 bench/app_bench.py --app "$app" --cli "$cli" "${args[@]}" --starts 6 --idle 60 --json > "$tmp/app.json"
    python3 - "$tmp/app.json" "$store" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
lat = "—" if r["reminder_latency_ms"] is None else f'{r["reminder_latency_ms"]} ms'
marks = ", ".join(f"{k} {v:.2f} s" for k, v in r["startup_marks_s"].items())
starts = ", ".join("—" if c is None else str(c) for c in r["cold_starts_ms"]) + " ms"
by = r["pss_by_process_mib"]
split = " / ".join(str(by.get(k, "—")) for k in ("dondoc", "WebKitWebProces", "WebKitNetworkPr")) + " MiB"
if r["other_webkit_processes"]:
    sys.argv[2] += f' (⚠ {r["other_webkit_processes"]} other WebKit processes running: PSS understated)'
print(f'| {sys.argv[2]} | {r["cold_start_ms"]} ms | {r["first_start_ms"]} ms | {starts} | {r["rss_mib"]} MiB | {r["pss_mib"]} MiB | {split} | {r["pss_software_gl_mib"]} MiB | {r["painting"]}, {r["javascript"]} | {r["idle_cpu_percent"]} % | {lat} | {marks} |')
PY
  done
  echo
  echo "## Switching views at 100k (\`bench/views_bench.py\`)"
  echo
  echo "Click in the real window (through tauri-driver) to the moment the view's rows are in the page and the next frame is done, by the page's own clock; 5 rounds over the three views after a first visit of each; the 100k store as above."
  echo
  if command -v tauri-driver >/dev/null && command -v WebKitWebDriver >/dev/null; then
    python3 bench/views_bench.py --app "$app" --db "$tmp/100k.sqlite3" --rounds 5 --json > "$tmp/views.json"
    python3 - "$tmp/views.json" <<'PY'
import json, sys
print("| view | rows shown | median | slowest |")
print("|---|---:|---:|---:|")
for name, r in json.load(open(sys.argv[1])).items():
    print(f'| {name} | {r["rows"]} | {r["median_ms"]} ms | {r["max_ms"]} ms |')
PY
  else
    echo "tauri-driver or WebKitWebDriver is missing (make deps-test); skipped."
  fi
  echo
  echo "## Key presses at 100k, idle and during a bulk import (\`bench/keys_bench.py\`)"
  echo
  echo "Characters typed one at a time (WebDriver key events, 100 ms apart) into the task list's search box; by the page's own clock, from the key event's time stamp to the end of the next frame after the input's value changed. During import: \`dondoc-cli import --replace\` of an export of the same store runs against the same file from another process, repeated until enough keys were measured; only keys whose frame ended while an import ran count. Target: median ≤ 20 ms."
  echo
  if command -v tauri-driver >/dev/null && command -v WebKitWebDriver >/dev/null; then
    python3 bench/keys_bench.py --app "$app" --cli "$cli" --db "$tmp/100k.sqlite3" --keys 60 --json > "$tmp/keys.json"
    python3 - "$tmp/keys.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("| when | keys | median | p95 | slowest | keydown → value changed → frame begins → frame done (medians) |")
print("|---|---:|---:|---:|---:|---|")
for name in ("idle", "during import"):
    k = r[name]
    print(f'| {name} | {k["keys"]} | {k["median_ms"]} ms | {k["p95_ms"]} ms | {k["max_ms"]} ms | {" / ".join(f"{p} ms" for p in k["phases_median_ms"])} |')
print()
print(f'    imports run: {r["imports"]["runs"]} ({", ".join(f"{s} s" for s in r["imports"]["seconds"])}); load average {r["load_average"]["before"]} before, {r["load_average"]["after"]} after')
PY
  else
    echo "tauri-driver or WebKitWebDriver is missing (make deps-test); skipped."
  fi
  echo
  echo "## The unit portal under load (\`bench/portal_bench.py\`)"
  echo
  echo "29 unit sessions and the office over HTTPS against the desktop app's own portal (window open) on a copy of the 100k store: a unit lists its parts then ticks one off, the office lists, in a loop for 30 s. Targets (p95): a unit's list ≤ 20 ms, a tick ≤ 10 ms."
  echo
  cp "$tmp/100k.sqlite3" "$tmp/portal.sqlite3"
  python3 bench/portal_bench.py --app "$app" --cli "$cli" --db "$tmp/portal.sqlite3" --seconds 30
  echo
  echo "## Side by side with Taskwarrior (\`bench/taskwarrior_bench.py\`)"
  echo
  if command -v task >/dev/null; then
    python3 bench/taskwarrior_bench.py --cli "$cli" --sizes 10000,50000 --runs 5
  else
    echo "Taskwarrior is not installed (apt-get install taskwarrior); skipped."
  fi
} > "$out"
echo "wrote $out"
