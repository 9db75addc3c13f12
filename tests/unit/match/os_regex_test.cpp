// OS_Regex: syntax and class tables (docs §3.4), the forward-scan consequences (§3.5) and the
// end pointer (§3.6). Expectations are the spec's worked examples, verified against Wazuh.
#include "match/os_regex.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "match/regex_tables.h"

namespace tripline::match {
namespace {

struct Result {
  bool matched = false;
  std::ptrdiff_t end = 0;  // offset of the end pointer (may be -1)
  std::vector<std::string> captures;
};

Result RunRe(const std::string& pattern, const std::string& subject, int flags = OsRegex::kCaptures) {
  OsRegex re;
  std::string error;
  EXPECT_TRUE(re.Compile(pattern, flags, &error)) << pattern << ": " << error;
  Captures caps;
  const char* end = re.Match(subject.c_str(), &caps);
  Result r;
  r.matched = end != nullptr;
  if (r.matched) {
    r.end = end - subject.c_str();
    for (int i = 0; i < caps.count; ++i) r.captures.emplace_back(caps.Get(i));
  }
  return r;
}

// --- §3.4 class tables: every byte value ---------------------------------------------------

// The spec's sets, written independently of the implementation's tables.
bool SpecClass(char cls, int b) {
  const bool digit = b >= '0' && b <= '9';
  const bool word = digit || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '-' || b == '@' || b == '_';
  const std::string punct = "!\"#$%&'()*+,-.:;<=>?[]{|}";
  switch (cls) {
    case 'd': return digit;
    case 'w': return word;
    case 's': return b == 0x20;
    case 'p': return b != 0 && punct.find(static_cast<char>(b)) != std::string::npos;
    case 'W': return !word;
    case 'D': return !digit;
    case 'S': return b != 0x20;
    case '.': return true;
    case 't': return b == 0x09;
  }
  ADD_FAILURE() << "unknown class " << cls;
  return false;
}

class OsRegexClassTest : public ::testing::TestWithParam<char> {};

TEST_P(OsRegexClassTest, MatchesExactlyTheSpecifiedBytes) {
  const char cls = GetParam();
  OsRegex re;
  std::string error;
  ASSERT_TRUE(re.Compile(std::string("^\\") + cls + "$", 0, &error)) << error;
  int members = 0;
  for (int b = 1; b < 256; ++b) {  // a NUL byte cannot be part of a subject
    const char subject[2] = {static_cast<char>(b), '\0'};
    EXPECT_EQ(re.Match(subject) != nullptr, SpecClass(cls, b)) << "\\" << cls << " on byte " << b;
    members += SpecClass(cls, b);
  }
  if (cls == 'p') {
    EXPECT_EQ(members, 25);
  }
}

TEST_P(OsRegexClassTest, TableAgreesForAll256Bytes) {
  const char cls = GetParam();
  const std::string codes = "dwsp()\\DWS.t$|<";
  const int code = static_cast<int>(codes.find(cls)) + 1;
  for (int b = 0; b < 256; ++b) {
    // Byte 0 never reaches the scan (it ends the subject); the table still follows the sets.
    EXPECT_EQ(kRegexClass[code][b], SpecClass(cls, b)) << "\\" << cls << " table at byte " << b;
  }
}

INSTANTIATE_TEST_SUITE_P(AllClasses, OsRegexClassTest,
                         ::testing::Values('d', 'w', 's', 'p', 'W', 'D', 'S', '.', 't'),
                         [](const ::testing::TestParamInfo<char>& info) {
                           switch (info.param) {
                             case 'd': return std::string("d");
                             case 'w': return std::string("w");
                             case 's': return std::string("s");
                             case 'p': return std::string("p");
                             case 'W': return std::string("W_upper");
                             case 'D': return std::string("D_upper");
                             case 'S': return std::string("S_upper");
                             case '.': return std::string("dot");
                             case 't': return std::string("t");
                           }
                           return std::string("x");
                         });

TEST(OsRegexSyntax, LiteralEscapesMatchTheirCharacter) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\\(", "("}, {"\\)", ")"}, {"\\\\", "\\"}, {"\\$", "$"}, {"\\|", "|"}, {"\\<", "<"}};
  for (const auto& [pattern, subject] : cases) {
    EXPECT_TRUE(RunRe("^" + pattern + "$", subject, 0).matched) << pattern;
    EXPECT_FALSE(RunRe("^" + pattern + "$", "x", 0).matched) << pattern;
  }
}

TEST(OsRegexSyntax, OtherBytesAreLiterals) {
  EXPECT_TRUE(RunRe("a.b", "a.b", 0).matched);
  EXPECT_FALSE(RunRe("a.b", "axb", 0).matched);
  EXPECT_TRUE(RunRe("[x]{2}?", "[X]{2}?", 0).matched);
  EXPECT_TRUE(RunRe("a^b$c", "a^b$c", 0).matched);  // ^ and $ only at the alternative's ends
  EXPECT_TRUE(RunRe("a+b", "a+b", 0).matched);      // + after a literal is a literal
  EXPECT_FALSE(RunRe("a+b", "aaab", 0).matched);
  EXPECT_TRUE(RunRe("(x)*", "x*", 0).matched);      // * after ')' is a literal
  EXPECT_TRUE(RunRe("^\\d+$", "123", 0).matched);   // + after a class is a quantifier
}

TEST(OsRegexSyntax, CompileErrors) {
  const std::vector<std::string> bad = {
      "\\", "a\\",            // trailing backslash
      "\\x", "\\n", "\\[", "\\>", "\\+", "\\*", "\\1", "\\Z",  // unknown escapes
      "((a))", "(a(b))",      // nested groups
      "(a|b)", "(abc|def)x",  // '|' inside a group
      "(", ")", "(a", "a)", "(a))", "(\\w+", "\\w+)", "(\\d+)|(",  // unbalanced
      std::string(20481, 'a'),
  };
  for (const auto& pattern : bad) {
    OsRegex re;
    std::string error;
    EXPECT_FALSE(re.Compile(pattern, 0, &error)) << pattern.substr(0, 40);
    EXPECT_FALSE(error.empty()) << pattern.substr(0, 40);
    EXPECT_EQ(re.Match("a"), nullptr);
  }
  OsRegex re;
  std::string error;
  EXPECT_TRUE(re.Compile(std::string(20480, 'a'), 0, &error));
}

TEST(OsRegexSyntax, AlternativesInOrderWithTheirOwnCaptures) {
  Result r = RunRe("^x(\\d+)|^(\\w+)", "abc");
  ASSERT_TRUE(r.matched);
  EXPECT_EQ(r.captures, (std::vector<std::string>{"abc"}));
  r = RunRe("(\\w+)=|(\\w+) ", "ab cd=");
  ASSERT_TRUE(r.matched);
  EXPECT_EQ(r.captures, (std::vector<std::string>{"cd"}));
  OsRegex re;
  std::string error;
  ASSERT_TRUE(re.Compile("(a)|(b)(c)(d)", OsRegex::kCaptures, &error));
  EXPECT_EQ(re.group_count(), 3);
}

TEST(OsRegexSyntax, EmptyAlternativeMatchesEverything) {
  EXPECT_TRUE(RunRe("", "abc", 0).matched);
  EXPECT_TRUE(RunRe("zzz|", "abc", 0).matched);
  EXPECT_TRUE(RunRe("^", "", 0).matched);
  EXPECT_TRUE(RunRe("$", "", 0).matched);
  EXPECT_TRUE(RunRe("^$", "", 0).matched);
  EXPECT_FALSE(RunRe("^$", " ", 0).matched);
  EXPECT_FALSE(RunRe("$", "abc", 0).matched);
}

TEST(OsRegexSyntax, AnchorsAndTrailingNewline) {
  EXPECT_TRUE(RunRe("^abc", "abcdef", 0).matched);
  EXPECT_FALSE(RunRe("^abc", "xabc", 0).matched);
  EXPECT_TRUE(RunRe("def$", "abcdef", 0).matched);
  EXPECT_FALSE(RunRe("def$", "abcdef\n", 0).matched);  // only NUL ends the subject
}

TEST(OsRegexSyntax, CaseInsensitiveAsciiOnly) {
  EXPECT_TRUE(RunRe("ACCEPTED", "accepted", 0).matched);
  EXPECT_TRUE(RunRe("accepted", "ACCEPTED", 0).matched);
  // Pattern bytes >= 0x80 never match (signed comparison in the original), even identical ones.
  EXPECT_FALSE(RunRe("caf\xc3\xa9", "caf\xc3\xa9", 0).matched);
  EXPECT_TRUE(RunRe("^(\\S+)$", "caf\xc3\xa9").matched);
}

TEST(OsRegexSyntax, CaseSensitiveFlagKeepsThePatternButStillLowersTheSubject) {
  EXPECT_TRUE(RunRe("abc", "ABC", OsRegex::kCaseSensitive).matched);
  EXPECT_FALSE(RunRe("ABC", "abc", OsRegex::kCaseSensitive).matched);
  EXPECT_FALSE(RunRe("ABC", "ABC", OsRegex::kCaseSensitive).matched);
}

// --- §3.5 consequences table -----------------------------------------------------------------

struct Consequence {
  std::string pattern;
  std::string subject;
  bool matched;
  std::vector<std::string> captures;
};

TEST(OsRegexScan, ConsequencesTable) {
  const std::vector<Consequence> table = {
      {"(\\S+):(\\S+)", "a:b:c", true, {"a", "b:c"}},
      {"^(\\.+) - (\\.+)$", "a - b - c", true, {"a", "b - c"}},
      {"(\\w+)\\d", "ab12", true, {"ab"}},
      {"(\\w+)(\\d+)", "ab12", false, {}},
      {"(a)(b)", "ab", false, {}},
      {"(\\S+)\\s+(\\S+)$", "one two three", false, {}},
      {"(\\d+)\\.(\\d+)", "v 10.20", true, {"1", ""}},
      {"(\\d+).(\\d+)", "v 10.20", true, {"10", "20"}},
      {"(\\w+) (\\w*)", "ab ", true, {"ab"}},
      {"x=(\\S*)", "x=", true, {}},
      {"\\d*$", "12x", false, {}},
      {"(\\w*)\\s+", "b", true, {"b"}},
      {"a+b", "aaab", false, {}},
  };
  for (const auto& c : table) {
    const Result r = RunRe(c.pattern, c.subject);
    EXPECT_EQ(r.matched, c.matched) << c.pattern << " on '" << c.subject << "'";
    EXPECT_EQ(r.captures, c.captures) << c.pattern << " on '" << c.subject << "'";
  }
}

TEST(OsRegexScan, CrashingCaseOfTheOriginalDoesNotCrash) {
  for (int flags : {0, int{OsRegex::kCaptures}}) {
    OsRegex re;
    std::string error;
    ASSERT_TRUE(re.Compile("\\.+(\\s*)\\s*$", flags, &error));
    Captures caps;
    const char* subject = "- b";
    const char* end = re.Match(subject, &caps);
    for (int i = 0; i < caps.count; ++i) EXPECT_LE(caps.begin[i], caps.end[i]);
    (void)end;
  }
}

TEST(OsRegexScan, AdjacentGroupsCompareTheSecondMarkAsALiteral) {
  const Result r = RunRe("(a)(b)", "a(b");
  EXPECT_TRUE(r.matched);
}

TEST(OsRegexScan, GroupsWithoutCapturesFlagReportNothing) {
  const Result r = RunRe("(\\S+):(\\S+)", "a:b:c", 0);
  EXPECT_TRUE(r.matched);
  EXPECT_TRUE(r.captures.empty());
}

TEST(OsRegexScan, NullSubjectNeverMatches) {
  OsRegex re;
  std::string error;
  ASSERT_TRUE(re.Compile("", 0, &error));
  EXPECT_EQ(re.Match(nullptr), nullptr);
}

TEST(OsRegexScan, ManyGroupsKeepTheFirst256) {
  std::string pattern;
  std::string subject;
  for (int i = 0; i < 300; ++i) {
    pattern += "(\\w)-";
    subject += "x-";
  }
  const Result r = RunRe(pattern, subject);
  ASSERT_TRUE(r.matched);
  EXPECT_EQ(r.captures.size(), static_cast<size_t>(Captures::kMax));
}

// --- §3.6 end pointer --------------------------------------------------------------------------

TEST(OsRegexEndPointer, VerifiedOffsets) {
  struct Case {
    std::string pattern;
    std::string subject;
    std::ptrdiff_t end;
  };
  const std::vector<Case> cases = {
      {"^Accepted", "Accepted password", 7},  // last byte of a literal
      {"abc \\d+", "abc 12345 rest", 9},      // first non-matching byte after a run
      {"a\\d+", "a123", 1},                   // run reaching the end: first byte of the run
      {"port (\\d+)", "port 22 x", 5},        // group closing at the end: first byte of the run
      {"\\d*", "x", -1},                      // \x* failing on its first byte: S - 1
  };
  for (const auto& c : cases) {
    for (int flags : {0, int{OsRegex::kCaptures}}) {
      const Result r = RunRe(c.pattern, c.subject, flags);
      ASSERT_TRUE(r.matched) << c.pattern;
      EXPECT_EQ(r.end, c.end) << c.pattern << " on '" << c.subject << "' flags " << flags;
    }
  }
  EXPECT_EQ(RunRe("port (\\d+)", "port 22 x").captures, (std::vector<std::string>{"22"}));
}

}  // namespace
}  // namespace tripline::match
