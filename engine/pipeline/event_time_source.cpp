#include "pipeline/event_time_source.h"

namespace tripline::pipeline {

EventTimeSource::EventTimeSource(RecordSource* inner, EventTimeOptions time_opts, ReorderOptions reorder_opts)
    : inner_(inner), extractor_(std::move(time_opts)), buffer_(reorder_opts), reference_(time(nullptr)) {
  predecode_.manager_host = "tripline";
}

bool EventTimeSource::TimeOf(const input::InputRecord& rec, int64_t* t) {
  if (rec.has_event_time) {
    ++counters_.from_input;
    const int64_t ms = rec.event_time_ms;
    *t = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    return true;
  }
  FrameMessage(rec.location, rec.message, &framed_);
  TimeOrigin origin = TimeOrigin::kNone;
  if (Predecode(framed_, predecode_, &scratch_)) origin = extractor_.Extract(nullptr, scratch_, reference_, t);
  if (origin == TimeOrigin::kHeader) {
    ++counters_.from_header;
    return true;
  }
  if (origin == TimeOrigin::kJsonField) {
    ++counters_.from_field;
    return true;
  }
  ++counters_.carried;
  return false;
}

bool EventTimeSource::Next(input::InputRecord* out) {
  auto release = [this](int64_t t, input::InputRecord&& rec, bool /*late*/) {
    rec.has_event_time = true;
    rec.event_time_ms = t * 1000;
    released_.push_back(std::move(rec));
  };
  while (released_.empty()) {
    input::InputRecord rec;
    if (!flushed_ && inner_->Next(&rec)) {
      int64_t t = 0;
      if (TimeOf(rec, &t)) {
        if (!has_time_ || t > newest_) newest_ = t;
        if (!has_time_) {
          has_time_ = true;
          for (auto& u : untimed_) buffer_.Push(t, std::move(u), release);
          untimed_.clear();
        }
        reference_ = newest_;
        buffer_.Push(t, std::move(rec), release);
      } else if (has_time_) {
        buffer_.Push(newest_, std::move(rec), release);
      } else if (untimed_.size() < buffer_.options().capacity) {
        untimed_.push_back(std::move(rec));
      } else {
        release(reference_, std::move(rec), false);  // nothing has a time yet: the wall clock
      }
    } else if (!flushed_) {
      for (auto& u : untimed_) release(reference_, std::move(u), false);
      untimed_.clear();
      buffer_.Flush(release);
      flushed_ = true;
    } else {
      return false;
    }
  }
  *out = std::move(released_.front());
  released_.pop_front();
  return true;
}

}  // namespace tripline::pipeline
