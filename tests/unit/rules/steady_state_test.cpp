// Rule matching must not allocate once a session is warmed up (its memories full and their
// buffers grown). Counts glibc malloc/calloc/realloc calls made while processing events.
#include <gtest/gtest.h>

#include "rules_fixture.h"

#include "alloc_counter.h"

namespace tripline::rules::testing {
namespace {

using SteadyStateTest = RulesTest;

TEST_F(SteadyStateTest, ProcessDoesNotAllocateOnceWarm) {
#ifndef TRIPLINE_COUNT_ALLOCS
  GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
#else
  session_opts_.memory_size = 2048;
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>fail</match><description>failure from $(srcip)</description></rule>
  <rule id="101" level="10" frequency="4" timeframe="120"><if_matched_sid>100</if_matched_sid><same_srcip/><description>many from $(srcip)</description></rule>
  <rule id="102" level="0"><match>quiet</match><description>silenced</description></rule>
  <rule id="103" level="5"><match>grp</match><group>feed,</group><description>grouped</description></rule>
  <rule id="104" level="7"><if_matched_group>feed</if_matched_group><description>group corr</description></rule>
  <rule id="105" level="6"><if_matched_regex>^fail</if_matched_regex><match>later</match><description>regex corr</description></rule>
</group>)")) << diags_.RenderAll();

  std::vector<Event> events(4);
  auto fill = [&](Event& ev, const std::string& log, const char* ip) {
    ev.full_log = ev.log_buf = log;
    ev.location = "stdin";
    ev.agent_id = "000";
    ev.hostname = "manager";
    ev.SetStatic(kSrcIp, ip);
    ev.AddDynamic("extra", "value");
  };
  fill(events[0], "fail password for root", "10.0.0.1");
  fill(events[1], "quiet please", "10.0.0.2");
  fill(events[2], "grp event", "10.0.0.3");
  fill(events[3], "later on", "10.0.0.4");
  EventTime t = EventTime::FromEpoch(kT0);

  auto burst = [&](int n) {
    int hits = 0;
    for (int i = 0; i < n; ++i) {
      hits += session_->Process(events[static_cast<size_t>(i) % events.size()], t, false).rule != nullptr;
    }
    return hits;
  };
  burst(6000);  // fill the 2048-event memory several times over
  t_allocs = 0;
  t_counting = true;
  int hits = burst(4000);
  t_counting = false;
  EXPECT_GT(hits, 0);
  EXPECT_EQ(t_allocs, 0);
#endif
}

}  // namespace
}  // namespace tripline::rules::testing
