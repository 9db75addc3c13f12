// ReorderBuffer (session/reorder_buffer.h): watermark release, ties in arrival order, late items
// and the capacity bound.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "session/reorder_buffer.h"

namespace tripline {
namespace {

struct Out {
  int64_t time;
  std::string item;
  bool late;
  bool operator==(const Out&) const = default;
};

class ReorderTest : public ::testing::Test {
 protected:
  void Push(ReorderBuffer<std::string>& b, int64_t t, std::string s) {
    b.Push(t, std::move(s), [this](int64_t time, std::string&& item, bool late) {
      out_.push_back({time, item, late});
    });
  }
  void Flush(ReorderBuffer<std::string>& b) {
    b.Flush([this](int64_t time, std::string&& item, bool late) { out_.push_back({time, item, late}); });
  }
  std::vector<std::string> Items() const {
    std::vector<std::string> v;
    for (const Out& o : out_) v.push_back(o.item);
    return v;
  }
  std::vector<Out> out_;
};

TEST_F(ReorderTest, ReleasesInTimeOrderOnceTheWatermarkPasses) {
  ReorderBuffer<std::string> b({/*allowed_lateness=*/10, /*capacity=*/100});
  Push(b, 100, "a");
  Push(b, 105, "b");
  Push(b, 103, "c");
  EXPECT_TRUE(out_.empty());
  Push(b, 113, "d");  // watermark 103: a, c (time <= watermark)
  EXPECT_EQ(Items(), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(b.watermark(), 103);
  Push(b, 103, "e");  // exactly at the watermark: not late, released at once after c
  EXPECT_EQ(Items(), (std::vector<std::string>{"a", "c", "e"}));
  Flush(b);
  EXPECT_EQ(Items(), (std::vector<std::string>{"a", "c", "e", "b", "d"}));
  EXPECT_EQ(b.counters().late_events, 0u);
  EXPECT_EQ(b.counters().max_waiting, 3u);
}

TEST_F(ReorderTest, TiesKeepArrivalOrder) {
  ReorderBuffer<std::string> b({0, 100});
  ReorderBuffer<std::string> big({1000, 100});
  for (const char* s : {"1", "2", "3", "4", "5"}) Push(big, 50, s);
  Push(big, 49, "0");
  Flush(big);
  EXPECT_EQ(Items(), (std::vector<std::string>{"0", "1", "2", "3", "4", "5"}));
}

TEST_F(ReorderTest, LateItemsAreReleasedAtOnceAndCounted) {
  ReorderBuffer<std::string> b({10, 100});
  Push(b, 100, "a");
  Push(b, 120, "b");  // watermark 110: a released
  Push(b, 105, "late");
  ASSERT_EQ(out_.size(), 2u);
  EXPECT_EQ(out_[1], (Out{105, "late", true}));
  EXPECT_EQ(b.counters().late_events, 1u);
  Flush(b);
  EXPECT_EQ(Items(), (std::vector<std::string>{"a", "late", "b"}));
}

TEST_F(ReorderTest, CapacityForcesEarlyRelease) {
  ReorderBuffer<std::string> b({1000, 2});
  Push(b, 10, "a");
  Push(b, 30, "c");
  Push(b, 20, "b");  // three waiting > 2: the earliest goes
  EXPECT_EQ(Items(), (std::vector<std::string>{"a"}));
  EXPECT_EQ(b.counters().reorder_buffer_full, 1u);
  Flush(b);
  EXPECT_EQ(Items(), (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace tripline
