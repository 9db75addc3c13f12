#include "serve/session_store.h"

#include "base/limit_counters.h"

namespace tripline::serve {

SessionStore::SessionStore(size_t max_sessions, int64_t timeout_seconds)
    : max_sessions_(max_sessions < 1 ? 1 : max_sessions), timeout_seconds_(timeout_seconds) {}

std::shared_ptr<SessionEntry> SessionStore::Find(const std::string& token, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return nullptr;
  SessionEntry& e = *it->second;
  e.last_used = now;
  lru_.splice(lru_.begin(), lru_, e.lru_pos);
  return it->second;
}

std::shared_ptr<SessionEntry> SessionStore::CreateLocked(std::shared_ptr<const Ruleset> ruleset,
                                                         const LogtestOptions& opts, int64_t now) {
  auto entry = std::make_shared<SessionEntry>();
  entry->mutex.lock();
  entry->ruleset = std::move(ruleset);
  std::lock_guard<std::mutex> lock(mu_);
  std::string token = NewSessionToken();
  while (sessions_.count(token)) token = NewSessionToken();
  entry->token = token;
  // Constructing a session only allocates its state: cheap enough to do under the lock.
  entry->session = std::make_unique<LogtestSession>(entry->ruleset, opts, token);
  while (sessions_.size() >= max_sessions_ && !lru_.empty()) {
    EraseLocked(sessions_.find(lru_.back()));
    CountLimitHit(LimitCounter::kLogtestSessionEvicted);
  }
  entry->last_used = now;
  lru_.push_front(token);
  entry->lru_pos = lru_.begin();
  sessions_.emplace(token, entry);
  return entry;
}

SessionStore::RemoveResult SessionStore::Remove(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return RemoveResult::kNotFound;
  std::unique_lock<std::mutex> busy(it->second->mutex, std::try_to_lock);
  if (!busy.owns_lock()) return RemoveResult::kBusy;
  busy.unlock();
  EraseLocked(it);
  return RemoveResult::kRemoved;
}

size_t SessionStore::ExpireIdle(int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t removed = 0;
  // The list is ordered by last use, so the idle sessions are at its back.
  auto pos = lru_.end();
  while (pos != lru_.begin()) {
    --pos;
    auto it = sessions_.find(*pos);
    if (now - it->second->last_used < timeout_seconds_) break;
    std::unique_lock<std::mutex> busy(it->second->mutex, std::try_to_lock);
    if (!busy.owns_lock()) continue;
    busy.unlock();
    auto next = std::next(pos);
    EraseLocked(it);
    pos = next;
    ++removed;
  }
  return removed;
}

size_t SessionStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

std::vector<std::string> SessionStore::TokensByRecency() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::vector<std::string>(lru_.begin(), lru_.end());
}

void SessionStore::EraseLocked(std::unordered_map<std::string, std::shared_ptr<SessionEntry>>::iterator it) {
  lru_.erase(it->second->lru_pos);
  sessions_.erase(it);
}

}  // namespace tripline::serve
