// CDB lists (docs/wazuh-semantics.md §8): Wazuh's list text files loaded once into an
// in-memory hash map, and the six lookup types a rule's <list> element can use.
//
// The text is read as wazuh's Lists_OP_MakeCDB reads it before building the .cdb file: fgets
// chunks of at most 65534 bytes, each cut at its first NUL, '\r' and '\n'; `key:value` with an
// optional "quoted key" and "quoted value", lines without ':' skipped, no trimming, and the first
// of several records with the same key is the one every lookup sees.
// A CdbList owns its entries. Loading is not synchronized; a loaded CdbList is immutable, and
// Check() and Find() are const and thread-safe.
#pragma once

#include <cstddef>
#include <functional>
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

// The longest line fgets(str, OS_MAXSTR - 1, ...) returns; longer lines continue as new ones
// (counted in LimitCounter::kListLineSplit). A list has no size limit of its own: it holds
// what its file holds.
inline constexpr size_t kMaxListLine = 65534;

class CdbList {
 public:
  // Parses a list text file, replacing the current entries. Returns false and sets *error when
  // the file cannot be read.
  bool LoadFile(const std::string& path, std::string* error);
  // Parses list text held in memory (same format), replacing the current entries.
  void LoadText(std::string_view text);

  // Value stored for `key` (the first occurrence wins), or nullptr.
  const std::string* Find(std::string_view key) const;
  // The address lookup: `key` itself, else the longest prefix of it that ends in '.'
  // ("10.1.2.3" tries "10.1.2.3", "10.1.2.", "10.1.", "10."). Value found, or nullptr.
  const std::string* FindAddress(std::string_view key) const;

  // The rule condition for lookup `lookup` on the NUL-terminated event value `value`.
  // `check_value` is the <list check_value=...> OS_Match pattern, or nullptr when absent.
  // A null `value` (the event lacks the field) fails every lookup, the negated ones included.
  //   kMatchKeyValue: the key exists and check_value matches its value (never without one).
  //   kAddressMatchKeyValue: as in wazuh, inverted: true unless FindAddress() finds a value
  //   that check_value matches (so always true without check_value).
  bool Check(Lookup lookup, const char* value, const match::OsMatch* check_value) const;

  size_t size() const { return entries_.size(); }
  // Lines that produced a record, duplicates included (what the .cdb file would hold).
  size_t record_count() const { return records_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  void AddLine(std::string_view line);

  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> entries_;
  size_t records_ = 0;
  size_t max_key_ = 0;  // longest key
};

}  // namespace tripline::lists
