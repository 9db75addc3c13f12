// TheHive 5 alert bodies (POST /api/v1/alert) built from one tripline alerts.json line; the
// fields and the severity table are documented in docs/delivery.md.
//
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace tripline::deliver {

struct TheHiveOptions {
  std::string type = "tripline";    // TheHive alert "type"
  std::string source = "tripline";  // TheHive alert "source"
  int tlp = 2;                      // AMBER
  int pap = 2;                      // AMBER
};

// Rule level (0-16) to TheHive severity: 0-3 -> 1 (low), 4-7 -> 2 (medium), 8-11 -> 3 (high),
// 12 and above -> 4 (critical).
int TheHiveSeverity(int level);

// The sourceRef of an alert line: "tl-<rule id>-<16 hex digits of a hash of the line>". The
// same line always gives the same sourceRef, so a retried delivery is recognised by TheHive.
std::string SourceRef(std::string_view alert_line);

// The TheHive alert JSON for an alert line, or "" when the line is not a JSON object.
std::string BuildTheHiveAlert(std::string_view alert_line, const TheHiveOptions& opts);

}  // namespace tripline::deliver
