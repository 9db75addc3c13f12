// LogtestSession: one wazuh-logtest session over a shared Ruleset (docs/wazuh-semantics.md §6.3).
// It frames, pre-decodes, decodes and matches each event, keeps the session's correlation
// state, and answers with what the logtest service answers: messages, the alert `output`
// object, the `alert` flag, `codemsg` and the optional rules_debug trace.
//
// Creating a session costs microseconds: the compiled Ruleset is shared, only the per-session
// state is new. Not synchronized: one thread uses a session at a time.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "json/cjson.h"
#include "match/os_regex.h"
#include "output/alert_json.h"
#include "predecode/predecode.h"
#include "rules/session.h"
#include "session/ruleset.h"

namespace tripline {

struct LogtestOptions {
  std::string manager_name;       // manager.name and the hostname default
  rules::SessionOptions rules;    // log_alert_level, memory_size, ...
};

struct LogtestReply {
  std::vector<std::string> messages;  // "INFO: ...", "WARNING: ...", "ERROR: ..."
  bool has_output = false;            // false when the event could not be processed
  json::Value output;
  bool alert = false;
  int codemsg = 0;                    // 0 ok, 1 some WARNING, -1 some ERROR
  bool has_rules_debug = false;
  std::vector<std::string> rules_debug;
  // For `-U rule:level:decoder` checks: rule id, level and decoder name ("" when absent).
  std::string rule_id, rule_level, decoder_name;
  // The event's decoder and rule (nullptr when none), e.g. for test coverage. They point into
  // the session's Ruleset.
  const Decoder* decoder = nullptr;
  const rules::Rule* rule = nullptr;
  // With set_explain_rule(): rules::ExplainRule's lines for this event (docs/explain.md).
  std::vector<std::string> explain;
};

class LogtestSession {
 public:
  LogtestSession(std::shared_ptr<const Ruleset> ruleset, LogtestOptions opts, std::string token);

  const std::string& token() const { return token_; }
  // Explains rule `rule` (nullptr = off, the default) for every later event: each reply then
  // carries LogtestReply::explain. `rule` must belong to this session's Ruleset.
  void set_explain_rule(const rules::Rule* rule) { explain_rule_ = rule; }
  // The rule-matching state (nullptr when the ruleset has no rules): its counters() and, in
  // event-time mode, the time the last event's windows used (newest_time()).
  const rules::Session* rules_session() const { return rules_.get(); }

  // Processes one event at `now`: its processing time (or, with opts.rules.time_mode kEvent,
  // its event time; the output timestamp then shows that time too). `event` is the event text
  // (a JSON object event must already be serialised as cJSON_PrintUnformatted would).
  void Process(std::string_view location, std::string_view event, bool rules_debug, const timespec& now,
               LogtestReply* reply);

 private:
  std::shared_ptr<const Ruleset> ruleset_;
  LogtestOptions opts_;
  std::string token_;
  bool first_ = true;
  const rules::Rule* explain_rule_ = nullptr;
  PredecodeOptions predecode_;
  std::unique_ptr<rules::Session> rules_;
  Event event_;
  match::Captures captures_;
};

// A random session token: "%08x" of a random 32-bit number.
std::string NewSessionToken();

}  // namespace tripline
