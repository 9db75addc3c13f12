// Ruleset load time with the full Wazuh stock ruleset (../shared/wazuh-ruleset: decoders, CDB
// lists, rules), in process. Run: build/tools/load_bench
//   BM_LoadRuleset  Ruleset::Load as `tripline logtest` runs it (lists, decoders, rules);
//   BM_LoadDecoders DecoderSet::Load alone (candidate index included);
//   BM_LoadRules    RuleSet::Load alone, over decoders and lists loaded once; /1 with the tree
//                   index (the default), /0 with the plain walks (RuleLoadOptions::tree_index).
// Every iteration loads into fresh objects; freeing them is not timed. The files stay in the
// page cache, and a later iteration reuses heap pages an earlier one freed, so a fresh process
// pays more (page faults, dynamic linking): tools/bench/load_time.py measures that.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "session/ruleset.h"

namespace {

tripline::RulesetSources StockSources() {
  tripline::RulesetSources src;
  src.ruleset_dirs = {std::string(TRIPLINE_SHARED_DIR) + "/wazuh-ruleset"};
  return src;
}

void BM_LoadRuleset(benchmark::State& state) {
  const tripline::RulesetSources src = StockSources();
  size_t rules = 0;
  for (auto _ : state) {
    tripline::Diagnostics diags;
    std::shared_ptr<const tripline::Ruleset> rs = tripline::Ruleset::Load(src, {}, &diags);
    if (!rs || rs->rules() == nullptr) {
      state.SkipWithError("the stock ruleset did not load (needs ../shared/wazuh-ruleset)");
      return;
    }
    rules = rs->rules()->rules().size();
    state.PauseTiming();
    rs.reset();
    state.ResumeTiming();
  }
  state.counters["rules"] = static_cast<double>(rules);
}
BENCHMARK(BM_LoadRuleset)->Unit(benchmark::kMillisecond);

void BM_LoadDecoders(benchmark::State& state) {
  tripline::Diagnostics diags;
  const tripline::RulesetFiles files = tripline::CollectRulesetFiles(StockSources(), &diags);
  for (auto _ : state) {
    std::unique_ptr<tripline::DecoderSet> decoders =
        tripline::DecoderSet::Load(files.decoder_files, {}, &diags);
    if (!decoders) {
      state.SkipWithError("the stock decoders did not load");
      return;
    }
    state.PauseTiming();
    decoders.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_LoadDecoders)->Unit(benchmark::kMillisecond);

void BM_LoadRules(benchmark::State& state) {
  tripline::Diagnostics diags;
  std::shared_ptr<const tripline::Ruleset> base =
      tripline::Ruleset::Load(StockSources(), {}, &diags);
  if (!base) {
    state.SkipWithError("the stock ruleset did not load (needs ../shared/wazuh-ruleset)");
    return;
  }
  const tripline::lists::ListRegistry* registry = &base->lists();
  const tripline::rules::ListResolver resolve = [registry](std::string_view path) {
    return registry->Find(path);
  };
  tripline::rules::RuleLoadOptions opts;
  opts.tree_index = state.range(0) != 0;
  for (auto _ : state) {
    tripline::Diagnostics rule_diags;
    std::unique_ptr<tripline::rules::RuleSet> rules = tripline::rules::RuleSet::Load(
        base->files().rule_files, base->decoders(), resolve, opts, &rule_diags);
    if (!rules) {
      state.SkipWithError("the stock rules did not load");
      return;
    }
    state.PauseTiming();
    rules.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_LoadRules)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
