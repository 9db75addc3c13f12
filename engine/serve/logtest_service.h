// LogtestService: the request handling of Wazuh's logtest socket (docs/wazuh-semantics.md §6.3)
// without the socket: a request payload in, the reply payload out, with Wazuh's error codes,
// message texts and key order. It owns the sessions (SessionStore) and the current Ruleset;
// SetRuleset swaps the ruleset used by sessions created afterwards, while existing sessions
// keep the one they started with.
//
// Thread-safety: HandleRequest, HandleBytes, SetRuleset and ExpireIdle may be called from many
// threads at once; one session is used by one thread at a time.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "serve/session_store.h"
#include "session/logtest_session.h"
#include "session/ruleset.h"

namespace tripline::serve {

// Wall-clock time: session idle times and each event's processing time.
using Clock = std::function<timespec()>;
timespec RealTimeNow();

struct ServiceOptions {
  size_t max_sessions = 64;
  int64_t session_timeout = 900;  // seconds
  LogtestOptions logtest;         // manager name, alert level, ...
  Clock clock = RealTimeNow;
};

class LogtestService {
 public:
  LogtestService(std::shared_ptr<const Ruleset> ruleset, ServiceOptions opts);

  // Answers one request payload (JSON text, not framed) with the reply payload.
  std::string HandleRequest(std::string_view payload);

  // Answers everything a client sent on one connection (length prefix included): the framed
  // reply, or nothing when Wazuh would close without answering (fewer than 4 bytes, an empty or
  // truncated payload). An announced length above kMaxPayload gets the (7315) reply.
  std::optional<std::string> HandleBytes(std::string_view received);

  // New sessions use `ruleset` from now on.
  void SetRuleset(std::shared_ptr<const Ruleset> ruleset);
  std::shared_ptr<const Ruleset> ruleset() const;

  // Drops sessions idle for session_timeout seconds or more; returns how many.
  size_t ExpireIdle();

  SessionStore& sessions() { return sessions_; }

 private:
  int LogProcessing(const json::Value& params, json::Value* data, std::vector<std::string>* messages);
  int RemoveSession(const json::Value& params, json::Value* data);

  ServiceOptions opts_;
  SessionStore sessions_;
  mutable std::mutex ruleset_mu_;
  std::shared_ptr<const Ruleset> ruleset_;
};

// Loads `sources` and, when the ruleset has no errors, makes it the ruleset of the sessions
// `service` creates from now on. Otherwise returns false and the service keeps its ruleset.
// *report receives the rendered diagnostics (errors and warnings), if any.
bool ReloadRuleset(LogtestService* service, const RulesetSources& sources, const RulesetOptions& opts,
                   std::string* report);

}  // namespace tripline::serve
