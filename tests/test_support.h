// Helpers shared by the test executables: where the reference material is, and file reading.
#pragma once

#include <string>

namespace tripline::testing {

// ../shared beside the source tree (TRIPLINE_SHARED_DIR), or "" when it is absent.
std::string SharedDir();
// ../shared/wazuh-ruleset, or "" when absent.
std::string StockRulesetDir();
std::string SourceDir();
std::string TriplineBinary();
std::string ReadFile(const std::string& path);
// `s` quoted for /bin/sh (single quotes; an embedded ' becomes '\'').
std::string ShellQuote(const std::string& s);

// What a shell command printed on its standard output, and its exit status (-1 when it did not
// exit normally or could not start).
struct CommandResult {
  std::string out;
  int status = -1;
};
// Runs `cmd` with /bin/sh (popen) and collects its standard output.
CommandResult RunCommand(const std::string& cmd);

// True in a ThreadSanitizer build, which runs 5 to 15 times slower: the heaviest threaded tests
// then use a smaller input so they stay within their timeout.
#if defined(__SANITIZE_THREAD__)
inline constexpr bool kThreadSanitizer = true;
#else
inline constexpr bool kThreadSanitizer = false;
#endif

}  // namespace tripline::testing

// Skips the current test (saying why) when the Wazuh stock ruleset is not beside the tree.
#define TRIPLINE_REQUIRE_STOCK_RULESET()                                                    \
  do {                                                                                      \
    if (::tripline::testing::StockRulesetDir().empty())                                     \
      GTEST_SKIP() << "../shared/wazuh-ruleset not found: Wazuh stock ruleset suite skipped"; \
  } while (0)

#define TRIPLINE_REQUIRE_SHARED()                                                 \
  do {                                                                            \
    if (::tripline::testing::SharedDir().empty())                                 \
      GTEST_SKIP() << "../shared not found: reference-data test skipped";         \
  } while (0)
