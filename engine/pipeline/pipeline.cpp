#include "pipeline/pipeline.h"

#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>

#include <charconv>
#include <ctime>
#include <vector>

#include "json/cjson.h"
#include "match/os_regex.h"
#include "output/alert_json.h"
#include "output/alert_writer.h"
#include "predecode/predecode.h"
#include "session/rule_view.h"

// oneTBB's libraries are not built with ThreadSanitizer, so the hand-over of a slot from one
// filter to the next, and of a serial filter from one thread to the next, is invisible to it.
// These annotations state those happens-before edges (no code without -fsanitize=thread).
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#define TRIPLINE_TSAN_ACQUIRE(p) __tsan_acquire(static_cast<void*>(p))
#define TRIPLINE_TSAN_RELEASE(p) __tsan_release(static_cast<void*>(p))
#else
#define TRIPLINE_TSAN_ACQUIRE(p) ((void)(p))
#define TRIPLINE_TSAN_RELEASE(p) ((void)(p))
#endif

namespace tripline::pipeline {

namespace {

// What a run publishes before its filters start (the filter objects and the captures of
// their bodies, built by the calling thread): a fixed address, so that a filter body acquires
// it (RunStarted) before it reads anything the caller built, its captures included.
char g_run_start;
inline void RunStarted() { TRIPLINE_TSAN_ACQUIRE(&g_run_start); }

// Marks the start and end of one filter's work on a slot (and, for serial filters, on the
// filter's own state).
struct Handoff {
  Handoff(void* slot, void* serial_state) : slot_(slot), state_(serial_state) {
    if (state_) TRIPLINE_TSAN_ACQUIRE(state_);
    if (slot_) TRIPLINE_TSAN_ACQUIRE(slot_);
  }
  ~Handoff() {
    if (slot_) TRIPLINE_TSAN_RELEASE(slot_);
    if (state_) TRIPLINE_TSAN_RELEASE(state_);
  }
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

 private:
  void* slot_;
  void* state_;
};

// localtime_r of `seconds`, remembered per thread for the last second converted: glibc's
// localtime_r takes a process-wide lock, which the parallel stages would otherwise contend
// for on every event. The process time zone does not change during a run.
const struct tm& LocalTime(time_t seconds) {
  thread_local time_t cached = 0;
  thread_local bool valid = false;
  thread_local struct tm value {};
  if (!valid || cached != seconds) {
    if (localtime_r(&seconds, &value) == nullptr) value = tm{};
    cached = seconds;
    valid = true;
  }
  return value;
}

// "<seconds>.<sequence>", the alert id analysisd writes.
void AppendAlertId(int64_t seconds, uint64_t seq, std::string* out) {
  char buf[48];
  auto r = std::to_chars(buf, buf + 24, seconds);  // at most 20 characters
  *r.ptr = '.';
  r = std::to_chars(r.ptr + 1, buf + sizeof buf, seq);
  out->append(buf, r.ptr);
}

}  // namespace

// One event in flight. Slots are reused round-robin; their buffers keep their capacity.
struct Pipeline::Slot {
  input::InputRecord rec;
  std::string framed;
  timespec time{};          // the event's time (processing or event time)
  rules::EventTime etime;   // the same, with its local time of day
  bool framed_ok = false;
  Event ev;
  rules::Prematch pre;      // stateless rule outcomes, computed in the parallel stage
  rules::EventCopy copy;    // the event's texts as the memories keep them (with `pre`)
  bool has_pre = false;
  bool has_copy = false;    // `copy` holds this event (only with has_pre)
  bool has_alert = false;
  int level = 0;
  output::RuleView view;
  std::string alert_id;
  output::AlertWriter writer;  // per-slot scratch of the format stage
  std::string timestamp;
  std::string line;         // the alert JSON line
  std::string log_text;     // its alerts.log form (PipelineOptions::alerts_log)
};

// Scratch of the decode stage.
struct Pipeline::Worker {
  match::Captures captures;
};

// Events that go through the stages together (threads > 1). Batches are reused round-robin.
struct Pipeline::Batch {
  std::vector<Slot> slots;  // [0, count) hold this round's events, in input order
  size_t count = 0;
  Worker worker;            // a batch is in one stage at a time
};

Pipeline::Pipeline(std::shared_ptr<const Ruleset> ruleset, PipelineOptions opts)
    : ruleset_(std::move(ruleset)), opts_(std::move(opts)) {
  if (opts_.time_mode == TimeMode::kEvent) opts_.session.time_mode = rules::TimeMode::kEvent;
  predecode_.manager_host = opts_.manager_name;
  output_.manager_name = opts_.manager_name;
  output_.logtest = false;
  if (ruleset_->rules()) session_ = std::make_unique<rules::Session>(*ruleset_->rules(), opts_.session);
}

Pipeline::~Pipeline() = default;

void Pipeline::Read(Slot* s, const input::InputRecord& rec) {
  if (opts_.time_mode == TimeMode::kEvent && rec.has_event_time) {
    int64_t ms = rec.event_time_ms;
    int64_t sec = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    s->time.tv_sec = static_cast<time_t>(sec);
    s->time.tv_nsec = static_cast<long>((ms - sec * 1000) * 1000000);
  } else {
    clock_gettime(CLOCK_REALTIME, &s->time);
  }
}

void Pipeline::Decode(Slot* s, Worker* w, bool prematch) const {
  FrameMessage(s->rec.location, s->rec.message, &s->framed);
  s->framed.front() = s->rec.queue;
  s->framed_ok = Predecode(s->framed, predecode_, &s->ev);
  const struct tm& local = LocalTime(s->time.tv_sec);
  s->etime.now = s->time.tv_sec;
  s->etime.hour = local.tm_hour;
  s->etime.minute = local.tm_min;
  s->etime.second = local.tm_sec;
  s->etime.weekday = local.tm_wday;
  s->has_pre = false;
  s->has_copy = false;
  if (!s->framed_ok) return;
  ruleset_->decoders().Decode(&s->ev, &w->captures);
  // The accumulator (serial stage) may still fill fields of an <accumulate> decoder's event.
  if (prematch && session_ && !(s->ev.decoder && s->ev.decoder->accumulate)) {
    s->pre.Compute(*ruleset_->rules(), s->ev, s->etime);
    // The memories keep an event matched at level > 0: copy it unless that surely is not so.
    const rules::Rule* winner = s->pre.winner();
    s->has_copy = !s->pre.definite() || (winner != nullptr && winner->level > 0);
    if (s->has_copy) s->copy.Assign(s->ev);
    s->has_pre = true;
  }
}

void Pipeline::Correlate(Slot* s) {
  s->has_alert = false;
  ++stats_.events;
  if (!s->framed_ok) {
    ++stats_.unframed;
    return;
  }
  if (s->ev.decoder) ++stats_.decoded;
  if (!session_) return;
  session_->Accumulate(&s->ev, s->time.tv_sec);
  const rules::MatchResult& m = session_->Process(s->ev, s->etime, false, s->has_pre ? &s->pre : nullptr,
                                                    s->has_copy ? &s->copy : nullptr);
  if (m.rule == nullptr) return;
  ++stats_.matched;
  const rules::Rule& r = *m.rule;
  // analysisd writes an alert when the event was stored (level > 0, not ignored) and the rule
  // logs (level >= log_alert_level or <options>log_alert</options>, minus no_log).
  if (!m.stored || !r.log_alert || r.level < 0) return;
  s->has_alert = true;
  s->level = r.level;
  FillRuleView(m, &s->view);
  s->alert_id.clear();
  AppendAlertId(s->time.tv_sec, alert_seq_++, &s->alert_id);
  ++stats_.alerts;
  if (r.level >= 0 && r.level <= 16) ++stats_.alerts_by_level[r.level];
}

void Pipeline::Format(Slot* s) const {
  if (!s->has_alert) return;
  s->line.clear();
  if (opts_.reference_output) {
    json::Value out = output::BuildOutput(s->ev, &s->view, output_, output::FormatTimestamp(s->time), s->alert_id);
    json::AppendUnformatted(out, &s->line);
  } else {
    s->timestamp.clear();
    output::AppendTimestamp(s->time, LocalTime(s->time.tv_sec), &s->timestamp);
    s->writer.Append(s->ev, &s->view, output_, s->timestamp, s->alert_id, &s->line);
  }
  if (opts_.alerts_log) s->log_text = output::FormatAlertsLog(s->ev, s->view, s->alert_id, s->time);
}

const rules::SessionCounters* Pipeline::session_counters() const {
  return session_ ? &session_->counters() : nullptr;
}

PipelineStats Pipeline::Run(RecordSource* source, const AlertSink& sink) {
  stats_ = PipelineStats();
  const int threads = opts_.threads < 1 ? 1 : opts_.threads;
  if (threads == 1) {
    Slot slot;
    Worker worker;
    while (source->Next(&slot.rec)) {
      Read(&slot, slot.rec);
      Decode(&slot, &worker, false);
      Correlate(&slot);
      Format(&slot);
      if (slot.has_alert) sink(slot.line, slot.level, slot.log_text);
    }
    return stats_;
  }

  // With more than one thread the stateless part of rule matching runs in the parallel stage.
  // Events travel in batches: one batch goes through every stage as a unit, so the pipeline's
  // own overhead is paid per batch and a batch's data stays on the core that touches it most.
  const bool prematch = !opts_.reference_matching;
  const size_t batch_size = opts_.batch_size ? opts_.batch_size : 16;
  // One batch in flight per thread measured fastest (BENCHMARKS.md): more batches spread each
  // thread's work over more memory than its cache holds, larger batches too.
  const size_t tokens = opts_.max_live_tokens ? opts_.max_live_tokens : static_cast<size_t>(threads);
  std::vector<Batch> batches(tokens);
  for (Batch& b : batches) b.slots.resize(batch_size);
  size_t next = 0;
  bool done = false;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  // A middle stage: fn(batch, slot) on every event of the batch, in order; `serial_state` is the
  // state a serial stage hands from thread to thread (nullptr for a parallel one).
  auto each_event = [&](tbb::filter_mode mode, void* serial_state, auto fn) {
    return tbb::make_filter<Batch*, Batch*>(mode, [serial_state, fn](Batch* b) {
      RunStarted();
      Handoff h(b, serial_state);
      for (size_t i = 0; i < b->count; ++i) fn(b, &b->slots[i]);
      return b;
    });
  };
  const tbb::filter<void, void> chain =
      tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order,
                                     [&](tbb::flow_control& fc) -> Batch* {
                                       RunStarted();
                                       Handoff state(nullptr, &next);
                                       Batch* b = &batches[next];
                                       Handoff batch(b, nullptr);
                                       b->count = 0;
                                       while (!done && b->count < b->slots.size()) {
                                         Slot& s = b->slots[b->count];
                                         if (!source->Next(&s.rec)) {
                                           done = true;
                                           break;
                                         }
                                         Read(&s, s.rec);
                                         ++b->count;
                                       }
                                       if (b->count == 0) {
                                         fc.stop();
                                         return nullptr;
                                       }
                                       next = (next + 1) % tokens;
                                       return b;
                                     }) &
          each_event(tbb::filter_mode::parallel, nullptr,
                     [&](Batch* b, Slot* s) { Decode(s, &b->worker, prematch); }) &
          each_event(tbb::filter_mode::serial_in_order, &stats_, [&](Batch*, Slot* s) { Correlate(s); }) &
          each_event(tbb::filter_mode::parallel, nullptr, [&](Batch*, Slot* s) { Format(s); }) &
          tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [&](Batch* b) {
            RunStarted();
            Handoff h(b, const_cast<AlertSink*>(&sink));
            for (size_t i = 0; i < b->count; ++i) {
              const Slot& s = b->slots[i];
              if (s.has_alert) sink(s.line, s.level, s.log_text);
            }
          });
  // The filters may run on oneTBB workers started before this run: publish what this thread
  // built (the batches, the serial state, the filters and their bodies' captures).
  TRIPLINE_TSAN_RELEASE(&g_run_start);
  tbb::parallel_pipeline(tokens, chain);
  // parallel_pipeline has joined every filter: the caller now owns the source (read by the
  // input filter under `next`), the batches and the serial state again.
  TRIPLINE_TSAN_ACQUIRE(&next);
  for (Batch& b : batches) TRIPLINE_TSAN_ACQUIRE(&b);
  TRIPLINE_TSAN_ACQUIRE(&stats_);
  TRIPLINE_TSAN_ACQUIRE(const_cast<AlertSink*>(&sink));
  return stats_;
}

}  // namespace tripline::pipeline
