// The pipeline writes byte-identical alerts at any thread count.
#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "pipeline_test_util.h"
#include "test_support.h"

namespace tripline::pipeline {
namespace {

using testing::GeneratedRecords;
using testing::VectorSource;

// The mixed benchmark input (fewer events under ThreadSanitizer).
std::vector<input::InputRecord> MixedRecords() {
  return GeneratedRecords(tripline::testing::kThreadSanitizer ? 2000 : 20000, 7);
}

// Runs `recs` through a pipeline with `opts`; returns the alert lines, one per line.
std::string RunAlerts(const std::shared_ptr<const Ruleset>& ruleset, const PipelineOptions& opts,
                      const std::vector<input::InputRecord>& recs, PipelineStats* stats) {
  Pipeline p(ruleset, opts);
  VectorSource source(&recs);
  std::string out;
  *stats = p.Run(&source, [&](std::string_view line, int, std::string_view) {
    out.append(line);
    out.push_back('\n');
  });
  return out;
}

TEST(Pipeline, AlertsAreIdenticalAtAnyThreadCount) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const auto recs = MixedRecords();
  ASSERT_EQ(recs.size(), tripline::testing::kThreadSanitizer ? 2000u : 20000u);
  std::string errors;
  auto ruleset = testing::StockRuleset(&errors);
  ASSERT_TRUE(ruleset) << errors;

  std::string reference;
  PipelineStats reference_stats;
  for (int threads : {1, 2, 4}) {
    PipelineOptions opts;
    opts.threads = threads;
    opts.time_mode = TimeMode::kEvent;
    PipelineStats st;
    const std::string out = RunAlerts(ruleset, opts, recs, &st);
    EXPECT_EQ(st.events, recs.size());
    if (threads == 1) {
      reference = out;
      reference_stats = st;
      EXPECT_GT(st.alerts, recs.size() / 20);
      EXPECT_GT(st.decoded, recs.size() * 95 / 100);
    } else {
      EXPECT_EQ(st.alerts, reference_stats.alerts) << threads << " threads";
      EXPECT_TRUE(out == reference) << threads << " threads: alert streams differ";
    }
  }
}

// The fast paths (alerts written without a JSON tree, stateless rule checks in the parallel
// stage, the correlation search index) give exactly the alerts of the reference paths.
// Optimizations switched off = the reference. Event time: both runs see the same times
// (processing time would read the clock).
TEST(Pipeline, FastPathsGiveTheReferenceAlerts) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const auto recs = MixedRecords();
  ASSERT_EQ(recs.size(), tripline::testing::kThreadSanitizer ? 2000u : 20000u);
  std::string errors;
  auto ruleset = testing::StockRuleset(&errors);
  ASSERT_TRUE(ruleset) << errors;

  std::string outputs[2];
  PipelineStats stats[2];
  for (int fast = 0; fast < 2; ++fast) {
    PipelineOptions opts;
    opts.threads = 2;
    opts.time_mode = TimeMode::kEvent;
    opts.reference_output = !fast;
    opts.reference_matching = !fast;
    opts.session.search_index = fast;
    outputs[fast] = RunAlerts(ruleset, opts, recs, &stats[fast]);
  }
  EXPECT_GT(stats[1].alerts, recs.size() / 20);
  EXPECT_EQ(stats[0].alerts, stats[1].alerts);
  EXPECT_EQ(stats[0].matched, stats[1].matched);
  EXPECT_TRUE(outputs[0] == outputs[1]) << "fast and reference alert streams differ";
}

}  // namespace
}  // namespace tripline::pipeline
