#include "base/limit_counters.h"

#include <array>
#include <atomic>

namespace tripline {
namespace {

constexpr size_t kCounters = static_cast<size_t>(LimitCounter::kCount);
std::array<std::atomic<uint64_t>, kCounters> g_hits{};

}  // namespace

std::string_view LimitCounterName(LimitCounter c) {
  static constexpr std::array<std::string_view, kCounters> kNames = {
      "osregex_scan_stopped",    "pcre2_limit_hit",      "dynamic_fields_dropped",
      "json_too_deep",           "json_csv_too_long",    "json_fields_over_budget",
      "alert_field_too_deep",    "location_truncated",   "list_line_split",
      "logtest_oversize",        "logtest_session_evicted",
  };
  const size_t i = static_cast<size_t>(c);
  return i < kCounters ? kNames[i] : std::string_view();
}

void CountLimitHit(LimitCounter c) {
  const size_t i = static_cast<size_t>(c);
  if (i < kCounters) g_hits[i].fetch_add(1, std::memory_order_relaxed);
}

uint64_t LimitHits(LimitCounter c) {
  const size_t i = static_cast<size_t>(c);
  return i < kCounters ? g_hits[i].load(std::memory_order_relaxed) : 0;
}

}  // namespace tripline
