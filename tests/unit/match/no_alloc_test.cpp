// The match path must not allocate once warmed up (per-thread PCRE2 scratch is created on the
// first match). Counts glibc malloc/calloc/realloc calls made while matching.
#include <gtest/gtest.h>

#include <string>

#include "match/ip_list.h"
#include "match/pattern.h"

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define TRIPLINE_COUNT_ALLOCS 1
extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
namespace {
thread_local bool t_counting = false;
thread_local long t_allocs = 0;
}  // namespace
extern "C" void* malloc(size_t n) {
  if (t_counting) ++t_allocs;
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t n, size_t size) {
  if (t_counting) ++t_allocs;
  return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, size_t n) {
  if (t_counting) ++t_allocs;
  return __libc_realloc(p, n);
}
#endif

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
