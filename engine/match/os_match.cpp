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

// _OS_Match: substring search of `pat` in the lowercased subject. The original compares a signed
// pattern char with an unsigned subject byte, so a pattern byte >= 0x80 never matches.
bool Contains(const std::string& pat, const unsigned char* str, size_t len) {
  const size_t n = pat.size();
  if (len < n) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(pat.data());
  for (size_t i = 0; i + n <= len; ++i) {
    size_t j = 0;
    while (j < n && p[j] < 0x80 && p[j] == kAsciiLower[str[i + j]]) ++j;
    if (j == n) return true;
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
      alts_.push_back({Kind::kExact, std::string(alt.substr(1, alt.size() - 2))});
    } else if (alt.empty()) {
      alts_.push_back({Kind::kAlways, ""});
    } else if (dollar) {  // "X$" (also "$" alone, which is always true)
      alts_.push_back({Kind::kSuffix, std::string(alt.substr(0, alt.size() - 1))});
    } else if (caret) {  // "^X" (also "^" alone, which is always true)
      alts_.push_back({Kind::kPrefix, std::string(alt.substr(1))});
    } else {
      alts_.push_back({Kind::kContains, std::string(alt)});
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
        hit = Contains(alt.text, str, len);
        break;
    }
    if (hit) return !negate_;
  }
  return negate_;
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

}  // namespace tripline::match
