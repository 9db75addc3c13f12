// Pcre2Pattern: a `type="pcre2"` pattern as Wazuh compiles it (docs §3.1): options 0, i.e.
// case-sensitive, non-UTF, default newline. tripline compiles it at load, JIT-compiles it on its
// first match (most patterns of a ruleset never run, and JIT compilation dominates load time),
// and matches with match and depth limits so a hostile pattern cannot hang the engine.
//
// The compiled code is shared between threads: the one-time JIT step runs under a lock, and
// the code is immutable after it. Each thread uses its own match data (thread_local, grown
// once to the largest group count): no allocation per match after a pattern's first one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "match/os_regex.h"  // Captures

namespace tripline::match {

// Bounds of one match (one pcre2_match call, all start positions included); past one of them
// the pattern does not match. Wazuh sets none (PCRE2's defaults: 10 000 000 / 10 000 000).
struct Pcre2Limits {
  uint32_t match_limit = 1000000;  // pcre2_set_match_limit
  uint32_t depth_limit = 10000;    // pcre2_set_depth_limit (interpreter only; JIT: its stack)
};

class Pcre2Pattern {
 public:
  Pcre2Pattern();
  ~Pcre2Pattern();
  Pcre2Pattern(Pcre2Pattern&&) noexcept;
  Pcre2Pattern& operator=(Pcre2Pattern&&) noexcept;

  // Compiles (the JIT step, where available, waits for the first Match). Returns false and
  // sets *error with PCRE2's message and the offset of the problem.
  bool Compile(std::string_view pattern, std::string* error, const Pcre2Limits& limits = {});

  // Matches NUL-terminated `subject`. Returns the end pointer (the last byte of the match) or
  // nullptr when there is no match or a limit was hit. An empty match at offset 0 returns a
  // pointer to an empty string (Wazuh's end is subject - 1, whose byte is NUL in practice).
  // When `caps` is not null it receives groups 1..rc-1 (an unset group in the middle gives "").
  const char* Match(const char* subject, Captures* caps = nullptr) const;

  // Number of times any Pcre2Pattern hit its match, depth or JIT stack limit (process-wide:
  // LimitCounter::kPcre2Limit).
  static uint64_t limit_hits();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tripline::match
