#!/usr/bin/env bash
# Sets tripline up on a Debian 12 machine (apt-get installs the dependencies, CMake builds it)
# and runs it on the bundled example. Usage: scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target tripline
echo
echo "== tripline logtest on examples/quickstart/events.log =="
"$BUILD/tools/tripline" logtest --ruleset examples/quickstart < examples/quickstart/events.log
