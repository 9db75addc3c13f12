// ReorderBuffer: a bounded buffer that turns a stream of events arriving slightly out of order
// into a stream in event-time order, for the event-time correlation mode (rules::TimeMode::kEvent).
//
// Policy (docs/limits.md):
//  * watermark = (largest event time seen) - allowed_lateness. An item is released once the
//    watermark reaches its time (time <= watermark), in (time, arrival) order: items of the same
//    second keep their arrival order, so the output is deterministic.
//  * An item that arrives with a time already below the watermark is late: it is released at
//    once (never dropped) and counted (counters().late_events). The rules::Session then processes
//    it at its own time if that is not older than what it already processed, or else at that
//    newest time (counted there as late_clamped), so every window stays time-ordered.
//  * At most `capacity` items wait; pushing one more releases the earliest waiting item ahead of
//    the watermark (counters().reorder_buffer_full).
//  * Flush() releases everything still waiting, in order (end of input).
//
// The release callback is called as release(int64_t time, T&& item, bool late).
// Ownership: the buffer owns the waiting items. Steady state does not allocate (the heap's vector
// keeps its capacity; items are moved). Thread-safety: none; one thread uses a buffer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace tripline {

struct ReorderOptions {
  int64_t allowed_lateness = 60;  // seconds
  size_t capacity = 65536;        // waiting items
};

struct ReorderCounters {
  uint64_t late_events = 0;          // arrived below the watermark (released at once)
  uint64_t reorder_buffer_full = 0;  // released early because the buffer was full
  size_t max_waiting = 0;            // the most items that waited at once
};

template <typename T>
class ReorderBuffer {
 public:
  explicit ReorderBuffer(ReorderOptions opts = {}) : opts_(opts) {
    if (opts_.capacity == 0) opts_.capacity = 1;
    if (opts_.allowed_lateness < 0) opts_.allowed_lateness = 0;
  }

  const ReorderOptions& options() const { return opts_; }
  const ReorderCounters& counters() const { return counters_; }
  size_t waiting() const { return heap_.size(); }
  bool has_watermark() const { return has_max_; }
  int64_t watermark() const { return max_time_ - opts_.allowed_lateness; }

  template <typename Release>
  void Push(int64_t time, T item, Release&& release) {
    if (has_max_ && time < watermark()) {
      ++counters_.late_events;
      release(time, std::move(item), true);
      return;
    }
    if (!has_max_ || time > max_time_) max_time_ = time;
    has_max_ = true;
    heap_.push_back(Entry{time, seq_++, std::move(item)});
    std::push_heap(heap_.begin(), heap_.end(), Later);
    while (!heap_.empty() && heap_.front().time <= watermark()) ReleaseFront(release);
    while (heap_.size() > opts_.capacity) {
      ++counters_.reorder_buffer_full;
      ReleaseFront(release);
    }
    counters_.max_waiting = std::max(counters_.max_waiting, heap_.size());
  }

  template <typename Release>
  void Flush(Release&& release) {
    while (!heap_.empty()) ReleaseFront(release);
  }

 private:
  struct Entry {
    int64_t time;
    uint64_t seq;
    T item;
  };
  // Heap order: the earliest (time, seq) at the front.
  static bool Later(const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
  template <typename Release>
  void ReleaseFront(Release& release) {
    std::pop_heap(heap_.begin(), heap_.end(), Later);
    Entry e = std::move(heap_.back());
    heap_.pop_back();
    release(e.time, std::move(e.item), false);
  }

  ReorderOptions opts_;
  ReorderCounters counters_;
  std::vector<Entry> heap_;
  uint64_t seq_ = 0;
  int64_t max_time_ = 0;
  bool has_max_ = false;
};

}  // namespace tripline
