// Pcre2Pattern (docs §3.1): options 0, end pointer, captures, limits, threads.
#include "match/pcre2_pattern.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace tripline::match {
namespace {

Pcre2Pattern Compiled(const std::string& pattern) {
  Pcre2Pattern p;
  std::string error;
  EXPECT_TRUE(p.Compile(pattern, &error)) << pattern << ": " << error;
  return p;
}

std::vector<std::string> CapturesOf(const Pcre2Pattern& p, const char* subject, bool* matched) {
  Captures caps;
  *matched = p.Match(subject, &caps) != nullptr;
  std::vector<std::string> out;
  for (int i = 0; i < caps.count; ++i) out.emplace_back(caps.Get(i));
  return out;
}

TEST(Pcre2Pattern, OptionsZero) {
  EXPECT_EQ(Compiled("abc").Match("ABC"), nullptr);          // case-sensitive
  EXPECT_NE(Compiled("(?i)abc").Match("ABC"), nullptr);
  EXPECT_NE(Compiled("x$").Match("abcx\n"), nullptr);       // $ before a final newline
  EXPECT_EQ(Compiled("a.b").Match("a\nb"), nullptr);        // . excludes newline
  EXPECT_EQ(Compiled("(?i)caf\xc3\xa9").Match("CAF\xc3\x89"), nullptr);  // not UTF
  bool matched = false;
  EXPECT_EQ(CapturesOf(Compiled("^(.)(.)$"), "\xc3\xa9", &matched),
            (std::vector<std::string>{"\xc3", "\xa9"}));
  EXPECT_TRUE(matched);
}

TEST(Pcre2Pattern, EndPointerIsTheLastByteOfTheMatch) {
  const char* subject = "xabcx";
  EXPECT_EQ(Compiled("abc").Match(subject), subject + 3);
  const char* s2 = "abc";
  EXPECT_EQ(Compiled("(?=c)").Match(s2), s2 + 1);  // empty match at 2: the byte before
  const char* empty_at_0 = Compiled("x*").Match(s2);
  ASSERT_NE(empty_at_0, nullptr);                  // Wazuh: subject - 1, whose byte is NUL
  EXPECT_EQ(*empty_at_0, '\0');
  EXPECT_NE(Compiled("").Match(""), nullptr);
}

TEST(Pcre2Pattern, CapturesAreGroupsOneToRcMinusOne) {
  bool matched = false;
  EXPECT_EQ(CapturesOf(Compiled("(a)|(b)"), "b", &matched), (std::vector<std::string>{"", "b"}));
  EXPECT_TRUE(CapturesOf(Compiled("(a)?b"), "b", &matched).empty());  // trailing unset group
  EXPECT_TRUE(matched);
  EXPECT_EQ(CapturesOf(Compiled("(a)(b)?(c)"), "ac", &matched), (std::vector<std::string>{"a", "", "c"}));
  EXPECT_EQ(CapturesOf(Compiled("^Failed (\\S+) for (?:invalid user )?(\\S+) from (\\S+) port (\\d+)"),
                       "Failed password for invalid user x from 1.2.3.4 port 22 ssh2", &matched),
            (std::vector<std::string>{"password", "x", "1.2.3.4", "22"}));
  EXPECT_TRUE(CapturesOf(Compiled("(x)"), "abc", &matched).empty());
  EXPECT_FALSE(matched);
}

TEST(Pcre2Pattern, CompileErrorsNameTheProblemAndOffset) {
  for (const char* bad : {")", "[", "(?P<", "*a", "a**", "\\k<zz>", "[z-a]", "(?", "a{2}{3}"}) {
    Pcre2Pattern p;
    std::string error;
    EXPECT_FALSE(p.Compile(bad, &error)) << bad;
    EXPECT_NE(error.find("offset"), std::string::npos) << error;
    EXPECT_EQ(p.Match("a"), nullptr);
  }
}

TEST(Pcre2Pattern, MatchLimitStopsCatastrophicBacktracking) {
  Pcre2Pattern p;
  std::string error;
  Pcre2Limits limits;
  limits.match_limit = 1000;
  ASSERT_TRUE(p.Compile("^(a+)+$", &error, limits)) << error;
  const uint64_t before = Pcre2Pattern::limit_hits();
  const std::string subject = std::string(40, 'a') + "!";
  EXPECT_EQ(p.Match(subject.c_str()), nullptr);
  EXPECT_GT(Pcre2Pattern::limit_hits(), before);
}

TEST(Pcre2Pattern, DefaultLimitsStopCatastrophicPatternsOnA64KLineQuickly) {
  // docs/limits.md: with the default Pcre2Limits, classic catastrophic patterns on a line of
  // 65,000 'a' and a final '!' stop at a limit (counted once) well within two seconds.
  const std::string line = std::string(65000, 'a') + "!";
  for (const char* pattern : {"(a+)+$", "(a|aa)+$", "(?:a|a)*$", "a*a*a*a*a*$", "(?=(a+)+$)"}) {
    SCOPED_TRACE(pattern);
    const Pcre2Pattern p = Compiled(pattern);
    const uint64_t before = Pcre2Pattern::limit_hits();
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(p.Match(line.c_str()), nullptr);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(Pcre2Pattern::limit_hits(), before + 1);
    EXPECT_LT(elapsed, std::chrono::seconds(2));
  }
  // The limits do not stop these patterns where they match.
  EXPECT_NE(Compiled("(a+)+$").Match("aaaa"), nullptr);
  EXPECT_NE(Compiled("(a|aa)+$").Match(std::string(200, 'a').c_str()), nullptr);
}

TEST(Pcre2Pattern, NullSubjectAndEmptyPattern) {
  EXPECT_EQ(Compiled("a").Match(nullptr), nullptr);
  Pcre2Pattern never_compiled;
  EXPECT_EQ(never_compiled.Match("a"), nullptr);
}

TEST(Pcre2Pattern, ManyThreadsShareOnePattern) {
  const Pcre2Pattern small = Compiled("(\\d+)");
  const Pcre2Pattern wide = Compiled("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(q)(r)(s)(t)");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        Captures caps;
        const std::string digits = std::to_string(i * (t + 1));
        if (small.Match(("x" + digits).c_str(), &caps) == nullptr || caps.count != 1 || caps.Get(0) != digits) {
          ++failures[t];
        }
        if (wide.Match("abcdefghijklmnopqrst", &caps) == nullptr || caps.count != 20 || caps.Get(19) != "t") {
          ++failures[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

TEST(Pcre2Pattern, FirstMatchRacesFromManyThreads) {
  // The JIT step runs on a pattern's first match: threads released together all make a first
  // match on the same fresh patterns, and must all see the right results.
  std::vector<Pcre2Pattern> patterns;
  for (int i = 0; i < 200; ++i) patterns.push_back(Compiled("^k" + std::to_string(i) + "=(\\w+)$"));
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < 200; ++i) {
        Captures caps;
        const std::string value = "v" + std::to_string(t);
        const std::string line = "k" + std::to_string(i) + "=" + value;
        if (patterns[i].Match(line.c_str(), &caps) == nullptr || caps.Get(0) != value) ++failures[t];
        if (patterns[i].Match(("k" + std::to_string(i + 1) + "=x").c_str()) != nullptr) ++failures[t];
      }
    });
  }
  go.store(true);
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace tripline::match
