// Pattern: dispatch to the engine of each pattern type (docs §3.1) and the rule negate rule (§4.4).
#include "match/pattern.h"

#include <cstring>

#include "match/regex_tables.h"

namespace tripline::match {
namespace {

static_assert(int{OsMatch::kCaseSensitive} == int{OsRegex::kCaseSensitive}, "one flag bit for both engines");

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (kAsciiLower[static_cast<unsigned char>(a[i])] != kAsciiLower[static_cast<unsigned char>(b[i])]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<PatternType> ParsePatternType(std::string_view name) {
  if (EqualsIgnoreCase(name, "osmatch")) return PatternType::kOsMatch;
  if (EqualsIgnoreCase(name, "osregex")) return PatternType::kOsRegex;
  if (EqualsIgnoreCase(name, "pcre2")) return PatternType::kPcre2;
  return std::nullopt;
}

std::string_view PatternTypeName(PatternType t) {
  switch (t) {
    case PatternType::kOsMatch: return "osmatch";
    case PatternType::kOsRegex: return "osregex";
    case PatternType::kPcre2: return "pcre2";
    case PatternType::kString: return "string";
  }
  return "";
}

bool Pattern::Compile(PatternType type, std::string_view text, bool negate, int regex_flags,
                      std::string* error) {
  type_ = type;
  negate_ = negate;
  text_.assign(text);
  impl_ = std::monostate{};
  compiled_ = false;
  switch (type) {
    case PatternType::kOsMatch: {
      OsMatch m;
      compiled_ = m.Compile(text, regex_flags & OsMatch::kCaseSensitive, error);
      if (compiled_) impl_ = std::move(m);
      break;
    }
    case PatternType::kOsRegex: {
      OsRegex r;
      compiled_ = r.Compile(text, regex_flags, error);
      if (compiled_) impl_ = std::move(r);
      break;
    }
    case PatternType::kPcre2: {
      Pcre2Pattern p;
      compiled_ = p.Compile(text, error);
      if (compiled_) impl_ = std::move(p);
      break;
    }
    case PatternType::kString:
      // C string semantics: an embedded NUL ends the text.
      if (size_t nul = text_.find('\0'); nul != std::string::npos) text_.resize(nul);
      compiled_ = true;
      break;
  }
  return compiled_;
}

const char* Pattern::MatchEnd(const char* subject, Captures* caps) const {
  if (caps) caps->count = 0;
  if (subject == nullptr || !compiled_) return nullptr;
  switch (type_) {
    case PatternType::kOsMatch:
      if (const auto* m = std::get_if<OsMatch>(&impl_)) return m->Match(subject) ? subject : nullptr;
      return nullptr;
    case PatternType::kOsRegex:
      if (const auto* r = std::get_if<OsRegex>(&impl_)) return r->Match(subject, caps);
      return nullptr;
    case PatternType::kPcre2:
      if (const auto* p = std::get_if<Pcre2Pattern>(&impl_)) return p->Match(subject, caps);
      return nullptr;
    case PatternType::kString:
      return std::strcmp(subject, text_.c_str()) == 0 ? subject : nullptr;
  }
  return nullptr;
}

std::bitset<256> Pattern::FirstBytes() const {
  std::bitset<256> all;
  all.set();
  if (!compiled_) return all;
  switch (type_) {
    case PatternType::kOsMatch:
      if (const auto* m = std::get_if<OsMatch>(&impl_)) return m->FirstBytes();
      return all;
    case PatternType::kOsRegex:
      if (const auto* r = std::get_if<OsRegex>(&impl_)) return r->FirstBytes();
      return all;
    case PatternType::kPcre2:
      return all;
    case PatternType::kString: {
      std::bitset<256> one;
      one.set(text_.empty() ? 0 : static_cast<unsigned char>(text_[0]));
      return one;
    }
  }
  return all;
}

bool Pattern::ExactKeys(std::vector<std::string>* keys) const {
  keys->clear();
  if (!compiled_ || negate_ || type_ != PatternType::kOsMatch) return false;
  const auto* m = std::get_if<OsMatch>(&impl_);
  return m != nullptr && m->ExactKeys(keys);
}

bool Pattern::Matches(const char* subject) const {
  if (subject == nullptr || !compiled_) return false;
  return (MatchEnd(subject, nullptr) != nullptr) != negate_;
}

}  // namespace tripline::match
