// Input sources: a file (plain or gzip) read as a stream of InputRecords, with its kind detected
// from its content or forced, and per-file accounting; plus the expansion of command-line
// inputs (files and folders, "kind:PATH") and InputReader, which reads a list of inputs one
// file after another.
//
// Accounting contract (SourceStats): every piece of input is either an accepted record (one or
// more events: a GuardDuty PORT_PROBE finding with n probe details gives n events) or a counted
// rejection with a message naming the file and line; records == accepted + total rejections.
// File-level problems (unreadable, empty, truncated or corrupt gzip, I/O error) count as one
// rejection each; `failed` marks inputs that could not be read completely, which a caller
// turns into a non-zero exit. Things that are not records (a flow-log header, a CloudTrail
// digest file, an empty {"findings":[]}) are counted in `notes`.
//
// Memory: a Source holds one chunk of the file plus the record being read (see
// max_buffer_bytes()), never the whole file. Thread-safety: none; one thread per Source or
// InputReader. Different Sources are independent.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input/input_record.h"

namespace tripline::input {

// "cloudtrail", "vpcflow", "guardduty", "syslog", "jsonl", "queue".
std::string_view KindName(InputKind kind);
// Inverse of KindName (also accepts "json" for kJsonLines); nullopt when unknown.
std::optional<InputKind> ParseKindName(std::string_view name);

struct InputSpec {
  std::string path;
  std::optional<InputKind> kind;  // forced kind; nullopt = detect from the content
};
// "kind:PATH" forces a kind when "kind" is one of the names above; anything else is a path.
InputSpec ParseInputSpec(std::string_view arg);

// One entry of an expanded input list: a regular file, or an input that cannot be read
// (error set: a missing path, an unreadable folder).
struct ExpandedInput {
  std::string path;
  std::optional<InputKind> kind;
  std::string error;
};
// Files stay as given; folders are recursed, entries sorted by path (byte order) for a
// deterministic order; the forced kind applies to every file below a folder.
std::vector<ExpandedInput> ExpandInputs(const std::vector<InputSpec>& specs);

struct SourceStats {
  std::string path;
  InputKind kind = InputKind::kSyslog;
  bool kind_forced = false;
  uint64_t records = 0;   // records found (accepted + rejected); a flow-log header is not one
  uint64_t accepted = 0;  // records that became events
  uint64_t events = 0;    // events handed on
  std::map<std::string, uint64_t> rejected;  // reason -> count (see docs/inputs.md)
  std::map<std::string, uint64_t> notes;     // e.g. "cloudtrail_digest_skipped" -> 1
  std::vector<std::string> messages;  // "path:line: message", the first kMaxMessages problems
  bool failed = false;                 // the input could not be read completely
  std::string error;                   // why it failed ("path: ..."), when failed

  uint64_t TotalRejected() const;
};

inline constexpr size_t kMaxMessages = 100;

class Source {
 public:
  virtual ~Source() = default;
  // Opens a file. nullptr with *error ("path: cannot open: ...") when it cannot be read;
  // use UnreadableStats for its accounting. `forced` skips content detection.
  static std::unique_ptr<Source> Open(const std::string& path, std::optional<InputKind> forced,
                                      std::string* error);
  // The next record; false at the end of the file (stats() are then final).
  virtual bool Next(InputRecord* out) = 0;
  const SourceStats& stats() const { return stats_; }
  // The largest size the internal read window reached, in bytes.
  virtual size_t max_buffer_bytes() const = 0;

 protected:
  SourceStats stats_;
};

// Accounting for an input that could not be opened: one "unreadable" rejection, failed.
SourceStats UnreadableStats(const std::string& path, std::optional<InputKind> kind,
                            const std::string& error);

// Detects the kind of a file from its first bytes (decompressed): see docs/inputs.md.
InputKind DetectKind(std::string_view head, bool at_eof);

// Reads expanded inputs one file at a time (one file open at a time).
class InputReader {
 public:
  explicit InputReader(std::vector<ExpandedInput> inputs) : inputs_(std::move(inputs)) {}
  bool Next(InputRecord* out);
  // Stats of every input started so far, in reading order (complete after Next returned false).
  const std::vector<SourceStats>& stats() const { return stats_; }
  // "path: message" for each input that failed (unreadable or not read completely).
  std::vector<std::string> Errors() const;

 private:
  std::vector<ExpandedInput> inputs_;
  size_t next_ = 0;
  std::unique_ptr<Source> current_;
  std::vector<SourceStats> stats_;
};

}  // namespace tripline::input
