// Delivery: the set of output sinks of a run. Offer() hands each alert line to every sink (each
// applies its own filter); Drain() waits, bounded, for the network sinks' spools to empty;
// Report() tells per sink what was delivered, what is left in its spool and what was lost.
//
// Owns its sinks. Offer() is called from one thread at a time (the pipeline's in-order alert
// writer); Drain() and Report() from that thread too.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "deliver/config.h"
#include "deliver/sink.h"

namespace tripline::deliver {

class Delivery {
 public:
  // Opens every sink. Null with *error when one cannot be opened.
  static std::unique_ptr<Delivery> Create(const std::vector<SinkConfig>& configs, Logger log, std::string* error);

  void Offer(std::string_view line, int level, std::string_view log_text);
  // True when some sink writes alerts.log text (the pipeline must produce it).
  bool needs_log_text() const;
  bool empty() const { return sinks_.empty(); }

  // Waits until every network sink delivered its spool, or `timeout` passed. True when all did.
  bool Drain(std::chrono::milliseconds timeout);

  // One line per sink: "<name> [<type>]: accepted A, delivered D, pending P, ...".
  std::vector<std::string> Report() const;
  // Alerts lost by any sink (spool full, write errors, refused by the receiver).
  uint64_t lost() const;
  // Alerts still in the spools.
  uint64_t pending() const;
  const std::vector<std::unique_ptr<Sink>>& sinks() const { return sinks_; }

 private:
  std::vector<std::unique_ptr<Sink>> sinks_;
};

}  // namespace tripline::deliver
