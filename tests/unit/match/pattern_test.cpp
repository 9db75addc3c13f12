// Pattern: the typed wrapper (docs §3.1) and the negate rule of rules (§4.4).
#include "match/pattern.h"

#include <gtest/gtest.h>

#include <string>

namespace tripline::match {
namespace {

Pattern Make(PatternType type, const std::string& text, bool negate = false, int flags = 0) {
  Pattern p;
  std::string error;
  EXPECT_TRUE(p.Compile(type, text, negate, flags, &error)) << text << ": " << error;
  return p;
}

TEST(Pattern, ParsesTypeNamesCaseInsensitively) {
  EXPECT_EQ(ParsePatternType("osmatch"), PatternType::kOsMatch);
  EXPECT_EQ(ParsePatternType("OSRegex"), PatternType::kOsRegex);
  EXPECT_EQ(ParsePatternType("PCRE2"), PatternType::kPcre2);
  EXPECT_EQ(ParsePatternType("pcre"), std::nullopt);
  EXPECT_EQ(ParsePatternType(""), std::nullopt);
  for (auto t : {PatternType::kOsMatch, PatternType::kOsRegex, PatternType::kPcre2}) {
    EXPECT_EQ(ParsePatternType(PatternTypeName(t)), t);
  }
  EXPECT_EQ(PatternTypeName(PatternType::kString), "string");
}

TEST(Pattern, NullSubjectFailsWhateverNegateSays) {
  for (auto t : {PatternType::kOsMatch, PatternType::kOsRegex, PatternType::kPcre2, PatternType::kString}) {
    EXPECT_FALSE(Make(t, "x", false).Matches(nullptr));
    EXPECT_FALSE(Make(t, "x", true).Matches(nullptr));
    EXPECT_EQ(Make(t, "x").MatchEnd(nullptr, nullptr), nullptr);
  }
}

TEST(Pattern, NegateInvertsAMatchOnAPresentSubject) {
  EXPECT_TRUE(Make(PatternType::kOsMatch, "abc").Matches("xabc"));
  EXPECT_FALSE(Make(PatternType::kOsMatch, "abc", true).Matches("xabc"));
  EXPECT_TRUE(Make(PatternType::kOsMatch, "abc", true).Matches("xyz"));
  EXPECT_TRUE(Make(PatternType::kOsRegex, "^\\d+$", true).Matches("12a"));
  EXPECT_FALSE(Make(PatternType::kPcre2, "^\\d+$", true).Matches("12"));
}

TEST(Pattern, StringIsExactCaseSensitiveEquality) {
  const Pattern p = Make(PatternType::kString, "abc");
  EXPECT_TRUE(p.Matches("abc"));
  EXPECT_FALSE(p.Matches("ABC"));
  EXPECT_FALSE(p.Matches("abc "));
  EXPECT_FALSE(p.Matches("xabcx"));
  EXPECT_FALSE(Make(PatternType::kString, "").Matches("x"));
  EXPECT_TRUE(Make(PatternType::kString, "").Matches(""));
  EXPECT_FALSE(Make(PatternType::kString, "a|b").Matches("a"));
}

TEST(Pattern, MatchEndPerType) {
  const char* subject = "port 22 x";
  Captures caps;
  EXPECT_EQ(Make(PatternType::kOsMatch, "port").MatchEnd(subject, &caps), subject);
  EXPECT_EQ(caps.count, 0);
  EXPECT_EQ(Make(PatternType::kString, "port 22 x").MatchEnd(subject, &caps), subject);
  EXPECT_EQ(Make(PatternType::kOsRegex, "port (\\d+)", false, OsRegex::kCaptures).MatchEnd(subject, &caps),
            subject + 5);
  ASSERT_EQ(caps.count, 1);
  EXPECT_EQ(caps.Get(0), "22");
  EXPECT_EQ(Make(PatternType::kPcre2, "port (\\d+)").MatchEnd(subject, &caps), subject + 6);
  ASSERT_EQ(caps.count, 1);
  EXPECT_EQ(caps.Get(0), "22");
  // MatchEnd ignores negate.
  EXPECT_EQ(Make(PatternType::kOsMatch, "port", true).MatchEnd(subject, nullptr), subject);
}

TEST(Pattern, CompileErrorsAreReported) {
  Pattern p;
  std::string error;
  EXPECT_FALSE(p.Compile(PatternType::kOsRegex, "(a|b)", false, 0, &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(p.Matches("a"));
  error.clear();
  EXPECT_FALSE(p.Compile(PatternType::kPcre2, "(", true, 0, &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(p.Matches("a"));
  EXPECT_EQ(p.text(), "(");
  EXPECT_TRUE(p.negate());
  EXPECT_EQ(p.type(), PatternType::kPcre2);
}

TEST(Pattern, IsMovable) {
  Pattern a = Make(PatternType::kPcre2, "(b+)");
  Pattern b = std::move(a);
  Captures caps;
  EXPECT_NE(b.MatchEnd("abbc", &caps), nullptr);
  ASSERT_EQ(caps.count, 1);
  EXPECT_EQ(caps.Get(0), "bb");
}

}  // namespace
}  // namespace tripline::match
