// OS_Match (docs §3.2) and OS_WordMatch (§3.3).
#include "match/os_match.h"

#include <cstring>

#include "match/regex_tables.h"

namespace tripline::match {
namespace {

constexpr size_t kMaxPatternSize = 20480;

// strncasecmp in the C locale: ASCII folding only, bytes compared unsigned, stops at a NUL.
bool CaseEqualN(const unsigned char* a, const unsigned char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (kAsciiLower[a[i]] != kAsciiLower[b[i]]) return false;
    if (a[i] == '\0') return true;
  }
  return true;
}

// _OS_Match: substring search of `pat` in the lowercased subject (`len` bytes). The original
// compares a signed pattern char with an unsigned lowered subject byte, so a pattern byte >= 0x80
// (or an uppercase letter, which no lowered byte equals) never matches: callers skip such
// patterns (Alt::never). Start candidates are found with memchr (both cases of a letter).
bool Contains(const std::string& pat, const unsigned char* str, size_t len) {
  const size_t n = pat.size();
  if (len < n) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(pat.data());
  const unsigned char first = p[0];
  const bool alpha = first >= 'a' && first <= 'z';
  const unsigned char* end = str + (len - n + 1);  // one past the last possible start
  const unsigned char* s = str;
  while (s < end) {
    const auto* a = static_cast<const unsigned char*>(std::memchr(s, first, end - s));
    const unsigned char* b =
        alpha ? static_cast<const unsigned char*>(std::memchr(s, first - 32, (a ? a : end) - s)) : nullptr;
    const unsigned char* hit = b ? b : a;
    if (hit == nullptr) return false;
    size_t j = 1;
    while (j < n && p[j] == kAsciiLower[hit[j]]) ++j;
    if (j == n) return true;
    s = hit + 1;
  }
  return false;
}

// Alt::never for a kContains text.
bool NeverContained(const std::string& text) {
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || (b >= 'A' && b <= 'Z')) return true;
  }
  return false;
}

}  // namespace

bool OsMatch::Compile(std::string_view pattern, int flags, std::string* error) {
  alts_.clear();
  negate_ = false;
  if (size_t nul = pattern.find('\0'); nul != std::string_view::npos) pattern = pattern.substr(0, nul);
  if (pattern.size() > kMaxPatternSize) {
    if (error) *error = "pattern longer than 20480 bytes";
    return false;
  }
  if (!pattern.empty() && pattern.front() == '!') {
    negate_ = true;
    pattern.remove_prefix(1);
  }
  std::string text(pattern);
  if (!(flags & kCaseSensitive)) {
    for (char& c : text) c = static_cast<char>(kAsciiLower[static_cast<unsigned char>(c)]);
  }
  size_t start = 0;
  while (true) {
    size_t stop = text.find('|', start);
    if (stop == std::string::npos) stop = text.size();
    std::string_view alt(text.data() + start, stop - start);
    const bool caret = !alt.empty() && alt.front() == '^';
    const bool dollar = !alt.empty() && alt.back() == '$';
    if (caret && dollar && alt.size() >= 2) {  // "^X$"
      alts_.push_back({Kind::kExact, std::string(alt.substr(1, alt.size() - 2)), false});
    } else if (alt.empty()) {
      alts_.push_back({Kind::kAlways, "", false});
    } else if (dollar) {  // "X$" (also "$" alone, which is always true)
      alts_.push_back({Kind::kSuffix, std::string(alt.substr(0, alt.size() - 1)), false});
    } else if (caret) {  // "^X" (also "^" alone, which is always true)
      alts_.push_back({Kind::kPrefix, std::string(alt.substr(1)), false});
    } else {
      alts_.push_back({Kind::kContains, std::string(alt), NeverContained(std::string(alt))});
    }
    if (stop == text.size()) break;
    start = stop + 1;
  }
  return true;
}

bool OsMatch::Match(const char* subject) const {
  if (subject == nullptr) return false;
  const auto* str = reinterpret_cast<const unsigned char*>(subject);
  const size_t len = std::strlen(subject);
  for (const Alt& alt : alts_) {
    const auto* pat = reinterpret_cast<const unsigned char*>(alt.text.c_str());
    bool hit = false;
    switch (alt.kind) {
      case Kind::kAlways:
        hit = true;
        break;
      case Kind::kExact:
        hit = alt.text.size() == len && CaseEqualN(pat, str, len);
        break;
      case Kind::kPrefix:
        hit = CaseEqualN(pat, str, alt.text.size());
        break;
      case Kind::kSuffix:
        hit = len >= alt.text.size() && CaseEqualN(pat, str + (len - alt.text.size()), alt.text.size());
        break;
      case Kind::kContains:
        hit = !alt.never && Contains(alt.text, str, len);
        break;
    }
    if (hit) return !negate_;
  }
  return negate_;
}

std::bitset<256> OsMatch::FirstBytes() const {
  std::bitset<256> set;
  if (negate_) return set.set();
  for (const Alt& alt : alts_) {
    const bool anchored = alt.kind == Kind::kExact || alt.kind == Kind::kPrefix;
    if (!anchored || (alt.kind == Kind::kPrefix && alt.text.empty())) return set.set();
    if (alt.text.empty()) {  // "^$": only the empty subject
      set.set(0);
      continue;
    }
    // CaseEqualN compares both first bytes through kAsciiLower.
    const unsigned char first = kAsciiLower[static_cast<unsigned char>(alt.text[0])];
    for (int b = 0; b < 256; ++b) {
      if (kAsciiLower[b] == first) set.set(b);
    }
  }
  return set;
}

bool OsMatch::ExactKeys(std::vector<std::string>* keys) const {
  keys->clear();
  if (negate_ || alts_.empty()) return false;
  for (const Alt& alt : alts_) {
    if (alt.kind != Kind::kExact) return false;
    std::string key = alt.text;
    for (char& c : key) c = static_cast<char>(kAsciiLower[static_cast<unsigned char>(c)]);
    keys->push_back(std::move(key));
  }
  return true;
}

namespace {

// _InternalMatch of OS_WordMatch on the alternative pattern[0, size), where pattern[size] is the
// byte that ended it ('|' or the end). `at` reads both strings as NUL-terminated.
bool WordAlternative(std::string_view pattern, size_t size, std::string_view subject) {
  auto pat = [&](size_t i) -> unsigned char {
    return i < pattern.size() ? static_cast<unsigned char>(pattern[i]) : 0;
  };
  auto str = [&](size_t i) -> unsigned char {
    return i < subject.size() ? static_cast<unsigned char>(subject[i]) : 0;
  };
  const unsigned char last = pat(size);
  if (pat(0) == '\0') return true;
  if (pat(0) == '^') {  // strncasecmp(pattern + 1, subject, size - 1)
    for (size_t i = 0; i + 1 < size; ++i) {
      if (kAsciiLower[pat(i + 1)] != kAsciiLower[str(i)]) return false;
      if (pat(i + 1) == '\0') return true;
    }
    return true;
  }
  if (str(0) == '\0') return false;
  // Naive search; the alternative ends where the pattern reaches `last`.
  for (size_t st = 0; str(st) != '\0'; ++st) {
    if (kAsciiLower[str(st)] != kAsciiLower[pat(0)]) continue;
    size_t i = 1;
    size_t j = st + 1;
    bool mismatch = false;
    while (pat(i) != last) {
      if (str(j) == '\0') return false;
      if (kAsciiLower[pat(i)] != kAsciiLower[str(j)]) {
        mismatch = true;
        break;
      }
      ++i;
      ++j;
    }
    if (!mismatch) return true;
  }
  return false;
}

}  // namespace

bool WordMatch(std::string_view pattern, std::string_view subject) {
  if (size_t nul = pattern.find('\0'); nul != std::string_view::npos) pattern = pattern.substr(0, nul);
  if (size_t nul = subject.find('\0'); nul != std::string_view::npos) subject = subject.substr(0, nul);
  if (pattern.empty()) return false;
  size_t count = 0;
  // The original's do/while: a '|' ends an alternative; an empty tail is an alternative too.
  do {
    if (pattern[count] == '|') {
      if (WordAlternative(pattern, count, subject)) return true;
      pattern.remove_prefix(count + 1);
      count = 0;
      continue;
    }
    ++count;
  } while (count < pattern.size());
  return WordAlternative(pattern, count, subject);
}

WordPattern::WordPattern(std::string_view pattern) : pattern_(pattern) {
  pattern = pattern.substr(0, pattern.find('\0'));
  plain_ = !pattern.empty() && pattern[0] != '^' && pattern.find('|') == std::string_view::npos;
  if (plain_) {
    for (char c : pattern) {
      lowered_ += static_cast<char>(kAsciiLower[static_cast<unsigned char>(c)]);
    }
  }
}

bool WordPattern::Match(std::string_view subject) const {
  if (!plain_) return WordMatch(pattern_, subject);
  // WordAlternative with last = NUL: some start where the whole pattern matches (its early
  // "subject too short" exit only skips starts that cannot fit either).
  subject = subject.substr(0, subject.find('\0'));
  const size_t n = lowered_.size();
  if (subject.size() < n) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(lowered_.data());
  const unsigned char first = p[0];
  const bool alpha = first >= 'a' && first <= 'z';
  const auto* s = reinterpret_cast<const unsigned char*>(subject.data());
  const unsigned char* end = s + (subject.size() - n + 1);  // one past the last possible start
  while (s < end) {
    // The next start whose byte lowercases to the pattern's first byte.
    const auto* a = static_cast<const unsigned char*>(std::memchr(s, first, end - s));
    const unsigned char* b =
        alpha ? static_cast<const unsigned char*>(std::memchr(s, first - 32, (a ? a : end) - s))
              : nullptr;
    const unsigned char* hit = b ? b : a;
    if (hit == nullptr) return false;
    size_t j = 1;
    while (j < n && kAsciiLower[hit[j]] == p[j]) ++j;
    if (j == n) return true;
    s = hit + 1;
  }
  return false;
}

bool WordPattern::MatchLowered(std::string_view subject) const {
  if (!plain_) return WordMatch(pattern_, subject);
  subject = subject.substr(0, subject.find('\0'));
  return memmem(subject.data(), subject.size(), lowered_.data(), lowered_.size()) != nullptr;
}

}  // namespace tripline::match
