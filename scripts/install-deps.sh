#!/usr/bin/env bash
# Installs every build and test dependency of tripline on Debian 12 (bookworm).
# Idempotent: packages already present are not fetched again. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libpcre2-dev          # type="pcre2" patterns (PCRE2 10.42, JIT)
  libpugixml-dev        # tripline's own XML files (scenario tests, config)
  nlohmann-json3-dev    # JSON for tools and tests (never on the per-event path)
  libtbb-dev            # oneTBB: the multi-threaded pipeline
  zlib1g-dev            # gzip inputs
  libcurl4-openssl-dev  # alert delivery to webhooks and TheHive (engine/deliver)
  libgtest-dev libgmock-dev googletest
  libbenchmark-dev      # micro-benchmarks under tools/bench
  clang libclang-rt-14-dev  # libFuzzer targets and sanitizer runtimes (scripts/fuzz.sh)
  python3               # data generator for whole-process benchmarks
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
