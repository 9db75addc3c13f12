// The pipeline writes byte-identical alerts at any thread count.
#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "test_support.h"

namespace tripline::pipeline {
namespace {

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

// The mixed benchmark input of ../shared/bench/gen_events.py, one record per line, in event
// time 100 ms apart.
std::vector<input::InputRecord> GeneratedRecords(int n) {
  std::vector<input::InputRecord> recs;
  std::string cmd = "python3 '" + testing::SharedDir() + "/bench/gen_events.py' " + std::to_string(n) + " 7";
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

TEST(Pipeline, AlertsAreIdenticalAtAnyThreadCount) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  auto recs = GeneratedRecords(20000);
  ASSERT_EQ(recs.size(), 20000u);
  RulesetSources src;
  src.ruleset_dirs = {testing::StockRulesetDir()};
  Diagnostics diags;
  auto ruleset = Ruleset::Load(src, RulesetOptions(), &diags);
  ASSERT_TRUE(ruleset) << diags.RenderAll();

  std::string reference;
  PipelineStats reference_stats;
  for (int threads : {1, 2, 4}) {
    PipelineOptions opts;
    opts.threads = threads;
    opts.time_mode = TimeMode::kEvent;
    Pipeline p(ruleset, opts);
    VectorSource source(&recs);
    std::string out;
    PipelineStats st = p.Run(&source, [&](std::string_view line, int, std::string_view) {
      out.append(line);
      out.push_back('\n');
    });
    EXPECT_EQ(st.events, recs.size());
    if (threads == 1) {
      reference = out;
      reference_stats = st;
      EXPECT_GT(st.alerts, 1000u);
      EXPECT_GT(st.decoded, 19000u);
    } else {
      EXPECT_EQ(st.alerts, reference_stats.alerts) << threads << " threads";
      EXPECT_TRUE(out == reference) << threads << " threads: alert streams differ";
    }
  }
}

}  // namespace
}  // namespace tripline::pipeline
