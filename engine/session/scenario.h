// Scenario tests: tripline's native rule-test format (`*.scenario.json`, docs/scenario-format.md).
// A scenario is a list of events, each with a time, and the exact list of alerts they must give,
// in processing time (the times are the injected arrival clock) and/or in event time (the times
// are the events' own, reordered through a ReorderBuffer with the scenario's allowed lateness).
//
// LoadScenario parses and validates a file; RunScenario runs one time mode of it on a fresh
// LogtestSession over a shared Ruleset and compares the alerts. Both are deterministic: no clock
// is read unless a scenario needs a year-inference reference and gives none.
// Thread-safety: a loaded Scenario is immutable; RunScenario may run concurrently on different
// or the same scenario (it creates its own session).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "json/cjson.h"
#include "rules/session.h"
#include "session/event_time.h"
#include "session/logtest_session.h"
#include "session/reorder_buffer.h"
#include "session/ruleset.h"

namespace tripline::scenario {

struct ExpectedAlert {
  int event = 0;                 // 1-based index into Scenario::events
  std::string rule;              // rule id
  std::optional<int> level;
  std::optional<int64_t> time;   // the window time the alert was produced at (epoch seconds)
  // Output fields: dotted path (tried from the root, then under "data") and the expected value
  // as text; nullopt = the field must be absent.
  std::vector<std::pair<std::string, std::optional<std::string>>> fields;
};

struct ScenarioEvent {
  std::string location;            // the scenario's location unless the event names one
  std::string text;                // the log line, or the JSON object printed unformatted
  std::optional<int64_t> time;     // "time": the event's own time
  std::optional<int64_t> arrival;  // "arrival": processing time
};

// What one time mode must give.
struct Expectations {
  std::vector<ExpectedAlert> alerts;
  std::vector<int> no_alert_for;                           // event indices
  std::vector<std::pair<std::string, uint64_t>> counters;  // counter name -> value
};

struct Scenario {
  std::string path;
  std::string name;
  std::vector<rules::TimeMode> modes;      // "time": one mode or a list
  std::string location = "stdin";
  ReorderOptions reorder;                  // "allowed_lateness", "reorder_capacity"
  EventTimeOptions time_options;           // "time_field", "utc_offset"
  std::optional<int64_t> reference_time;   // year inference for year-less headers
  int alert_level = 3;                     // <log_alert_level>: the least level that alerts
  size_t memory_size = 8192;
  std::vector<std::string> extra_decoders;  // absolute paths
  std::vector<std::string> extra_rules;
  std::vector<ScenarioEvent> events;
  Expectations expect;                     // for every mode ...
  Expectations expect_processing;          // ... unless overridden in "processing": {...}
  Expectations expect_event;               // ... or "event": {...}
  bool has_processing_block = false;
  bool has_event_block = false;

  const Expectations& For(rules::TimeMode mode) const;
};

// Reads and checks a scenario file. On failure returns false with "path: message" in *error.
bool LoadScenario(const std::string& path, Scenario* out, std::string* error);

// True for file names ending in ".scenario.json".
bool IsScenarioFile(const std::string& path);
// The *.scenario.json regular files directly in `dir`, sorted by name.
std::vector<std::string> ListScenarioFiles(const std::string& dir);

struct ProducedAlert {
  int event = 0;
  std::string rule;
  int level = 0;
  int64_t time = 0;
  bool late = false;
  json::Value output;
};

struct RunResult {
  std::string name;      // "<scenario name> [event]" / "[processing]"
  bool passed = false;
  std::string message;   // failure details, several lines
  std::vector<ProducedAlert> alerts;
  rules::SessionCounters session;
  ReorderCounters reorder;
};

const char* TimeModeName(rules::TimeMode mode);

// The counters of a run as "name value" pairs, in docs/limits.md order.
std::vector<std::pair<std::string, uint64_t>> CounterList(const rules::SessionCounters& s,
                                                          const ReorderCounters& r);

// Called with every event's reply (e.g. to collect test coverage); may be empty.
using ReplyObserver = std::function<void(const LogtestReply&)>;

// Runs one time mode of `sc` on a fresh session (base options: manager name etc.).
RunResult RunScenario(const Scenario& sc, rules::TimeMode mode,
                      const std::shared_ptr<const Ruleset>& ruleset, const LogtestOptions& base,
                      const ReplyObserver& observer = nullptr);

}  // namespace tripline::scenario
