#!/usr/bin/env bash
# Builds the Release benchmark targets, generates the gen_events.py input, runs every
# micro-benchmark (best of several repetitions, CPU time of one thread) and, when the tripline
# command builds, one whole-process run per input kind and the start-up time of
# `tripline logtest` (tools/bench/load_time.py); prints Markdown tables for BENCHMARKS.md.
#
# Usage: tools/bench/run_benchmarks.sh [-r REPETITIONS] [-n EVENTS] [-s SEED] [-b BUILD_DIR] [-o OUT_DIR]
#   -r  repetitions of each micro-benchmark; the best is reported (default 3)
#   -n  gen_events.py lines (default 100000), -s its seed (default 1)
#   -b  build directory (default build-bench), -o where inputs and raw results go
#       (default BUILD_DIR/bench-results)
# Needs ../shared beside the checkout (stock ruleset, corpus, gen_events.py), python3, Google
# Benchmark (libbenchmark-dev). Figures are per core: every benchmark runs on one thread, and
# rates use CPU time, so other load on the machine inflates wall time more than the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
REPS=3
EVENTS=100000
SEED=1
BUILD=build-bench
OUT=
while getopts "r:n:s:b:o:" opt; do
  case $opt in
    r) REPS=$OPTARG ;;
    n) EVENTS=$OPTARG ;;
    s) SEED=$OPTARG ;;
    b) BUILD=$OPTARG ;;
    o) OUT=$OPTARG ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done
OUT=${OUT:-$BUILD/bench-results}
SHARED=$(cd "$ROOT/.." && pwd)/shared
[ -d "$SHARED/wazuh-ruleset" ] || { echo "needs $SHARED (stock ruleset, corpus, gen_events.py)" >&2; exit 1; }

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIPLINE_BUILD_BENCH=ON \
  -DTRIPLINE_SHARED_DIR="$SHARED" >/dev/null
BENCHES="predecode_bench decode_bench json_bench match_bench rules_bench load_bench"
# shellcheck disable=SC2086
cmake --build "$BUILD" --target $BENCHES >/dev/null
HAVE_CLI=1
cmake --build "$BUILD" --target tripline >/dev/null 2>&1 || HAVE_CLI=0

mkdir -p "$OUT"
GEN="$OUT/gen_events-$EVENTS-$SEED.txt"
python3 "$SHARED/bench/gen_events.py" "$EVENTS" "$SEED" >"$GEN"
export TRIPLINE_GEN_EVENTS="$GEN"

for b in $BENCHES; do
  "$BUILD/tools/$b" --benchmark_repetitions="$REPS" --benchmark_format=json \
    --benchmark_out="$OUT/$b.json" --benchmark_out_format=json >/dev/null 2>"$OUT/$b.stderr"
done

# Whole process: `tripline logtest --json` over each kind of gen_events line (one location per
# process, as the AWS module and logcollector deliver them), user+sys CPU seconds, output to
# /dev/null. Includes loading the ruleset.
WHOLE="$OUT/whole_process.tsv"
: >"$WHOLE"
if [ "$HAVE_CLI" = 1 ]; then
  grep -v '^{' "$GEN" >"$OUT/gen_syslog.txt" || true
  grep '^{"integration":"aws"' "$GEN" >"$OUT/gen_aws.txt" || true
  grep '^{' "$GEN" | grep -v '^{"integration":"aws"' >"$OUT/gen_json.txt" || true
  for part in "gen_syslog.txt /var/log/auth.log" "gen_aws.txt Wazuh-AWS" "gen_json.txt /var/log/app/events.json"; do
    set -- $part
    lines=$(wc -l <"$OUT/$1")
    TIMEFORMAT='%U %S'
    cpu=$( { time "$BUILD/tools/tripline" logtest --ruleset "$SHARED/wazuh-ruleset" -l "$2" --json \
               <"$OUT/$1" >/dev/null 2>&1; } 2>&1 )
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$lines" "$cpu" >>"$WHOLE"
  done
fi

# Whole process: `tripline logtest` start-up with the stock ruleset (load + one event), 20 runs.
LOADTIME="$OUT/load_time.md"
: >"$LOADTIME"
if [ "$HAVE_CLI" = 1 ]; then
  python3 "$ROOT/tools/bench/load_time.py" -n 20 -b "$BUILD/tools/tripline" \
    -r "$SHARED/wazuh-ruleset" >"$LOADTIME"
fi

# Whole process: `tripline run --time processing` on the whole gen_events input at 1 and 2
# threads (wall time, CPU time, peak RSS), best of REPS runs each.
RUNS="$OUT/run_threads.tsv"
: >"$RUNS"
if [ "$HAVE_CLI" = 1 ]; then
  for threads in 1 2; do
    for _ in $(seq "$REPS"); do
      /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" "$BUILD/tools/tripline" run \
        --ruleset "$SHARED/wazuh-ruleset" --time processing --threads "$threads" -o /dev/null \
        "syslog:$GEN" 2>/dev/null
      printf '%s\t%s\t%s\n' "$threads" "$EVENTS" "$(cat "$OUT/time.txt")" >>"$RUNS"
    done
  done
fi

python3 - "$OUT" "$REPS" "$EVENTS" "$SEED" "$HAVE_CLI" <<'PY'
import json, os, platform, subprocess, sys
out, reps, events, seed, have_cli = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1"

def lscpu_model():
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor()

print(f"Machine: {lscpu_model()}, {os.cpu_count()} logical CPUs, load average at the end "
      f"{os.getloadavg()[0]:.1f}. Best of {reps} repetitions, CPU time of one thread; "
      f"gen_events.py {events} lines, seed {seed}.\n")
print("| benchmark | input | events/s (one core) | ns/event (CPU) |")
print("|---|---|---:|---:|")
for b in ["predecode_bench", "decode_bench", "json_bench", "match_bench", "rules_bench"]:
    path = os.path.join(out, b + ".json")
    if not os.path.exists(path):
        continue
    best = {}
    for r in json.load(open(path)).get("benchmarks", []):
        if r.get("run_type") != "iteration" or "items_per_second" not in r:
            continue
        name = r["run_name"] if "run_name" in r else r["name"]
        if name not in best or r["items_per_second"] > best[name]["items_per_second"]:
            best[name] = r
    for name, r in best.items():
        rate = r["items_per_second"]
        print(f"| {b}: `{name.replace('/min_time:2.000', '')}` | {r.get('label', '')} | {rate:,.0f} | {1e9 / rate:,.0f} |")
load = os.path.join(out, "load_bench.json")
if os.path.exists(load):
    best = {}
    for r in json.load(open(load)).get("benchmarks", []):
        if r.get("run_type") != "iteration":
            continue
        name = r.get("run_name", r["name"])
        if name not in best or r["cpu_time"] < best[name]["cpu_time"]:
            best[name] = r
    print("\nRuleset load in process, stock ruleset (`load_bench`, best of the repetitions):\n")
    print("| benchmark | wall ms | CPU ms |")
    print("|---|---:|---:|")
    for name, r in best.items():
        print(f"| `{name}` | {r['real_time']:.1f} | {r['cpu_time']:.1f} |")
loadtime = os.path.join(out, "load_time.md")
if have_cli and os.path.getsize(loadtime) > 0:
    print("\n`tripline logtest` start-up, stock ruleset, one event (`tools/bench/load_time.py`):\n")
    print(open(loadtime).read().rstrip())
whole = os.path.join(out, "whole_process.tsv")
if have_cli and os.path.getsize(whole) > 0:
    print("\nWhole process, `tripline logtest --json` (one process per location, ruleset load included):\n")
    print("| input | location | events | CPU s (user+sys) | events per CPU-second |")
    print("|---|---|---:|---:|---:|")
    total_lines = total_cpu = 0
    for line in open(whole):
        name, loc, lines, cpu = line.rstrip("\n").split("\t")
        u, s = (float(x) for x in cpu.split())
        total_lines += int(lines); total_cpu += u + s
        print(f"| {name} | {loc} | {int(lines):,} | {u + s:.2f} | {int(lines) / (u + s):,.0f} |")
    print(f"| all | | {total_lines:,} | {total_cpu:.2f} | {total_lines / total_cpu:,.0f} |")
elif not have_cli:
    print("\n(tripline did not build: whole-process run skipped)")
runs = os.path.join(out, "run_threads.tsv")
if have_cli and os.path.getsize(runs) > 0:
    best = {}
    for line in open(runs):
        threads, n, times = line.rstrip("\n").split("\t")
        wall, user, sys_, rss = times.split()
        row = (float(wall), float(user) + float(sys_), int(rss), int(n))
        if threads not in best or row[0] < best[threads][0]:
            best[threads] = row
    print("\nWhole process, `tripline run --time processing` on the gen_events lines (ruleset load "
          "included, best wall time of the runs):\n")
    print("| threads | events | wall s | events/s (wall) | CPU s | peak RSS MB | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for threads in sorted(best):
        wall, cpu, rss, n = best[threads]
        print(f"| {threads} | {n:,} | {wall:.2f} | {n / wall:,.0f} | {cpu:.2f} | {rss / 1024:.0f} | "
              f"{best['1'][0] / wall:.2f}x |")
PY
