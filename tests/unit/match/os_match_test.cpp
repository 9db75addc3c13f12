// OS_Match (docs §3.2) and OS_WordMatch (§3.3).
#include "match/os_match.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tripline::match {
namespace {

bool Matches(const std::string& pattern, const char* subject, int flags = OsMatch::kNone) {
  OsMatch m;
  std::string error;
  EXPECT_TRUE(m.Compile(pattern, flags, &error)) << pattern << ": " << error;
  return m.Match(subject);
}

struct Case {
  std::string pattern;
  std::string subject;
  bool matched;
};

TEST(OsMatch, SpecExamples) {
  const std::vector<Case> cases = {
      // Verified in §3.2.
      {"foo\\|bar", "foo\\", true},  // no escaping: "foo\" | "bar"
      {"a||b", "zzz", true},         // empty alternative
      {"^$", "x", false},
      {"\xc3\xa9", "\xc3\x89", false},  // é vs É: ASCII-only folding
      // Alternative kinds.
      {"^abc$", "ABC", true},
      {"^abc$", "abcabc", false},
      {"^$", "", true},
      {"a|", "anything", true},
      {"", "", true},
      {"", "x", true},
      {"abc$", "xxABC", true},
      {"abc$", "bc", false},  // shorter than X
      {"abc$", "abc$", false},
      {"^abc", "ABCdef", true},
      {"^abc", "xabc", false},
      {"^", "", true},
      {"$", "", true},
      {"abc", "xxAbCxx", true},
      {"^Failed password|^Accepted", "Accepted publickey", true},
      // No wildcards: . * ? [ are literals.
      {"a.b", "a.b", true},
      {".", "a", false},
      {"a*b", "b", false},
      {"[x]", "x", false},
      {"a?", "a?", true},
      {"\\w", "a", false},
      {"$HOME", "$HOME", true},     // '$' not at the end is a literal
      {"a^b", "a^b", true},
      {"Failed password", "Failed  password", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Matches(c.pattern, c.subject.c_str()), c.matched) << c.pattern << " on '" << c.subject << "'";
  }
}

TEST(OsMatch, LeadingBangNegatesTheWholePattern) {
  EXPECT_FALSE(Matches("!abc", "xabcx"));
  EXPECT_TRUE(Matches("!abc", "xyz"));
  EXPECT_FALSE(Matches("!abc|xyz", "xyz"));
  EXPECT_TRUE(Matches("a|!b", "!b"));  // only the first byte of the whole pattern negates
  EXPECT_FALSE(Matches("!", "anything"));
}

TEST(OsMatch, SubstringNeverMatchesPatternBytesAbove0x7F) {
  EXPECT_FALSE(Matches("caf\xc3\xa9", "caf\xc3\xa9"));
  EXPECT_TRUE(Matches("^caf\xc3\xa9", "caf\xc3\xa9 ok"));  // prefix/suffix/exact compare bytes
  EXPECT_TRUE(Matches("caf\xc3\xa9$", "un caf\xc3\xa9"));
}

TEST(OsMatch, CaseSensitiveFlagKeepsThePatternButStillLowersTheSubject) {
  EXPECT_TRUE(Matches("abc", "xABCx", OsMatch::kCaseSensitive));
  EXPECT_FALSE(Matches("ABC", "ABC", OsMatch::kCaseSensitive));
  EXPECT_TRUE(Matches("^ABC", "abc", OsMatch::kCaseSensitive));  // strncasecmp either way
}

TEST(OsMatch, LengthLimitAndNullSubject) {
  OsMatch m;
  std::string error;
  EXPECT_FALSE(m.Compile(std::string(20481, 'a'), &error));
  EXPECT_FALSE(error.empty());
  EXPECT_TRUE(m.Compile(std::string(20480, 'a'), &error));
  EXPECT_FALSE(m.Match(nullptr));
  ASSERT_TRUE(m.Compile("!x", &error));
  EXPECT_FALSE(m.Match(nullptr));
}

TEST(WordMatch, SpecExamples) {
  const std::string groups = "syslog,sshd,authentication_failed,";
  EXPECT_TRUE(WordMatch("authentication_failed", groups));
  EXPECT_TRUE(WordMatch("AUTHENTICATION_FAILED", groups));
  EXPECT_TRUE(WordMatch("authentication_failed", "authentication_failed_extra,"));  // substring
  EXPECT_TRUE(WordMatch("invalid_login|sshd", groups));
  EXPECT_TRUE(WordMatch("^syslog", groups));
  EXPECT_FALSE(WordMatch("^sshd", groups));
  EXPECT_FALSE(WordMatch("", groups));
  EXPECT_FALSE(WordMatch("web", groups));
  EXPECT_FALSE(WordMatch("sshd$", groups));  // no '$'
  EXPECT_FALSE(WordMatch("!web", groups));   // no '!'
  EXPECT_FALSE(WordMatch("sshd", ""));
  EXPECT_TRUE(WordMatch("web|", groups));    // a trailing empty alternative is true
}

TEST(WordPattern, SameAsWordMatch) {
  // Random patterns and subjects over a small alphabet (both cases, '|', '^', NUL, a byte
  // >= 0x80) so that matches, near misses and every special case occur often.
  const std::string alphabet = std::string("aAbB_|^,") + '\0' + '\xe9';
  std::mt19937 rng(7);
  auto random_text = [&](size_t max_len) {
    std::string s(rng() % (max_len + 1), ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string pattern = random_text(i % 2 ? 3 : 6);
    const WordPattern prepared(pattern);
    for (int j = 0; j < 8; ++j) {
      const std::string subject = random_text(12);
      const bool expected = WordMatch(pattern, subject);
      ASSERT_EQ(prepared.Match(subject), expected)
          << "pattern '" << pattern << "' subject '" << subject << "'";
      std::string lowered = subject;
      for (char& c : lowered) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      ASSERT_EQ(prepared.MatchLowered(lowered), expected)
          << "pattern '" << pattern << "' lowered subject '" << lowered << "'";
    }
  }
  const std::string groups = "syslog,sshd,Authentication_Failed,";
  EXPECT_TRUE(WordPattern("authentication_FAILED").Match(groups));
  EXPECT_FALSE(WordPattern("authentication_failed,x").Match(groups));
}

}  // namespace
}  // namespace tripline::match
