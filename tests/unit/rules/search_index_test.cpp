// The key index of the correlation lists (SessionOptions::search_index) changes only how fast a
// search runs: every event gets the same rule, firedtimes, previous events, `matched` markers
// (seen through later results) and alert flag with the index on and off. Random event streams
// exercise same_* keys, different_*, same_field, global_frequency, missing values, agents,
// eviction (memory_size) and a processing time that goes back.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "rules_fixture.h"

namespace tripline::rules::testing {
namespace {

constexpr const char* kRules = R"(
<group name="t,">
  <rule id="100" level="3"><match>fail</match><description>failure</description><group>authfail,</group></rule>
  <rule id="101" level="10" frequency="4" timeframe="60"><if_matched_sid>100</if_matched_sid><same_source_ip /><description>same ip</description></rule>
  <rule id="102" level="8" frequency="3" timeframe="30"><if_matched_sid>100</if_matched_sid><same_user /><same_location /><description>same user and location</description></rule>
  <rule id="103" level="6" timeframe="20"><if_matched_sid>100</if_matched_sid><match>again</match><same_source_ip /><different_user /><description>same ip, other user</description></rule>
  <rule id="104" level="12" frequency="5" timeframe="90"><if_matched_sid>100</if_matched_sid><same_source_ip /><same_field>session</same_field><global_frequency /><description>global</description></rule>
  <rule id="105" level="5" frequency="3" timeframe="40"><if_matched_sid>100</if_matched_sid><same_id /><description>same id</description></rule>
  <rule id="106" level="7" timeframe="25"><if_matched_sid>100</if_matched_sid><match>any</match><description>agent only</description></rule>
  <rule id="110" level="4"><match>denied</match><description>denied</description><group>authfail,</group></rule>
  <rule id="111" level="9" frequency="3" timeframe="50"><if_matched_group>authfail</if_matched_group><same_dstip /><not_same_field>session</not_same_field><description>group</description></rule>
  <rule id="112" level="11" frequency="4" timeframe="70"><if_matched_group>authfail</if_matched_group><same_srcuser /><same_dst_port /><global_frequency /><description>group global</description></rule>
</group>)";

struct Outcome {
  int id = 0;
  int firedtimes = 0;
  bool stored = false;
  bool alert = false;
  std::vector<std::string> last_events;

  bool operator==(const Outcome&) const = default;
};

Outcome Capture(const MatchResult& m) {
  Outcome o;
  o.id = m.rule != nullptr ? m.rule->id : 0;
  o.firedtimes = m.firedtimes;
  o.stored = m.stored;
  o.alert = m.alert;
  for (const std::string& s : m.last_events.view()) o.last_events.push_back(s);
  return o;
}

std::string Describe(const Outcome& o) {
  std::ostringstream out;
  out << "rule " << o.id << " firedtimes " << o.firedtimes << " stored " << o.stored << " alert "
      << o.alert << " last_events [";
  for (const std::string& s : o.last_events) out << s << "|";
  out << "]";
  return out.str();
}

class SearchIndexTest : public RulesTest {
 protected:
  // Builds a random event into ev_ (rng decides every value; some are missing).
  void RandomEvent(std::mt19937& rng, int n) {
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    static constexpr const char* kMsgs[] = {"fail", "fail again", "fail any", "denied", "other"};
    NewEvent(std::string(kMsgs[pick(5)]) + " #" + std::to_string(n));
    static constexpr const char* kAgents[] = {"000", "000", "001", ""};
    ev_.agent_id = kAgents[pick(4)];
    ev_.location = pick(3) == 0 ? "stdin" : "/var/log/auth.log";
    auto maybe = [&](StaticField f, int values, const char* prefix) {
      const int v = pick(values + 1);
      if (v < values) ev_.SetStatic(f, prefix + std::to_string(v));
    };
    maybe(kSrcIp, 4, "10.0.0.");
    maybe(kDstUser, 3, "user");
    maybe(kSrcUser, 2, "src");
    maybe(kId, 2, "id");
    maybe(kDstIp, 3, "192.168.1.");
    maybe(kDstPort, 2, "");
    if (pick(3) != 0) ev_.AddDynamic("session", "s" + std::to_string(pick(3)));
  }

  // Runs `events` random events through two sessions, index on and off, and compares every
  // result. `back_every`: every so many events processing time jumps back (0 = never).
  void Compare(TimeMode mode, uint32_t seed, int events, int back_every) {
    SessionOptions on;
    on.time_mode = mode;
    on.memory_size = 2048;  // the minimum: evictions happen
    SessionOptions off = on;
    off.search_index = false;
    Session with_index(*rules_, on);
    Session without_index(*rules_, off);
    std::mt19937 rng(seed);
    int64_t now = kT0;
    int fired = 0;
    for (int n = 0; n < events; ++n) {
      RandomEvent(rng, n);
      if (rng() % 3 == 0) ++now;
      if (back_every != 0 && n % back_every == back_every - 1) now -= 1 + rng() % 80;
      const EventTime t = EventTime::FromEpoch(now);
      const Outcome a = Capture(with_index.Process(ev_, t));
      const Outcome b = Capture(without_index.Process(ev_, t));
      ASSERT_EQ(a, b) << "event " << n << " (" << ev_.full_log << ")\n  index on:  " << Describe(a)
                      << "\n  index off: " << Describe(b);
      if (a.id > 100 && a.id != 110) ++fired;
    }
    EXPECT_GT(fired, events / 50);  // the stream does exercise correlation
    EXPECT_GT(with_index.counters().last_events_evicted, 0u);
  }
};

TEST_F(SearchIndexTest, ProcessingTimeForward) {
  ASSERT_TRUE(LoadWithTemplates(kRules)) << diags_.RenderAll();
  Compare(TimeMode::kProcessing, 1, 12000, 0);
}

TEST_F(SearchIndexTest, ProcessingTimeGoingBack) {
  ASSERT_TRUE(LoadWithTemplates(kRules)) << diags_.RenderAll();
  Compare(TimeMode::kProcessing, 2, 12000, 97);
  Compare(TimeMode::kProcessing, 3, 6000, 7);
}

TEST_F(SearchIndexTest, EventTime) {
  ASSERT_TRUE(LoadWithTemplates(kRules)) << diags_.RenderAll();
  Compare(TimeMode::kEvent, 4, 12000, 31);
}

TEST_F(SearchIndexTest, TimeGoingBackFallsBackToTheFullWalk) {
  // The list is A@1000, B@1000, B@900. The plain walk for a new A event at 1000 stops at B@900
  // (older than the timeframe) before reaching A@1000; a walk of A's entries alone would match.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>fail</match><description>failure</description></rule>
  <rule id="101" level="10" timeframe="60"><if_matched_sid>100</if_matched_sid><match>match</match><same_source_ip /><description>same ip</description></rule>
</group>)")) << diags_.RenderAll();
  for (bool index : {true, false}) {
    SCOPED_TRACE(index ? "index on" : "index off");
    SessionOptions opts;
    opts.search_index = index;
    Session session(*rules_, opts);
    auto run = [&](const char* log, const char* ip, int64_t now) {
      NewEvent(log);
      ev_.SetStatic(kSrcIp, ip);
      return IdOf(session.Process(ev_, EventTime::FromEpoch(now)));
    };
    EXPECT_EQ(run("fail 1", "10.0.0.1", 1000), 100);
    EXPECT_EQ(run("fail 2", "10.0.0.2", 1000), 100);
    EXPECT_EQ(run("fail 3", "10.0.0.2", 900), 100);
    EXPECT_EQ(run("fail match", "10.0.0.1", 1000), 100);  // stopped at fail 3
    EXPECT_EQ(run("fail match", "10.0.0.2", 1000), 100);  // stopped at fail 3 again
    EXPECT_EQ(run("fail match", "10.0.0.1", 1101), 100);  // everything is out of the timeframe
    EXPECT_EQ(run("fail match", "10.0.0.1", 1101), 101);  // the previous one is in it
  }
}

TEST_F(SearchIndexTest, MissingKeyValueHasNoCandidates) {
  // §5.4 step 3: both values must be present. An event without srcip never matches a
  // same_source_ip rule, and stored events without one never count.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>fail</match><description>failure</description></rule>
  <rule id="101" level="10" frequency="3"><if_matched_sid>100</if_matched_sid><same_source_ip /><description>same ip</description></rule>
</group>)")) << diags_.RenderAll();
  auto run = [&](const char* ip) {
    NewEvent("fail");
    if (ip != nullptr) ev_.SetStatic(kSrcIp, ip);
    return IdOf(Run());
  };
  EXPECT_EQ(run(nullptr), 100);
  EXPECT_EQ(run(nullptr), 100);
  EXPECT_EQ(run(nullptr), 100);
  EXPECT_EQ(run("10.0.0.1"), 100);
  EXPECT_EQ(run("10.0.0.1"), 100);
  EXPECT_EQ(run(nullptr), 100);
  EXPECT_EQ(run("10.0.0.1"), 101);
}

}  // namespace
}  // namespace tripline::rules::testing
