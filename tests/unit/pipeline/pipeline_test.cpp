// The pipeline writes byte-identical alerts at any thread count.
#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "pipeline_test_util.h"
#include "test_support.h"

namespace tripline::pipeline {
namespace {

using testing::GeneratedRecords;
using testing::VectorSource;

TEST(Pipeline, AlertsAreIdenticalAtAnyThreadCount) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const int n = tripline::testing::kThreadSanitizer ? 2000 : 20000;
  auto recs = GeneratedRecords(n, 7);
  ASSERT_EQ(recs.size(), static_cast<size_t>(n));
  std::string errors;
  auto ruleset = testing::StockRuleset(&errors);
  ASSERT_TRUE(ruleset) << errors;

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
// Optimizations switched off = the reference.
TEST(Pipeline, FastPathsGiveTheReferenceAlerts) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const int n = tripline::testing::kThreadSanitizer ? 2000 : 20000;
  auto recs = GeneratedRecords(n, 7);
  ASSERT_EQ(recs.size(), static_cast<size_t>(n));
  std::string errors;
  auto ruleset = testing::StockRuleset(&errors);
  ASSERT_TRUE(ruleset) << errors;

  // Event time: both runs see the same times (processing time would read the clock).
  {
    const TimeMode mode = TimeMode::kEvent;
    std::string outputs[2];
    PipelineStats stats[2];
    for (int fast = 0; fast < 2; ++fast) {
      PipelineOptions opts;
      opts.threads = 2;
      opts.time_mode = mode;
      opts.reference_output = !fast;
      opts.reference_matching = !fast;
      opts.session.search_index = fast;
      Pipeline p(ruleset, opts);
      VectorSource source(&recs);
      stats[fast] = p.Run(&source, [&](std::string_view line, int, std::string_view) {
        std::string_view l = line;
        outputs[fast].append(l);
        outputs[fast].push_back('\n');
      });
    }
    EXPECT_GT(stats[1].alerts, recs.size() / 20);
    EXPECT_EQ(stats[0].alerts, stats[1].alerts);
    EXPECT_EQ(stats[0].matched, stats[1].matched);
    EXPECT_TRUE(outputs[0] == outputs[1]) << "fast and reference alert streams differ";
  }
}

}  // namespace
}  // namespace tripline::pipeline
