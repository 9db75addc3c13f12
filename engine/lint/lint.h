// Lint: semantic checks on a loaded ruleset for rule authors (`tripline lint`). The loaders
// already report every syntax and reference problem; LintRuleset adds warnings with stable
// LNT codes (docs/diagnostics.md, "Lint") for rules that load but cannot work as written:
//   LNT001 a rule whose field check no key of a list an ancestor (or itself) requires can match;
//   LNT002 a rule every tree occurrence of which is below a rule that can never fire;
//   LNT003 a composite rule whose if_matched_sid rule can never fire;
//   LNT004 a rule shadowed by an earlier sibling that always matches first;
//   LNT005 a composite (correlation) rule of level 0, which can never match (§5.4);
//   LNT006 an unanchored alternation of numbers (e.g. severity bands "0|1|2|3");
//   LNT007 a list file no rule uses;
//   LNT008 something tripline accepts and Wazuh's reader does not (an <?xml?> declaration).
// Every check is conservative: it warns only when the problem is certain for every event.
//
// Plain functions over an immutable Ruleset; thread-safe. Only the lint command pays for them.
#pragma once

#include "base/diagnostics.h"
#include "session/ruleset.h"

namespace tripline::lint {

// Adds the lint warnings for `ruleset` to *diags (grouped by check, rules in load order).
void LintRuleset(const Ruleset& ruleset, Diagnostics* diags);

}  // namespace tripline::lint
