// Micro-benchmarks of the pattern engines on sshd-style decoder and rule patterns:
// OS_Match (rule <match>), OS_Regex with captures (decoder <regex>) and PCRE2.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "match/os_match.h"
#include "match/os_regex.h"
#include "match/pcre2_pattern.h"

namespace {

using tripline::match::Captures;
using tripline::match::OsMatch;
using tripline::match::OsRegex;
using tripline::match::Pcre2Pattern;

// sshd messages after pre-decoding (the part a decoder sees), matching and not matching.
const std::vector<std::string>& Lines() {
  static const std::vector<std::string> lines = {
      "Failed password for invalid user admin from 192.168.1.10 port 53012 ssh2",
      "Failed password for root from 10.0.0.5 port 22 ssh2",
      "Accepted publickey for deploy from 172.16.4.20 port 50522 ssh2: RSA SHA256:abcdefghijklmnop",
      "Connection closed by authenticating user git 203.0.113.9 port 40112 [preauth]",
      "pam_unix(sshd:session): session opened for user ubuntu(uid=1000) by (uid=0)",
      "Received disconnect from 198.51.100.7 port 33210:11: Bye Bye [preauth]",
  };
  return lines;
}

void BM_OsMatch(benchmark::State& state) {
  OsMatch m;
  std::string error;
  m.Compile("Failed password|Failed keyboard|authentication failure|Invalid user", &error);
  size_t hits = 0;
  for (auto _ : state) {
    for (const auto& line : Lines()) hits += m.Match(line.c_str());
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Lines().size()));
}
BENCHMARK(BM_OsMatch);

void BM_OsRegexPrematch(benchmark::State& state) {
  OsRegex re;
  std::string error;
  re.Compile("^Failed \\S+ |^Accepted \\S+ |^Connection closed by ", 0, &error);
  size_t hits = 0;
  for (auto _ : state) {
    for (const auto& line : Lines()) hits += re.Match(line.c_str()) != nullptr;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Lines().size()));
}
BENCHMARK(BM_OsRegexPrematch);

void BM_OsRegexCaptures(benchmark::State& state) {
  OsRegex re;
  std::string error;
  re.Compile("^Failed \\S+ for invalid user (\\S+) from (\\S+) port (\\d+)|"
             "^Failed \\S+ for (\\S+) from (\\S+) port (\\d+)|"
             "^Accepted \\S+ for (\\S+) from (\\S+) port (\\d+)",
             OsRegex::kCaptures, &error);
  Captures caps;
  size_t captured = 0;
  for (auto _ : state) {
    for (const auto& line : Lines()) {
      if (re.Match(line.c_str(), &caps)) captured += caps.count;
    }
  }
  benchmark::DoNotOptimize(captured);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Lines().size()));
}
BENCHMARK(BM_OsRegexCaptures);

void BM_Pcre2Captures(benchmark::State& state) {
  Pcre2Pattern re;
  std::string error;
  re.Compile("^(?:Failed|Accepted) (\\S+) for (?:invalid user )?(\\S+) from (\\S+) port (\\d+)", &error);
  Captures caps;
  size_t captured = 0;
  for (auto _ : state) {
    for (const auto& line : Lines()) {
      if (re.Match(line.c_str(), &caps)) captured += caps.count;
    }
  }
  benchmark::DoNotOptimize(captured);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Lines().size()));
}
BENCHMARK(BM_Pcre2Captures);

}  // namespace

BENCHMARK_MAIN();
