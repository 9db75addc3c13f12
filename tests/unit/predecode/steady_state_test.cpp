// Pre-decoding into a reused Event allocates nothing once its buffers have grown.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "predecode_test_util.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Counting replacements of the global allocation functions (for this test binary only).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace tripline::predecode_test {
namespace {

TEST(SteadyState, ReusedEventDoesNotAllocate) {
  const std::vector<std::string> framed = {
      FrameMessage("/var/log/auth.log", "Dec 29 10:00:01 myhost sshd[123]: Accepted publickey for root"),
      FrameMessage("[001] (web01) 10.0.0.5->/var/log/secure", "Dec 29 10:00:01 h su(pam_unix)[2]: x"),
      FrameMessage("apache", "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok"),
      FrameMessage("asl", "[Time 2006.12.28 15:53:55 UTC] [Sender sshd] [Message m] [Host mac]"),
      FrameMessage("squid", "1140804070.368  11623 10.105.21.199 TCP_MISS/200 1538 GET http://x/ -"),
      FrameMessage("json", "{\"a\":1}"),
  };
  const PredecodeOptions opts = ManagerOptions();
  Event ev;
  for (const std::string& f : framed) ASSERT_TRUE(Predecode(f, opts, &ev));
  for (const std::string& f : framed) ASSERT_TRUE(Predecode(f, opts, &ev));

  const long probe = g_allocations.load();
  void* volatile block = ::operator new(64);
  ::operator delete(block);
  ASSERT_EQ(g_allocations.load() - probe, 1) << "the allocation counter is not in effect";

  const long before = g_allocations.load();
  for (int round = 0; round < 10; ++round) {
    for (const std::string& f : framed) {
      if (!Predecode(f, opts, &ev)) std::abort();
    }
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
}

}  // namespace
}  // namespace tripline::predecode_test
