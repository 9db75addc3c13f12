// Alert JSON: the object Wazuh writes to alerts.json and returns as the logtest `output`
// (docs/wazuh-semantics.md §6.1), with Wazuh's keys, key order and value formatting.
//
// The builder takes a decoded Event and, when a rule matched, a RuleView prepared by the caller;
// it keeps no state. Thread-safe (pure function of its arguments).
#pragma once

#include <ctime>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "json/cjson.h"

namespace tripline::output {

// A list of strings kept in one buffer, so a reused list does not allocate once grown.
class TextList {
 public:
  TextList() = default;
  TextList(std::initializer_list<std::string_view> items) {
    for (std::string_view s : items) push_back(s);
  }
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  void clear() {
    text_.clear();
    ends_.clear();
  }
  void push_back(std::string_view s) {
    text_.append(s);
    ends_.push_back(text_.size());
  }

 private:
  std::string text_;
  std::vector<size_t> ends_;
};

// What the output needs to know about the matched rule.
struct RuleView {
  int level = 0;
  std::string description;  // after $(field) expansion
  std::string id;           // rule id as text
  std::string cve;          // concatenated <cve> texts ("" = none)
  std::string info;         // concatenated <info> texts ("" = none)
  bool has_frequency = false;  // rule has a search function (if_matched_*)
  int frequency = 0;           // F + 2
  int firedtimes = 0;
  bool no_counter = false;
  bool mail = false;
  std::string groups;          // the rule's group string, e.g. "syslog,sshd,authentication_failed,"
  bool no_full_log = false;
  TextList previous_output;   // recorded previous events, newest first
  std::string previous_log;                  // check_diff old content ("" = none)
};

struct OutputOptions {
  std::string manager_name;  // full host name (manager.name, agent.name of local events)
  bool logtest = true;       // logtest appends rule.level:0 last for level-0 rules
};

// "2026-12-04T19:53:59.283+0000" for `ts` in local time.
std::string FormatTimestamp(const timespec& ts);

// Builds the output object. `rule` may be null (no rule matched). `alert_id` is the "id" value.
json::Value BuildOutput(const Event& ev, const RuleView* rule, const OutputOptions& opts,
                        std::string_view timestamp, std::string_view alert_id);

// The alert array a rule group token goes to (W_ParseJSON): "pci_dss", "cis", "gdpr", "gpg13",
// "hipaa", "nist_800_53" or "tsc", with that prefix and its '_' removed from *token; else
// "groups".
std::string_view GroupArrayOf(std::string_view* token);

// predecoder.hostname: capture 1 of ^[A-Z][a-z][a-z] [ 0123][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] ([^ ]+)
// on full_log, or "" when it does not match.
std::string_view PredecoderHostname(std::string_view full_log);

}  // namespace tripline::output

namespace tripline::output {

// The alerts.log text of one alert (docs/wazuh-semantics.md §6.2), ending with the empty line:
//   ** Alert <id>:<" mail " or ""> - <group string>
//   <YYYY Mon DD HH:MM:SS> <hostname>-><location>
//   Rule: <id> (level <L>) -> '<description>'
//   Src IP / Src Port / Dst IP / Dst Port / User lines when set, the full log, one line per
//   non-empty dynamic field, the previous events.
std::string FormatAlertsLog(const Event& ev, const RuleView& rule, std::string_view alert_id, const timespec& ts);

}  // namespace tripline::output
