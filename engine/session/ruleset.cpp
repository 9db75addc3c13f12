#include "session/ruleset.h"

namespace tripline {

std::shared_ptr<const Ruleset> Ruleset::Load(const RulesetSources& sources, const RulesetOptions& opts,
                                             Diagnostics* diags) {
  auto rs = std::shared_ptr<Ruleset>(new Ruleset());
  const int errors_before = diags->error_count();
  const size_t first_item = diags->items().size();
  rs->files_ = CollectRulesetFiles(sources, diags);
  if (diags->error_count() > errors_before) return nullptr;

  for (const std::string& dir : sources.ruleset_dirs) rs->lists_.AddRulesetDir(dir);
  rs->lists_.LoadAll(diags);

  rs->decoders_ = DecoderSet::Load(rs->files_.decoder_files, opts.decoders, diags);
  if (!rs->decoders_) return nullptr;

  if (!rs->files_.rule_files.empty()) {
    const lists::ListRegistry* registry = &rs->lists_;
    rules::ListResolver resolve = [registry](std::string_view path) { return registry->Find(path); };
    const size_t rules_first = diags->items().size();
    rs->rules_ = rules::RuleSet::Load(rs->files_.rule_files, *rs->decoders_, resolve, opts.rules, diags);
    if (!rs->rules_) return nullptr;
    if (!sources.lenient_references) {
      // Missing list (RUL104), unknown if_sid (RUL106, RUL107), if_matched_sid (RUL108) or
      // if_group (RUL110): refused unless the caller asked for Wazuh's lenient loading.
      diags->PromoteToErrors(rules_first, {"RUL104", "RUL106", "RUL107", "RUL108", "RUL110"});
    }
  }
  if (diags->error_count() > errors_before) return nullptr;

  for (size_t i = first_item; i < diags->items().size(); ++i) {
    const Diagnostic& d = diags->items()[i];
    if (d.severity == Severity::kWarning) rs->session_warnings_.push_back("WARNING: " + d.message);
  }
  return rs;
}

}  // namespace tripline
