// Sessions of the logtest service: creation, reuse with per-session correlation state, idle
// expiry (with an injected clock), the session limit with least-recently-used eviction, and
// ruleset reloads that leave existing sessions on the ruleset they started with.
#include <gtest/gtest.h>

#include <csignal>

#include "base/limit_counters.h"
#include "serve/signal_pipe.h"
#include "serve_fixture.h"

namespace tripline::serve {
namespace {

using testing::LogRequest;
using testing::TokenOf;

int FiredTimes(const std::string& reply) {
  json::Value v = testing::ParseReply(reply);
  const json::Value* o = v.GetObjectItemCaseSensitive("data")->GetObjectItemCaseSensitive("output");
  return o ? o->GetObjectItemCaseSensitive("rule")->GetObjectItemCaseSensitive("firedtimes")->valueint() : -1;
}

class SessionsTest : public ::testing::Test {
 protected:
  void Make(size_t max_sessions, int64_t timeout) {
    ServiceOptions opts;
    opts.max_sessions = max_sessions;
    opts.session_timeout = timeout;
    opts.logtest.manager_name = "tripline-test";
    opts.clock = clock_.AsClock();
    service_ = std::make_unique<LogtestService>(testing::LoadDir(dir_one_), opts);
  }
  std::string NewSession() { return TokenOf(service_->HandleRequest(LogRequest("tl: x"))); }
  bool Reuses(const std::string& token) {
    return TokenOf(service_->HandleRequest(LogRequest("tl: x", token))) == token;
  }

  std::string dir_one_ = testing::WriteTinyRuleset("version one");
  testing::FakeClock clock_;
  std::unique_ptr<LogtestService> service_;
};

TEST_F(SessionsTest, EachSessionKeepsItsOwnState) {
  Make(64, 900);
  std::string a = NewSession();
  std::string b = NewSession();
  EXPECT_NE(a, b);
  EXPECT_EQ(FiredTimes(service_->HandleRequest(LogRequest("tl: x", a))), 2);
  EXPECT_EQ(FiredTimes(service_->HandleRequest(LogRequest("tl: x", a))), 3);
  EXPECT_EQ(FiredTimes(service_->HandleRequest(LogRequest("tl: x", b))), 2);
  EXPECT_EQ(service_->sessions().size(), 2u);
}

TEST_F(SessionsTest, IdleSessionsExpire) {
  Make(64, 900);
  std::string a = NewSession();
  std::string b = NewSession();
  clock_.Advance(899);
  EXPECT_TRUE(Reuses(a));  // a is used again at t+899
  EXPECT_EQ(service_->ExpireIdle(), 0u);
  clock_.Advance(1);  // b idle for 900 s
  EXPECT_EQ(service_->ExpireIdle(), 1u);
  EXPECT_EQ(service_->sessions().TokensByRecency(), std::vector<std::string>{a});
  std::string reply = service_->HandleRequest(LogRequest("tl: x", b));
  EXPECT_NE(reply.find("WARNING: (7003): '" + b + "' token expires"), std::string::npos) << reply;
  // An expired session is never reused, even before a sweep.
  clock_.Advance(5000);
  EXPECT_FALSE(Reuses(a));
}

TEST_F(SessionsTest, LeastRecentlyUsedIsEvictedWhenFull) {
  Make(3, 900);
  std::string a = NewSession();
  clock_.Advance(1);
  std::string b = NewSession();
  clock_.Advance(1);
  std::string c = NewSession();
  clock_.Advance(1);
  EXPECT_TRUE(Reuses(a));
  std::string d = NewSession();
  EXPECT_EQ(service_->sessions().size(), 3u);
  EXPECT_EQ(service_->sessions().TokensByRecency(), (std::vector<std::string>{d, a, c}));
  EXPECT_TRUE(Reuses(c));
  EXPECT_FALSE(Reuses(b));  // evicted; this request created a new session, evicting a
  EXPECT_EQ(service_->sessions().size(), 3u);
  EXPECT_FALSE(Reuses(a));
}

TEST_F(SessionsTest, EvictionsAreCounted) {
  SessionStore store(2, 900);
  auto rs = testing::LoadDir(dir_one_);
  const uint64_t before = LimitHits(LimitCounter::kLogtestSessionEvicted);
  for (int i = 0; i < 5; ++i) store.CreateLocked(rs, LogtestOptions(), i)->mutex.unlock();
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(LimitHits(LimitCounter::kLogtestSessionEvicted), before + 3);
}

TEST_F(SessionsTest, StoreEvictsEvenASessionInUse) {
  SessionStore store(1, 900);
  auto rs = testing::LoadDir(dir_one_);
  auto first = store.CreateLocked(rs, LogtestOptions(), 0);  // held by "another thread"
  auto second = store.CreateLocked(rs, LogtestOptions(), 1);
  second->mutex.unlock();
  EXPECT_EQ(store.size(), 1u);
  EXPECT_FALSE(store.Find(first->token, 2));
  LogtestReply reply;  // the evicted session stays usable by its holder
  first->session->Process("stdin", "tl: x", false, timespec{1, 0}, &reply);
  EXPECT_TRUE(reply.has_output);
  first->mutex.unlock();
}

TEST_F(SessionsTest, ReloadKeepsExistingSessionsOnTheirRuleset) {
  Make(64, 900);
  std::string old_token = NewSession();
  RulesetSources two;
  two.ruleset_dirs = {testing::WriteTinyRuleset("version two")};
  std::string report;
  ASSERT_TRUE(ReloadRuleset(service_.get(), two, RulesetOptions(), &report)) << report;
  EXPECT_EQ(testing::RuleDescription(service_->HandleRequest(LogRequest("tl: x", old_token))), "version one");
  EXPECT_EQ(testing::RuleDescription(service_->HandleRequest(LogRequest("tl: x"))), "version two");

  // A ruleset with errors is refused and the current one stays.
  auto current = service_->ruleset();
  RulesetSources broken;
  broken.ruleset_dirs = {testing::WriteTinyRuleset("version three", /*broken=*/true)};
  EXPECT_FALSE(ReloadRuleset(service_.get(), broken, RulesetOptions(), &report));
  EXPECT_NE(report.find("error"), std::string::npos) << report;
  EXPECT_EQ(service_->ruleset(), current);
  EXPECT_EQ(testing::RuleDescription(service_->HandleRequest(LogRequest("tl: x"))), "version two");
}

TEST(SignalPipe, DeliversSignalsAsBytes) {
  SignalPipe pipe({SIGUSR1});
  EXPECT_EQ(pipe.Wait(0), 0);
  std::raise(SIGUSR1);
  EXPECT_EQ(pipe.Wait(1000), SIGUSR1);
}

}  // namespace
}  // namespace tripline::serve
