// MergeSource: several input Sources read as one stream ordered by event time (a k-way merge of
// the per-file streams, each assumed to be in roughly increasing time). A record without an
// event time takes the last event time of its own file (or sorts first when its file has none
// yet), so plain syslog files keep their order. Ties keep the order of the inputs.
// With `by_time` false it reads the inputs one after another instead.
// Holds one open Source per input; not synchronized (used by the pipeline's read stage).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "input/source.h"
#include "pipeline/pipeline.h"

namespace tripline::pipeline {

class MergeSource : public RecordSource {
 public:
  MergeSource(std::vector<input::ExpandedInput> inputs, bool by_time);
  bool Next(input::InputRecord* out) override;

  // Per-input accounting, in input order (final once Next returned false).
  std::vector<input::SourceStats> Stats() const;
  // "path: message" for each input that could not be read completely.
  std::vector<std::string> Errors() const;

 private:
  struct Head {
    std::unique_ptr<input::Source> source;
    input::SourceStats unreadable;  // when the input could not be opened
    input::InputRecord rec;
    bool has = false;               // rec holds the next record of this input
    int64_t last_time = INT64_MIN;  // event time used for ordering
  };
  void Advance(Head* h);
  int64_t KeyOf(const Head& h) const;

  std::vector<Head> heads_;
  bool by_time_;
  size_t sequential_ = 0;
};

}  // namespace tripline::pipeline
