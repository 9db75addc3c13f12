#include "deliver/spool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tripline::deliver {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

bool WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

std::unique_ptr<Spool> Spool::Open(const SpoolOptions& opts, std::string* error) {
  std::unique_ptr<Spool> s(new Spool(opts));
  if (!s->Recover(error)) return nullptr;
  return s;
}

Spool::~Spool() {
  std::lock_guard<std::mutex> l(mu_);
  SyncLocked();
  if (write_fd_ >= 0) ::close(write_fd_);
  if (read_fd_ >= 0) ::close(read_fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::string Spool::SegmentPath(uint64_t seq) const {
  char name[32];
  std::snprintf(name, sizeof(name), "%020llu.seg", static_cast<unsigned long long>(seq));
  return opts_.dir + "/" + name;
}

bool Spool::OpenWriteSegment(uint64_t seq, std::string* error) {
  if (write_fd_ >= 0) {
    if (dirty_) ::fdatasync(write_fd_);
    dirty_ = false;
    ::close(write_fd_);
  }
  write_fd_ = ::open(SegmentPath(seq).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (write_fd_ < 0) {
    if (error) *error = Errno("cannot open " + SegmentPath(seq));
    return false;
  }
  return true;
}

bool Spool::Recover(std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(opts_.dir, ec);
  if (!fs::is_directory(opts_.dir, ec)) {
    *error = "cannot create spool directory " + opts_.dir;
    return false;
  }
  lock_fd_ = ::open((opts_.dir + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) {
    *error = Errno("cannot open " + opts_.dir + "/lock");
    return false;
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    *error = "spool directory " + opts_.dir + " is in use by another process";
    return false;
  }
  // Segments, oldest first.
  for (const fs::directory_entry& e : fs::directory_iterator(opts_.dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.size() != 24 || name.substr(20) != ".seg") continue;
    if (!std::all_of(name.begin(), name.begin() + 20, [](char c) { return c >= '0' && c <= '9'; })) continue;
    segments_.push_back({std::stoull(name.substr(0, 20)), static_cast<uint64_t>(e.file_size(ec))});
  }
  std::sort(segments_.begin(), segments_.end(), [](const Segment& a, const Segment& b) { return a.seq < b.seq; });
  // The committed position.
  uint64_t commit_seq = 0, commit_off = 0;
  {
    std::ifstream in(opts_.dir + "/commit");
    unsigned long long a = 0, b = 0;
    if (in >> a >> b) {
      commit_seq = a;
      commit_off = b;
    }
  }
  while (!segments_.empty() && segments_.front().seq < commit_seq) {
    fs::remove(SegmentPath(segments_.front().seq), ec);
    segments_.erase(segments_.begin());
  }
  if (segments_.empty() || segments_.front().seq != commit_seq) commit_off = 0;
  // A torn last record (crash during a write) is cut off.
  if (!segments_.empty()) {
    Segment& last = segments_.back();
    int fd = ::open(SegmentPath(last.seq).c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      *error = Errno("cannot open " + SegmentPath(last.seq));
      return false;
    }
    uint64_t end = last.size;
    char buf[4096];
    while (end > 0) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(end, sizeof(buf)));
      if (::pread(fd, buf, n, static_cast<off_t>(end - n)) != static_cast<ssize_t>(n)) break;
      const char* nl = static_cast<const char*>(memrchr(buf, '\n', n));
      if (nl) {
        end = end - n + static_cast<uint64_t>(nl - buf) + 1;
        break;
      }
      end -= n;
    }
    if (end != last.size) {
      if (::ftruncate(fd, static_cast<off_t>(end)) != 0) {
        ::close(fd);
        *error = Errno("cannot truncate " + SegmentPath(last.seq));
        return false;
      }
      last.size = end;
    }
    ::close(fd);
  }
  if (segments_.empty()) segments_.push_back({commit_seq, 0});
  commit_offset_ = std::min(commit_off, segments_.front().size);
  // Count what is pending.
  for (size_t i = 0; i < segments_.size(); ++i) {
    uint64_t from = i == 0 ? commit_offset_ : 0;
    pending_bytes_ += segments_[i].size - from;
    int fd = ::open(SegmentPath(segments_[i].seq).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    char buf[65536];
    uint64_t off = from;
    ssize_t n;
    while ((n = ::pread(fd, buf, sizeof(buf), static_cast<off_t>(off))) > 0) {
      pending_records_ += static_cast<uint64_t>(std::count(buf, buf + n, '\n'));
      off += static_cast<uint64_t>(n);
    }
    ::close(fd);
  }
  if (!OpenWriteSegment(segments_.back().seq, error)) return false;
  read_seq_ = segments_.front().seq;
  read_fd_ = ::open(SegmentPath(read_seq_).c_str(), O_RDONLY | O_CLOEXEC);
  if (read_fd_ < 0) {
    *error = Errno("cannot open " + SegmentPath(read_seq_));
    return false;
  }
  last_sync_ms_ = NowMs();
  return true;
}

AppendResult Spool::Append(std::string_view record, std::string* error) {
  std::lock_guard<std::mutex> l(mu_);
  const uint64_t n = record.size() + 1;
  if (pending_bytes_ + n > opts_.max_bytes) return AppendResult::kFull;
  if (segments_.back().size >= opts_.segment_bytes) {
    uint64_t seq = segments_.back().seq + 1;
    if (!OpenWriteSegment(seq, error)) return AppendResult::kError;
    segments_.push_back({seq, 0});
  }
  std::string buf;
  buf.reserve(n);
  buf.append(record);
  buf.push_back('\n');
  if (!WriteAll(write_fd_, buf.data(), buf.size())) {
    if (error) *error = Errno("cannot write " + SegmentPath(segments_.back().seq));
    // Cut a partial write so that the segment stays line-aligned.
    ::ftruncate(write_fd_, static_cast<off_t>(segments_.back().size));
    return AppendResult::kError;
  }
  segments_.back().size += n;
  pending_bytes_ += n;
  ++pending_records_;
  dirty_ = true;
  if (opts_.fsync == FsyncPolicy::kAlways || NowMs() - last_sync_ms_ >= 1000) SyncLocked();
  return AppendResult::kOk;
}

void Spool::SyncLocked() {
  if (dirty_ && write_fd_ >= 0) ::fdatasync(write_fd_);
  dirty_ = false;
  last_sync_ms_ = NowMs();
}

void Spool::Sync() {
  std::lock_guard<std::mutex> l(mu_);
  SyncLocked();
}

bool Spool::ReadRecordLocked(std::string* record, uint64_t* next_offset) {
  record->clear();
  uint64_t off = commit_offset_;
  const uint64_t end = segments_.front().size;
  char buf[8192];
  while (off < end) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(sizeof(buf), end - off));
    ssize_t n = ::pread(read_fd_, buf, want, static_cast<off_t>(off));
    if (n <= 0) return false;
    const char* nl = static_cast<const char*>(std::memchr(buf, '\n', static_cast<size_t>(n)));
    if (nl) {
      record->append(buf, static_cast<size_t>(nl - buf));
      *next_offset = off + static_cast<uint64_t>(nl - buf) + 1;
      return true;
    }
    record->append(buf, static_cast<size_t>(n));
    off += static_cast<uint64_t>(n);
  }
  return false;
}

bool Spool::Front(std::string* record) {
  std::lock_guard<std::mutex> l(mu_);
  if (pending_records_ == 0) return false;
  // Skip fully committed segments.
  while (commit_offset_ >= segments_.front().size && segments_.size() > 1) {
    std::error_code ec;
    std::filesystem::remove(SegmentPath(segments_.front().seq), ec);
    segments_.erase(segments_.begin());
    commit_offset_ = 0;
    ::close(read_fd_);
    read_seq_ = segments_.front().seq;
    read_fd_ = ::open(SegmentPath(read_seq_).c_str(), O_RDONLY | O_CLOEXEC);
    if (read_fd_ < 0) return false;
  }
  uint64_t next = 0;
  if (!ReadRecordLocked(record, &next)) return false;
  front_next_ = next;
  return true;
}

void Spool::PopFront() {
  std::lock_guard<std::mutex> l(mu_);
  if (front_next_ == 0) return;
  pending_bytes_ -= front_next_ - commit_offset_;
  --pending_records_;
  commit_offset_ = front_next_;
  front_next_ = 0;
  WriteCommit();
}

void Spool::WriteCommit() {
  std::string tmp = opts_.dir + "/commit.tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;  // the record is delivered again after a restart: at least once
  char text[64];
  int n = std::snprintf(text, sizeof(text), "%llu %llu\n", static_cast<unsigned long long>(segments_.front().seq),
                        static_cast<unsigned long long>(commit_offset_));
  bool ok = WriteAll(fd, text, static_cast<size_t>(n));
  if (ok && opts_.fsync == FsyncPolicy::kAlways) ::fdatasync(fd);
  ::close(fd);
  if (ok) std::rename(tmp.c_str(), (opts_.dir + "/commit").c_str());
}

uint64_t Spool::pending_bytes() const {
  std::lock_guard<std::mutex> l(mu_);
  return pending_bytes_;
}

uint64_t Spool::pending_records() const {
  std::lock_guard<std::mutex> l(mu_);
  return pending_records_;
}

}  // namespace tripline::deliver
