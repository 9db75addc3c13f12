// Process-wide counters of the limits that hostile input can hit (docs/limits.md): every place
// that refuses, cuts or drops something because of a limit increments its counter here, so a
// run can report what it lost. Per-session and per-input limits keep their own counters
// (rules::SessionCounters, ReorderCounters, input::SourceStats).
//
// The counters are static storage owned by this module. Thread-safety: every function may be
// called from any thread (relaxed atomics: no hit is lost; a read while other threads count is
// a snapshot).
#pragma once

#include <cstdint>
#include <string_view>

namespace tripline {

enum class LimitCounter : uint8_t {
  kOsRegexSteps,           // an OS_Regex scan stopped at OsRegex::kMaxScanSteps
  kPcre2Limit,             // a PCRE2 match stopped at its match, depth or JIT stack limit
  kDynamicFields,          // a dynamic field dropped: the event had decoder_order_size already
  kJsonTooDeep,            // a JSON text refused: nested deeper than json::kNestingLimit
  kJsonCsvTooLong,         // a JSON_Decoder csv value of 64 KiB or more: no field
  kJsonFieldBytes,         // a JSON_Decoder field not set: the event reached max_field_bytes
  kAlertFieldTooDeep,      // a dotted field name nested deeper than json::kMaxFieldNesting
  kLocationTruncated,      // a location cut at the logtest or analysisd buffer size
  kListLineSplit,          // a CDB list line longer than lists::kMaxListLine, read as several
  kLogtestOversize,        // a logtest request longer than serve::kMaxPayload, refused
  kLogtestSessionEvicted,  // a logtest session evicted: the store held max_sessions
  kCount
};

// Stable snake_case name, as printed by run summaries ("osregex_scan_stopped", ...).
std::string_view LimitCounterName(LimitCounter c);

// Adds one hit (kCount is ignored).
void CountLimitHit(LimitCounter c);
// Hits since the process started (0 for kCount).
uint64_t LimitHits(LimitCounter c);

}  // namespace tripline
