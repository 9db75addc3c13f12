// The text wazuh-logtest prints for one processed event (framework/scripts/wazuh_logtest.py,
// docs/wazuh-semantics.md §6.4): Phase 1 pre-decoding, Phase 2 decoding, the rule trace, Phase 3
// and "**Alert to be generated.", each value printed as Python's str() would print it.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "json/cjson.h"

namespace tripline::output {

// Lines (without trailing newlines) for one reply: `output` is the alert object, `rules_debug`
// the trace when it was requested (nullptr otherwise).
std::vector<std::string> LogtestTextLines(const json::Value& output, const std::vector<std::string>* rules_debug,
                                          bool alert);

// Python str() of a JSON value as json.loads returns it (str, int, float, bool, None, list, dict).
std::string PythonStr(const json::Value& v);

}  // namespace tripline::output
