#include "deliver/sink.h"

#include <algorithm>
#include <fstream>

#include "deliver/http_client.h"
#include "deliver/thehive.h"

namespace tripline::deliver {
namespace {

bool IsPermanent(long status) { return status == 400 || status == 413 || status == 415 || status == 422; }

std::string Snippet(const std::string& body) {
  std::string s = body.substr(0, 200);
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

Logger StderrLogger() {
  return [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
}

std::unique_ptr<Sink> CreateSink(const SinkConfig& config, Logger log, std::string* error) {
  std::string ignored;
  if (!error) error = &ignored;
  if (!log) log = StderrLogger();
  if (config.is_network()) {
    auto spool = Spool::Open(config.spool, error);
    if (!spool) return nullptr;
    return std::make_unique<NetworkSink>(config, std::move(spool), std::move(log));
  }
  if (config.type == SinkType::kStdout) return std::make_unique<FileSink>(config, stdout, false);
  FILE* f = std::fopen(config.path.c_str(), "w");
  if (!f) {
    *error = "sink " + config.name + ": cannot write " + config.path;
    return nullptr;
  }
  return std::make_unique<FileSink>(config, f, true);
}

// ---- FileSink ----

FileSink::FileSink(SinkConfig config, FILE* f, bool owned) : Sink(std::move(config)), f_(f), owned_(owned) {}

FileSink::~FileSink() {
  if (owned_) {
    std::fclose(f_);
  } else {
    std::fflush(f_);
  }
}

void FileSink::Offer(const AlertInfo& alert) {
  if (!config_.filter.Matches(alert)) return;
  ++accepted_;
  bool ok;
  if (config_.type == SinkType::kAlertsLog) {
    ok = std::fwrite(alert.log_text.data(), 1, alert.log_text.size(), f_) == alert.log_text.size();
  } else {
    ok = std::fwrite(alert.line.data(), 1, alert.line.size(), f_) == alert.line.size() && std::fputc('\n', f_) != EOF;
  }
  if (!ok) ++write_errors_;
}

SinkStats FileSink::stats() const {
  SinkStats s;
  s.accepted = accepted_;
  s.write_errors = write_errors_;
  return s;
}

// ---- NetworkSink ----

NetworkSink::NetworkSink(SinkConfig config, std::unique_ptr<Spool> spool, Logger log)
    : Sink(std::move(config)), spool_(std::move(spool)), log_(std::move(log)), rng_(std::random_device()()) {
  if (config_.insecure) {
    Log("WARNING: TLS certificate verification is disabled (insecure); the receiver is not authenticated");
  }
  if (uint64_t n = spool_->pending_records()) {
    Log("resuming with " + std::to_string(n) + " undelivered alert(s) in " + spool_->dir());
  }
  thread_ = std::thread([this] { Run(); });
}

NetworkSink::~NetworkSink() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void NetworkSink::Log(const std::string& msg) const {
  log_(Redact("tripline deliver: sink " + config_.name + " (" + RedactUrl(config_.url) + "): " + msg, config_.api_key));
}

void NetworkSink::Offer(const AlertInfo& alert) {
  if (!config_.filter.Matches(alert)) return;
  std::string error;
  switch (spool_->Append(alert.line, &error)) {
    case AppendResult::kOk:
      ++accepted_;
      break;
    case AppendResult::kFull: {
      uint64_t n = ++dropped_full_;
      if (n == 1 || n % 1000 == 0) {
        Log("ERROR: spool full (" + std::to_string(spool_->pending_bytes()) + " bytes, spool_max_bytes " +
            std::to_string(config_.spool.max_bytes) + ", in " + spool_->dir() + "): alert of rule " + alert.rule_id +
            " DROPPED (" + std::to_string(n) + " dropped so far)");
      }
      return;
    }
    case AppendResult::kError: {
      uint64_t n = ++write_errors_;
      if (n == 1 || n % 1000 == 0) Log("ERROR: spool write failed, alert DROPPED: " + error);
      return;
    }
  }
  {
    std::lock_guard<std::mutex> l(mu_);
  }
  cv_.notify_all();
}

bool NetworkSink::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  while (spool_->pending_records() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

SinkStats NetworkSink::stats() const {
  SinkStats s;
  s.accepted = accepted_;
  s.delivered = delivered_;
  s.failures = failures_;
  s.dropped_full = dropped_full_;
  s.rejected = rejected_;
  s.write_errors = write_errors_;
  s.pending = spool_->pending_records();
  return s;
}

bool NetworkSink::Sleep(int64_t ms) {
  std::unique_lock<std::mutex> l(mu_);
  return !cv_.wait_for(l, std::chrono::milliseconds(ms), [&] { return stop_.load(); });
}

int64_t NetworkSink::BackoffMs(int attempt) {
  int64_t d = std::max<int64_t>(1, config_.backoff_initial_ms);
  for (int i = 0; i < attempt && d < config_.backoff_max_ms; ++i) d *= 2;
  d = std::min(d, std::max<int64_t>(1, config_.backoff_max_ms));
  // Jitter: a uniform delay in [d/2, d].
  return d / 2 + static_cast<int64_t>(rng_() % static_cast<uint64_t>(d - d / 2 + 1));
}

void NetworkSink::Run() {
  HttpClient http;
  HttpRequest req;
  req.url = config_.EndpointUrl();
  req.timeout_ms = config_.timeout_ms;
  req.connect_timeout_ms = config_.connect_timeout_ms;
  req.ca_file = config_.ca_file;
  req.insecure = config_.insecure;
  if (!config_.api_key.empty()) {
    req.headers.push_back(config_.auth_header + ": " +
                          (config_.auth_scheme.empty() ? "" : config_.auth_scheme + " ") + config_.api_key);
  }
  if (config_.type == SinkType::kTheHive && !config_.organisation.empty()) {
    req.headers.push_back("X-Organisation: " + config_.organisation);
  }
  int attempt = 0;
  std::string record;
  while (true) {
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [&] { return stop_.load() || spool_->pending_records() > 0; });
      if (stop_) return;
    }
    if (!spool_->Front(&record)) {
      Log("ERROR: cannot read the spool in " + spool_->dir());
      if (!Sleep(BackoffMs(attempt++))) return;
      continue;
    }
    req.body = config_.type == SinkType::kTheHive ? BuildTheHiveAlert(record, config_.thehive) : record;
    HttpResponse resp;
    if (req.body.empty()) {
      resp.status = 400;
      resp.body = "not a JSON alert";
    } else {
      resp = http.Post(req, &stop_);
    }
    if (stop_) return;  // not committed: delivered again after a restart
    const bool ok = (resp.status >= 200 && resp.status < 300) ||
                    (config_.type == SinkType::kTheHive && resp.status == 400 &&
                     resp.body.find("already exist") != std::string::npos);
    if (ok) {
      spool_->PopFront();
      ++delivered_;
      if (attempt > 0) Log("delivering again after " + std::to_string(attempt) + " failed attempt(s)");
      attempt = 0;
      continue;
    }
    if (IsPermanent(resp.status)) {
      std::ofstream(spool_->dir() + "/rejected.jsonl", std::ios::app) << record << "\n";
      spool_->PopFront();
      ++rejected_;
      Log("ERROR: HTTP " + std::to_string(resp.status) + " (" + Snippet(resp.body) +
          "): alert refused for good, kept in " + spool_->dir() + "/rejected.jsonl");
      attempt = 0;
      continue;
    }
    ++failures_;
    int64_t delay;
    if (resp.status == 429 || resp.status == 503) {
      delay = resp.retry_after_ms >= 0 ? std::min(resp.retry_after_ms, config_.retry_after_max_ms) : BackoffMs(attempt);
    } else {
      delay = BackoffMs(attempt);
    }
    ++attempt;
    if ((attempt & (attempt - 1)) == 0) {  // attempts 1, 2, 4, 8, ...
      std::string what = resp.status ? "HTTP " + std::to_string(resp.status) + " " + Snippet(resp.body) : resp.error;
      Log("delivery failed (" + what + "), attempt " + std::to_string(attempt) + ", " +
          std::to_string(spool_->pending_records()) + " alert(s) spooled, retrying in " + std::to_string(delay) +
          " ms");
    }
    if (!Sleep(delay)) return;
  }
}

}  // namespace tripline::deliver
