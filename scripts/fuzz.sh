#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for SECONDS (default 60),
# two at a time, with seed corpora from ../shared (log corpus, .ini event lines) and the repo.
# Usage: scripts/fuzz.sh [SECONDS [TARGET ...]]   (default: every target)
# A crash leaves its input in build-fuzz/crashes/<target>/. The long run: scripts/fuzz.sh 600.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
shift || true
ONLY="$*"
BUILD=build-fuzz
SHARED=$(cd .. && pwd)/shared
CXX=clang++ CC=clang cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRIPLINE_BUILD_FUZZERS=ON -DTRIPLINE_BUILD_TESTS=OFF -DTRIPLINE_BUILD_BENCH=OFF \
  -DTRIPLINE_SANITIZE=address,undefined >/dev/null
cmake --build "$BUILD" -j"$(nproc)"

# Seed corpora (small files; libFuzzer minimises as it goes).
seeds="$BUILD/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"/{patterns,xml,predecode,inputs,pipeline}
i=0
if [ -d "$SHARED/conformance" ]; then
  python3 - "$SHARED/conformance/patterns-dev.jsonl" "$seeds/patterns" <<'PY'
import json, sys, os
for n, line in enumerate(open(sys.argv[1])):
    c = json.loads(line)
    flags = (1 if '+s' in c['type'] else 0) | (2 if '+c' in c['type'] else 0) | (4 if c['type'].startswith('pcre2') else 0)
    open(os.path.join(sys.argv[2], 's%d' % n), 'wb').write(bytes([flags]) + (c['pattern'] + '\n' + c['subject']).encode('utf-8', 'surrogateescape'))
PY
fi
for f in "$SHARED"/wazuh-ruleset/decoders/*.xml "$SHARED"/wazuh-ruleset/testing/ruleset/*.xml examples/quickstart/decoders/*.xml; do
  [ -f "$f" ] && head -c 8000 "$f" > "$seeds/xml/$((i++))"
done
if [ -d "$SHARED/corpus/loghub" ]; then
  find "$SHARED/corpus/loghub" -name '*.log' | while read -r f; do head -n 50 "$f" | split -l 1 - "$seeds/predecode/$(basename "$f")-"; done
fi
for d in cloudtrail vpcflow guardduty; do
  [ -d "$SHARED/corpus/$d" ] || continue
  find "$SHARED/corpus/$d" -type f ! -name '*.md' | while read -r f; do
    { printf '\xff'; head -c 20000 "$f"; } > "$seeds/inputs/$d-$((i++))-$(basename "$f")"
  done
done
head -n 200 examples/quickstart/events.log > "$seeds/pipeline/quickstart"
cp "$seeds"/predecode/* "$seeds/pipeline/" 2>/dev/null || true

run() {  # target seed-dir
  if [ -n "$ONLY" ] && [[ " $ONLY " != *" $1 "* ]]; then return 0; fi
  mkdir -p "$BUILD/crashes/$1" "$BUILD/corpus/$1"
  "$BUILD/tests/fuzz/$1" "$BUILD/corpus/$1" "$2" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$BUILD/crashes/$1/" -print_final_stats=1 \
    > "$BUILD/$1.log" 2>&1 && echo "fuzz $1: ok ($(grep -m1 stat::number_of_executed_units "$BUILD/$1.log" | awk '{print $2}') runs)" \
    || { echo "fuzz $1: FAILED (see $BUILD/$1.log)"; tail -n 30 "$BUILD/$1.log"; return 1; }
}
status=0
run fuzz_patterns "$seeds/patterns" & p1=$!
run fuzz_xml_loaders "$seeds/xml" & p2=$!
wait $p1 || status=1; wait $p2 || status=1
run fuzz_predecode_json "$seeds/predecode" & p1=$!
run fuzz_inputs "$seeds/inputs" & p2=$!
wait $p1 || status=1; wait $p2 || status=1
run fuzz_pipeline "$seeds/pipeline" || status=1
exit $status
