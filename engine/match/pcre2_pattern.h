// Pcre2Pattern: a `type="pcre2"` pattern as Wazuh compiles it (docs §3.1): options 0, i.e.
// case-sensitive, non-UTF, default newline. tripline JIT-compiles it once at load and matches
// with match and depth limits so a hostile pattern cannot hang the engine.
//
// The compiled code is immutable and shared between threads; each thread uses its own match
// data (thread_local, grown once to the largest group count): no allocation per match.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "match/os_regex.h"  // Captures

namespace tripline::match {

struct Pcre2Limits {
  uint32_t match_limit = 1000000;  // pcre2_set_match_limit
  uint32_t depth_limit = 10000;    // pcre2_set_depth_limit
};

class Pcre2Pattern {
 public:
  Pcre2Pattern();
  ~Pcre2Pattern();
  Pcre2Pattern(Pcre2Pattern&&) noexcept;
  Pcre2Pattern& operator=(Pcre2Pattern&&) noexcept;

  // Compiles (and JIT-compiles where available). Returns false and sets *error with PCRE2's
  // message and the offset of the problem.
  bool Compile(std::string_view pattern, std::string* error, const Pcre2Limits& limits = {});

  // Matches NUL-terminated `subject`. Returns the end pointer (the last byte of the match) or
  // nullptr when there is no match or a limit was hit. An empty match at offset 0 returns a
  // pointer to an empty string (Wazuh's end is subject - 1, whose byte is NUL in practice).
  // When `caps` is not null it receives groups 1..rc-1 (an unset group in the middle gives "").
  const char* Match(const char* subject, Captures* caps = nullptr) const;

  // Number of times any Pcre2Pattern hit its match or depth limit (process-wide counter).
  static uint64_t limit_hits();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tripline::match
