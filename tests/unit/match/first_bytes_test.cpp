// The facts the decoder candidate index relies on: a subject whose first byte is outside
// Pattern::FirstBytes() never matches, and Pattern::ExactKeys() describes exactly the
// subjects an exact-only osmatch pattern accepts. Checked on random patterns and subjects and
// on every recorded Wazuh pattern case.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "match/pattern.h"
#include "match/regex_tables.h"
#include "test_support.h"

namespace tripline::match {
namespace {

std::string Lowered(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(kAsciiLower[static_cast<unsigned char>(c)]);
  return out;
}

// Checks both contracts for one compiled pattern and subject; returns whether it matched.
bool Check(const Pattern& p, const std::string& subject) {
  Captures caps;
  const bool matched = p.MatchEnd(subject.c_str(), &caps) != nullptr;
  const auto first = static_cast<unsigned char>(subject.c_str()[0]);
  if (matched) {
    EXPECT_TRUE(p.FirstBytes().test(first))
        << PatternTypeName(p.type()) << " pattern '" << p.text() << "' subject '" << subject << "'";
  }
  std::vector<std::string> keys;
  if (p.ExactKeys(&keys)) {
    const std::string name = Lowered(std::string(subject.c_str()));
    const bool listed = std::find(keys.begin(), keys.end(), name) != keys.end();
    EXPECT_EQ(p.Matches(subject.c_str()), listed) << "pattern '" << p.text() << "' subject '" << subject << "'";
  }
  return matched;
}

TEST(FirstBytes, RandomOsRegexPatternsNeverMatchOutsideTheSet) {
  std::mt19937 rng(20261205);
  const std::string tokens[] = {"^", "^", "^a", "^\\d", "^\\w+", "^(", "^\\s*", "^\\S+", "^A", "^\\p",
                                "a", "b", "A", "x", " ", "-", ":", "ab", "\\w+", "\\d+", "\\s*", "\\S+",
                                "\\.+", "\\d", "\\w*", "(", ")", "|", "$", "\\(", "1", "\xc3\xa9", "+",
                                "*", "\\W+", "\\t", "\\$", "|^", "|^b", "|^\\d"};
  const std::string bytes = "abAB1x -:(+*$\t\xc3\xa9";
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  int matched = 0;
  for (int iter = 0; iter < 40000; ++iter) {
    std::string text;
    for (int k = pick(6) + 1; k > 0; --k) text += tokens[pick(sizeof tokens / sizeof tokens[0])];
    for (int flags : {int{OsRegex::kNone}, int{OsRegex::kCaptures}, int{OsRegex::kCaseSensitive}}) {
      Pattern p;
      std::string error;
      if (!p.Compile(PatternType::kOsRegex, text, false, flags, &error)) continue;
      for (int j = 0; j < 6; ++j) {
        std::string subject;
        for (int k = pick(10); k > 0; --k) subject += bytes[pick(static_cast<int>(bytes.size()))];
        matched += Check(p, subject);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GT(matched, 20000);
}

TEST(FirstBytes, RandomOsMatchPatternsAndExactKeys) {
  std::mt19937 rng(20261206);
  const std::string tokens[] = {"^", "$", "|", "!", "a", "B", "ab", "sshd", "SSHD", "^sshd$", "^su$",
                                "-", "\xc3\xa9", "^x", "x$", "^$", "|^a$", "|^ab$"};
  const std::string words[] = {"", "a", "A", "ab", "AB", "sshd", "SsHd", "su", "x", "xab", "abx", "\xc3\xa9", "-"};
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  int exact = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    for (int k = pick(4) + 1; k > 0; --k) text += tokens[pick(sizeof tokens / sizeof tokens[0])];
    for (int flags : {int{OsMatch::kNone}, int{OsMatch::kCaseSensitive}}) {
      Pattern p;
      std::string error;
      if (!p.Compile(PatternType::kOsMatch, text, false, flags, &error)) continue;
      std::vector<std::string> keys;
      exact += p.ExactKeys(&keys);
      for (int j = 0; j < 6; ++j) {
        std::string subject = words[pick(sizeof words / sizeof words[0])];
        if (pick(2)) subject += words[pick(sizeof words / sizeof words[0])];
        Check(p, subject);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GT(exact, 1000);
}

TEST(FirstBytes, EveryRecordedMatchingCaseIsInTheSet) {
  TRIPLINE_REQUIRE_SHARED();
  const std::string path = testing::SharedDir() + "/conformance/patterns-dev.jsonl";
  std::ifstream in(path, std::ios::binary);
  if (!in) GTEST_SKIP() << path << " not found";
  int checked = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto c = nlohmann::json::parse(line);
    const std::string type = c["type"];
    const std::string base = type.substr(0, type.find('+'));
    PatternType t = PatternType::kString;
    if (base != "string") t = *ParsePatternType(base);
    int flags = 0;
    if (type.find("+c") != std::string::npos) flags |= OsRegex::kCaseSensitive;
    if (type.find("+s") != std::string::npos && t == PatternType::kOsRegex) flags |= OsRegex::kCaptures;
    Pattern p;
    std::string error;
    if (!p.Compile(t, c["pattern"].get<std::string>(), false, flags, &error)) continue;
    Check(p, c["subject"].get<std::string>());
    ++checked;
  }
  EXPECT_GT(checked, 500);
}

}  // namespace
}  // namespace tripline::match
