// EventTimeSource: the event-time front of the pipeline. It gives every record an event time
// and releases the records in event-time order through a bounded ReorderBuffer
// (docs/limits.md: watermark = newest time - allowed lateness; late records are released at
// once and counted, never dropped).
//
// A record's time: the input reader's (CloudTrail eventTime, flow-log start, ...), else the
// pre-decoded syslog-style header, else the JSON field named in EventTimeOptions::time_field.
// A record with none of these takes the newest time seen so far; records with no time that
// come before any timed record wait (up to the buffer capacity) and take the first known time.
// So the output never depends on the wall clock, except for year inference before the first
// timed record (the reference is then the wall clock).
// Owns its buffer and scratch; not synchronized (the pipeline's read stage uses it).
#pragma once

#include <ctime>
#include <deque>

#include "event/event.h"
#include "pipeline/pipeline.h"
#include "predecode/predecode.h"
#include "session/event_time.h"
#include "session/reorder_buffer.h"

namespace tripline::pipeline {

struct EventTimeCounters {
  uint64_t from_input = 0;   // records whose reader gave the time
  uint64_t from_header = 0;  // time from the syslog-style header
  uint64_t from_field = 0;   // time from the JSON field
  uint64_t carried = 0;      // no time: the previous record's time was used
};

class EventTimeSource : public RecordSource {
 public:
  EventTimeSource(RecordSource* inner, EventTimeOptions time_opts, ReorderOptions reorder_opts);
  bool Next(input::InputRecord* out) override;

  const ReorderCounters& reorder_counters() const { return buffer_.counters(); }
  const EventTimeCounters& counters() const { return counters_; }

 private:
  // The record's own time; false when it has none.
  bool TimeOf(const input::InputRecord& rec, int64_t* t);

  RecordSource* inner_;
  EventTimeExtractor extractor_;
  ReorderBuffer<input::InputRecord> buffer_;
  std::deque<input::InputRecord> released_;
  PredecodeOptions predecode_;
  Event scratch_;
  std::string framed_;
  int64_t reference_;                        // year-inference reference
  bool has_time_ = false;                     // some record had a time
  int64_t newest_ = 0;                        // newest time seen (valid when has_time_)
  std::deque<input::InputRecord> untimed_;    // records with no time before the first timed one
  bool flushed_ = false;
  EventTimeCounters counters_;
};

}  // namespace tripline::pipeline
