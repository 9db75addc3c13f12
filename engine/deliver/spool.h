// Spool: a bounded on-disk FIFO of alert lines for one delivery sink, so that an alert accepted
// by a sink survives receiver outages and process restarts until the receiver took it.
//
// Layout of a spool directory (docs/delivery.md):
//   <seq>.seg   append-only segment files, one record per line ("<alert json>\n"); <seq> is a
//               20-digit decimal number, increasing
//   commit      "<seq> <offset>\n": the first record not yet delivered (written to a temporary
//               file and renamed over, so it is always whole)
//   lock        flock()ed while open: one process per spool directory
// Opening recovers: segments before the committed one are removed and a torn last record (no
// final newline, after a crash in the middle of a write) is cut off.
//
// Durability: Append() has written the record with write(2) when it returns, so a crash of the
// process loses nothing. With FsyncPolicy::kAlways every append is fdatasync()ed before
// Append() returns (survives power loss); with kInterval at most once per second and at Close.
//
// Thread-safety: all members are synchronized; typically one thread appends and one delivers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::deliver {

enum class FsyncPolicy : uint8_t { kInterval, kAlways };

struct SpoolOptions {
  std::string dir;
  uint64_t max_bytes = 256ull << 20;    // records pending (bytes, newline included) at most
  uint64_t segment_bytes = 4ull << 20;  // a new segment is started past this size
  FsyncPolicy fsync = FsyncPolicy::kInterval;
};

enum class AppendResult : uint8_t { kOk, kFull, kError };

class Spool {
 public:
  // Opens (creating it if needed) and recovers the spool in opts.dir. Null with *error set when
  // the directory cannot be used or is locked by another process.
  static std::unique_ptr<Spool> Open(const SpoolOptions& opts, std::string* error);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Appends one record (it must not contain '\n'). kFull when it would take the spool past
  // max_bytes: nothing is written. kError on an I/O error (*error set when given).
  AppendResult Append(std::string_view record, std::string* error = nullptr);
  // The oldest record not yet committed; false when the spool is empty.
  bool Front(std::string* record);
  // Commits the record Front() returned: it will not be read again, even after a restart.
  void PopFront();
  // Makes the appended records durable now.
  void Sync();

  uint64_t pending_bytes() const;
  uint64_t pending_records() const;
  const std::string& dir() const { return opts_.dir; }

 private:
  struct Segment {
    uint64_t seq = 0;
    uint64_t size = 0;
  };
  explicit Spool(SpoolOptions opts) : opts_(std::move(opts)) {}
  bool Recover(std::string* error);
  std::string SegmentPath(uint64_t seq) const;
  bool OpenWriteSegment(uint64_t seq, std::string* error);
  void WriteCommit();
  bool ReadRecordLocked(std::string* record, uint64_t* next_offset);
  void SyncLocked();

  SpoolOptions opts_;
  mutable std::mutex mu_;
  int lock_fd_ = -1;
  int write_fd_ = -1;  // the last segment, opened for appending
  int read_fd_ = -1;   // the first segment
  uint64_t read_seq_ = 0;
  std::vector<Segment> segments_;  // oldest first; the last one is written
  uint64_t commit_offset_ = 0;     // in segments_.front()
  uint64_t front_next_ = 0;        // offset after the record Front() returned (0: none)
  uint64_t pending_bytes_ = 0;
  uint64_t pending_records_ = 0;
  int64_t last_sync_ms_ = 0;
  bool dirty_ = false;
};

}  // namespace tripline::deliver
