#!/usr/bin/env bash
# Builds tripline and runs the whole test suite (unit, Wazuh conformance when ../shared exists,
# end-to-end). Usage: scripts/test.sh [extra ctest args]
# SANITIZE=address,undefined (or thread) builds and tests with those sanitizers in build-SANITIZE.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
SANITIZE=${SANITIZE:-}
if [ -n "$SANITIZE" ]; then
  BUILD=${BUILD:-build-${SANITIZE//,/-}}
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:suppressions=$(pwd)/tests/tsan.supp}
else
  BUILD=${BUILD:-build}
fi
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIPLINE_SANITIZE="$SANITIZE" \
  -DTRIPLINE_BUILD_BENCH=$([ -n "$SANITIZE" ] && echo OFF || echo ON) >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)" "$@"
