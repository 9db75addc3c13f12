#include "session/rule_view.h"

namespace tripline {

void FillRuleView(const rules::MatchResult& m, output::RuleView* view) {
  const rules::Rule& r = *m.rule;
  output::RuleView& v = *view;
  v.level = r.level;
  v.description = m.description;
  v.id = std::to_string(r.id);
  v.cve = r.cve;
  v.info = r.info;
  v.has_frequency = r.has_search_function();
  v.frequency = r.frequency_value();
  v.firedtimes = m.firedtimes;
  v.no_counter = r.no_counter;
  v.mail = r.mail;
  v.groups = r.group;
  v.no_full_log = r.no_full_log;
  v.previous_output.clear();
  if (m.has_previous_output()) {
    for (const std::string& line : m.last_events.view()) v.previous_output.push_back(line);
  }
  if (m.has_previous_log) {
    v.previous_log.assign(m.previous_log);
  } else {
    v.previous_log.clear();
  }
}

}  // namespace tripline
