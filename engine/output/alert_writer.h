// AlertWriter: writes the alerts.json line of an alert straight into a string, without building
// a JSON tree. The bytes are exactly those of json::AppendUnformatted(BuildOutput(...)) (the
// reference path in alert_json.h, which logtest uses): same keys, key order, escaping, number
// format, and W_JSON_AddField's rules for the dotted dynamic fields of "data".
//
// The writer keeps per-thread scratch (the small tree of "data", the printed form of
// '['-values and of recent rules' group arrays) whose capacity is reused, so writing an alert does not allocate in steady state
// (only a dynamic value that is a JSON array is parsed, which allocates).
// Not synchronized: one thread per AlertWriter. The event and rule view are only read.
#pragma once

#include <array>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "output/alert_json.h"

namespace tripline::output {

// Appends FormatTimestamp(ts) to *out without allocating.
void AppendTimestamp(const timespec& ts, std::string* out);
// The same with ts.tv_sec already converted by localtime_r (`tm_local`).
void AppendTimestamp(const timespec& ts, const struct tm& tm_local, std::string* out);

class AlertWriter {
 public:
  // Appends the compact alert JSON of `ev` (matched by `rule`, which may be null) to *out.
  void Append(const Event& ev, const RuleView* rule, const OutputOptions& opts,
              std::string_view timestamp, std::string_view alert_id, std::string* out);

 private:
  // One member of the "data" object tree (node 0 is "data" itself).
  struct Node {
    std::string_view key;    // cut at the first NUL, as cJSON stores keys
    uint8_t kind = 0;        // kString, kObject or kRaw
    std::string_view value;  // kString: the value
    uint32_t raw_begin = 0, raw_size = 0;  // kRaw: printed JSON in raw_
    int32_t first = -1, last = -1, next = -1;
  };
  static constexpr uint8_t kString = 0, kObject = 1, kRaw = 2;

  int32_t Add(int32_t parent, std::string_view key, uint8_t kind);
  int32_t Find(int32_t parent, std::string_view key) const;
  void AddField(std::string_view key, std::string_view value);
  void Print(int32_t node, std::string* out) const;

  // The printed group arrays (",\"groups\":[...]" and the compliance arrays) of `groups`,
  // from a small direct-mapped cache: alerts of the same rule print the same arrays, and
  // printing them splits and classifies every token of the group string.
  std::string_view PrintedGroups(std::string_view groups);

  std::vector<Node> nodes_;
  std::string raw_;
  struct GroupsEntry {
    bool used = false;
    std::string groups;   // the rule's group string
    std::string printed;  // its arrays as AppendGroups prints them
  };
  std::array<GroupsEntry, 64> groups_cache_;
};

}  // namespace tripline::output
