// Test helpers of the pipeline tests: a record source over a vector and the generated mixed
// benchmark input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "input/input_record.h"
#include "pipeline/pipeline.h"
#include "test_support.h"

namespace tripline::pipeline::testing {

class VectorSource : public RecordSource {
 public:
  explicit VectorSource(const std::vector<input::InputRecord>* recs) : recs_(recs) {}
  bool Next(input::InputRecord* out) override {
    if (i_ >= recs_->size()) return false;
    *out = (*recs_)[i_++];
    return true;
  }

 private:
  const std::vector<input::InputRecord>* recs_;
  size_t i_ = 0;
};

// The mixed benchmark input of ../shared/bench/gen_events.py (n lines, seed), one record per
// line, in event time 100 ms apart.
inline std::vector<input::InputRecord> GeneratedRecords(int n, int seed) {
  std::vector<input::InputRecord> recs;
  std::string cmd = "python3 '" + tripline::testing::SharedDir() + "/bench/gen_events.py' " + std::to_string(n) + " " + std::to_string(seed);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return recs;
  char* line = nullptr;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, p)) > 0) {
    input::InputRecord r;
    r.message.assign(line, static_cast<size_t>(len));
    if (!r.message.empty() && r.message.back() == '\n') r.message.pop_back();
    r.location = r.message.front() == '{' ? "Wazuh-AWS" : "/var/log/auth.log";
    r.has_event_time = true;
    r.event_time_ms = 1796400000000LL + static_cast<int64_t>(recs.size()) * 100;
    recs.push_back(std::move(r));
  }
  free(line);
  pclose(p);
  return recs;
}

// The Wazuh stock ruleset of ../shared, loaded once per process (tests skip without it), or
// null with the load errors in *errors.
inline std::shared_ptr<const Ruleset> StockRuleset(std::string* errors) {
  static std::string load_errors;
  static const std::shared_ptr<const Ruleset> ruleset = [] {
    RulesetSources src;
    src.ruleset_dirs = {tripline::testing::StockRulesetDir()};
    Diagnostics diags;
    auto loaded = Ruleset::Load(src, RulesetOptions(), &diags);
    load_errors = diags.RenderAll();
    return loaded;
  }();
  *errors = load_errors;
  return ruleset;
}

}  // namespace tripline::pipeline::testing
