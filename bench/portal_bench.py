#!/usr/bin/env python3
"""The unit portal under load with the desktop window open (issue 17; figures, not a test).

Starts the real app (release) on a private X server and session bus (as bench/app_bench.py
does) on a store whose portal is turned on at 127.0.0.1:PORT, waits for the window's first
painted overview, then runs `dondoc-cli --db STORE bench portal --url https://127.0.0.1:PORT/`
against the app's own portal: the accounts are enabled in the store, every session logs in
and changes its password (not measured), then the sessions loop. Prints the CLI's table and
the CPU the app's process tree (app + WebKit) used meanwhile.

The store is used in place (the benchmark ticks parts off in it): give a copy. An empty or
missing store is generated first (`bench-data`, 100k parts).
Usage: bench/portal_bench.py --app PATH --cli PATH --db STORE [--seconds 30] [--sessions 29] [--pause-ms 0] [--size 100000]
"""
import argparse, json, os, shutil, socket, sqlite3, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app_bench import cpu_ticks, private_desktop, start_app, stop, tree  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--db", required=True, help="the store (used in place; generated when it has no part)")
    ap.add_argument("--size", type=int, default=100000)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--sessions", type=int, default=29)
    ap.add_argument("--pause-ms", type=int, default=0)
    a = ap.parse_args()

    parts = 0
    if os.path.exists(a.db):
        parts = sqlite3.connect(a.db).execute("SELECT count(*) FROM assignment").fetchone()[0]
    if not parts:
        subprocess.run([a.cli, "--db", a.db, "bench-data", "--assignments", str(a.size)], check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    portal = {"enabled": True, "address": "127.0.0.1", "port": port}
    con = sqlite3.connect(a.db)
    con.execute("INSERT OR REPLACE INTO app_setting(key, value) VALUES('portal', ?)", (json.dumps(portal),))
    con.commit()
    con.close()

    home = tempfile.mkdtemp(prefix="dondoc-portal-bench-")
    procs = []
    try:
        env = private_desktop(home, procs)
        for d in ("data", "cache", "config"):
            os.makedirs(f"{home}/{d}")
        env = dict(env, XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=f"{home}/cache", XDG_CONFIG_HOME=f"{home}/config")
        app, cold, _ = start_app(a.app, a.db, env)
        procs.append(app)
        if cold is None:
            sys.exit("portal_bench: the window never painted")
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit("portal_bench: the app's portal does not listen")
                time.sleep(0.2)
        bench = subprocess.Popen(
            [a.cli, "--db", a.db, "bench", "portal", "--url", f"https://127.0.0.1:{port}/", "--seconds", str(a.seconds), "--sessions", str(a.sessions), "--pause-ms", str(a.pause_ms)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        procs.append(bench)
        # The app's CPU over the measured loop: from the sessions' start (they log in first)
        # to their end, read from the app's process tree every half second.
        samples = []
        while bench.poll() is None:
            samples.append((time.time(), cpu_ticks(tree(app.pid))))
            time.sleep(0.5)
        out, err = bench.communicate()
        if bench.returncode != 0:
            sys.exit(f"portal_bench: bench portal failed: {err.decode(errors='replace')}")
        window = [s for s in samples if s[0] >= samples[-1][0] - a.seconds]
        hz = os.sysconf("SC_CLK_TCK")
        cpu = 100.0 * (window[-1][1] - window[0][1]) / hz / max(window[-1][0] - window[0][0], 0.001) if len(window) > 1 else None
        print(out.decode(), end="")
        print(f"\ndesktop app (window open, portal inside it): {a.app}; its process tree used {cpu:.0f} % of one core over the last {a.seconds} s (2 cores = 200 %)" if cpu is not None else "")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                stop(p)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
