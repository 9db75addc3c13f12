// RulesetPaths: which decoder, rule and list files a set of ruleset directories contributes, in
// the order a Wazuh manager loads them (docs/wazuh-semantics.md §2.1): every file collected from
// every source is sorted together by base name (stable, so equal base names keep the order of
// their sources), files matched by an exclude are dropped, and a path listed twice is loaded once.
//
// A ruleset directory has Wazuh's layout: decoders/*.xml, rules/*.xml, lists/** (list text files).
// Plain functions over the file system; no state.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"

namespace tripline {

struct RulesetSources {
  std::vector<std::string> ruleset_dirs;   // stacked: stock first, then custom
  std::vector<std::string> decoder_paths;  // extra decoder files or flat folders
  std::vector<std::string> rule_paths;     // extra rule files or flat folders
  // Base names or full paths to skip, as <decoder_exclude>/<rule_exclude>. The stock manager
  // configuration excludes rules/0215-policy_rules.xml.
  std::vector<std::string> decoder_excludes;
  std::vector<std::string> rule_excludes = {"0215-policy_rules.xml"};
  // A rule that names a missing list, an unknown if_sid, if_matched_sid or if_group is an
  // error by default, so a typo cannot silently disable a rule. `lenient_references` loads
  // such rulesets as a Wazuh manager does: the rule is skipped with a warning.
  bool lenient_references = false;
};

struct RulesetFiles {
  std::vector<std::string> decoder_files;  // load order
  std::vector<std::string> rule_files;     // load order
  std::vector<std::string> list_dirs;      // <dir>/lists of each ruleset dir that has one
};

// Collects the files. A missing directory or file is an error diagnostic.
RulesetFiles CollectRulesetFiles(const RulesetSources& sources, Diagnostics* diags);

}  // namespace tripline
