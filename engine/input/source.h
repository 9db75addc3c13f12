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
// Limits (ReaderLimits, docs/limits.md): a text line keeps at most max_line_bytes bytes (as
// Wazuh's logcollector), a record's "<q>:<location>:<message>" fits in max_event_bytes (as
// analysisd's queue read), a JSON value is at most max_item_bytes, and at most max_messages
// problem messages are kept per file. Each hit is counted in SourceStats.
//
// Memory: a Source holds one chunk of the file plus the record being read (see
// max_buffer_bytes()), never the whole file. Thread-safety: none; one thread per Source or
// InputReader. Different Sources are independent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input/input_record.h"
#include "input/json_stream.h"

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

// OS_MAXSTR - OS_LOG_HEADER - 2: the longest line Wazuh's logcollector sends (read_syslog,
// read_json: the rest of a longer line is dropped).
inline constexpr size_t kMaxLineBytes = 65278;
// OS_MAXSTR - 1: the longest "<q>:<location>:<message>" analysisd reads from its queue socket.
inline constexpr size_t kMaxEventBytes = 65535;
// Problem messages kept per input.
inline constexpr size_t kMaxMessages = 100;

// The limits of a reader. The defaults are Wazuh's; see docs/limits.md for what each does.
struct ReaderLimits {
  // syslog and vpcflow lines: the first max_line_bytes bytes are kept, the rest of the line is
  // skipped (SourceStats::truncated). A JSON lines record longer than this is rejected
  // ("too_long"), as logcollector cuts it and the cut JSON does not parse.
  size_t max_line_bytes = kMaxLineBytes;
  // The framed event "<q>:<location>:<message>": a syslog message is cut to fit (truncated), a
  // queue line is cut at it, and a JSON lines record that does not fit is rejected ("too_long").
  size_t max_event_bytes = kMaxEventBytes;
  // The event of an AWS record (CloudTrail, GuardDuty, VPC flow): records of any size are read
  // (Wazuh's AWS module drops those over 64 KB); only the JSON value's own bound applies
  // (max_item_bytes). A smaller value rejects longer records ("too_long").
  size_t max_aws_record_bytes = SIZE_MAX;
  // A larger JSON value is refused ("too_large") and the rest of the file is skipped.
  size_t max_item_bytes = kMaxItemBytes;
  // Problem messages kept in SourceStats::messages; further ones are counted in
  // SourceStats::messages_dropped.
  size_t max_messages = kMaxMessages;
};

struct SourceStats {
  std::string path;
  InputKind kind = InputKind::kSyslog;
  bool kind_forced = false;
  uint64_t records = 0;   // records found (accepted + rejected); a flow-log header is not one
  uint64_t accepted = 0;  // records that became events
  uint64_t events = 0;    // events handed on
  std::map<std::string, uint64_t> rejected;  // reason -> count (see docs/inputs.md)
  std::map<std::string, uint64_t> notes;     // e.g. "cloudtrail_digest_skipped" -> 1
  uint64_t truncated = 0;  // lines cut at a ReaderLimits length (the record may still be rejected)
  std::vector<std::string> messages;  // "path:line: message", the first max_messages problems
  uint64_t messages_dropped = 0;       // problems past max_messages (counted, not listed)
  bool failed = false;                 // the input could not be read completely
  std::string error;                   // why it failed ("path: ..."), when failed

  uint64_t TotalRejected() const;
};

class Source {
 public:
  virtual ~Source() = default;
  // Opens a file. nullptr with *error ("path: cannot open: ...") when it cannot be read;
  // use UnreadableStats for its accounting. `forced` skips content detection.
  static std::unique_ptr<Source> Open(const std::string& path, std::optional<InputKind> forced,
                                      std::string* error, const ReaderLimits& limits = {});
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
  explicit InputReader(std::vector<ExpandedInput> inputs, const ReaderLimits& limits = {})
      : inputs_(std::move(inputs)), limits_(limits) {}
  bool Next(InputRecord* out);
  // Stats of every input started so far, in reading order (complete after Next returned false).
  const std::vector<SourceStats>& stats() const { return stats_; }
  // "path: message" for each input that failed (unreadable or not read completely).
  std::vector<std::string> Errors() const;

 private:
  std::vector<ExpandedInput> inputs_;
  ReaderLimits limits_;
  size_t next_ = 0;
  std::unique_ptr<Source> current_;
  std::vector<SourceStats> stats_;
};

}  // namespace tripline::input
