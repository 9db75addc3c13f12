// <time> and <weekday> rule options (docs/wazuh-semantics.md §4.6): parsing into Wazuh's stored
// forms (OS_IsValidTime / OS_IsValidDay of validate_op.c) and the run-time checks
// (OS_IsonTime / OS_IsonDay). Pure functions; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tripline::rules {

// Parses "hh[:mm] [am|pm] - hh[:mm] [am|pm]" with an optional leading '!'. Returns Wazuh's stored
// form: '.' or '!' followed by from and to as "HH:MM" (e.g. ".06:0021:00"); a from later than to
// is stored inverted ("!" + to + from, the leading '!' then ignored). nullopt when invalid.
std::optional<std::string> ParseTimeRange(std::string_view text);

// OS_IsonTime: `now_hhmm` is the current local time as "HH:MM" (at least 5 bytes).
bool TimeInRange(const char* now_hhmm, const std::string& stored);

// Parses a comma/space list of day names (sunday|sun|...|weekdays|weekends, case-insensitive
// prefixes). A leading '!' makes the value invalid, as in Wazuh. nullopt when invalid or empty.
// Index 0 is Sunday.
std::optional<std::array<bool, 7>> ParseWeekdays(std::string_view text);

}  // namespace tripline::rules
