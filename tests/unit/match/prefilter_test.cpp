// The OS_Regex literal prefilter never changes a result: random patterns and subjects give the
// same end pointer and captures with the prefilter on and off.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "match/os_regex.h"

namespace tripline::match {
namespace {

TEST(OsRegexPrefilter, SameResultsAsTheUnfilteredScan) {
  std::mt19937 rng(20261204);
  const std::string tokens[] = {"a", "b", "A", "x", " ", "-", ":", "ab", "Ab", "\\w+", "\\d+", "\\s*", "\\S+",
                                "\\.+", "\\d", "\\w*", "(", ")", "|", "^", "$", "\\(", "1", "\xc3\xa9",
                                "+", "*", "\\p", "\\W+", "x$", "\\t", "\\$"};
  const std::string bytes = "abAB1x -:(+*$\t\xc3\xa9";
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  int compared = 0;
  for (int iter = 0; iter < 60000; ++iter) {
    std::string pattern;
    for (int k = pick(7) + 1; k > 0; --k) pattern += tokens[pick(sizeof tokens / sizeof tokens[0])];
    for (int flags : {int{OsRegex::kNone}, int{OsRegex::kCaptures}}) {
      OsRegex re;
      std::string error;
      if (!re.Compile(pattern, flags, &error)) continue;
      for (int j = 0; j < 4; ++j) {
        std::string subject;
        for (int k = pick(12); k > 0; --k) subject += bytes[pick(static_cast<int>(bytes.size()))];
        Captures c1, c2;
        OsRegex::SetPrefilterEnabled(false);
        const char* e1 = re.Match(subject.c_str(), &c1);
        OsRegex::SetPrefilterEnabled(true);
        const char* e2 = re.Match(subject.c_str(), &c2);
        ASSERT_EQ(e1, e2) << "pattern '" << pattern << "' subject '" << subject << "'";
        ASSERT_EQ(c1.count, c2.count) << pattern;
        for (int i = 0; i < c1.count; ++i) ASSERT_EQ(c1.Get(i), c2.Get(i)) << pattern;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 20000);
}

}  // namespace
}  // namespace tripline::match
