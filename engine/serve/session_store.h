// SessionStore: the logtest sessions of a service, by token. Each session keeps its own
// LogtestSession (correlation state) over the Ruleset it was created with. The store holds at
// most `max_sessions` sessions: creating one more evicts the least recently used (counted in
// LimitCounter::kLogtestSessionEvicted), and sessions idle for `timeout_seconds` or more are
// expired. Times are given by the caller (seconds).
//
// Thread-safety: every method may be called from many threads at once. A session's
// LogtestSession may only be used while holding its `mutex`; entries are shared_ptrs, so a
// thread still using an evicted or removed session finishes safely.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "session/logtest_session.h"
#include "session/ruleset.h"

namespace tripline::serve {

struct SessionEntry {
  std::mutex mutex;  // held while the session processes an event
  std::shared_ptr<const Ruleset> ruleset;
  std::unique_ptr<LogtestSession> session;
  std::string token;

  // Guarded by the store's lock.
  int64_t last_used = 0;
  std::list<std::string>::iterator lru_pos;
};

class SessionStore {
 public:
  SessionStore(size_t max_sessions, int64_t timeout_seconds);

  // The session with `token`, marked used at `now`; nullptr when there is none.
  std::shared_ptr<SessionEntry> Find(const std::string& token, int64_t now);

  // Creates a session with a fresh token over `ruleset`, evicting the least recently used
  // session when the store is full. The new entry is returned with its mutex already held by
  // the caller (adopt it with std::unique_lock(entry->mutex, std::adopt_lock)).
  std::shared_ptr<SessionEntry> CreateLocked(std::shared_ptr<const Ruleset> ruleset, const LogtestOptions& opts,
                                             int64_t now);

  enum class RemoveResult { kRemoved, kNotFound, kBusy };
  // Removes the session with `token` unless another thread is using it (kBusy).
  RemoveResult Remove(const std::string& token);

  // Removes the sessions idle for timeout_seconds or more and not in use. Returns how many.
  size_t ExpireIdle(int64_t now);

  size_t size() const;
  // Tokens from the most to the least recently used.
  std::vector<std::string> TokensByRecency() const;

 private:
  void EraseLocked(std::unordered_map<std::string, std::shared_ptr<SessionEntry>>::iterator it);

  const size_t max_sessions_;
  const int64_t timeout_seconds_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<SessionEntry>> sessions_;
  std::list<std::string> lru_;  // front: most recently used
};

}  // namespace tripline::serve
