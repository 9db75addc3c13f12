// The match path must not allocate once warmed up (per-thread PCRE2 scratch is created on the
// first match). Counts glibc malloc/calloc/realloc calls made while matching.
#include <gtest/gtest.h>

#include <string>

#include "match/ip_list.h"
#include "match/pattern.h"

#include "alloc_counter.h"

namespace tripline::match {
namespace {

TEST(NoAllocation, MatchingDoesNotAllocateInSteadyState) {
#ifndef TRIPLINE_COUNT_ALLOCS
  GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
#else
  std::string error;
  Pattern regex, pcre, pcre_heavy, osmatch, literal;
  ASSERT_TRUE(regex.Compile(PatternType::kOsRegex, "^Failed \\S+ for (\\S+) from (\\S+) port (\\d+)|^x(\\w*)",
                            false, OsRegex::kCaptures, &error));
  ASSERT_TRUE(pcre.Compile(PatternType::kPcre2, "^Failed (\\S+) for (?:invalid user )?(\\S+) from (\\S+)", false,
                           0, &error));
  ASSERT_TRUE(pcre_heavy.Compile(PatternType::kPcre2, "^(a+)+$", false, 0, &error));
  ASSERT_TRUE(osmatch.Compile(PatternType::kOsMatch, "Failed password|ssh2$|^Failed", true, 0, &error));
  ASSERT_TRUE(literal.Compile(PatternType::kString, "Failed", false, 0, &error));
  IpList ips;
  ASSERT_TRUE(ips.Add("!10.0.0.0/8", &error));
  ASSERT_TRUE(ips.Add("2001:db8::/32", &error));

  const char* line = "Failed password for root from 10.0.0.5 port 22 ssh2";
  const char* heavy = "aaaaaaaaaaaa!";  // backtracks, then fails
  Captures caps;
  auto run = [&] {
    long hits = 0;
    hits += regex.MatchEnd(line, &caps) != nullptr;
    hits += pcre.MatchEnd(line, &caps) != nullptr;
    hits += pcre_heavy.Matches(heavy);
    hits += osmatch.Matches(line);
    hits += literal.Matches(line);
    hits += ips.Contains("10.1.1.1") + ips.Contains("2001:db8::1");
    return hits;
  };
  run();  // warm-up: creates this thread's PCRE2 match data and JIT stack
  t_allocs = 0;
  t_counting = true;
  long hits = 0;
  for (int i = 0; i < 1000; ++i) hits += run();
  t_counting = false;
  EXPECT_EQ(t_allocs, 0);
  EXPECT_EQ(hits, 1000 * 2);  // regex and pcre match; the others are negated or miss
#endif
}

}  // namespace
}  // namespace tripline::match
