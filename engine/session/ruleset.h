// Ruleset: everything loaded from the ruleset sources, compiled once and never changed: the
// decoders, the CDB lists and the rules. Shared between threads and sessions through
// std::shared_ptr<const Ruleset>; every member is read-only after Load.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/ruleset_paths.h"
#include "decode/decoder.h"
#include "lists/list_registry.h"
#include "rules/rule_set.h"

namespace tripline {

struct RulesetOptions {
  DecoderLoadOptions decoders;
  rules::RuleLoadOptions rules;
};

class Ruleset {
 public:
  // Collects the files of `sources`, loads every list under the ruleset directories' lists/,
  // then the decoders and the rules. Returns nullptr when any error was found; all errors and
  // warnings are added to *diags.
  static std::shared_ptr<const Ruleset> Load(const RulesetSources& sources, const RulesetOptions& opts,
                                             Diagnostics* diags);

  const DecoderSet& decoders() const { return *decoders_; }
  // Null when the sources hold no rule file.
  const rules::RuleSet* rules() const { return rules_.get(); }
  const lists::ListRegistry& lists() const { return lists_; }
  const RulesetFiles& files() const { return files_; }

  // The load warnings as a new logtest session reports them ("WARNING: <message>").
  const std::vector<std::string>& session_warnings() const { return session_warnings_; }

 private:
  RulesetFiles files_;
  lists::ListRegistry lists_;
  std::unique_ptr<DecoderSet> decoders_;
  std::unique_ptr<rules::RuleSet> rules_;
  std::vector<std::string> session_warnings_;
};

}  // namespace tripline
