// Helpers for the input layer tests: reading a whole file through a Source, temporary folders,
// and gzip writing.
#pragma once

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "input/source.h"

namespace tripline::input::testing {

// True when one of the problem messages of `s` contains `needle`.
inline bool HasMessage(const SourceStats& s, const std::string& needle) {
  for (const std::string& m : s.messages) {
    if (m.find(needle) != std::string::npos) return true;
  }
  return false;
}

struct ReadResult {
  SourceStats stats;
  std::vector<InputRecord> records;
  size_t max_buffer = 0;
  std::string open_error;
};

inline ReadResult ReadAll(const std::string& path, std::optional<InputKind> forced = std::nullopt,
                          const ReaderLimits& limits = {}) {
  ReadResult r;
  std::unique_ptr<Source> src = Source::Open(path, forced, &r.open_error, limits);
  if (!src) {
    r.stats = UnreadableStats(path, forced, r.open_error);
    return r;
  }
  InputRecord rec;
  while (src->Next(&rec)) r.records.push_back(rec);
  r.stats = src->stats();
  r.max_buffer = src->max_buffer_bytes();
  return r;
}

// A fresh folder under the system temp folder, removed with the object.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    path_ = std::filesystem::temp_directory_path() /
            ("tripline_input_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string Write(const std::string& rel, const std::string& content) const {
    std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string WriteGzip(const std::string& rel, const std::string& content) const {
    std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    gzFile f = gzopen(p.c_str(), "wb");
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
    gzclose(f);
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace tripline::input::testing
