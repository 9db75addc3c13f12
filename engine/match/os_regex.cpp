// OS_Regex compile and forward scan (docs/wazuh-semantics.md §3.4-3.6). The scan reproduces the
// original algorithm step by step; comments name the step of §3.5 each block implements.
#include "match/os_regex.h"

#include <algorithm>
#include <cstring>

#include "base/limit_counters.h"
#include "match/regex_tables.h"

namespace tripline::match {
namespace {

constexpr size_t kMaxPatternSize = 20480;
constexpr unsigned char kMark = '(';  // both '(' and ')' in the byte code
constexpr unsigned char kClass = '\\';
constexpr std::ptrdiff_t kUnset = PTRDIFF_MIN;
constexpr size_t kPadding = 4;  // NULs after each alternative's byte code

bool IsRepeat(unsigned char b) { return b == '+' || b == '*'; }

// Escape letter -> class code (1..15); 0 for an unknown escape.
unsigned char EscapeCode(unsigned char c) {
  switch (c) {
    case 'd': return 1;
    case 'w': return 2;
    case 's': return 3;
    case 'p': return 4;
    case '(': return 5;
    case ')': return 6;
    case '\\': return 7;
    case 'D': return 8;
    case 'W': return 9;
    case 'S': return 10;
    case '.': return 11;
    case 't': return 12;
    case '$': return 13;
    case '|': return 14;
    case '<': return 15;
    default: return 0;
  }
}

bool ClassHas(unsigned char code, unsigned char byte) { return kRegexClass[code][byte]; }

// The original compares a (signed) pattern char with an unsigned lowercased subject byte, so a
// pattern byte >= 0x80 never matches.
bool LiteralEq(unsigned char pattern_byte, unsigned char subject_byte) {
  return pattern_byte < 0x80 && pattern_byte == kAsciiLower[subject_byte];
}

}  // namespace

namespace {

bool g_prefilter_enabled = true;

// The maximal runs of plain literal bytes in an alternative's byte code, longest first and
// without duplicates: no class tokens (and their '+'/'*'), no marks, no bytes >= 0x80 (which
// never match, see regex_tables.h). The scan can succeed without consuming a last byte that
// directly follows a class (its early return when P[p+3] is NUL, §3.5), so such a byte is left
// out.
std::vector<std::string> LiteralRuns(std::string code) {
  size_t len = code.find('\0');
  if (len == std::string::npos) len = code.size();
  if (len >= 3 && static_cast<unsigned char>(code[len - 3]) == kClass) code.resize(len - 1);
  std::vector<std::string> runs;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && std::find(runs.begin(), runs.end(), cur) == runs.end()) runs.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < code.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(code[i]);
    if (c == '\0') break;
    if (c == kClass) {
      flush();
      ++i;  // class code
      if (i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '*')) ++i;
    } else if (c == kMark || c >= 0x80) {
      flush();
    } else {
      cur += static_cast<char>(c);
    }
  }
  flush();
  std::stable_sort(runs.begin(), runs.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return runs;
}

// True when `needle` (bytes as compiled) occurs in `subject` (`len` bytes) with the subject
// lowercased.
// Candidates for the first byte are found with memchr (both cases of a letter).
bool ContainsLowered(const unsigned char* subject, size_t len, const std::string& needle) {
  const size_t n = needle.size();
  if (n > len) return false;
  const auto first = static_cast<unsigned char>(needle[0]);
  const bool alpha = first >= 'a' && first <= 'z';
  const unsigned char upper = alpha ? static_cast<unsigned char>(first - 32) : first;
  const unsigned char* end = subject + len - n + 1;  // last possible start + 1
  const unsigned char* s = subject;
  while (s < end) {
    const auto* a = static_cast<const unsigned char*>(std::memchr(s, first, end - s));
    const unsigned char* b = alpha ? static_cast<const unsigned char*>(std::memchr(s, upper, (a ? a : end) - s)) : nullptr;
    const unsigned char* hit = b ? b : a;
    if (hit == nullptr) return false;
    size_t k = 1;
    while (k < n && kAsciiLower[hit[k]] == static_cast<unsigned char>(needle[k])) ++k;
    if (k == n) return true;
    s = hit + 1;
  }
  return false;
}

}  // namespace

void OsRegex::SetPrefilterEnabled(bool enabled) { g_prefilter_enabled = enabled; }

uint64_t OsRegex::limit_hits() { return LimitHits(LimitCounter::kOsRegexSteps); }

bool OsRegex::Compile(std::string_view pattern, int flags, std::string* error) {
  alts_.clear();
  flags_ = flags;
  groups_ = 0;
  track_captures_ = false;
  auto fail = [&](std::string message) {
    alts_.clear();
    if (error) *error = std::move(message);
    return false;
  };

  // C string semantics: an embedded NUL ends the pattern.
  if (size_t nul = pattern.find('\0'); nul != std::string_view::npos) pattern = pattern.substr(0, nul);
  if (pattern.size() > kMaxPatternSize) {
    return fail("pattern longer than 20480 bytes");
  }

  // Pass 1: escapes to class codes, ')' to the mark, lowercase, check the parentheses.
  std::string buf(pattern);
  int depth = 0;
  int closes = 0;
  for (size_t i = 0; i < buf.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(buf[i]);
    if (c == kClass) {
      if (i + 1 >= buf.size()) return fail("trailing backslash");
      unsigned char code = EscapeCode(static_cast<unsigned char>(buf[i + 1]));
      if (code == 0) return fail(std::string("unknown escape '\\") + buf[i + 1] + "'");
      buf[++i] = static_cast<char>(code);
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      buf[i] = static_cast<char>(kMark);
      --depth;
      ++closes;
    }
    if (depth < 0) return fail("unbalanced ')'");
    if (depth > 1) return fail("nested '(' (groups cannot nest)");
    if (!(flags & kCaseSensitive)) buf[i] = static_cast<char>(kAsciiLower[static_cast<unsigned char>(buf[i])]);
    if (buf[i] == '|' && depth != 0) return fail("'|' inside a group");
  }
  if (depth != 0) return fail("unbalanced '('");

  // Pass 2: split on '|' (every remaining '|' is at the top level), strip '^' and '$'.
  size_t start = 0;
  while (true) {
    size_t stop = buf.find('|', start);
    if (stop == std::string::npos) stop = buf.size();
    std::string_view text(buf.data() + start, stop - start);
    Alt alt;
    if (!text.empty() && text.front() == '^') {
      alt.begin = true;
      text.remove_prefix(1);
    }
    if (!text.empty() && text.back() == '$') {
      alt.end = true;
      text.remove_suffix(1);
    }
    alt.code.assign(text);
    alt.mark_of.assign(alt.code.size() + kPadding, -1);
    for (size_t i = 0; i < alt.code.size(); ++i) {
      if (static_cast<unsigned char>(alt.code[i]) == kClass) {
        ++i;  // skip the class code
      } else if (static_cast<unsigned char>(alt.code[i]) == kMark) {
        alt.mark_of[i] = static_cast<int16_t>(alt.marks++);
      }
    }
    alt.required = LiteralRuns(alt.code);
    alt.code.append(kPadding, '\0');
    groups_ = std::max(groups_, alt.marks / 2);
    alts_.push_back(std::move(alt));
    if (stop == buf.size()) break;
    start = stop + 1;
  }
  track_captures_ = (flags & kCaptures) && closes > 0;
  return true;
}

// At s = 0 of an anchored alternative the scan consumes an optional leading mark and then tests
// the first token against the first byte; with no hand-off recorded yet, a mismatch of a literal
// or of a class not followed by '*' fails the alternative (BEGIN_SET forbids the restart).
std::bitset<256> OsRegex::FirstBytes() const {
  std::bitset<256> set;
  if (alts_.empty()) return set.set();
  for (const Alt& alt : alts_) {
    const auto* code = reinterpret_cast<const unsigned char*>(alt.code.data());
    size_t p = 0;
    if (code[p] == kMark) ++p;
    if (!alt.begin || code[p] == '\0' || (code[p] == kClass && code[p + 2] == '*')) return set.set();
    set.set(0);  // the empty subject: kept for simplicity
    for (int b = 1; b < 256; ++b) {
      const auto byte = static_cast<unsigned char>(b);
      if (code[p] == kClass ? ClassHas(code[p + 1], byte) : LiteralEq(code[p], byte)) set.set(b);
    }
  }
  return set;
}

std::ptrdiff_t OsRegex::Scan(const Alt& alt, const unsigned char* subject, std::ptrdiff_t* cap) const {
  const unsigned char* pat = reinterpret_cast<const unsigned char*>(alt.code.data());
  const unsigned char* str = subject;
  auto set_mark = [&](std::ptrdiff_t at, std::ptrdiff_t pos) {
    if (!track_captures_) return;
    int m = alt.mark_of[at];
    if (m >= 0 && m < kMaxMarks) cap[m] = pos;
  };

  std::ptrdiff_t p = 0;
  std::ptrdiff_t s = 0;
  std::ptrdiff_t ret = 0;  // the end pointer starts at the subject start
  std::ptrdiff_t restart = kUnset;
  bool rep = false;
  std::ptrdiff_t bt_p[4];
  std::ptrdiff_t bt_s[4];
  bool bt_used[4] = {false, false, false, false};

  uint64_t steps = 0;
  for (s = 0; str[s] != '\0'; ++s) {
    // The scan can take time quadratic (or worse) in the subject length with some patterns;
    // past the step budget it gives up: no match, counted (docs/limits.md).
    if (++steps > kMaxScanSteps) {
      CountLimitHit(LimitCounter::kOsRegexSteps);
      return kUnset;
    }
    // A. End of pattern, or one group mark.
    if (pat[p] == '\0') {
      if (!alt.end) return ret;
    } else if (pat[p] == kMark) {
      set_mark(p, s);
      ++p;
      if (pat[p] == '\0' && !alt.end) return ret;
    }

    // B. A class token.
    if (pat[p] == kClass) {
      if (ClassHas(pat[p + 1], str[s])) {
        std::ptrdiff_t q = p + 2;
        if (!IsRepeat(pat[q])) {  // single class
          p = q;
          if (restart == kUnset) restart = s;
          ret = s;
          continue;
        }
        if (pat[q] == '*') rep = true;
        if (rep) {  // inside the repetition: try to hand over to the next token
          ++q;
          int ok = -1;
          if (pat[q] == kMark) ++q;
          if (pat[q] == '\0') {
            ok = 1;
          } else if (pat[q] == kClass) {
            if (ClassHas(pat[q + 1], str[s])) ok = IsRepeat(pat[q + 2]) ? 0 : 2;
          } else if (LiteralEq(pat[q], str[s])) {
            rep = false;
            ok = 1;
          }
          if (ok >= 0) {
            if (pat[q - 1] == kMark) set_mark(q - 1, (rep && ok == 1) ? s + 1 : s);
            if (pat[q] == '\0') continue;  // the end pointer is not updated here
            q += ok;
            for (int i = 0; i < 4; ++i) {  // remember the hand-off in the lowest free slot
              if (!bt_used[i]) {
                bt_used[i] = true;
                bt_p[i] = p;
                bt_s[i] = s;
                break;
              }
            }
            p = q;
          }
        } else {  // first byte of a '+' repetition
          if (pat[p + 3] == kMark) set_mark(p + 3, str[s + 1] == '\0' ? s + 1 : s);
          rep = true;
        }
        ret = s;
        continue;
      }
      // The class does not match this byte.
      if ((pat[p + 2] == '\0' || pat[p + 3] == '\0') && rep && ret != kUnset) {
        ret = s;  // the first non-matching byte
        if (!alt.end) return ret;
      } else if (pat[p + 2] == '+' && rep) {  // leave the repetition, re-test this byte
        p += 3;
        --s;
        rep = false;
        continue;
      } else if (pat[p + 2] == '*') {
        p += 3;
        --s;
        ret = s;
        rep = false;
        continue;
      }
      rep = false;
    } else if (LiteralEq(pat[p], str[s])) {
      ++p;
      if (restart == kUnset) restart = s;
      ret = s;
      continue;
    }

    // FAIL: resume at the newest hand-off point, else restart the alternative.
    int slot = -1;
    for (int i = 3; i >= 0; --i) {
      if (bt_used[i]) {
        slot = i;
        break;
      }
    }
    if (slot >= 0) {
      bt_used[slot] = false;
      p = bt_p[slot];
      s = bt_s[slot];
      continue;
    }
    if (alt.begin) return kUnset;
    if (restart != kUnset) {
      s = restart;
      restart = kUnset;
    }
    p = 0;
    ret = kUnset;
  }

  // Subject exhausted: a group still open may close at the end.
  if (track_captures_) {
    while (pat[p] != kMark && pat[p] != '\0') {
      if (pat[p] == kClass && pat[p + 2] == '*') {
        p += 3;
      } else {
        break;
      }
    }
    if (pat[p] == kMark) set_mark(p, s);
  }

  // Success rules, evaluated left to right with p advancing as in the original.
  auto end_of_pattern = [&]() {
    if (pat[p] == kMark) ++p;
    return pat[p] == '\0';
  };
  bool success = end_of_pattern();
  if (!success && pat[p] == kClass && rep) {
    p += 2;
    if (IsRepeat(pat[p])) {
      ++p;
      if (end_of_pattern()) {
        success = true;
      } else if (pat[p] == kClass) {
        p += 2;
        if (pat[p] == '*') {
          ++p;
          success = end_of_pattern();
        }
      }
    }
  }
  if (!success && pat[p] == kClass) {
    p += 2;
    if (pat[p] == '*') {
      ++p;
      success = end_of_pattern();
    }
  }
  return success ? ret : kUnset;
}

const char* OsRegex::Match(const char* subject, Captures* caps) const {
  if (caps) caps->count = 0;
  if (subject == nullptr) return nullptr;
  const auto* str = reinterpret_cast<const unsigned char*>(subject);
  std::ptrdiff_t cap[kMaxMarks];
  size_t len = SIZE_MAX;  // strlen(subject), computed when the prefilter first needs it
  for (const Alt& alt : alts_) {
    const int marks = std::min(alt.marks, kMaxMarks);
    if (track_captures_) {
      for (int i = 0; i < marks; ++i) cap[i] = kUnset;
    }
    if (g_prefilter_enabled) {
      // An anchored alternative that starts with a literal needs that byte first.
      const auto c0 = static_cast<unsigned char>(alt.code[0]);
      if (alt.begin && c0 != kClass && c0 != kMark && c0 != '\0' && (c0 >= 0x80 || kAsciiLower[str[0]] != c0)) continue;
      if (!alt.required.empty()) {
        if (len == SIZE_MAX) len = std::strlen(subject);
        bool present = true;
        for (const std::string& run : alt.required) {
          if (!ContainsLowered(str, len, run)) {
            present = false;
            break;
          }
        }
        if (!present) continue;
      }
    }
    std::ptrdiff_t ret = Scan(alt, str, cap);
    if (ret == kUnset) continue;
    if (caps && track_captures_) {
      // Pairs in order; the list stops at the first pair with an unset end.
      int n = 0;
      for (int i = 0; i + 1 < marks && n < Captures::kMax; i += 2) {
        if (cap[i] == kUnset || cap[i + 1] == kUnset) break;
        caps->begin[n] = subject + cap[i];
        // A close before the open crashes the original; report an empty capture instead.
        caps->end[n] = subject + std::max(cap[i], cap[i + 1]);
        ++n;
      }
      caps->count = n;
    }
    return subject + ret;
  }
  return nullptr;
}

}  // namespace tripline::match
