// Pipeline: offline processing of a stream of input records with a shared Ruleset, on one or
// more threads, writing alerts in input order.
//
// Stages (oneTBB parallel_pipeline over batches of events when threads > 1; a plain loop
// otherwise):
//   1. read     (serial, in order)  next record from the RecordSource, its time
//   2. decode   (parallel)          framing, pre-decoding, decoding and, with threads > 1, the
//                                   stateless rule checks (rules::Prematch) and the copy the
//                                   memories keep (rules::EventCopy); per-slot scratch
//   3. correlate(serial, in order)  accumulator, the stateful rule checks and the memories of
//                                   one rules::Session
//   4. format   (parallel)          alert JSON built from the copied rule view
//   5. write    (serial, in order)  the AlertSink receives alert lines in input order
// Everything that depends on event order happens in stage 3, in input order, so the alerts are
// byte-identical at any thread count.
//
// The Ruleset is shared read-only; a Pipeline owns its session state. Run() is not reentrant.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "input/input_record.h"
#include "output/alert_json.h"
#include "predecode/predecode.h"
#include "rules/session.h"
#include "session/ruleset.h"

namespace tripline::pipeline {

// Where records come from. Next() fills *out and returns false at the end of input.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  virtual bool Next(input::InputRecord* out) = 0;
};

enum class TimeMode : uint8_t {
  kProcessing,  // Wazuh: every window uses the time the event is read
  kEvent,       // windows use each record's event time (rules::TimeMode::kEvent)
};

struct PipelineOptions {
  int threads = 1;
  TimeMode time_mode = TimeMode::kEvent;
  std::string manager_name = "tripline";
  rules::SessionOptions session;
  int log_alert_level = 3;   // alerts of this level or more are written (unless no_log)
  size_t max_live_tokens = 0;  // batches in flight; 0 = one per thread
  size_t batch_size = 0;       // events per batch (threads > 1); 0 = 16
  bool alerts_log = false;     // also format each alert as alerts.log text
  // Reference paths, for checking the fast ones: alert JSON built as a tree (BuildOutput) and
  // rules matched entirely in the serial stage. The alerts are identical either way.
  bool reference_output = false;
  bool reference_matching = false;
};

struct PipelineStats {
  uint64_t events = 0;         // records processed
  uint64_t unframed = 0;       // records rejected by pre-decoding (format error)
  uint64_t decoded = 0;        // events a decoder matched
  uint64_t matched = 0;        // events a rule matched (any level)
  uint64_t alerts = 0;         // alerts written
  std::array<uint64_t, 17> alerts_by_level{};
};

// Receives each alert as one alerts.json line (no trailing newline), its level and, when
// PipelineOptions::alerts_log is set, its alerts.log text (else empty).
using AlertSink = std::function<void(std::string_view line, int level, std::string_view log_text)>;

class Pipeline {
 public:
  Pipeline(std::shared_ptr<const Ruleset> ruleset, PipelineOptions opts);
  ~Pipeline();

  // Processes every record of `source`. Returns the counts of this run. In event mode the
  // source should deliver records in event-time order (see EventTimeSource).
  PipelineStats Run(RecordSource* source, const AlertSink& sink);

  // The correlation session's counters (evictions, late events clamped), or null without rules.
  const rules::SessionCounters* session_counters() const;

 private:
  struct Slot;
  struct Worker;
  struct Batch;
  void Read(Slot* s, const input::InputRecord& rec);
  void Decode(Slot* s, Worker* w, bool prematch) const;
  void Correlate(Slot* s);
  void Format(Slot* s) const;

  std::shared_ptr<const Ruleset> ruleset_;
  PipelineOptions opts_;
  PredecodeOptions predecode_;    // built once from opts_, read by every decode worker
  output::OutputOptions output_;  // built once from opts_, read by every format worker
  std::unique_ptr<rules::Session> session_;
  // Written by the serial stage on every event: kept off the cache lines the parallel stages
  // read (the options and pointers above).
  alignas(64) PipelineStats stats_;
  uint64_t alert_seq_ = 0;
  char pad_[64] = {};
};

}  // namespace tripline::pipeline
