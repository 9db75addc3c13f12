// CDB lists (docs/wazuh-semantics.md §8): Wazuh's list text files loaded once into an
// in-memory hash map, and the six lookup types a rule's <list> element can use.
// A loaded CdbList is immutable; Check() and Find() are const and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "match/os_match.h"

namespace tripline::lists {

enum class Lookup : unsigned char {
  kMatchKey,
  kNotMatchKey,
  kMatchKeyValue,
  kAddressMatchKey,
  kNotAddressMatchKey,
  kAddressMatchKeyValue,
};

// "match_key", "not_match_key", ... (ASCII case-insensitive); nullopt for anything else.
std::optional<Lookup> ParseLookup(std::string_view name);

class CdbList {
 public:
  // Parses a list text file. Returns false and sets *error when the file cannot be read.
  bool LoadFile(const std::string& path, std::string* error);
  // Parses list text held in memory (same format).
  void LoadText(std::string_view text);

  // Value stored for `key` (the first occurrence wins), or nullptr.
  const std::string* Find(std::string_view key) const;

  // The rule condition for lookup `lookup` on the NUL-terminated event value `value`.
  // `check_value` is the <list check_value=...> OS_Match pattern, or nullptr when absent.
  bool Check(Lookup lookup, const char* value, const match::OsMatch* check_value) const;

  size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, std::string> entries_;
};

}  // namespace tripline::lists
