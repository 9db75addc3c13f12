// ListRegistry: the CDB lists of a ruleset, found by the path a rule's <list> element names.
//
// Wazuh rules name a list as the manager installs it: `etc/lists/NAME`, where NAME may contain
// folders (`etc/lists/amazon/aws-eventnames`), or the compiled `etc/lists/NAME.cdb`; both mean
// the same list (docs/wazuh-semantics.md §8). tripline reads the text file
// `<ruleset_dir>/lists/NAME` from the ruleset directories it is given. They are stacked (stock
// first, custom after) and, as files installed later into one etc/lists, the last directory
// that has NAME wins. A path of another form, or a NAME no directory has, is reported to the
// caller, which skips the rule as wazuh does.
//
// The registry owns the loaded lists; the pointers it returns live as long as it does. Loading
// is not synchronized; once loading is over, the const methods are thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "lists/cdb_list.h"

namespace tripline::lists {

class ListRegistry {
 public:
  ListRegistry() = default;
  explicit ListRegistry(std::vector<std::string> ruleset_dirs);

  // Stacks one more ruleset directory (it wins over the ones already given).
  void AddRulesetDir(std::string dir);
  const std::vector<std::string>& ruleset_dirs() const { return ruleset_dirs_; }

  // NAME for "etc/lists/NAME" or "etc/lists/NAME.cdb"; nullopt for any other form, or when
  // NAME is empty or has an empty, "." or ".." component.
  static std::optional<std::string> ListName(std::string_view rule_path);

  // The text file a rule's list path stands for, or "" when it has another form or no ruleset
  // directory has the file.
  std::string Resolve(std::string_view rule_path) const;

  // The list a rule's path names, read on first use. nullptr, with *error set, when the path
  // cannot be resolved or the file cannot be read.
  const CdbList* Load(std::string_view rule_path, std::string* error);

  // A list already loaded under that path (either form), or nullptr.
  const CdbList* Find(std::string_view rule_path) const;

  // Loads every file under each ruleset directory's lists/ folder (files named *.cdb are
  // compiled lists and skipped), as a manager configured with all of them. Read errors are
  // added to *diags (LST001). Returns how many lists are loaded in total.
  size_t LoadAll(Diagnostics* diags);

  // NAMEs of the loaded lists, sorted.
  std::vector<std::string> Names() const;
  size_t size() const { return lists_.size(); }

 private:
  std::vector<std::string> ruleset_dirs_;
  std::map<std::string, CdbList, std::less<>> lists_;  // by NAME
};

}  // namespace tripline::lists
