// OsRegex: Wazuh's OS_Regex dialect (docs/wazuh-semantics.md §3.4-3.6), ported to behave
// byte for byte like the original single forward scan (4-slot hand-off stack, one global
// "inside a repetition" flag, restart rule, post-loop rules). It is NOT a backtracking regex.
//
// Compiled once; Match() is const and thread-safe. Captures are written into a caller-owned
// Captures object (keep one per thread); no allocation per match (about 4 KB of stack).
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::match {

// Capture spans into the subject, in group order. Decoders assign capture i to <order> field i.
struct Captures {
  static constexpr int kMax = 256;
  int count = 0;
  const char* begin[kMax];
  const char* end[kMax];
  std::string_view Get(int i) const { return {begin[i], static_cast<size_t>(end[i] - begin[i])}; }
};

class OsRegex {
 public:
  enum Flags : int {
    kNone = 0,
    kCaptures = 1,       // OS_RETURN_SUBSTRING: record captures (decoder <regex>)
    kCaseSensitive = 2,  // OS_CASE_SENSITIVE (never used by analysisd; offered by `tripline match`)
  };

  // Compiles `pattern`. Returns false and sets *error (a message naming the problem) when the
  // pattern is invalid: unknown escape, trailing '\', nested or unbalanced '(', '|' inside a
  // group, more than 20480 bytes.
  bool Compile(std::string_view pattern, int flags, std::string* error);

  // Matches NUL-terminated `subject`. Returns the "end pointer" (docs §3.6) on a match, or
  // nullptr when there is no match. When compiled with kCaptures and `caps` is not null,
  // caps receives the captures (docs §3.5: the list stops at the first incomplete pair).
  // The end pointer may equal subject - 1 in the cases §3.6 describes; callers only compare it
  // and read *end when end >= subject.
  const char* Match(const char* subject, Captures* caps = nullptr) const;

  // One scan of one alternative takes at most this many steps (one step per subject byte
  // examined, counting the re-examined bytes after a hand-off or restart); past it the
  // alternative does not match and limit_hits() grows. Real patterns on 64 KB lines stay far
  // below it; some patterns make the original algorithm's time grow faster than the square of
  // the subject length.
  static constexpr uint64_t kMaxScanSteps = 20'000'000;
  // Number of scans, process-wide, that hit kMaxScanSteps (LimitCounter::kOsRegexSteps).
  static uint64_t limit_hits();

  // Switches the literal prefilter off (or on) for every OsRegex, for differential tests and
  // benchmarks of the unoptimized path. Not synchronized: set it before matching starts.
  static void SetPrefilterEnabled(bool enabled);

  // Every byte b such that some subject starting with b may match (bit 0 stands for the empty
  // subject); a subject whose first byte is not in the set never matches. Only alternatives
  // anchored with '^' narrow the set. Used by the decoder candidate index.
  std::bitset<256> FirstBytes() const;

  // Number of capture groups in the pattern (the largest over its alternatives).
  int group_count() const { return groups_; }

 private:
  // One '|' alternative in the original byte code: literal bytes (lowercased unless
  // kCaseSensitive), '\\' + class code 1..15, and kMark for both '(' and ')'. The string carries
  // extra NUL padding so the scan may look a few bytes past the end, as the original does.
  struct Alt {
    std::string code;
    std::vector<int16_t> mark_of;  // mark number at each kMark position, else -1
    int marks = 0;
    bool begin = false;  // '^': BEGIN_SET
    bool end = false;    // '$': END_SET
    // Prefilter: the maximal runs of plain literal bytes of the alternative, longest first,
    // without duplicates. Every literal of a successful scan is consumed by one subject byte in
    // order, so a match needs each run in the subject (ASCII case-insensitively); an
    // alternative with an absent run is skipped without scanning. Empty when the alternative
    // has no literal byte.
    std::vector<std::string> required;
  };

  // _OS_Regex on one alternative: the end offset (may be -1), or PTRDIFF_MIN for no match.
  // `cap` has room for kMaxMarks entries and is written only when track_captures_ is set.
  std::ptrdiff_t Scan(const Alt& alt, const unsigned char* s, std::ptrdiff_t* cap) const;

  static constexpr int kMaxMarks = 2 * Captures::kMax;

  std::vector<Alt> alts_;
  int flags_ = 0;
  int groups_ = 0;
  bool track_captures_ = false;  // kCaptures and the pattern has a group (prts_closure != NULL)
};

}  // namespace tripline::match
