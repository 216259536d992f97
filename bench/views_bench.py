#!/usr/bin/env python3
"""Switching views in the real window (figures, not a test).

Starts the release app on a private X server and D-Bus through tauri-driver, then clicks
between the overview, the conference list and the task list several times. For each click
the page measures, with its own clock, the time until the view's rows are in the document
and the next frame has begun, then one task more (so layout and paint of that frame are
done): what a person waits for after a click. Prints the median and the slowest per view.
Usage: bench/views_bench.py --app PATH --db STORE [--rounds 5] [--json]
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

from app_bench import private_desktop, stop

# Click, then wait until `count` elements match, then for the next frame and one task more.
PROBE = """
const [click, sel, count, done] = arguments;
const t0 = performance.now();
const finish = () => requestAnimationFrame(() => setTimeout(() => done([Math.round(performance.now() - t0), document.querySelectorAll(sel).length]), 0));
if (document.querySelectorAll(sel).length >= count) { finish(); return; }
const watch = new MutationObserver(() => {
  if (document.querySelectorAll(sel).length >= count) { watch.disconnect(); finish(); }
});
watch.observe(document.body, { childList: true, subtree: true });
document.querySelector(click).click();
"""

VIEWS = [
    ("conference list", "[data-testid=nav-conferences]", "[data-testid=conference-row]"),
    ("task list", "[data-testid=nav-assignments]", "[data-testid=assignment-list-row]"),
    ("overview", "[data-testid=nav-dashboard]", "[data-testid=unit-stat-row]"),
]


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    r = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(r, timeout=120).read())["value"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--db", required=True, help="a prepared store (copied)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    home = tempfile.mkdtemp()
    procs = []
    try:
        db = os.path.join(home, "store.sqlite3")
        shutil.copy(a.db, db)
        env = dict(private_desktop(home, procs), XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=f"{home}/cache", XDG_CONFIG_HOME=f"{home}/config")
        port, native = free_port(), free_port()
        driver = subprocess.Popen(["tauri-driver", "--port", str(port), "--native-port", str(native)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(driver)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": a.app, "args": ["--db", db]}}}}
        session = f"{base}/session/" + call("POST", base + "/session", caps)["sessionId"]
        call("POST", session + "/timeouts", {"script": 60000})
        # Let the first start settle (shader compilation, the scheduler's first round).
        time.sleep(4)
        # Visit each view once first: the figures are for switching, not for first use.
        for _, click, sel in VIEWS:
            call("POST", session + "/execute/async", {"script": PROBE, "args": [click, sel, 1]})
        times = {name: [] for name, _, _ in VIEWS}
        shown = {}
        for _ in range(a.rounds):
            for name, click, sel in VIEWS:
                ms, shown[name] = call("POST", session + "/execute/async", {"script": PROBE, "args": [click, sel, 1]})
                times[name].append(ms)
                time.sleep(0.3)
        rows = {}
        for name, _, _ in VIEWS:
            ms = sorted(times[name])
            rows[name] = {"rows": shown[name], "median_ms": ms[len(ms) // 2], "max_ms": ms[-1], "all_ms": times[name]}
        try:
            call("DELETE", session)
        except OSError:
            pass
        if a.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for name, r in rows.items():
                print(f"{name:16} {r['rows']} rows: median {r['median_ms']} ms, slowest {r['max_ms']} ms")
    finally:
        for p in reversed(procs):
            stop(p)
        # A broken WebDriver session leaves the app running: stop whatever still has this
        # run's store open, so no stray app shares pages with the next measurement.
        for pid in os.listdir("/proc"):
            try:
                if pid.isdigit() and home.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                    os.kill(int(pid), 15)
            except OSError:
                pass
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
