// Command-line options shared by the commands that load a ruleset (logtest, test, run):
// --ruleset DIR, --decoders PATH, --rules PATH, --rule-exclude NAME, --decoder-exclude NAME.
#pragma once

#include <string>
#include <string_view>

#include "base/ruleset_paths.h"

namespace tripline::cli {

// If argv[*i] is a ruleset option, consumes it (and its value), updates *sources and returns
// true. Sets *error when the value is missing.
bool ParseRulesetOption(int argc, char** argv, int* i, RulesetSources* sources, std::string* error);

// Help text lines for those options.
extern const char* const kRulesetOptionsHelp;

// The full host name (gethostname), as Wazuh's manager.name.
std::string HostName();

}  // namespace tripline::cli
