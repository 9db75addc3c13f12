// Correlation and state (docs/wazuh-semantics.md §4.5, §5).
#include <gtest/gtest.h>

#include "rules_fixture.h"

namespace tripline::rules::testing {
namespace {

using CorrelationTest = RulesTest;

// Parent P (level 3, "fail") and a frequency child.
std::string FrequencyRules(const std::string& child_attrs, const std::string& child_body = "") {
  return R"(
<group name="t,">
  <rule id="100" level="3"><match>fail</match><description>failure</description></rule>
  <rule id="101" level="10" )" +
         child_attrs + R"(>
    <if_matched_sid>100</if_matched_sid>)" +
         child_body + R"(
    <description>many failures</description>
  </rule>
</group>)";
}

TEST_F(CorrelationTest, FrequencyFiresOnTheNthEventAndAgainAfterNMinusOneNewOnes) {
  // §5.2: "N−1 previous events plus the current one = N events". §5.4: "After a frequency rule
  // fires, the newest counted previous event carries matched ... so N−1 new qualifying events
  // are needed. Verified: it refires at events 16 and 24 with frequency=8."
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"4\" timeframe=\"120\"")))
      << diags_.RenderAll();
  std::vector<int> ids;
  for (int i = 1; i <= 12; ++i) {
    NewEvent("fail " + std::to_string(i));
    ids.push_back(IdOf(Run()));
  }
  EXPECT_EQ(ids, (std::vector<int>{100, 100, 100, 101, 100, 100, 100, 101, 100, 100, 100, 101}));
}

TEST_F(CorrelationTest, PreviousOutputHoldsTheCountedEvents) {
  // §5.2: "Verified: 5763 (frequency="8", if_matched_sid 5760) fires on the 8th identical sshd
  // failure, and previous_output holds 7 lines." §5.5: joined by '\n', newest first.
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"3\"")));
  NewEvent("fail 1");
  Run();
  NewEvent("fail 2");
  Run();
  NewEvent("fail 3");
  const MatchResult& r = Run();
  ASSERT_EQ(IdOf(r), 101);
  EXPECT_EQ(r.rule->frequency_value(), 3);
  ASSERT_TRUE(r.has_previous_output());
  std::string out;
  r.PreviousOutput(&out);
  EXPECT_EQ(out, "fail 2\nfail 1");
}

TEST_F(CorrelationTest, PreviousEventsRecordedPerSearchStopAtEleven) {
  // §5.5 (docs/limits.md): a search records at most 11 previous events, whatever its frequency.
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"20\"")));
  for (int i = 1; i < 20; ++i) {
    NewEvent("fail " + std::to_string(i));
    ASSERT_EQ(IdOf(Run()), 100) << i;
  }
  NewEvent("fail 20");
  const MatchResult& r = Run();
  ASSERT_EQ(IdOf(r), 101);
  EXPECT_EQ(r.last_events.size(), 11u);
  std::string out;
  r.PreviousOutput(&out);
  EXPECT_EQ(out.substr(0, out.find('\n')), "fail 19");
  EXPECT_EQ(out.substr(out.rfind('\n') + 1), "fail 9");
}

TEST_F(CorrelationTest, WithoutFrequencyEveryLaterEventFires) {
  // §5.4: "With F = 0 (no frequency attribute), first is never set, so the previous event is not
  // marked. The rule fires again on every later event while that previous event is inside the
  // timeframe. Verified with wordpress 9551: events 2, 3, 4 and 5 all give 9551."
  // §5.5: "a 2-event correlation (F = 0) has no previous_output."
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("timeframe=\"60\"")));
  std::vector<int> ids;
  for (int i = 1; i <= 5; ++i) {
    NewEvent("fail");
    const MatchResult& r = Run(kT0 + i);
    ids.push_back(IdOf(r));
    if (i > 1) {
      EXPECT_EQ(r.last_events.size(), 1u);
      EXPECT_FALSE(r.has_previous_output());
    }
  }
  EXPECT_EQ(ids, (std::vector<int>{100, 101, 101, 101, 101}));
  // Once the first event leaves the 60 s timeframe the child stops firing (§5.4 step 1:
  // "now − E.generate_time > timeframe: stop, no match").
  NewEvent("fail");
  EXPECT_EQ(IdOf(Run(kT0 + 1 + 60)), 101);
  NewEvent("fail");
  EXPECT_EQ(IdOf(Run(kT0 + 1 + 61)), 100);
}

TEST_F(CorrelationTest, TimeframeExpiry) {
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"3\" timeframe=\"100\"")));
  NewEvent("fail");
  Run(kT0);
  NewEvent("fail");
  Run(kT0 + 50);
  NewEvent("fail");
  EXPECT_EQ(IdOf(Run(kT0 + 101)), 100);  // the first is 101 s old: the search stops there
  NewEvent("fail");
  EXPECT_EQ(IdOf(Run(kT0 + 102)), 101);  // events at +50, +101 and now
}

TEST_F(CorrelationTest, MatchedMarkerBlocksLowerLevelCompositeRules) {
  // §5.4 step 7: "If E.matched >= rule.level: stop, no match." "A previous event consumed by a
  // composite rule of level L blocks every composite rule of level <= L from counting past it."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>evt</match><description>P</description></rule>
  <rule id="101" level="10" frequency="3"><if_matched_sid>100</if_matched_sid><match>trigger-a</match><description>A</description></rule>
  <rule id="102" level="5"><if_matched_sid>100</if_matched_sid><match>trigger-b</match><description>B</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("evt 1");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("evt 2");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("evt trigger-a");
  EXPECT_EQ(IdOf(Run()), 101);  // marks "evt 2" (the newest counted) with level 10
  NewEvent("evt trigger-b");
  EXPECT_EQ(IdOf(Run()), 100);  // B (level 5) stops at "evt 2"
}

TEST_F(CorrelationTest, MatchedMarkerWithoutAHigherRuleLetsItFire) {
  // Control for the test above: without A's marker, B fires on its first qualifying event.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>evt</match><description>P</description></rule>
  <rule id="102" level="5"><if_matched_sid>100</if_matched_sid><match>trigger-b</match><description>B</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("evt 1");
  Run();
  NewEvent("evt 2");
  Run();
  NewEvent("evt trigger-b");
  EXPECT_EQ(IdOf(Run()), 102);
}

TEST_F(CorrelationTest, LevelZeroCompositeNeverMatches) {
  // §5.4: "A composite rule with level 0 can never match, because 0 >= 0 at the first
  // qualifying candidate."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>evt</match><description>P</description></rule>
  <rule id="101" level="0"><if_matched_sid>100</if_matched_sid><description>zero</description></rule>
</group>)")) << diags_.RenderAll();
  for (int i = 0; i < 4; ++i) {
    NewEvent("evt");
    EXPECT_EQ(IdOf(Run()), 100);
  }
}

TEST_F(CorrelationTest, SameAndDifferentStaticFields) {
  // §5.4 step 3/6: same_*: "both values must be present and strcmp-equal; otherwise skip";
  // different_*: "skip if both are present and equal (missing counts as different)";
  // same_user compares dstuser.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>login</match><description>P</description></rule>
  <rule id="101" level="8" frequency="3"><if_matched_sid>100</if_matched_sid><same_srcip/><same_user/><description>same</description></rule>
  <rule id="200" level="3"><match>scan</match><description>Q</description></rule>
  <rule id="201" level="8" frequency="3"><if_matched_sid>200</if_matched_sid><different_dstport/><description>diff</description></rule>
</group>)")) << diags_.RenderAll();
  auto login = [&](const char* ip, const char* user) {
    NewEvent("login").SetStatic(kSrcIp, ip);
    if (user != nullptr) ev_.SetStatic(kDstUser, user);
    return IdOf(Run());
  };
  EXPECT_EQ(login("1.1.1.1", "root"), 100);
  EXPECT_EQ(login("2.2.2.2", "root"), 100);  // other source
  EXPECT_EQ(login("1.1.1.1", nullptr), 100);  // no dstuser: never counts
  EXPECT_EQ(login("1.1.1.1", "admin"), 100);
  EXPECT_EQ(login("1.1.1.1", "root"), 100);  // one earlier (1.1.1.1, root)
  EXPECT_EQ(login("1.1.1.1", "root"), 101);  // two earlier

  auto scan = [&](const char* port) {
    NewEvent("scan");
    if (port != nullptr) ev_.SetStatic(kDstPort, port);
    return IdOf(Run());
  };
  EXPECT_EQ(scan("22"), 200);
  EXPECT_EQ(scan("22"), 200);  // same port as the only earlier one
  EXPECT_EQ(scan(nullptr), 201);  // missing counts as different: both earlier events count
}

TEST_F(CorrelationTest, SameAndDifferentDynamicFields) {
  // §5.4 step 4: same_field: "skip if either event has no dynamic fields. Every listed name must
  // be present in both with equal values." Step 5: different_field: "Skip if any listed name is
  // present in both with equal values."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>alpha test</match><description>P</description></rule>
  <rule id="101" level="7" frequency="3"><if_matched_sid>100</if_matched_sid><same_field>number</same_field><description>same</description></rule>
  <rule id="200" level="3"><match>beta test</match><description>Q</description></rule>
  <rule id="201" level="7" frequency="3"><if_matched_sid>200</if_matched_sid><not_same_field>number</not_same_field><description>diff</description></rule>
</group>)")) << diags_.RenderAll();
  auto ev = [&](const char* text, const char* number) {
    NewEvent(text);
    if (number != nullptr) ev_.AddDynamic("Number", number);
    return IdOf(Run());
  };
  EXPECT_EQ(ev("alpha test", "5"), 100);
  EXPECT_EQ(ev("alpha test", "6"), 100);
  EXPECT_EQ(ev("alpha test", "5"), 100);
  EXPECT_EQ(ev("alpha test", "5"), 101);

  EXPECT_EQ(ev("beta test", "5"), 200);
  EXPECT_EQ(ev("beta test", "5"), 200);  // the only earlier event has the same number
  EXPECT_EQ(ev("beta test", "6"), 201);  // both earlier "5"s differ
  EXPECT_EQ(ev("beta test", "7"), 200);  // the newest "5" now carries 201's marker
}

TEST_F(CorrelationTest, AgentScopingAndGlobalFrequency) {
  // §5.4 step 2: "Unless global_frequency: skip E if agent_id differs or is missing."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>evt</match><description>P</description></rule>
  <rule id="101" level="6"><if_matched_sid>100</if_matched_sid><match>local</match><description>per agent</description></rule>
  <rule id="102" level="6"><if_matched_sid>100</if_matched_sid><match>global</match><global_frequency/><description>global</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("evt");
  ev_.agent_id = "001";
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("evt local");  // agent 000
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("evt global");
  ev_.agent_id = "002";
  EXPECT_EQ(IdOf(Run()), 102);
}

TEST_F(CorrelationTest, IfMatchedRegexSearchesAllEventsOfTheSameType) {
  // §5.4: "if_matched_regex (no sid/group): the whole last-events list ... the same decoder type
  // as the current event; OSRegex(if_matched_regex) matches the candidate's log." §5.5: "The
  // if_matched_regex variant records one entry less."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>note</match><description>note</description></rule>
  <rule id="101" level="3"><category>firewall</category><match>note</match><description>fw note</description></rule>
  <rule id="102" level="9" frequency="3"><if_matched_regex>^note \d+$</if_matched_regex><match>final</match><description>seq</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("note 1");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("fw note 2", "fw");
  EXPECT_EQ(IdOf(Run()), 101);  // firewall type: not a candidate for a syslog event
  NewEvent("note x");
  EXPECT_EQ(IdOf(Run()), 100);  // regex does not match
  NewEvent("final");
  EXPECT_EQ(IdOf(Run()), 0);  // one candidate ("note 1") only; F = 1 needs two
  NewEvent("note 3");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("final");
  const MatchResult& r = Run();
  EXPECT_EQ(IdOf(r), 102);
  EXPECT_EQ(r.last_events.size(), 1u);  // F entries: one fewer than the sid variant
  EXPECT_EQ(r.last_events[0], "note 3");
}

TEST_F(CorrelationTest, IgnoreWindowInLogtestSemantics) {
  // §4.5 step 2: first match arms time_ignored; inside the window the rule is still reported
  // (incremented firedtimes) with alert=false and not stored; after the window time_ignored is
  // reset to 0 and not re-armed, so the next match arms it again.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="5" ignore="60"><match>evt</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  struct Step {
    int64_t at;
    bool alert;
    int firedtimes;
  } steps[] = {{0, true, 1}, {10, false, 2}, {59, false, 3}, {60, true, 4},
               {61, true, 5}, {62, false, 6}};
  for (const Step& s : steps) {
    NewEvent("evt");
    const MatchResult& r = Run(kT0 + s.at);
    EXPECT_EQ(IdOf(r), 100) << s.at;
    EXPECT_EQ(r.alert, s.alert) << s.at;
    EXPECT_EQ(r.ignored, !s.alert) << s.at;
    EXPECT_EQ(r.firedtimes, s.firedtimes) << s.at;
  }
  EXPECT_EQ(session_->stored_event_count(), 3u);
}

TEST_F(CorrelationTest, FrequencyWithIgnoreAlertsOnlyOnceInTheWindow) {
  // §4.5: "Verified: frequency rule 5763 fired on events 8, 16 and 24 of a burst, and alert was
  // true, false, false."
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"8\" timeframe=\"120\" ignore=\"60\"")));
  std::vector<std::pair<int, bool>> fired;
  for (int i = 1; i <= 24; ++i) {
    NewEvent("fail");
    const MatchResult& r = Run();
    if (IdOf(r) == 101) fired.emplace_back(i, r.alert);
  }
  EXPECT_EQ(fired, (std::vector<std::pair<int, bool>>{{8, true}, {16, false}, {24, false}}));
}

TEST_F(CorrelationTest, StorageGoesToTheSidListElseToGroupLists) {
  // §5.3: "An event goes into group lists only if its rule has no sid list (else if)."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>x</match><group>grpx,</group><description>X</description></rule>
  <rule id="101" level="9"><if_matched_sid>100</if_matched_sid><match>never</match><description>Y</description></rule>
  <rule id="102" level="7"><if_matched_group>grpx</if_matched_group><description>Z</description></rule>
</group>)")) << diags_.RenderAll();
  for (int i = 0; i < 3; ++i) {
    NewEvent("x");
    EXPECT_EQ(IdOf(Run()), 100);  // Z's group list stays empty
  }
}

TEST_F(CorrelationTest, IfMatchedGroupCollectsFromMarkedRules) {
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>denied</match><group>fw_deny,</group><description>deny</description></rule>
  <rule id="101" level="3"><match>blocked</match><group>fw_deny_extra,</group><description>block</description></rule>
  <rule id="102" level="7" frequency="3" timeframe="60"><if_matched_group>fw_deny</if_matched_group><description>many</description></rule>
</group>)")) << diags_.RenderAll();
  // 102 hangs under both 100 and 101 (if_group substring) and both feed its list (OSMatch).
  NewEvent("denied");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("blocked");
  EXPECT_EQ(IdOf(Run()), 101);
  NewEvent("denied");
  EXPECT_EQ(IdOf(Run()), 102);
}

TEST_F(CorrelationTest, OverwriteKeepsTheCorrelationLinks) {
  // §4.3: overwrite keeps "its if_sid/if_group/if_level/if_matched_sid/if_matched_group and its
  // correlation lists"; "Everything else (level, ..., frequency, ...) is replaced". Wazuh's own
  // test_overwrite_rules.xml, second use case.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="qa,test,">
  <rule id="999910" level="0"><match>ow_test</match><description>Base rule.</description></rule>
  <rule id="999913" level="7">
    <if_sid>999910</if_sid>
    <match>TEST 2 - Parent rule</match>
    <description>Parent rule</description>
  </rule>
  <rule id="999914" level="10" frequency="3" timeframe="120" ignore="60">
    <if_matched_sid>999913</if_matched_sid>
    <description>Frequency rule.</description>
  </rule>
  <rule id="999914" level="12" frequency="3" timeframe="120" ignore="60" overwrite="yes">
    <if_matched_sid>999910</if_matched_sid>
    <description>Overwrite if_matched_sid.</description>
  </rule>
</group>)")) << diags_.RenderAll();
  EXPECT_TRUE(HasDiag("RUL112", "(7605): It is not possible to overwrite 'if_matched_sid' value "
                                "in rule '999914'. The original value is retained."));
  const Rule* r = rules_->FindRule(999914);
  EXPECT_EQ(r->if_matched_sid, 999913);
  EXPECT_EQ(r->search_list, rules_->FindRule(999913)->sid_list);
  EXPECT_EQ(rules_->FindRule(999910)->sid_list, -1);
  std::vector<int> ids;
  for (int i = 0; i < 3; ++i) {
    NewEvent("ow_test TEST 2 - Parent rule");
    ids.push_back(IdOf(Run()));
  }
  EXPECT_EQ(ids, (std::vector<int>{999913, 999913, 999914}));
  EXPECT_EQ(IdOf(Run()), 999913);  // the newest counted event now carries the marker
}

TEST_F(CorrelationTest, CheckDiff) {
  // §5.9: "First sight: the file is written and the rule fails. Same content: it fails. Different
  // content: ... the rule passes, previous_log = the old content, and last_events =
  // ["Previous output:", old]."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>ports:</match><description>P</description></rule>
  <rule id="101" level="7"><if_sid>100</if_sid><check_diff/><description>changed</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_FALSE(rules_->FindRule(101)->has_search_function());  // "not a context rule"
  NewEvent("ports: 22");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("ports: 22");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("ports: 22 80");
  const MatchResult& r = Run();
  EXPECT_EQ(IdOf(r), 101);
  EXPECT_TRUE(r.has_previous_log);
  EXPECT_EQ(r.previous_log, "ports: 22");
  ASSERT_TRUE(r.has_previous_output());
  std::string out;
  r.PreviousOutput(&out);
  EXPECT_EQ(out, "Previous output:\nports: 22");
  // Kept per host and rule: another host starts over.
  NewEvent("ports: 1");
  ev_.hostname = "other";
  EXPECT_EQ(IdOf(Run()), 100);
}

TEST_F(CorrelationTest, FirstTimeSeen) {
  // §5.8: "Needs decoder_info->fts to be non-zero; otherwise the rule fails." "If the key is
  // already in the store, the rule fails. Otherwise it is added and the rule passes."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>fts</match><description>P</description></rule>
  <rule id="101" level="6"><if_sid>100</if_sid><if_fts/><description>first time</description></rule>
</group>)")) << diags_.RenderAll();
  auto run = [&](const char* user, const char* port, const char* decoder = "ftsdec") {
    NewEvent(std::string("fts ") + user, decoder);
    ev_.SetStatic(kDstUser, user);
    ev_.AddDynamic("port_name", port);
    return IdOf(Run());
  };
  EXPECT_EQ(run("alice", "p1"), 101);
  EXPECT_EQ(run("alice", "p1"), 100);
  EXPECT_EQ(run("alice", "p2"), 101);  // port_name is part of the key
  EXPECT_EQ(run("bob", "p1"), 101);
  EXPECT_EQ(run("carol", "p1", "web"), 0);  // web-log decoder, template 4: nothing below
  NewEvent("fts x");  // no decoder: no <fts>
  EXPECT_EQ(IdOf(Run()), 100);
}

TEST_F(CorrelationTest, FirstTimeSeenSimilarityForIdsDecoders) {
  // §5.8: "For IDS-type decoders there is an extra similarity rule: from the 3rd similar key on,
  // the key is truncated to fts_min_size_for_str" (default 14). Keys of the "ids" decoder here
  // are "ids    <srcip>     <sig>"; the first 14 bytes are "ids    1.2.3.4".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><category>ids</category><match>ids</match><description>P</description></rule>
  <rule id="101" level="6"><if_sid>100</if_sid><if_fts/><description>first time</description></rule>
</group>)")) << diags_.RenderAll();
  auto run = [&](const char* sig) {
    NewEvent(std::string("ids ") + sig, "ids");
    ev_.SetStatic(kSrcIp, "1.2.3.4");
    ev_.AddDynamic("sig", sig);
    return IdOf(Run());
  };
  EXPECT_EQ(run("sig1"), 101);
  EXPECT_EQ(run("sig2"), 101);
  EXPECT_EQ(run("sig3"), 101);
  EXPECT_EQ(run("sig4"), 101);  // 3 similar keys before: stored cut to 14 bytes
  EXPECT_EQ(run("sig5"), 100);  // cut to the same 14 bytes, already stored
}

TEST_F(CorrelationTest, FtsListSizeBoundsTheSimilarityList) {
  // fts_list_size (Wazuh semantics): the similarity rule only sees the last fts_list_size keys.
  // Three similar keys, then 12 others: with 12 the similar ones have left the list, so sig4
  // and sig5 are stored whole; with the default 32 sig4 is cut and sig5 is a repeat.
  const std::string rules = R"(
<group name="t,">
  <rule id="100" level="3"><category>ids</category><match>ids</match><description>P</description></rule>
  <rule id="101" level="6"><if_sid>100</if_sid><if_fts/><description>first time</description></rule>
</group>)";
  auto run = [&](const std::string& ip, const std::string& sig) {
    NewEvent("ids " + sig, "ids");
    ev_.SetStatic(kSrcIp, ip);
    ev_.AddDynamic("sig", sig);
    return IdOf(Run());
  };
  for (size_t size : {size_t{12}, size_t{32}}) {
    SCOPED_TRACE(size);
    session_opts_.fts_list_size = size;
    ASSERT_TRUE(LoadWithTemplates(rules)) << diags_.RenderAll();
    for (const char* sig : {"sig1", "sig2", "sig3"}) EXPECT_EQ(run("1.2.3.4", sig), 101);
    for (int i = 2; i < 14; ++i) EXPECT_EQ(run(std::to_string(i) + ".0.0.0", "other"), 101);
    EXPECT_EQ(run("1.2.3.4", "sig4"), 101);
    EXPECT_EQ(run("1.2.3.4", "sig5"), size == 12 ? 101 : 100);
  }
}

TEST_F(CorrelationTest, AccumulatorPurgesExpiredEntriesBeforeDropping) {
  // max_accumulator_entries: a full store first drops its expired entries (not counted), then
  // one live entry (accumulator_evicted).
  session_opts_.max_accumulator_entries = 1;
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>acc</match><description>P</description></rule>
</group>)")) << diags_.RenderAll();
  auto add = [&](const char* id, int64_t now) {
    NewEvent("acc", "acc");
    ev_.SetStatic(kId, id);
    ev_.SetStatic(kDstUser, "u");
    session_->Accumulate(&ev_, now);
  };
  add("1", kT0);
  add("2", kT0 + 121);  // "1" has expired: purged, nothing evicted
  EXPECT_EQ(session_->counters().accumulator_evicted, 0u);
  add("3", kT0 + 122);  // "2" is live: evicted
  EXPECT_EQ(session_->counters().accumulator_evicted, 1u);
}

TEST_F(CorrelationTest, Accumulator) {
  // §5.7: "With a live entry, the event's missing (NULL or empty) dstuser, srcuser, dstip, srcip,
  // dstport, srcport and data are filled from the store. The store is then filled from the
  // event, but only its empty slots, so the first values stick." "Entries expire after 120 s".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>acc</match><description>P</description></rule>
</group>)")) << diags_.RenderAll();
  auto make = [&](const char* id, const char* user, const char* ip) {
    NewEvent("acc", "acc");
    ev_.SetStatic(kId, id);
    if (user != nullptr) ev_.SetStatic(kDstUser, user);
    if (ip != nullptr) ev_.SetStatic(kSrcIp, ip);
  };
  make("7", "alice", nullptr);
  session_->Accumulate(&ev_, kT0);
  make("7", "", "1.2.3.4");
  session_->Accumulate(&ev_, kT0 + 10);
  EXPECT_STREQ(ev_.Static(kDstUser), "alice");
  make("7", "bob", nullptr);
  session_->Accumulate(&ev_, kT0 + 20);
  EXPECT_STREQ(ev_.Static(kDstUser), "bob");  // known values are never overwritten
  EXPECT_STREQ(ev_.Static(kSrcIp), "1.2.3.4");
  make("8", nullptr, nullptr);
  session_->Accumulate(&ev_, kT0 + 20);
  EXPECT_EQ(ev_.Static(kDstUser), nullptr);  // another id
  make("7", nullptr, nullptr);
  session_->Accumulate(&ev_, kT0 + 20 + 121);
  EXPECT_EQ(ev_.Static(kDstUser), nullptr);  // expired
}

TEST_F(CorrelationTest, LastEventsMemoryIsBounded) {
  // §5.3: "When the count exceeds it, the oldest events are freed. At least 10 are freed, and
  // freeing continues while the oldest event is more than max(frequency over all rules) seconds
  // older than the new one (a unit mix-up in the original)."
  session_opts_.memory_size = 2048;
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"3\" timeframe=\"100000\"")));
  EXPECT_EQ(rules_->max_frequency(), 1);
  for (int i = 0; i < 2048; ++i) {
    NewEvent("fail");
    Run(kT0);
  }
  EXPECT_EQ(session_->stored_event_count(), 2048u);
  NewEvent("fail");
  Run(kT0);  // same second: exactly 10 freed
  EXPECT_EQ(session_->stored_event_count(), 2039u);
  for (int i = 0; i < 9; ++i) {
    NewEvent("fail");
    Run(kT0 + 1);
  }
  EXPECT_EQ(session_->stored_event_count(), 2048u);
  NewEvent("fail");
  Run(kT0 + 3);  // everything older than 1 s goes, the newest is kept
  EXPECT_EQ(session_->stored_event_count(), 1u);
  // Every freed event is counted: 10 + 2048 (all but the newest of 2049).
  EXPECT_EQ(session_->counters().last_events_evicted, 10u + 2048u);
  EXPECT_EQ(session_->counters().events, 2048u + 1 + 9 + 1);
}

TEST_F(CorrelationTest, EvictedEventsLeaveTheSidLists) {
  // §5.3: "A freed event is also removed from every sid/group list."
  session_opts_.memory_size = 2048;
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>rare</match><description>P</description></rule>
  <rule id="101" level="8"><if_matched_sid>100</if_matched_sid><match>again</match><description>C</description></rule>
  <rule id="200" level="3"><match>noise</match><description>N</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("rare");
  Run(kT0);
  for (int i = 0; i < 2050; ++i) {
    NewEvent("noise");
    Run(kT0);
  }
  NewEvent("rare again");
  EXPECT_EQ(IdOf(Run(kT0)), 100);  // the first "rare" event was freed
}

// ---- bounds and their counters (docs/limits.md) ---------------------------------------------

TEST_F(CorrelationTest, FtsDiffAndAccumulatorBoundsAreCounted) {
  session_opts_.max_fts_entries = 2;
  session_opts_.max_diff_entries = 1;
  session_opts_.max_accumulator_entries = 1;
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>fts</match><description>P</description></rule>
  <rule id="101" level="6"><if_sid>100</if_sid><if_fts/><description>first time</description></rule>
  <rule id="200" level="3"><match>ports:</match><description>Q</description></rule>
  <rule id="201" level="7"><if_sid>200</if_sid><check_diff/><description>changed</description></rule>
</group>)")) << diags_.RenderAll();
  auto fts = [&](const char* user) {
    NewEvent(std::string("fts ") + user, "ftsdec");
    ev_.SetStatic(kDstUser, user);
    ev_.AddDynamic("port_name", "p");
    return IdOf(Run());
  };
  EXPECT_EQ(fts("a"), 101);
  EXPECT_EQ(fts("b"), 101);
  EXPECT_EQ(session_->counters().fts_evicted, 0u);
  EXPECT_EQ(fts("c"), 101);  // the store holds 2 keys: "a" goes
  EXPECT_EQ(session_->counters().fts_evicted, 1u);
  EXPECT_EQ(fts("a"), 101);  // first time seen again: the bound forgot it
  EXPECT_EQ(session_->counters().fts_evicted, 2u);

  NewEvent("ports: 1");
  Run();
  NewEvent("ports: 1");
  ev_.hostname = "other";
  Run();  // a second host: the first entry goes
  EXPECT_EQ(session_->counters().diff_evicted, 1u);

  NewEvent("acc", "acc");
  ev_.SetStatic(kId, "1");
  session_->Accumulate(&ev_, kT0);
  NewEvent("acc", "acc");
  ev_.SetStatic(kId, "2");
  session_->Accumulate(&ev_, kT0);
  EXPECT_EQ(session_->counters().accumulator_evicted, 1u);
}

// ---- event-time mode ---------------------------------------------------------------------------

TEST_F(CorrelationTest, ProcessingModeUsesTimesAsGiven) {
  // Wazuh-exact: a clock that goes back is used as is (nothing is clamped or counted).
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"3\" timeframe=\"10\"")));
  NewEvent("fail");
  Run(kT0 + 100);
  NewEvent("fail");
  Run(kT0 + 100);
  NewEvent("fail");
  EXPECT_EQ(IdOf(Run(kT0)), 101);  // now - t = -100, never > timeframe
  EXPECT_EQ(session_->counters().late_clamped, 0u);
  EXPECT_EQ(session_->newest_time(), kT0 + 100);
}

TEST_F(CorrelationTest, EventModeClampsAnOlderTimeToTheNewestAndCountsIt) {
  // A late event is processed at the newest time already processed, so the memories stay
  // time-ordered and the search's early stop stays exact.
  session_opts_.time_mode = TimeMode::kEvent;
  ASSERT_TRUE(LoadWithTemplates(FrequencyRules("frequency=\"3\" timeframe=\"10\"")));
  NewEvent("fail");
  Run(kT0);
  NewEvent("fail");
  Run(kT0 + 20);
  NewEvent("fail");
  // At its own time (kT0 + 5) both earlier events would be within 10 s; clamped to kT0 + 20
  // the first one is 20 s old.
  EXPECT_EQ(IdOf(Run(kT0 + 5)), 100);
  EXPECT_EQ(session_->counters().late_clamped, 1u);
  EXPECT_EQ(session_->newest_time(), kT0 + 20);
  NewEvent("fail");
  EXPECT_EQ(IdOf(Run(kT0 + 21)), 101);  // the clamped event counts at kT0 + 20
  EXPECT_EQ(session_->counters().late_clamped, 1u);
}

TEST_F(CorrelationTest, EventModeKeepsTheEventsOwnTimeOfDay) {
  // Only the window time is clamped; <time> still sees the event's own local time.
  session_opts_.time_mode = TimeMode::kEvent;
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>x</match><description>P</description></rule>
  <rule id="101" level="5"><if_sid>100</if_sid><time>1 am - 2 am</time><description>night</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("x");
  RunAt(12, 0, 1, kT0 + 100);
  NewEvent("x");
  EXPECT_EQ(IdOf(RunAt(1, 30, 1, kT0)), 101);
  EXPECT_EQ(session_->counters().late_clamped, 1u);
}

}  // namespace
}  // namespace tripline::rules::testing
