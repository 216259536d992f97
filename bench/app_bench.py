#!/usr/bin/env python3
"""Whole-app benchmark of Đôn đốc under Xvfb (figures, not a test).

For a store (empty, the demo, or N generated assignments) it starts the real app on a
private X server and a private D-Bus with a recording notification server, then prints:
  - cold start: process start to the first painted overview (a marker the page sets): the
    first start ever (empty data and cache folders), then the median of the later starts
    (the app not running, its folders and store kept, as on a user's machine);
  - RSS and PSS of the whole process tree (app + WebKit processes) after 10 s idle;
  - CPU of the whole tree over 60 s idle, in % of one core;
  - reminder latency: a custom reminder set before start, delivered vs. its instant.
Usage: bench/app_bench.py --app PATH --cli PATH [--store empty|demo|N | --db FILE] [--starts 6] [--idle 60] [--json]
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time
from datetime import datetime, timedelta, timezone

HN = timezone(timedelta(hours=7))
CONF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "support", "session-bus.conf")


def tree(pid):
    """pid and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def cpu_ticks(pids):
    total = 0
    for p in pids:
        try:
            fields = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except OSError:
            pass
    return total


# Mesa's software OpenGL (llvmpipe): on a machine without a GPU render node WebKit still
# composites with GL, and both the app and the web process then load libLLVM (8 MiB of
# relocated data each) and run its code generator to build shaders. That share depends on
# the machine's graphics, not on Đôn đốc, so the benchmark prints it apart. (Debian's Mesa
# is one driver file for every GPU, linked to libLLVM, so a GPU machine still maps the
# library but does not run the code generator.)
SOFTWARE_GL = re.compile(r"/(libLLVM[^/]*|libgallium[^/]*|libglapi[^/]*|dri/[^/]*)$")


def memory(pids):
    """RSS and PSS of the whole tree in KiB, PSS in MiB per process name (so a reader sees
    which process holds the memory), and the PSS of Mesa's software GL in KiB."""
    rss = pss = gl = 0
    by_name = {}
    for p in pids:
        try:
            name = open(f"/proc/{p}/comm").read().strip()
            mapping = ""
            for line in open(f"/proc/{p}/smaps"):
                field = line.split()
                if not field[0].endswith(":"):
                    mapping = field[5] if len(field) > 5 else ""
                elif field[0] == "Rss:":
                    rss += int(field[1])
                elif field[0] == "Pss:":
                    kib = int(field[1])
                    pss += kib
                    by_name[name] = by_name.get(name, 0) + kib
                    if SOFTWARE_GL.search(mapping):
                        gl += kib
        except OSError:
            pass
    return rss, pss, {name: round(kib / 1024, 1) for name, kib in by_name.items()}, gl


def strangers(pids):
    """Other WebKit or Đôn đốc processes on the machine. They share library pages with the
    measured tree, which lowers its PSS, so a run with any of them is not comparable."""
    out = []
    for p in os.listdir("/proc"):
        if p.isdigit() and int(p) not in pids:
            try:
                name = open(f"/proc/{p}/comm").read().strip()
            except OSError:
                continue
            if name.startswith("WebKit") or name == "dondoc":
                out.append(int(p))
    return out


def engine_of(pids):
    """How the web process paints and runs script: WebKit reads its Skia switch and
    JavaScriptCore its JIT switch from the environment the app hands down, so the web
    process's own environment says which ran."""
    for p in pids:
        try:
            if open(f"/proc/{p}/comm").read().startswith("WebKitWebProces"):
                env = open(f"/proc/{p}/environ", "rb").read().split(b"\0")
                painting = "CPU (Skia)" if b"WEBKIT_SKIA_ENABLE_CPU_RENDERING=1" in env else "GPU (WebKit default)"
                script = "interpreter" if b"JSC_useJIT=false" in env else "JIT"
                return painting, script
        except OSError:
            pass
    return None, None


def private_desktop(home, procs):
    """Starts a private X server and session bus (appended to `procs`, to stop later) and
    returns the environment for processes that run on them."""
    x = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    procs.append(x)
    display = ":" + x.stdout.readline().decode().strip()
    bus = subprocess.Popen(["dbus-daemon", "--nofork", "--print-address=1", f"--config-file={CONF}"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    procs.append(bus)
    address = bus.stdout.readline().decode().strip()
    return dict(os.environ, DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, XDG_RUNTIME_DIR=home, NO_AT_BRIDGE="1")


def start_app(app_path, db, env):
    """Starts the app and waits for the page's "painted" marker. Returns the process, the
    cold start in ms (None if it never painted) and the start-up milestones."""
    start = time.time()
    app = subprocess.Popen([app_path, "--db", db], env=dict(env, DONDOC_BENCH="1"), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    painted = None
    marks = {}
    deadline = time.time() + 60
    while painted is None and time.time() < deadline:
        line = app.stderr.readline().decode(errors="replace")
        if not line and app.poll() is not None:
            break
        m = re.search(r"DONDOC_MARK (.+) (\d+)$", line.strip())
        if m:
            marks[m.group(1)] = round(int(m.group(2)) / 1000.0 - start, 3)
            if m.group(1) == "painted":
                painted = int(m.group(2)) / 1000.0
    # Keep draining stderr so the app never blocks on a full pipe.
    subprocess.Popen(["cat"], stdin=app.stderr, stdout=subprocess.DEVNULL)
    return app, (round((painted - start) * 1000) if painted else None), marks


def stop(p):
    p.terminate()
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--store", default="demo", help="empty | demo | N (generated assignments)")
    ap.add_argument("--db", help="use this prepared store (copied) instead of building one")
    ap.add_argument("--idle", type=int, default=60)
    ap.add_argument("--starts", type=int, default=6, help="starts to time, the first one with empty folders (the last one also idles)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    home = tempfile.mkdtemp(prefix="dondoc-bench-")
    procs = []
    try:
        env = private_desktop(home, procs)
        received = os.path.join(home, "received.jsonl")
        rec = subprocess.Popen([a.cli, "notification-server", "--out", received], env=env, stderr=subprocess.PIPE)
        procs.append(rec)
        assert rec.stderr.readline().decode().strip() == "ready"

        db = os.path.join(home, "bench.sqlite3")
        if a.db:
            shutil.copy(a.db, db)
        elif a.store == "demo":
            subprocess.run([a.cli, "--db", db, "demo"], check=True, stderr=subprocess.DEVNULL)
        elif a.store != "empty":
            subprocess.run([a.cli, "--db", db, "bench-data", "--assignments", a.store], check=True, stdout=subprocess.DEVNULL)
        else:
            subprocess.run([a.cli, "--db", db, "units", "list", "--json"], check=True, stdout=subprocess.DEVNULL)
        # Quiet hours off, so the reminder fires at its instant whatever the hour.
        con_settings = {"quietHours": False}
        subprocess.run(["python3", "-c", "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT OR REPLACE INTO app_setting(key,value) VALUES('settings',?)\",(sys.argv[2],)); c.commit()", db, json.dumps(con_settings)], check=True)

        # The first start is a first start ever: a store the app has not opened yet and empty
        # data, cache and config folders. The later starts are the everyday ones: the app is
        # not running, but its folders (WebKit's and Mesa's caches among them) and the store
        # are as the start before left them, as on a user's machine.
        for d in ("data", "cache", "config"):
            os.makedirs(f"{home}/{d}")
        run_env = dict(env, XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=f"{home}/cache", XDG_CONFIG_HOME=f"{home}/config")

        colds = []
        for _ in range(max(2, a.starts) - 1):
            app, cold, _ = start_app(a.app, db, run_env)
            colds.append(cold)
            time.sleep(1)
            stop(app)

        reminder_at = None
        if a.store != "empty" or a.db:
            rows = json.loads(subprocess.run([a.cli, "--db", db, "tasks", "list", "--json", "--status", "overdue"], check=True, capture_output=True).stdout or "[]")
            if rows:
                at = (datetime.now(HN) + timedelta(seconds=14)).replace(microsecond=0)
                subprocess.run([a.cli, "--db", db, "custom-reminder", "--assignment", str(rows[0]["id"]), "--at", at.strftime("%d/%m/%Y %H:%M:%S"), "--note", "đo độ trễ"], check=True, stderr=subprocess.DEVNULL)
                reminder_at = at

        app, cold, marks = start_app(a.app, db, run_env)
        procs.append(app)
        colds.append(cold)
        time.sleep(10)
        pids = tree(app.pid)
        rss, pss, pss_by_process, pss_gl = memory(pids)
        others = strangers(pids)
        if others:
            print(f"app_bench: {len(others)} other WebKit/dondoc processes are running ({others}); PSS is understated", file=sys.stderr)
        painting, script = engine_of(pids)
        t0, c0 = time.time(), cpu_ticks(pids)
        time.sleep(a.idle)
        t1, c1 = time.time(), cpu_ticks(tree(app.pid))
        hz = os.sysconf("SC_CLK_TCK")
        cpu = 100.0 * (c1 - c0) / hz / (t1 - t0)
        latency = None
        if reminder_at:
            for line in open(received):
                n = json.loads(line)
                if "đo độ trễ" in n["summary"]:
                    latency = n["at_ms"] - int(reminder_at.timestamp() * 1000)
        later = sorted(c for c in colds[1:] if c is not None)
        result = {
            "store": a.db or a.store,
            # The median of the later starts; every start is listed (the first one first), and
            # a start that never painted is None.
            "cold_start_ms": later[len(later) // 2] if later else None,
            "first_start_ms": colds[0],
            "cold_starts_ms": colds,
            "rss_mib": round(rss / 1024, 1),
            "pss_mib": round(pss / 1024, 1),
            "processes": len(pids),
            "pss_by_process_mib": pss_by_process,
            "pss_software_gl_mib": round(pss_gl / 1024, 1),
            "other_webkit_processes": len(others),
            "painting": painting,
            "javascript": script,
            "idle_cpu_percent": round(cpu, 3),
            "idle_seconds": a.idle,
            "reminder_latency_ms": latency,
            "startup_marks_s": marks,
        }
        if a.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            for k, v in result.items():
                print(f"{k:22} {v}")
    finally:
        for p in reversed(procs):
            stop(p)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
