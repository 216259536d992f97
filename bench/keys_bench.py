#!/usr/bin/env python3
"""Key presses in the real window, idle and while a bulk import holds the writer (issue 16;
figures, not a test).

Starts the release app on a private X server and D-Bus through tauri-driver, opens the task
list and types into its search box ("Tìm nhiệm vụ") one character at a time, as WebDriver
key events (WebKitWebDriver turns them into keyboard events of the window, which travel to
the web process as a real key press does). The page measures each with its own clock, from
the key event's time stamp to the end of the next frame after the input's value changed
(requestAnimationFrame, then one task more, so layout and paint of that frame are done);
the time from the page's keydown handler is kept too. First idle, then while
`dondoc-cli import --replace` of an export of the same store runs against the same file
from another process (imports are repeated until enough keys were measured; only key
presses that ended while an import was running count). Prints median and p95 of each.
Usage: bench/keys_bench.py --app PATH --cli PATH --db STORE [--keys 60] [--gap 0.1] [--idle-only] [--json]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time, urllib.request

from app_bench import private_desktop, stop
from views_bench import PROBE, call, free_port

# Records, for each key press into `sel`, [event time stamp → frame done, keydown handler →
# frame done] in ms. The keydown of a character is matched with the input event it causes.
LISTEN = """
const input = document.querySelector(arguments[0]);
window.__keys = [];
const pending = [];
input.addEventListener('keydown', (e) => pending.push([e.timeStamp, performance.now()]));
input.addEventListener('input', () => {
  const k = pending.shift();
  if (!k) return;
  const changed = performance.now();
  requestAnimationFrame(() => {
    const frame = performance.now();
    setTimeout(() => {
      const t = performance.now();
      window.__keys.push([t - k[0], t - k[1], Date.now(), changed - k[1], frame - changed, t - frame]);
    }, 0);
  });
});
"""

LETTERS = "so hoa ho so cai cach hanh chinh nong thon moi "


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(len(s) * q + 0.999999) - 1))] if s else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--cli", required=True, help="dondoc-cli (release) for the import")
    ap.add_argument("--db", required=True, help="a prepared store (copied)")
    ap.add_argument("--keys", type=int, default=60, help="key presses measured in each phase")
    ap.add_argument("--gap", type=float, default=0.1, help="seconds between key presses")
    ap.add_argument("--idle-only", action="store_true", help="no import phase (e.g. to compare with an empty store)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    home = tempfile.mkdtemp()
    procs = []
    try:
        db = os.path.join(home, "store.sqlite3")
        shutil.copy(a.db, db)
        doc = os.path.join(home, "export.json")
        subprocess.run([a.cli, "--db", db, "export", "--json", "--out", doc], check=True, stdout=subprocess.DEVNULL)
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
        time.sleep(4)
        call("POST", session + "/execute/async", {"script": PROBE, "args": ["[data-testid=nav-assignments]", "[data-testid=assignment-list-row]", 1]})
        sel = "[data-testid=filter-query]"
        element = call("POST", session + "/element", {"using": "css selector", "value": sel})
        element = session + "/element/" + list(element.values())[0]
        call("POST", session + "/execute/sync", {"script": LISTEN, "args": [sel]})

        def type_keys(n, still):
            """Types until `n` key presses were measured while `still()` held; returns them."""
            got, typed = [], 0
            while len(got) < n:
                call("POST", element + "/clear", {})
                call("POST", session + "/execute/sync", {"script": "window.__keys = [];", "args": []})
                for ch in LETTERS:
                    if not still():
                        break
                    call("POST", element + "/value", {"text": ch})
                    typed += 1
                    time.sleep(a.gap)
                time.sleep(0.3)
                recorded = call("POST", session + "/execute/sync", {"script": "return window.__keys;", "args": []})
                got += [k for k in recorded if still(k[2] / 1000.0)]
                if typed > 20 * n:
                    break
            return got[:n]

        load = {"before": os.getloadavg()[0]}
        idle = type_keys(a.keys, lambda at=None: True)

        # The import: repeated until enough keys were measured during one; a key counts if
        # its frame ended while an import process was running.
        spans = []
        current = {}

        def importing(at=None):
            p = current.get("p")
            if p is not None and p.poll() is not None:
                spans.append((current["start"], time.time()))
                current.clear()
            if not current:
                current["start"] = time.time()
                current["p"] = subprocess.Popen([a.cli, "--db", db, "import", "--json", doc, "--replace"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                # Let it open the store and take the writer before the keys go.
                time.sleep(1.0)
            if at is None:
                return True
            return any(s <= at <= e for s, e in spans) or ("start" in current and at >= current["start"])

        busy = [] if a.idle_only else type_keys(a.keys, importing)
        p = current.get("p")
        if p is not None:
            p.wait()
            spans.append((current["start"], time.time()))
        busy = [k for k in busy if any(s <= k[2] / 1000.0 <= e for s, e in spans)]
        try:
            call("DELETE", session)
        except OSError:
            pass
        out = {}
        for name, keys in (("idle", idle), ("during import", busy)):
            ev = [round(k[0], 1) for k in keys]
            hd = [round(k[1], 1) for k in keys]
            out[name] = {"keys": len(keys), "median_ms": pct(ev, 0.5), "p95_ms": pct(ev, 0.95), "max_ms": max(ev, default=None),
                         "handler_median_ms": pct(hd, 0.5), "handler_p95_ms": pct(hd, 0.95),
                         # Medians of the phases: keydown → value changed, → frame begins, → frame done.
                         "phases_median_ms": [pct([round(k[i], 1) for k in keys], 0.5) for i in (3, 4, 5)]}
        out["imports"] = {"runs": len(spans), "seconds": [round(e - s, 1) for s, e in spans]}
        # Other work on the machine slows the window too: the 1-minute load average then.
        out["load_average"] = {"before": round(load["before"], 2), "after": round(os.getloadavg()[0], 2)}
        if a.json:
            print(json.dumps(out, ensure_ascii=False))
        else:
            for name in ("idle", "during import"):
                r = out[name]
                print(f"{name:14} {r['keys']} keys: median {r['median_ms']} ms, p95 {r['p95_ms']} ms, slowest {r['max_ms']} ms "
                      f"(from the keydown handler: median {r['handler_median_ms']} ms, p95 {r['handler_p95_ms']} ms; "
                      f"phases keydown→input→frame→done {r['phases_median_ms']} ms)")
            print(f"imports: {out['imports']['runs']}, {out['imports']['seconds']} s; load average {out['load_average']}")
    finally:
        for p in reversed(procs):
            stop(p)
        for pid in os.listdir("/proc"):
            try:
                if pid.isdigit() and home.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                    os.kill(int(pid), 15)
            except OSError:
                pass
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
