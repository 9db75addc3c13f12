// RuleView from a rule match: what the alert output needs of a matched rule and its session
// result, in one place for logtest, the pipeline and the benchmarks. Pure function; thread-safe.
#pragma once

#include "output/alert_json.h"
#include "rules/session.h"

namespace tripline {

// Fills *view from a MatchResult whose rule is set. Reuses the view's buffers.
// REQUIRES: m.rule != nullptr.
void FillRuleView(const rules::MatchResult& m, output::RuleView* view);

}  // namespace tripline
