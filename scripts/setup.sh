#!/usr/bin/env bash
# Sets tripline up on a Debian 12 machine (apt-get installs the dependencies, CMake builds it)
# and runs it on the bundled examples. Usage: scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target tripline
echo
echo "== tripline logtest on examples/quickstart/events.log =="
"$BUILD/tools/tripline" logtest --ruleset examples/quickstart < examples/quickstart/events.log
echo
echo "== tripline run examples/soc-lab (bundled AWS content, event time) =="
# CloudTrail, VPC flow logs and GuardDuty findings of one attack on the SOC lab
# (docs/content.md). Alerts: time, level, rule id, description; full alerts in $ALERTS.
ALERTS="$BUILD/soc-lab-alerts.json"
"$BUILD/tools/tripline" run examples/soc-lab -o "$ALERTS" --alerts-log "$BUILD/soc-lab-alerts.log"
awk '/^[0-9][0-9][0-9][0-9] [A-Z][a-z][a-z] / { t = $4 }
     /^Rule: / { id = $2; lvl = $4; sub(/\)$/, "", lvl); d = $0; sub(/^[^>]*> '\''/, "", d); sub(/'\''$/, "", d);
                 printf "%s  level %-2s  rule %s  %s\n", t, lvl, id, d }' "$BUILD/soc-lab-alerts.log"
