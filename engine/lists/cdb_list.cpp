#include "lists/cdb_list.h"

#include <strings.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/limit_counters.h"

namespace tripline::lists {

std::optional<Lookup> ParseLookup(std::string_view name) {
  static constexpr struct {
    const char* name;
    Lookup lookup;
  } kNames[] = {
      {"match_key", Lookup::kMatchKey},
      {"not_match_key", Lookup::kNotMatchKey},
      {"match_key_value", Lookup::kMatchKeyValue},
      {"address_match_key", Lookup::kAddressMatchKey},
      {"not_address_match_key", Lookup::kNotAddressMatchKey},
      {"address_match_key_value", Lookup::kAddressMatchKeyValue},
  };
  for (const auto& n : kNames) {
    if (name.size() == std::strlen(n.name) &&
        strncasecmp(name.data(), n.name, name.size()) == 0) {
      return n.lookup;
    }
  }
  return std::nullopt;
}

bool CdbList::LoadFile(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error != nullptr) *error = "cannot open list '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    if (error != nullptr) *error = "cannot read list '" + path + "'";
    return false;
  }
  LoadText(ss.str());
  return true;
}

void CdbList::LoadText(std::string_view text) {
  entries_.clear();
  records_ = 0;
  max_key_ = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    // One fgets() call: up to and including '\n', at most kMaxListLine bytes.
    size_t limit = std::min(text.size() - pos, kMaxListLine);
    size_t nl = text.substr(pos, limit).find('\n');
    size_t len = nl == std::string_view::npos ? limit : nl + 1;
    if (nl == std::string_view::npos && limit == kMaxListLine && pos + len < text.size()) {
      CountLimitHit(LimitCounter::kListLineSplit);  // the rest of the line is read as a new one
    }
    std::string_view line = text.substr(pos, len);
    pos += len;
    // C-string handling: the line ends at its first NUL; then the first '\r' and the first
    // '\n' cut it.
    line = line.substr(0, line.find('\0'));
    line = line.substr(0, line.find('\r'));
    line = line.substr(0, line.find('\n'));
    AddLine(line);
  }
}

void CdbList::AddLine(std::string_view line) {
  std::string_view key;
  std::string_view rest = line;  // where the key/value ':' is looked for
  bool quoted_key = false;
  size_t quote = line.find('"');
  size_t colon = line.find(':');
  if (quote != std::string_view::npos && colon != std::string_view::npos && colon > quote) {
    // "key": the text between the first two quotes; what surrounds them is ignored.
    size_t close = line.find('"', quote + 1);
    if (close == std::string_view::npos) return;
    key = line.substr(quote + 1, close - quote - 1);
    rest = line.substr(close + 1);
    quoted_key = true;
  }
  size_t sep = rest.find(':');
  if (sep == std::string_view::npos) return;
  if (!quoted_key) key = rest.substr(0, sep);
  std::string_view value = rest.substr(sep + 1);
  size_t vquote = value.find('"');
  if (vquote != std::string_view::npos) {
    size_t vclose = value.find('"', vquote + 1);
    if (vclose == std::string_view::npos) return;
    value = value.substr(vquote + 1, vclose - vquote - 1);
  }
  ++records_;
  max_key_ = std::max(max_key_, key.size());
  entries_.try_emplace(std::string(key), value);  // the first record of a key wins
}

const std::string* CdbList::Find(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

const std::string* CdbList::FindAddress(std::string_view key) const {
  if (const std::string* value = Find(key)) return value;
  // Shortened one byte at a time; only prefixes ending in '.' are looked up, and only those no
  // longer than the longest key (so a long value with many dots costs one pass, not one
  // lookup per dot).
  for (size_t len = std::min(key.size(), max_key_); len > 0; --len) {
    if (key[len - 1] != '.') continue;
    if (const std::string* value = Find(key.substr(0, len))) return value;
  }
  return nullptr;
}

bool CdbList::Check(Lookup lookup, const char* value, const match::OsMatch* check_value) const {
  if (value == nullptr) return false;
  std::string_view key(value);
  switch (lookup) {
    case Lookup::kMatchKey:
      return Find(key) != nullptr;
    case Lookup::kNotMatchKey:
      return Find(key) == nullptr;
    case Lookup::kMatchKeyValue: {
      const std::string* found = Find(key);
      return found != nullptr && check_value != nullptr && check_value->Match(found->c_str());
    }
    case Lookup::kAddressMatchKey:
      return FindAddress(key) != nullptr;
    case Lookup::kNotAddressMatchKey:
      return FindAddress(key) == nullptr;
    case Lookup::kAddressMatchKeyValue: {
      const std::string* found = FindAddress(key);
      return !(found != nullptr && check_value != nullptr && check_value->Match(found->c_str()));
    }
  }
  return false;
}

}  // namespace tripline::lists
