// Allocations of the whole single-threaded pipeline (framing, pre-decoding, decoding, rule
// matching, correlation and the alert line) once warm, on the mixed benchmark input with the
// stock ruleset. Counts glibc malloc/calloc/realloc calls made by the processing thread while
// the counted part of the input goes through.
//
// What may still allocate once warm: a slot of the last-events memory whose text buffer meets
// a larger event than any it held before (it then grows to twice that size). On this input the
// 5th pass allocates once in 20,000 events; every other stage allocates nothing.

#include <gtest/gtest.h>

#include "pipeline/pipeline.h"
#include "pipeline_test_util.h"
#include "test_support.h"

#include "alloc_counter.h"

namespace tripline::pipeline {
namespace {

#ifdef TRIPLINE_COUNT_ALLOCS
// Replays records; counts allocations from record `from` to the end. Copy-assigning into the
// pipeline's record reuses its buffers, so the source itself does not allocate.
class CountingSource : public RecordSource {
 public:
  CountingSource(const std::vector<input::InputRecord>* recs, size_t from) : recs_(recs), from_(from) {}
  bool Next(input::InputRecord* out) override {
    if (i_ == from_) {
      t_allocs = 0;
      t_counting = true;
    }
    if (i_ >= recs_->size()) {
      t_counting = false;
      return false;
    }
    *out = (*recs_)[i_++];
    return true;
  }

 private:
  const std::vector<input::InputRecord>* recs_;
  size_t from_;
  size_t i_ = 0;
};
#endif

TEST(PipelineSteadyState, AllocatesNothingPerEventOnceWarm) {
#ifndef TRIPLINE_COUNT_ALLOCS
  GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
#else
  TRIPLINE_REQUIRE_STOCK_RULESET();
  // Warm-up: 4 passes over the input, then a 5th, counted.
  auto once = testing::GeneratedRecords(20000, 7);
  ASSERT_EQ(once.size(), 20000u);
  std::vector<input::InputRecord> recs;
  const int passes = 5;
  for (int i = 0; i < passes; ++i) recs.insert(recs.end(), once.begin(), once.end());
  for (size_t i = 0; i < recs.size(); ++i) recs[i].event_time_ms = 1796400000000LL + static_cast<int64_t>(i) * 100;

  std::string errors;
  auto ruleset = testing::StockRuleset(&errors);
  ASSERT_TRUE(ruleset) << errors;

  PipelineOptions opts;
  opts.threads = 1;
  opts.time_mode = TimeMode::kEvent;
  opts.session.memory_size = 2048;  // filled many times over during the warm-up
  Pipeline p(ruleset, opts);
  CountingSource source(&recs, recs.size() - 20000);
  uint64_t alerts_counted = 0;
  PipelineStats st = p.Run(&source, [&](std::string_view, int, std::string_view) {
    if (t_counting) ++alerts_counted;
  });
  const long allocs = t_allocs;
  RecordProperty("allocations", static_cast<int>(allocs));
  EXPECT_EQ(st.events, recs.size());
  EXPECT_GT(alerts_counted, 1000u);
  EXPECT_LE(allocs, 5) << "allocations while processing the last 20000 events (" << alerts_counted
                           << " alerts)";
#endif
}

}  // namespace
}  // namespace tripline::pipeline
