// Explain: why one rule did or did not match one decoded event, for rule authors
// (`tripline logtest --explain RULE_ID`, docs/explain.md).
//
// ExplainChecks evaluates the stateless checks of one rule (docs/wazuh-semantics.md §4.4 steps
// 1-15) in Wazuh's order and stops at the first check that fails, recording each check with the
// values it compared. The stateful checks (check_diff, if_fts) and the correlation search are
// not run: they would change the session's memories. They are reported as "not evaluated".
// ExplainRule walks every tree path from a top-level rule to the rule and explains each rule
// on the path, the earlier siblings that are tried first, and the event's actual result.
//
// Nothing here is used by normal matching: it costs nothing unless called. Plain functions over
// immutable objects; safe to call from many threads.
#pragma once

#include <string>
#include <vector>

#include "event/event.h"
#include "rules/rule.h"
#include "rules/rule_set.h"
#include "rules/session.h"

namespace tripline::rules {

struct CheckReport {
  // One line per check evaluated, in order, e.g.
  // "field dstuser: 'root' vs osmatch 'admin': no match".
  std::vector<std::string> checks;
  bool passed = true;          // every evaluated check passed
  std::string failure;         // the first failing check (empty when passed)
  bool has_stateful = false;   // check_diff / if_fts / correlation present and not evaluated
};

// Evaluates `rule`'s stateless checks against `ev` at `time` (for <time>/<weekday>).
CheckReport ExplainChecks(const Rule& rule, const Event& ev, const EventTime& time);

// Explains how the tree leads `ev` to `target`: for each path (at most `max_paths`) from a
// top-level rule down to an occurrence of `target`, the checks of every rule on it, the first
// failure, and the earlier siblings that may match first. `matched` is the rule the event
// actually got (nullptr when none); it names the final verdict. Lines are indented text.
std::vector<std::string> ExplainRule(const RuleSet& rules, const Event& ev, const EventTime& time,
                                     const Rule& target, const Rule* matched, size_t max_paths = 4);

}  // namespace tripline::rules
