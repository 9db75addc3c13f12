#!/usr/bin/env python3
"""Whole-process start-up time of `tripline logtest` with a ruleset: N runs, each a fresh
process that loads the ruleset, answers one event and exits. Prints the minimum and the
median of, per run:
  first answer  wall time from starting the process to reading its reply to the event
                (`--json`: one line per event), i.e. load + one event;
  exit          wall time from starting the process to its exit;
  CPU           user + system CPU time of the process (wait4 rusage);
  max RSS       peak resident memory.
Wall times include the machine's other load; CPU time is the steadier figure on a shared host.

Usage: tools/bench/load_time.py [-n RUNS] [-b TRIPLINE] [-r RULESET_DIR] [-e EVENT]
  defaults: 20 runs, build/tools/tripline, ../shared/wazuh-ruleset, an sshd syslog line.
"""
import argparse
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def one_run(tripline, ruleset, event):
    start = time.monotonic()
    proc = subprocess.Popen([tripline, "logtest", "--ruleset", ruleset, "--json"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdin.write(event.encode() + b"\n")
    proc.stdin.flush()
    reply = proc.stdout.readline()
    first = time.monotonic()
    proc.stdin.close()
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    done = time.monotonic()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not reply.startswith(b"{"):
        raise SystemExit(f"tripline logtest failed (status {proc.returncode}): {reply[:200]!r}")
    return {
        "first answer": (first - start) * 1e3,
        "exit": (done - start) * 1e3,
        "CPU": (usage.ru_utime + usage.ru_stime) * 1e3,
        "max RSS": usage.ru_maxrss / 1024.0,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--runs", type=int, default=20)
    ap.add_argument("-b", "--tripline", default=os.path.join(ROOT, "build", "tools", "tripline"))
    ap.add_argument("-r", "--ruleset", default=os.path.join(ROOT, "..", "shared", "wazuh-ruleset"))
    ap.add_argument("-e", "--event", default="Dec  1 10:00:00 host sshd[1]: test")
    args = ap.parse_args()
    one_run(args.tripline, args.ruleset, args.event)  # warm the page cache
    runs = [one_run(args.tripline, args.ruleset, args.event) for _ in range(args.runs)]
    print(f"{args.tripline}, {args.runs} runs, load average {os.getloadavg()[0]:.1f}")
    print("| measure | min | median |")
    print("|---|---:|---:|")
    for key, unit in (("first answer", "ms"), ("exit", "ms"), ("CPU", "ms"), ("max RSS", "MB")):
        values = [r[key] for r in runs]
        print(f"| {key} | {min(values):.1f} {unit} | {statistics.median(values):.1f} {unit} |")


if __name__ == "__main__":
    main()
