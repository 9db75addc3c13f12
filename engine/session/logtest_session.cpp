#include "session/logtest_session.h"

#include "session/rule_view.h"

#include <random>

#include "rules/explain.h"

namespace tripline {

std::string NewSessionToken() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rng()));
  return buf;
}

LogtestSession::LogtestSession(std::shared_ptr<const Ruleset> ruleset, LogtestOptions opts, std::string token)
    : ruleset_(std::move(ruleset)), opts_(std::move(opts)), token_(std::move(token)) {
  predecode_.manager_host = opts_.manager_name;
  if (ruleset_->rules()) rules_ = std::make_unique<rules::Session>(*ruleset_->rules(), opts_.rules);
}

void LogtestSession::Process(std::string_view location, std::string_view event, bool rules_debug,
                             const timespec& now, LogtestReply* reply) {
  *reply = LogtestReply();
  if (first_) {
    reply->messages.push_back("INFO: (7202): Session initialized with token '" + token_ + "'");
    for (const std::string& w : ruleset_->session_warnings()) reply->messages.push_back(w);
    first_ = false;
  }
  auto finish_codemsg = [reply] {
    for (const std::string& m : reply->messages) {
      if (m.rfind("ERROR", 0) == 0) {
        reply->codemsg = -1;
        return;
      }
      if (m.rfind("WARNING", 0) == 0) reply->codemsg = 1;
    }
  };

  if (!Predecode(FrameMessage(location, event), predecode_, &event_)) {
    reply->messages.push_back("ERROR: (1106): String not correctly formatted.");
    reply->messages.push_back("ERROR: (7312): Failed to process the event");
    finish_codemsg();
    return;
  }
  ruleset_->decoders().Decode(&event_, &captures_);

  output::RuleView view;
  const output::RuleView* view_ptr = nullptr;
  if (rules_) {
    rules_->Accumulate(&event_, now.tv_sec);
    const rules::EventTime time = rules::EventTime::FromEpoch(now.tv_sec);
    const rules::MatchResult& m = rules_->Process(event_, time, rules_debug);
    reply->rule = m.rule;
    if (explain_rule_ != nullptr) {
      reply->explain = rules::ExplainRule(*ruleset_->rules(), event_, time, *explain_rule_, m.rule);
    }
    if (rules_debug) {
      reply->has_rules_debug = true;
      for (const std::string& line : m.rules_debug.view()) reply->rules_debug.push_back(line);
    }
    if (m.rule) {
      const rules::Rule& r = *m.rule;
      FillRuleView(m, &view);
      view_ptr = &view;
      reply->alert = m.alert;
      // No ATT&CK database ships with tripline: like a manager without one, each technique id
      // is reported as unknown.
      for (const std::string& id : r.mitre_ids) {
        reply->messages.push_back("WARNING: Mitre Technique ID '" + id + "' not found in database.");
      }
      for (const rules::MitreBlock& b : r.mitre_blocks) {
        reply->messages.push_back("WARNING: Mitre Technique ID '" + b.technique_id + "' not found in database.");
      }
      reply->rule_id = view.id;
      reply->rule_level = std::to_string(r.level);
    }
  }

  output::OutputOptions oo;
  oo.manager_name = opts_.manager_name;
  oo.logtest = true;
  reply->output = output::BuildOutput(event_, view_ptr, oo, output::FormatTimestamp(now),
                                      std::to_string(now.tv_sec) + ".0");
  reply->has_output = true;
  if (event_.decoder) reply->decoder_name = event_.decoder->name;
  reply->decoder = event_.decoder;
  finish_codemsg();
}

}  // namespace tripline
