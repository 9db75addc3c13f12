#include "ruleset_args.h"

#include <unistd.h>

namespace tripline::cli {

const char* const kRulesetOptionsHelp =
    "  --ruleset DIR         a ruleset directory with Wazuh's layout (decoders/, rules/, lists/);\n"
    "                        repeat to stack directories (stock first, then custom)\n"
    "  --decoders PATH       an extra decoder file, or a folder of them\n"
    "  --rules PATH          an extra rule file, or a folder of them\n"
    "  --decoder-exclude N   skip decoder files with this base name or path\n"
    "  --rule-exclude N      skip rule files with this base name or path (default, as the\n"
    "                        stock manager: 0215-policy_rules.xml)\n"
    "  --lenient             load rules that name a missing list or an unknown if_sid,\n"
    "                        if_matched_sid or if_group as a Wazuh manager does (skipped with a\n"
    "                        warning) instead of refusing the ruleset\n";

bool ParseRulesetOption(int argc, char** argv, int* i, RulesetSources* sources, std::string* error) {
  std::string_view a = argv[*i];
  if (a == "--lenient") {
    sources->lenient_references = true;
    return true;
  }
  std::vector<std::string>* target = nullptr;
  if (a == "--ruleset") target = &sources->ruleset_dirs;
  if (a == "--decoders") target = &sources->decoder_paths;
  if (a == "--rules") target = &sources->rule_paths;
  if (a == "--decoder-exclude") target = &sources->decoder_excludes;
  if (a == "--rule-exclude") target = &sources->rule_excludes;
  if (target == nullptr) return false;
  if (*i + 1 >= argc) {
    *error = "option " + std::string(a) + " needs a value";
    return true;
  }
  target->push_back(argv[++*i]);
  return true;
}

std::string HostName() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

}  // namespace tripline::cli
