// Event time: the time an event happened, for the event-time correlation mode
// (rules::TimeMode::kEvent). Three sources, tried in this order:
//   1. the caller (an input reader that knows the record's time, e.g. CloudTrail eventTime);
//   2. the pre-decoded syslog-style header (Event::timestamp, docs/wazuh-semantics.md §1.3);
//   3. a JSON field the user names (e.g. "eventTime" or "detail.updatedAt"), when the event's
//      log is a JSON object.
// Times are whole seconds since the epoch (UTC); fractions are dropped, as Wazuh's windows are
// whole seconds.
//
// Header forms and how each is read (all §1.3 forms that carry a date):
//   1a  `Mmm dd hh:mm:ss`                  year inferred (below), zone = default offset
//   1b  `YYYY-MM-DD hh:mm:ss,mmm`          zone = default offset
//   1c  `YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)` the offset given (Z = UTC; none = default offset)
//   1d  `YYYY Mmm dd hh:mm:ss`             zone = default offset
//   1e  `YYYY-MM-DD hh:mm:ss.uuuuuu±hhmm`  the offset given
//   2   `Ddd Mmm dd hh:mm:ss yyyy` (xferlog), 5 the same inside [...] (apache): default offset
//   3   `MM/DD-hh:mm:ss.uuuuuu` (snort)    year inferred, default offset
//   4   `MM/DD/YYYY-hh:mm:ss.uuuuuu` (suricata): default offset
//   7   `1140804070.368` (squid)           epoch seconds
// The default offset is EventTimeOptions::default_utc_offset (UTC unless set).
//
// Year inference (forms without a year): of the years R-1, R and R+1 (R = the reference time's
// UTC year), the latest that puts the time at most 7 days after the reference wins. So a
// "Dec 31" line read on January 2nd is last year's, and a "Jan  1" line read a few seconds before
// midnight on December 31st (a sender clock slightly ahead) is next year's. A date that does not
// exist in a candidate year (Feb 29) skips that year.
//
// JSON field values: a string in any form above (ISO 8601 in practice), or a number of seconds
// since the epoch (a number of 1e12 or more is read as milliseconds).
//
// Thread-safety: the free functions are thread-safe; an EventTimeExtractor is used by one thread
// at a time (it keeps a reusable JSON document, so steady-state extraction does not allocate).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "event/event.h"
#include "json/cjson.h"

namespace tripline {

struct EventTimeOptions {
  int default_utc_offset = 0;   // seconds east of UTC for forms without a zone
  std::string time_field;       // JSON field path ("a.b.c"), "" = none
  int64_t future_tolerance = 7 * 86400;  // year inference: at most this far after the reference
};

// Where an event's time came from.
enum class TimeOrigin : uint8_t { kNone, kCaller, kHeader, kJsonField };
const char* TimeOriginName(TimeOrigin origin);

// Parses one timestamp text in any of the forms above. `reference` (epoch seconds) is used for
// year inference only. Returns false when the text is not a recognised, valid time.
bool ParseTimestamp(std::string_view text, int64_t reference, const EventTimeOptions& opts,
                    int64_t* out);

// Days-from-civil conversion (proleptic Gregorian, UTC); no time zone database involved.
int64_t EpochFromCivil(int year, int month, int day, int hour, int minute, int second);

class EventTimeExtractor {
 public:
  explicit EventTimeExtractor(EventTimeOptions opts = {}) : opts_(std::move(opts)) {}
  const EventTimeOptions& options() const { return opts_; }

  // The time of a pre-decoded event. `caller_time`, when not null, wins. Then the header
  // timestamp of `ev` (Event::timestamp), then the JSON field of ev.log(). `reference` serves
  // year inference. Returns kNone (and leaves *out alone) when no source gives a time.
  TimeOrigin Extract(const int64_t* caller_time, const Event& ev, int64_t reference, int64_t* out);

  // The JSON-field source alone, on a text that should be a JSON object.
  bool FromJsonField(std::string_view text, int64_t reference, int64_t* out);

 private:
  EventTimeOptions opts_;
  json::Document doc_;
};

}  // namespace tripline
