#include "input/byte_stream.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tripline::input {
namespace {

class FileStream : public ByteStream {
 public:
  FileStream(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  ~FileStream() override { std::fclose(f_); }

  size_t Read(char* buf, size_t n) override {
    if (!error_.empty()) return 0;
    size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_)) {
      error_reason_ = "read_error";
      error_ = "read error: " + std::string(std::strerror(errno));
    }
    return got;
  }
  bool gzip() const override { return false; }

 protected:
  std::FILE* f_;
  std::string path_;
};

class GzipStream : public FileStream {
 public:
  GzipStream(std::FILE* f, std::string path) : FileStream(f, std::move(path)) {
    std::memset(&z_, 0, sizeof(z_));
    inflateInit2(&z_, 15 + 16);
  }
  ~GzipStream() override { inflateEnd(&z_); }

  size_t Read(char* buf, size_t n) override {
    if (!error_.empty() || done_) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      if (z_.avail_in == 0) {
        size_t got = FileStream::Read(in_, sizeof(in_));
        if (!error_.empty()) return 0;
        if (got == 0) {
          if (member_open_) {
            error_reason_ = "gzip_truncated";
            error_ = "truncated gzip data (the file ends inside a compressed member)";
          }
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_);
        z_.avail_in = static_cast<uInt>(got);
      }
      member_open_ = true;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_open_ = false;  // another member may follow (concatenated gzip)
        inflateReset(&z_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error_reason_ = "gzip_corrupt";
        error_ = std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : "inflate failed");
        break;
      }
    }
    return n - z_.avail_out;
  }
  bool gzip() const override { return true; }

 private:
  z_stream z_;
  char in_[kChunkSize];
  bool member_open_ = false;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ByteStream> ByteStream::Open(const std::string& path, std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return nullptr;
  }
  unsigned char magic[2] = {0, 0};
  size_t got = std::fread(magic, 1, 2, f);
  if (got == 0 && std::ferror(f)) {  // e.g. a directory
    *error = path + ": cannot read: " + std::strerror(errno);
    std::fclose(f);
    return nullptr;
  }
  std::rewind(f);
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    return std::make_unique<GzipStream>(f, path);
  }
  return std::make_unique<FileStream>(f, path);
}

bool InputBuffer::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + kChunkSize);
  size_t got = stream_->Read(buf_.data() + old, kChunkSize);
  buf_.resize(old + got);
  max_capacity_ = std::max(max_capacity_, buf_.capacity());
  if (got == 0) eof_ = true;
  return got > 0;
}

void InputBuffer::Consume(size_t n) {
  const char* p = buf_.data() + pos_;
  line_ += std::count(p, p + n, '\n');
  pos_ += n;
}

}  // namespace tripline::input
