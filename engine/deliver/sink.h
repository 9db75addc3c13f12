// Output sinks for alerts. A Sink takes the alerts its filter accepts:
//  * file sinks (alerts_json, alerts_log, stdout) write them at once;
//  * network sinks (webhook, thehive) append them to their Spool and return; a delivery thread
//    of the sink POSTs the spooled alerts one at a time, in order, and commits each after a 2xx
//    answer, retrying with exponential backoff (jitter, a cap) and honouring 429 Retry-After.
//    Destroying the sink stops the thread (an alert in flight stays spooled: at least once).
//
// Thread-safety: Offer() is called from one thread at a time; stats(), pending() and
// WaitIdle() from any thread. A network sink owns its spool and its thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "deliver/config.h"
#include "deliver/spool.h"

namespace tripline::deliver {

// Where sinks report problems (one line, no trailing newline). Default: stderr.
using Logger = std::function<void(const std::string&)>;
Logger StderrLogger();

struct SinkStats {
  uint64_t accepted = 0;     // alerts the filter let through (spooled or written)
  uint64_t delivered = 0;    // network: answered 2xx (or "already exists" by TheHive)
  uint64_t failures = 0;     // network: attempts that failed and will be retried
  uint64_t dropped_full = 0;  // network: not spooled because the spool was full: LOST
  uint64_t rejected = 0;     // network: refused for good (400/413/415/422), kept in rejected.jsonl
  uint64_t write_errors = 0;  // spool or file write errors: LOST
  uint64_t pending = 0;      // network: still in the spool
};

class Sink {
 public:
  virtual ~Sink() = default;
  const SinkConfig& config() const { return config_; }
  // Takes one alert (the filter is checked here).
  virtual void Offer(const AlertInfo& alert) = 0;
  // Waits until everything accepted was delivered or `deadline` passed. True when idle.
  virtual bool WaitIdle(std::chrono::steady_clock::time_point deadline) { return true; }
  virtual SinkStats stats() const = 0;

 protected:
  explicit Sink(SinkConfig config) : config_(std::move(config)) {}
  SinkConfig config_;
};

// Creates the sink of `config` (for network sinks: opens the spool, starts the thread).
// Null with *error (when given) when its file or spool cannot be opened.
std::unique_ptr<Sink> CreateSink(const SinkConfig& config, Logger log, std::string* error);

class FileSink : public Sink {
 public:
  FileSink(SinkConfig config, FILE* f, bool owned);
  ~FileSink() override;
  void Offer(const AlertInfo& alert) override;
  SinkStats stats() const override;

 private:
  FILE* f_;
  bool owned_;
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> write_errors_{0};
};

class NetworkSink : public Sink {
 public:
  NetworkSink(SinkConfig config, std::unique_ptr<Spool> spool, Logger log);
  ~NetworkSink() override;
  void Offer(const AlertInfo& alert) override;
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) override;
  SinkStats stats() const override;

 private:
  void Run();
  // Waits `ms` or until stopped; false when stopped.
  bool Sleep(int64_t ms);
  int64_t BackoffMs(int attempt);
  void Log(const std::string& msg) const;

  std::unique_ptr<Spool> spool_;
  Logger log_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stop_{false};
  std::mt19937_64 rng_;
  std::atomic<uint64_t> accepted_{0}, delivered_{0}, failures_{0}, dropped_full_{0}, rejected_{0}, write_errors_{0};
  std::thread thread_;
};

}  // namespace tripline::deliver
