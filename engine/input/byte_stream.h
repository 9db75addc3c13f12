// Byte streams for the input readers: a file read in chunks, plain or gzip (detected by its
// magic bytes, concatenated gzip members accepted), and InputBuffer, a growable window over such
// a stream that readers scan and consume with constant memory (the window holds at most the
// record being scanned plus one chunk).
// Ownership: InputBuffer owns its ByteStream. Thread-safety: none; one thread per object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tripline::input {

// Bytes read from the file per refill.
inline constexpr size_t kChunkSize = 64 * 1024;

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Opens `path`; gzip when the file starts with 1f 8b. nullptr and *error when it cannot be read.
  static std::unique_ptr<ByteStream> Open(const std::string& path, std::string* error);
  // Reads up to n bytes into buf; 0 at the end of the data or on error (see error()).
  virtual size_t Read(char* buf, size_t n) = 0;
  // Why reading stopped early: "" at a clean end. error_reason() is a short stable key
  // ("read_error", "gzip_truncated", "gzip_corrupt"), error() the human message.
  const std::string& error() const { return error_; }
  const std::string& error_reason() const { return error_reason_; }
  virtual bool gzip() const = 0;

 protected:
  std::string error_;
  std::string error_reason_;
};

// A window over a ByteStream. data() is the unconsumed part; Fill() appends one chunk (after
// dropping consumed bytes, so string_views into data() are invalidated by Fill only).
class InputBuffer {
 public:
  explicit InputBuffer(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}

  std::string_view data() const { return std::string_view(buf_).substr(pos_); }
  // Reads one more chunk. False when the stream is exhausted (eof() is then true).
  bool Fill();
  // Marks n bytes of data() consumed and counts the newlines in them.
  void Consume(size_t n);
  bool eof() const { return eof_; }
  // 1-based line number of data()[0].
  uint64_t line() const { return line_; }
  const ByteStream& stream() const { return *stream_; }
  // The largest capacity the window reached (bounded by the largest record plus a chunk or two).
  size_t max_capacity() const { return max_capacity_; }

 private:
  std::unique_ptr<ByteStream> stream_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  uint64_t line_ = 1;
  size_t max_capacity_ = 0;
};

}  // namespace tripline::input
