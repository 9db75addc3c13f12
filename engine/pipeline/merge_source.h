// MergeSource: several input groups read as one stream ordered by event time. Each group is read
// one file after another, and the groups are merged k-way by the time of their next record.
// GroupInputs() makes one group per folder and file type (extension, .gz aside): the objects
// of one S3 prefix (one day of CloudTrail, flow logs or GuardDuty exports) have names that sort
// by time, while files of different types in one folder are merged. A record without an event time takes the last event time of its
// group (or sorts first when its group has none yet), so plain syslog files keep their order.
// Ties keep the order of the groups. With `by_time` false every group is read in turn instead.
// Holds one open Source per group, so memory does not grow with the number of files.
// Not synchronized (used by the pipeline's read stage).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "input/source.h"
#include "pipeline/pipeline.h"

namespace tripline::pipeline {

class MergeSource : public RecordSource {
 public:
  // Every file is read with `limits` (docs/limits.md).
  MergeSource(std::vector<std::vector<input::ExpandedInput>> groups, bool by_time,
              const input::ReaderLimits& limits = {});

  // Splits expanded inputs into groups by parent folder and file extension (".gz" ignored),
  // keeping their order; the groups come in the order of their first file.
  static std::vector<std::vector<input::ExpandedInput>> GroupInputs(std::vector<input::ExpandedInput> inputs);
  bool Next(input::InputRecord* out) override;

  // Per-input accounting, in input order (final once Next returned false).
  std::vector<input::SourceStats> Stats() const;
  // "path: message" for each input that could not be read completely.
  std::vector<std::string> Errors() const;

 private:
  struct Head {
    std::vector<input::ExpandedInput> files;  // the group's files, in reading order
    size_t next_file = 0;                     // the next file to open
    std::unique_ptr<input::Source> source;    // the file being read
    input::InputRecord rec;
    bool has = false;               // rec holds the next record of this group
    int64_t last_time = INT64_MIN;  // event time used for ordering
  };
  input::ReaderLimits limits_;
  // Reads the group's next record into h->rec, opening its next files as needed.
  bool Read(Head* h, input::InputRecord* out);
  void Advance(Head* h);
  void Finish(Head* h);  // records the stats of the file being closed
  int64_t KeyOf(const Head& h) const;

  std::vector<Head> heads_;
  std::vector<input::SourceStats> stats_;  // of every file opened (or not openable), in order
  bool by_time_;
  size_t sequential_ = 0;
};

}  // namespace tripline::pipeline
