// Pattern: one typed, possibly negated pattern as rules and decoders use it (docs §3.1, §4.4):
// osmatch, osregex, pcre2 or the exact-string comparison. Immutable after Compile; Matches()
// and MatchEnd() are const and thread-safe.
#pragma once

#include <bitset>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "match/os_match.h"
#include "match/os_regex.h"
#include "match/pcre2_pattern.h"

namespace tripline::match {

enum class PatternType : unsigned char { kOsMatch, kOsRegex, kPcre2, kString };

// "osmatch" / "osregex" / "pcre2" (ASCII case-insensitive); nullopt for anything else.
std::optional<PatternType> ParsePatternType(std::string_view name);
std::string_view PatternTypeName(PatternType t);

class Pattern {
 public:
  // `regex_flags` is OsRegex::Flags for kOsRegex (kCaptures for decoder <regex>).
  bool Compile(PatternType type, std::string_view text, bool negate, int regex_flags,
               std::string* error);

  // Rule semantics: a null subject fails whatever `negate` says; otherwise match != negate.
  // A pattern that did not compile never matches, negated or not.
  bool Matches(const char* subject) const;

  // Decoder semantics (negate ignored): end pointer or nullptr. OsMatch and string patterns
  // have no end pointer; they return `subject` on a match.
  const char* MatchEnd(const char* subject, Captures* caps) const;

  // Decoder candidate index (negate ignored, as MatchEnd ignores it): every byte b such that
  // MatchEnd may succeed on a subject starting with b (bit 0: the empty subject). A subject
  // whose first byte is outside the set gets nullptr from MatchEnd. PCRE2 patterns give all.
  std::bitset<256> FirstBytes() const;

  // Program-name index, rule semantics of Matches(): true and *keys set when Matches(s) holds
  // exactly when the ASCII-lowercased s equals one of *keys (a non-negated osmatch pattern
  // made only of "^X$" alternatives). False otherwise.
  bool ExactKeys(std::vector<std::string>* keys) const;

  PatternType type() const { return type_; }
  bool negate() const { return negate_; }
  const std::string& text() const { return text_; }

 private:
  PatternType type_ = PatternType::kOsMatch;
  bool negate_ = false;
  bool compiled_ = false;
  std::string text_;
  std::variant<std::monostate, OsMatch, OsRegex, Pcre2Pattern> impl_;
};

}  // namespace tripline::match
