#!/usr/bin/env python3
"""Side by side with Taskwarrior 2.6 (figures, not a test).

The same generated assignments are loaded into a Đôn đốc store and into Taskwarrior
(`task import`); then the equivalent operations are timed, each as the command a person
would run, in the same run: add, overdue for one project (unit), per-project summary,
done, export. Prints medians and the ratio ours/theirs.
Usage: bench/taskwarrior_bench.py --cli PATH [--sizes 10000,50000] [--runs 5]
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

AS_OF = "2024-06-30"


def timed(cmd, env=None, runs=5, stdin=None):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, input=stdin)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def tw_date(d):
    return d.replace("-", "") + "T000000Z"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--sizes", default="10000,50000")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    if not shutil.which("task"):
        sys.exit("taskwarrior is not installed (apt-get install taskwarrior)")
    version = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    rows = []
    for n in [int(x) for x in a.sizes.split(",")]:
        work = tempfile.mkdtemp(prefix="dondoc-tw-")
        try:
            db = os.path.join(work, "dondoc.sqlite3")
            subprocess.run([a.cli, "--db", db, "bench-data", "--assignments", str(n)], check=True, capture_output=True)
            parts = json.loads(subprocess.run([a.cli, "--db", db, "tasks", "list", "--json", "--at", AS_OF], check=True, capture_output=True).stdout)
            tw = []
            for p in parts:
                t = {"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"dondoc/{p['id']}")), "description": p["title"], "project": p["unit"],
                     "entry": "20240101T000000Z", "status": "pending"}
                if p["deadline"]:
                    t["due"] = tw_date(p["deadline"])
                if p["state"] == "done":
                    t["status"], t["end"] = "completed", tw_date(p["completed_on"])
                elif p["state"] == "cancelled":
                    t["status"], t["end"] = "deleted", "20240630T000000Z"
                tw.append(t)
            dump = os.path.join(work, "tasks.json")
            with open(dump, "w") as f:
                json.dump(tw, f, ensure_ascii=False)
            rc = os.path.join(work, "taskrc")
            with open(rc, "w") as f:
                f.write("confirmation=off\nverbose=nothing\nrecurrence=off\nhooks=off\ngc=on\nnews.version=2.6.0\n")
            env = dict(os.environ, TASKRC=rc, TASKDATA=os.path.join(work, "tw"))
            os.makedirs(env["TASKDATA"])
            t = time.perf_counter()
            subprocess.run(["task", "import", dump], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            tw_import = time.perf_counter() - t
            export_file = os.path.join(work, "ours.json")
            subprocess.run([a.cli, "--db", db, "export", "--json", "--out", export_file], check=True)
            fresh = os.path.join(work, "fresh.sqlite3")
            t = time.perf_counter()
            subprocess.run([a.cli, "--db", fresh, "import", "--json", export_file], check=True, stderr=subprocess.DEVNULL)
            our_import = time.perf_counter() - t
            rows.append((n, "bulk import", our_import, tw_import))

            unit = "xa-my-ha"
            ours = [a.cli, "--db", db]
            rows.append((n, "add a task", timed(ours + ["tasks", "add", "--title", "Báo cáo số liệu", "--unit", unit, "--source", "TB 1/TB-UBND", "--deadline", "31/12/2024"], runs=a.runs),
                         timed(["task", "add", "Báo cáo số liệu", f"project:{unit}", "due:2024-12-31"], env=env, runs=a.runs)))
            rows.append((n, "overdue of one unit/project", timed(ours + ["tasks", "list", "--json", "--unit", unit, "--status", "overdue", "--at", AS_OF], runs=a.runs),
                         timed(["task", f"project:{unit}", "+OVERDUE", "export"], env=env, runs=a.runs)))
            rows.append((n, "per-unit/project summary", timed(ours + ["stats", "--json", "--at", AS_OF], runs=a.runs),
                         timed(["task", "summary"], env=env, runs=a.runs)))
            open_ids = [p["id"] for p in parts if p["state"] in ("not_started", "in_progress")][: a.runs]
            done_ours = []
            for i in open_ids:
                t = time.perf_counter()
                subprocess.run(ours + ["tasks", "done", str(i), "--on", AS_OF], check=True, stderr=subprocess.DEVNULL)
                done_ours.append(time.perf_counter() - t)
            pending = subprocess.run(["task", "status:pending", "export"], env=env, capture_output=True, text=True).stdout
            tw_ids = [t["id"] for t in json.loads(pending)[: a.runs]]
            done_tw = []
            for i in tw_ids:
                t = time.perf_counter()
                subprocess.run(["task", str(i), "done"], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                done_tw.append(time.perf_counter() - t)
            rows.append((n, "mark done", statistics.median(done_ours), statistics.median(done_tw)))
            rows.append((n, "export everything", timed(ours + ["export", "--json", "--out", os.devnull], runs=a.runs),
                         timed(["task", "export"], env=env, runs=a.runs)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Taskwarrior: {version}; each figure is the median wall time of the command, process start included.\n")
    print("| assignments | operation | Đôn đốc | Taskwarrior | ours/theirs |")
    print("|---:|---|---:|---:|---:|")
    for n, op, ours_s, theirs_s in rows:
        print(f"| {n} | {op} | {ours_s*1000:.0f} ms | {theirs_s*1000:.0f} ms | {ours_s/theirs_s:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
