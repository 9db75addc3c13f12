// Pre-decoding plus decoding throughput with the full Wazuh stock decoder set on the loghub
// syslog samples (one core). Run: build/tools/decode_bench
// BM_PredecodeAndDecode/1 uses the top-level candidate index (the default), /0 the plain scan
// of every top-level decoder in load order.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/ruleset_paths.h"
#include "decode/decoder.h"
#include "predecode/predecode.h"

namespace {

struct Fixture {
  std::unique_ptr<tripline::DecoderSet> decoders;        // candidate index on
  std::unique_ptr<tripline::DecoderSet> plain_decoders;  // candidate index off
  std::vector<std::string> framed;  // "1:<file>:<line>" messages
};

const Fixture& Get() {
  static Fixture f = [] {
    Fixture fx;
    const std::string shared = TRIPLINE_SHARED_DIR;
    tripline::RulesetSources src;
    src.ruleset_dirs = {shared + "/wazuh-ruleset"};
    tripline::Diagnostics diags;
    auto files = tripline::CollectRulesetFiles(src, &diags);
    fx.decoders = tripline::DecoderSet::Load(files.decoder_files, {}, &diags);
    tripline::DecoderLoadOptions plain;
    plain.candidate_index = false;
    fx.plain_decoders = tripline::DecoderSet::Load(files.decoder_files, plain, &diags);
    std::error_code ec;
    for (const auto& dir : std::filesystem::directory_iterator(shared + "/corpus/loghub", ec)) {
      if (!dir.is_directory()) continue;
      for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
        if (file.path().extension() != ".log") continue;
        std::ifstream in(file.path());
        std::string line;
        while (std::getline(in, line)) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (!line.empty()) fx.framed.push_back(tripline::FrameMessage(file.path().string(), line));
        }
      }
    }
    return fx;
  }();
  return f;
}

void BM_PredecodeAndDecode(benchmark::State& state) {
  const Fixture& f = Get();
  const tripline::DecoderSet* decoders = state.range(0) ? f.decoders.get() : f.plain_decoders.get();
  if (!decoders || f.framed.empty()) {
    state.SkipWithError("needs ../shared/wazuh-ruleset and ../shared/corpus/loghub");
    return;
  }
  tripline::PredecodeOptions opts;
  opts.manager_host = "bench";
  tripline::Event ev;
  tripline::match::Captures caps;
  size_t i = 0, decoded = 0;
  for (auto _ : state) {
    tripline::Predecode(f.framed[i], opts, &ev);
    decoders->Decode(&ev, &caps);
    decoded += ev.decoder != nullptr;
    if (++i == f.framed.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["decoded_share"] = static_cast<double>(decoded) / static_cast<double>(state.iterations());
  state.counters["lines"] = static_cast<double>(f.framed.size());
}
BENCHMARK(BM_PredecodeAndDecode)->Arg(1)->Arg(0)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
