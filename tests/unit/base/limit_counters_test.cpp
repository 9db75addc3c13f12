// The process-wide limit counters: every counter has a distinct printable name and counts.
#include "base/limit_counters.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tripline {
namespace {

TEST(LimitCounters, EveryCounterHasADistinctName) {
  std::set<std::string> names;
  for (size_t i = 0; i < static_cast<size_t>(LimitCounter::kCount); ++i) {
    std::string_view name = LimitCounterName(static_cast<LimitCounter>(i));
    ASSERT_FALSE(name.empty()) << i;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string_view::npos) << name;
    names.insert(std::string(name));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(LimitCounter::kCount));
  EXPECT_EQ(LimitCounterName(LimitCounter::kCount), "");
}

TEST(LimitCounters, CountsFromManyThreads) {
  const uint64_t before = LimitHits(LimitCounter::kListLineSplit);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 1000; ++i) CountLimitHit(LimitCounter::kListLineSplit);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(LimitHits(LimitCounter::kListLineSplit), before + 4000);
  CountLimitHit(LimitCounter::kCount);  // out of range: ignored
  EXPECT_EQ(LimitHits(LimitCounter::kCount), 0u);
}

}  // namespace
}  // namespace tripline
