#include "pipeline/merge_source.h"

#include <climits>

namespace tripline::pipeline {

MergeSource::MergeSource(std::vector<input::ExpandedInput> inputs, bool by_time) : by_time_(by_time) {
  heads_.resize(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    Head& h = heads_[i];
    const input::ExpandedInput& in = inputs[i];
    std::string error = in.error;
    if (error.empty()) h.source = input::Source::Open(in.path, in.kind, &error);
    if (!h.source) {
      h.unreadable = input::UnreadableStats(in.path, in.kind, error);
      continue;
    }
    if (by_time_) Advance(&h);
  }
}

void MergeSource::Advance(Head* h) {
  h->has = h->source && h->source->Next(&h->rec);
  if (h->has && h->rec.has_event_time) h->last_time = h->rec.event_time_ms;
}

int64_t MergeSource::KeyOf(const Head& h) const { return h.rec.has_event_time ? h.rec.event_time_ms : h.last_time; }

bool MergeSource::Next(input::InputRecord* out) {
  if (!by_time_) {
    while (sequential_ < heads_.size()) {
      Head& h = heads_[sequential_];
      if (h.source && h.source->Next(out)) return true;
      ++sequential_;
    }
    return false;
  }
  Head* best = nullptr;
  int64_t best_key = INT64_MAX;
  for (Head& h : heads_) {
    if (!h.has) continue;
    int64_t key = KeyOf(h);
    if (best == nullptr || key < best_key) {
      best = &h;
      best_key = key;
    }
  }
  if (best == nullptr) return false;
  std::swap(*out, best->rec);
  Advance(best);
  return true;
}

std::vector<input::SourceStats> MergeSource::Stats() const {
  std::vector<input::SourceStats> out;
  for (const Head& h : heads_) out.push_back(h.source ? h.source->stats() : h.unreadable);
  return out;
}

std::vector<std::string> MergeSource::Errors() const {
  std::vector<std::string> out;
  for (const input::SourceStats& s : Stats()) {
    if (!s.failed) continue;
    out.push_back(s.messages.empty() ? s.path + ": could not be read completely" : s.messages.back());
  }
  return out;
}

}  // namespace tripline::pipeline
