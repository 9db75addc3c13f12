// Incremental JSON framing for the readers: finds where each JSON value ends without parsing
// it, so a file is read value by value with constant memory. JsonItemReader walks a file of
// back-to-back values (JSON lines, pretty-printed objects, values concatenated without
// separators) and streams the elements of a top-level array or of a wrapper object's array
// member ({"Records":[...]}, {"findings":[...]}) one by one, whatever the size of the file.
// The bytes of each item are then handed to the cJSON-compatible parser.
// Thread-safety: none; one thread per object. JsonItemReader does not own its InputBuffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "input/byte_stream.h"

namespace tripline::input {

// Default bound of one item: a larger one is refused ("too_large") and the rest of the file is
// dropped (ReaderLimits::max_item_bytes). An event must fit in 64 KB anyway (ReaderLimits::
// max_event_bytes); 16 MiB leaves room for any pretty-printing while bounding the parse of one
// item (up to 40 bytes of node per 2 bytes of text: 320 MB).
inline constexpr size_t kMaxItemBytes = 16u * 1024 * 1024;

// Finds the end of one JSON value starting at s[0] (s[0] is not whitespace), resumable over a
// growing buffer: call Scan again with the same (longer) text after kMore.
class ValueScanner {
 public:
  enum class Result { kDone, kMore, kBad };
  // resync: for top-level values, a line starting with '{' while the value is still open cuts
  // the value there (kBad, end() = start of that line), so one broken JSON line does not
  // swallow the following ones.
  explicit ValueScanner(bool resync = false) : resync_(resync) {}
  // Starts as if inside an object already (depth 1): finds the end of its remaining members.
  void StartInsideObject() { depth_ = 1; started_ = true; container_ = true; }
  Result Scan(std::string_view s, bool at_eof);
  // After kDone/kBad: offset just past the value (or the cut point).
  size_t end() const { return end_; }

 private:
  bool resync_;
  size_t offset_ = 0;
  int depth_ = 0;
  bool started_ = false;
  bool container_ = false;
  bool in_string_ = false;
  bool escape_ = false;
  size_t end_ = 0;
};

class JsonItemReader {
 public:
  struct Item {
    std::string_view text;   // the value's bytes; valid until the next call to Next
    uint64_t line = 0;       // 1-based line where it starts
    bool in_container = false;  // an element of a streamed array
  };
  enum class Status { kItem, kError, kEnd };

  // container_keys: wrapper members whose array is streamed when they come first in a top-level
  // object. dive_arrays: stream the elements of a top-level array instead of returning it whole.
  // max_item_bytes: the largest item (and the most a line that is not JSON is buffered).
  JsonItemReader(InputBuffer* in, std::vector<std::string> container_keys, bool dive_arrays,
                 size_t max_item_bytes = kMaxItemBytes)
      : in_(in),
        container_keys_(std::move(container_keys)),
        dive_arrays_(dive_arrays),
        max_item_bytes_(max_item_bytes) {}

  // kItem: *item is set. kError: *reason (stable key) and *message describe a rejected piece
  // of input at *line; reading may continue. kEnd: nothing more.
  Status Next(Item* item, std::string* reason, std::string* message, uint64_t* line);
  // Streamed arrays that had no element so far ({"Records":[]}, {"findings":[]}, []).
  uint64_t empty_containers() const { return empty_containers_; }

 private:
  enum class State { kTop, kArray, kWrapperRest, kFailed };
  enum class Peek { kMatch, kNoMatch, kMore };

  // Skips whitespace (refilling as needed); false at the end of the data.
  bool SkipSpace();
  Peek PeekContainerKey(size_t* after);
  // Scans one value at data()[0]; returns its length, or 0 with *reason/*message set.
  size_t ScanValue(bool resync, std::string* reason, std::string* message);

  InputBuffer* in_;
  std::vector<std::string> container_keys_;
  bool dive_arrays_;
  size_t max_item_bytes_;
  State state_ = State::kTop;
  bool wrapper_ = false;
  bool expect_comma_ = false;
  uint64_t empty_containers_ = 0;
};

}  // namespace tripline::input
