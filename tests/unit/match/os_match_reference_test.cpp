// OsMatch's optimized search agrees with a direct transcription of _OS_Match on random patterns
// and subjects (both case modes): split on '|', '^'/'$' anchors, strncasecmp-style anchored
// compares, and the substring loop that compares each pattern byte with the lowered subject byte.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "match/os_match.h"
#include "match/regex_tables.h"

namespace tripline::match {
namespace {

bool ReferenceMatch(std::string pattern, bool case_sensitive, const std::string& subject) {
  bool negate = false;
  if (!pattern.empty() && pattern[0] == '!') {
    negate = true;
    pattern.erase(0, 1);
  }
  if (!case_sensitive) {
    for (char& c : pattern) c = static_cast<char>(kAsciiLower[static_cast<unsigned char>(c)]);
  }
  auto lower = [](unsigned char c) { return kAsciiLower[c]; };
  const size_t len = subject.size();
  size_t start = 0;
  while (true) {
    size_t stop = pattern.find('|', start);
    if (stop == std::string::npos) stop = pattern.size();
    std::string alt = pattern.substr(start, stop - start);
    bool hit = false;
    const bool caret = !alt.empty() && alt.front() == '^';
    const bool dollar = !alt.empty() && alt.back() == '$';
    auto eq_at = [&](const std::string& t, size_t at) {
      if (at + t.size() > len) return false;
      for (size_t i = 0; i < t.size(); ++i) {
        if (lower(static_cast<unsigned char>(t[i])) != lower(static_cast<unsigned char>(subject[at + i]))) return false;
      }
      return true;
    };
    if (caret && dollar && alt.size() >= 2) {
      const std::string t = alt.substr(1, alt.size() - 2);
      hit = t.size() == len && eq_at(t, 0);
    } else if (alt.empty()) {
      hit = true;
    } else if (dollar) {
      const std::string t = alt.substr(0, alt.size() - 1);
      hit = len >= t.size() && eq_at(t, len - t.size());
    } else if (caret) {
      hit = eq_at(alt.substr(1), 0);
    } else {
      for (size_t i = 0; !hit && i + alt.size() <= len; ++i) {
        size_t j = 0;
        while (j < alt.size() && static_cast<unsigned char>(alt[j]) < 0x80 &&
               static_cast<unsigned char>(alt[j]) == lower(static_cast<unsigned char>(subject[i + j]))) {
          ++j;
        }
        hit = j == alt.size();
      }
    }
    if (hit) return !negate;
    if (stop == pattern.size()) break;
    start = stop + 1;
  }
  return negate;
}

TEST(OsMatchReference, RandomPatternsAgree) {
  std::mt19937 rng(20261207);
  const std::string tokens[] = {"a", "b", "A", "B", "ab", "aB", "Ab", "ba", "-", " ", "|", "^", "$", "!",
                                "\xc3\xa9", "aa", "sshd", "SSHD", "x"};
  const std::string bytes = "abAB -x\xc3\xa9sSdDhH";
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  int matched = 0;
  for (int iter = 0; iter < 30000; ++iter) {
    std::string pattern;
    for (int k = pick(5) + 1; k > 0; --k) pattern += tokens[pick(sizeof tokens / sizeof tokens[0])];
    for (bool cs : {false, true}) {
      OsMatch m;
      std::string error;
      ASSERT_TRUE(m.Compile(pattern, cs ? OsMatch::kCaseSensitive : OsMatch::kNone, &error));
      for (int j = 0; j < 6; ++j) {
        std::string subject;
        for (int k = pick(14); k > 0; --k) subject += bytes[pick(static_cast<int>(bytes.size()))];
        const bool want = ReferenceMatch(pattern, cs, subject);
        ASSERT_EQ(m.Match(subject.c_str()), want) << "pattern '" << pattern << "' cs=" << cs << " subject '" << subject << "'";
        matched += want;
      }
    }
  }
  EXPECT_GT(matched, 50000);
}

}  // namespace
}  // namespace tripline::match
