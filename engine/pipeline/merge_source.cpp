#include "pipeline/merge_source.h"

#include <climits>
#include <map>

namespace tripline::pipeline {

MergeSource::MergeSource(std::vector<std::vector<input::ExpandedInput>> groups, bool by_time,
                         const input::ReaderLimits& limits)
    : limits_(limits), by_time_(by_time) {
  heads_.resize(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) heads_[i].files = std::move(groups[i]);
  if (by_time_) {
    for (Head& h : heads_) Advance(&h);
  }
}

std::vector<std::vector<input::ExpandedInput>> MergeSource::GroupInputs(std::vector<input::ExpandedInput> inputs) {
  std::vector<std::vector<input::ExpandedInput>> groups;
  std::map<std::string, size_t> index;
  for (input::ExpandedInput& in : inputs) {
    std::string path = in.path;
    size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "" : path.substr(0, slash);
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0) name.resize(name.size() - 3);
    size_t dot = name.rfind('.');
    std::string key = dir + '\0' + (dot == std::string::npos ? "" : name.substr(dot));
    auto [it, added] = index.emplace(key, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(std::move(in));
  }
  return groups;
}

void MergeSource::Finish(Head* h) {
  if (h->source) stats_.push_back(h->source->stats());
  h->source.reset();
}

bool MergeSource::Read(Head* h, input::InputRecord* out) {
  while (true) {
    if (h->source && h->source->Next(out)) return true;
    Finish(h);
    if (h->next_file >= h->files.size()) return false;
    const input::ExpandedInput& in = h->files[h->next_file++];
    std::string error = in.error;
    if (error.empty()) h->source = input::Source::Open(in.path, in.kind, &error, limits_);
    if (!h->source) stats_.push_back(input::UnreadableStats(in.path, in.kind, error));
  }
}

void MergeSource::Advance(Head* h) {
  h->has = Read(h, &h->rec);
  if (h->has && h->rec.has_event_time) h->last_time = h->rec.event_time_ms;
}

int64_t MergeSource::KeyOf(const Head& h) const { return h.rec.has_event_time ? h.rec.event_time_ms : h.last_time; }

bool MergeSource::Next(input::InputRecord* out) {
  if (!by_time_) {
    while (sequential_ < heads_.size()) {
      if (Read(&heads_[sequential_], out)) return true;
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
  std::vector<input::SourceStats> out = stats_;
  for (const Head& h : heads_) {
    if (h.source) out.push_back(h.source->stats());
  }
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
