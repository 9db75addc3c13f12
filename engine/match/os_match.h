// OsMatch: Wazuh's OS_Match dialect (docs/wazuh-semantics.md §3.2) and OS_WordMatch (§3.3).
//
// OS_Match has no wildcards and no escapes: the pattern is split on every '|', each alternative is
// a case-insensitive (ASCII) literal with optional '^' / '$' anchors, an empty alternative matches
// everything, and a leading '!' negates the whole result.
// Compiled once; Match() is const and safe to call from many threads at once. No allocation
// per match.
#pragma once

#include <bitset>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::match {

class OsMatch {
 public:
  enum Flags : int {
    kNone = 0,
    kCaseSensitive = 2,  // OS_CASE_SENSITIVE: the pattern is not lowercased (same bit as OsRegex)
  };

  // Compiles `pattern`. Returns false and sets *error when the pattern is invalid
  // (longer than 20480 bytes).
  bool Compile(std::string_view pattern, std::string* error) { return Compile(pattern, kNone, error); }
  bool Compile(std::string_view pattern, int flags, std::string* error);

  // True when `subject` (NUL-terminated) matches. A null subject never matches.
  bool Match(const char* subject) const;

  // Candidate-index support (contracts checked by tests, not by the matcher itself):
  // FirstBytes() holds every byte b such that some subject starting with b may match (bit 0
  // stands for the empty subject); a subject whose first byte is not in it never matches.
  std::bitset<256> FirstBytes() const;
  // When every alternative is "^X$" and the pattern is not negated, sets *keys to the
  // ASCII-lowercased X of each alternative and returns true: then a subject matches exactly
  // when its ASCII-lowercased text equals one of *keys. Otherwise returns false.
  bool ExactKeys(std::vector<std::string>* keys) const;

 private:
  enum class Kind : unsigned char { kAlways, kExact, kPrefix, kSuffix, kContains };
  struct Alt {
    Kind kind;
    std::string text;  // lowercased unless kCaseSensitive
    // kContains only: the text holds a byte no lowercased subject byte equals (>= 0x80, or an
    // uppercase letter of a case-sensitive pattern), so the alternative never matches.
    bool never = false;
  };
  std::vector<Alt> alts_;
  bool negate_ = false;
};

// OS_WordMatch as used by <if_group> when rules are attached: '|'-separated alternatives,
// '^X' = case-insensitive prefix, otherwise case-insensitive substring; empty pattern = false.
bool WordMatch(std::string_view pattern, std::string_view subject);

// WordMatch with the pattern prepared once, for one pattern tested against many subjects:
// Match(s) == WordMatch(pattern, s). Immutable; Match() is const and thread-safe.
class WordPattern {
 public:
  explicit WordPattern(std::string_view pattern);
  bool Match(std::string_view subject) const;
  // Match() for a subject already ASCII-lowercased (WordMatch gives the same result for a
  // subject and its lowercase form); faster when the same subjects are tested many times.
  bool MatchLowered(std::string_view lowered_subject) const;

 private:
  std::string pattern_;
  // A pattern of one alternative without '^' is a plain ASCII case-insensitive substring
  // test; lowered_ then holds it lowercased.
  bool plain_ = false;
  std::string lowered_;
};

}  // namespace tripline::match
