#include "deliver/delivery.h"

namespace tripline::deliver {

std::unique_ptr<Delivery> Delivery::Create(const std::vector<SinkConfig>& configs, Logger log, std::string* error) {
  auto d = std::make_unique<Delivery>();
  for (const SinkConfig& c : configs) {
    auto sink = CreateSink(c, log, error);
    if (!sink) {
      if (error->find(c.name) == std::string::npos) *error = "sink " + c.name + ": " + *error;
      return nullptr;
    }
    d->sinks_.push_back(std::move(sink));
  }
  return d;
}

void Delivery::Offer(std::string_view line, int level, std::string_view log_text) {
  if (sinks_.empty()) return;
  AlertInfo info = ParseAlertInfo(line, level, log_text);
  for (auto& s : sinks_) s->Offer(info);
}

bool Delivery::needs_log_text() const {
  for (const auto& s : sinks_) {
    if (s->config().type == SinkType::kAlertsLog) return true;
  }
  return false;
}

bool Delivery::Drain(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool all = true;
  for (auto& s : sinks_) all = s->WaitIdle(deadline) && all;
  return all;
}

std::vector<std::string> Delivery::Report() const {
  std::vector<std::string> out;
  for (const auto& s : sinks_) {
    SinkStats st = s->stats();
    std::string line = s->config().name + " [" + std::string(SinkTypeName(s->config().type)) + "]: accepted " +
                       std::to_string(st.accepted);
    if (s->config().is_network()) {
      line += ", delivered " + std::to_string(st.delivered) + ", undelivered (spooled in " + s->config().spool.dir +
              ") " + std::to_string(st.pending) + ", failed attempts " + std::to_string(st.failures);
      if (st.dropped_full) line += ", DROPPED (spool full) " + std::to_string(st.dropped_full);
      if (st.rejected) line += ", REFUSED by the receiver " + std::to_string(st.rejected);
    }
    if (st.write_errors) line += ", WRITE ERRORS " + std::to_string(st.write_errors);
    out.push_back(std::move(line));
  }
  return out;
}

uint64_t Delivery::lost() const {
  uint64_t n = 0;
  for (const auto& s : sinks_) {
    SinkStats st = s->stats();
    n += st.dropped_full + st.rejected + st.write_errors;
  }
  return n;
}

uint64_t Delivery::pending() const {
  uint64_t n = 0;
  for (const auto& s : sinks_) n += s->stats().pending;
  return n;
}

}  // namespace tripline::deliver
