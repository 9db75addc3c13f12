// Matching one event against the tree (docs/wazuh-semantics.md §4.4, §4.5, §4.6, §6.1, §8).
#include <gtest/gtest.h>

#include "rules_fixture.h"

namespace tripline::rules::testing {
namespace {

using MatchTest = RulesTest;

TEST_F(MatchTest, MissingFieldFailsEvenWhenNegated) {
  // §4.4: "For any pattern check on field F: if F is NULL the rule fails (negate does not help).
  // Otherwise it fails when match(F) == negate."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><srcport negate="yes">^80$</srcport><description>not 80</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("x");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("x").SetStatic(kSrcPort, "80");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("x").SetStatic(kSrcPort, "443");
  EXPECT_EQ(IdOf(Run()), 100);
}

TEST_F(MatchTest, UserUsesDstuserThenSrcuser) {
  // §4.4 step 13: "user: uses dstuser if it is non-NULL (srcuser is then not consulted), else
  // srcuser, else fail".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><user>^alice$</user><description>alice</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("x").SetStatic(kSrcUser, "alice");
  ev_.SetStatic(kDstUser, "bob");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("x").SetStatic(kSrcUser, "alice");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("x").SetStatic(kDstUser, "alice");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("x");
  EXPECT_EQ(IdOf(Run()), 0);
}

TEST_F(MatchTest, ListLookupForUserTriesSrcuserFirst) {
  // §4.4 step 15: "For field="user" the order is srcuser first, then dstuser, the reverse of
  // step 13." §8: "The event field must be present, otherwise the rule fails."
  AddList("etc/lists/users", "alice:admin\n10.1.:net\n");
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <list field="user" lookup="match_key">etc/lists/users</list>
    <description>listed user</description>
  </rule>
  <rule id="101" level="4">
    <list field="srcip" lookup="address_match_key">etc/lists/users</list>
    <description>listed net</description>
  </rule>
  <rule id="102" level="5">
    <list field="dept" lookup="match_key_value" check_value="^adm">etc/lists/users</list>
    <description>listed dynamic with value</description>
  </rule>
</group>)")) << diags_.RenderAll();
  NewEvent("x").SetStatic(kSrcUser, "alice");
  ev_.SetStatic(kDstUser, "bob");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("x").SetStatic(kSrcUser, "bob");
  ev_.SetStatic(kDstUser, "alice");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("x").SetStatic(kDstUser, "alice");
  EXPECT_EQ(IdOf(Run()), 100);
  // §8 address_match_key: "some prefix of the value that ends in '.' exists".
  NewEvent("x").SetStatic(kSrcIp, "10.1.2.3");
  EXPECT_EQ(IdOf(Run()), 101);
  NewEvent("x").AddDynamic("dept", "alice");
  EXPECT_EQ(IdOf(Run()), 102);
}

TEST_F(MatchTest, NoalertIsTransparentAndFirstChildWins) {
  // §4.4 consequences: "A noalert rule is transparent. If none of its children match, the scan
  // continues with its next sibling." Step 17: "The first child that returns a rule wins".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="5" noalert="1"><match>ev</match><description>quiet</description></rule>
  <rule id="101" level="6"><if_sid>100</if_sid><match>child</match><description>child</description></rule>
  <rule id="102" level="3"><match>ev</match><description>sibling</description></rule>
  <rule id="103" level="4"><if_sid>102</if_sid><match>two</match><description>first child</description></rule>
  <rule id="104" level="4"><if_sid>102</if_sid><match>two</match><description>second child</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("ev child");
  EXPECT_EQ(IdOf(Run()), 101);
  NewEvent("ev plain");
  EXPECT_EQ(IdOf(Run()), 102);
  NewEvent("ev two");
  const MatchResult& r = Run();
  EXPECT_EQ(IdOf(r), 103);
  ASSERT_NE(r.parent, nullptr);
  EXPECT_EQ(r.parent->id, 102);
}

TEST_F(MatchTest, LevelZeroSiblingPreemptsAndIsReturned) {
  // §4.4: "A level-0 rule that matches is returned like any other and stops the search. Since
  // level-0 siblings are tried first, they pre-empt their siblings." §4.5: level 0 -> not stored,
  // alert=false. §4.4: firedtimes "counts every time the rule is returned as the final match,
  // including level 0".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="10"><match>ev</match><description>loud</description></rule>
  <rule id="101" level="0"><match>ev</match><description>silence</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("ev");
  const MatchResult& r = Run();
  EXPECT_EQ(IdOf(r), 101);
  EXPECT_EQ(r.rule->level, 0);
  EXPECT_FALSE(r.alert);
  EXPECT_FALSE(r.stored);
  EXPECT_EQ(r.firedtimes, 1);
  EXPECT_EQ(session_->stored_event_count(), 0u);
  EXPECT_EQ(Run().firedtimes, 2);
}

TEST_F(MatchTest, AlertFlagUsesLogAlertLevel) {
  // §4.5: "The response has alert = stored && log_alert_level <= R.level", default 3.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="2"><match>low</match><description>low</description></rule>
  <rule id="101" level="3"><match>mid</match><description>mid</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("low");
  const MatchResult& low = Run();
  EXPECT_TRUE(low.stored);
  EXPECT_FALSE(low.alert);
  NewEvent("mid");
  EXPECT_TRUE(Run().alert);
}

TEST_F(MatchTest, CategoryFollowsTheDecoderType) {
  // §4.5: "skip it if rule.category != decoder_info->type"; "An undecoded event has the null
  // decoder, whose type is syslog, so it still goes through rule 1."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>hit</match><description>syslog</description></rule>
  <rule id="101" level="4"><category>firewall</category><match>hit</match><description>fw</description></rule>
  <rule id="102" level="5"><category>web-log</category><match>hit</match><description>web</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("hit");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("fw hit", "fw");
  EXPECT_EQ(IdOf(Run()), 101);
  NewEvent("web hit", "web");
  EXPECT_EQ(IdOf(Run()), 102);
}

TEST_F(MatchTest, DecodedAsUsesTheDecoderId) {
  // §4.2 decoded_as compares decoder_info->id.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><decoded_as>sshd</decoded_as><description>sshd</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("Accepted", "sshd", "sshd");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("Accepted");
  EXPECT_EQ(IdOf(Run()), 0);
}

TEST_F(MatchTest, CheckGroups) {
  // §4.2 srcip: IP list, sticky '!' (§3.8); maxsize: strlen(log) >= maxsize; compiled rules;
  // <field> uses the first dynamic field (case-insensitive name) with osregex by default.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><srcip>!10.0.0.0/8</srcip><srcip>1.1.1.1</srcip><match>ip</match><description>ip</description></rule>
  <rule id="101" level="3" maxsize="10"><match>long</match><description>long</description></rule>
  <rule id="102" level="3"><compiled_rule>comp_srcuser_dstuser</compiled_rule><match>same</match><description>same</description></rule>
  <rule id="103" level="3"><field name="Port_Name">^\d+$</field><match>fld</match><description>field</description></rule>
  <rule id="104" level="3"><action>Deny</action><match>act</match><description>action</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("ip").SetStatic(kSrcIp, "1.1.1.1");  // "[!10.0.0.0/8, 1.1.1.1] on 1.1.1.1 gives false"
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("ip").SetStatic(kSrcIp, "8.8.8.8");
  EXPECT_EQ(IdOf(Run()), 100);
  NewEvent("ip").SetStatic(kSrcIp, "10.1.1.1");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("long");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("long enough");
  EXPECT_EQ(IdOf(Run()), 101);
  NewEvent("same").SetStatic(kSrcUser, "a");
  ev_.SetStatic(kDstUser, "b");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("same").SetStatic(kSrcUser, "a");  // "true if either is missing"
  EXPECT_EQ(IdOf(Run()), 102);
  NewEvent("fld").AddDynamic("port_name", "443");
  ev_.AddDynamic("port_name", "x");
  EXPECT_EQ(IdOf(Run()), 103);
  NewEvent("fld").AddDynamic("port_name", "x443");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("act").SetStatic(kAction, "deny");  // action: exact, case-sensitive string
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("act").SetStatic(kAction, "Deny");
  EXPECT_EQ(IdOf(Run()), 104);
}

TEST_F(MatchTest, TimeAndWeekday) {
  // §4.6: the check is inclusive at both ends; for 21:00 - 06:00 the range is stored inverted
  // so 21:00 itself is excluded.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>night</match><time>21:00 - 06:00</time><description>n</description></rule>
  <rule id="101" level="3"><match>weekend</match><weekday>weekends</weekday><description>w</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("night");
  EXPECT_EQ(IdOf(RunAt(21, 0, 1)), 0);
  EXPECT_EQ(IdOf(RunAt(23, 30, 1)), 100);
  EXPECT_EQ(IdOf(RunAt(6, 0, 1)), 0);
  EXPECT_EQ(IdOf(RunAt(5, 59, 1)), 100);
  NewEvent("weekend");
  EXPECT_EQ(IdOf(RunAt(12, 0, 0)), 101);
  EXPECT_EQ(IdOf(RunAt(12, 0, 3)), 0);
}

TEST_F(MatchTest, RulesDebugTrace) {
  // §4.4: "Trying rule: <id> - <description>" at entry of every rule tried, "*Rule <id> matched",
  // "*Trying child rules" before the children.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>ev</match><description>parent</description></rule>
  <rule id="101" level="5"><if_sid>100</if_sid><match>nope</match><description>kid</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("ev");
  const MatchResult& r = Run(kT0, /*trace=*/true);
  EXPECT_EQ(IdOf(r), 100);
  std::vector<std::string> trace(r.rules_debug.view().begin(), r.rules_debug.view().end());
  EXPECT_EQ(trace, (std::vector<std::string>{
                       "Trying rule: 1 - Generic template for all syslog rules.",
                       "*Rule 1 matched",
                       "*Trying child rules",
                       "Trying rule: 100 - parent",
                       "*Rule 100 matched",
                       "*Trying child rules",
                       "Trying rule: 101 - kid",
                   }));
  EXPECT_TRUE(Run(kT0, /*trace=*/false).rules_debug.empty());
}

TEST_F(MatchTest, DescriptionFieldExpansion) {
  // §6.1: static fields, program_name/hostname, else the first dynamic field (case-insensitive);
  // "A missing field gives an empty string. $(user) is not an alias ... A $( without ) is copied
  // literally."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>ev</match><description>From $(srcip) as $(user) [$(Task)] on $(hostname) $(missing)end $(open</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("ev").SetStatic(kSrcIp, "1.2.3.4");
  ev_.SetStatic(kDstUser, "root");
  ev_.AddDynamic("task", "backup");
  ev_.AddDynamic("user", "dyn");
  EXPECT_EQ(Run().description, "From 1.2.3.4 as dyn [backup] on manager end $(open");
  // "Verified: Kaspersky Endpoint Security - Task  changed to state " (two fields missing).
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>ev</match><description>Kaspersky Endpoint Security - Task $(data.TaskName) changed to state $(data.State)</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("ev");
  EXPECT_EQ(Run().description, "Kaspersky Endpoint Security - Task  changed to state ");
}

TEST_F(MatchTest, FiredtimesCountsPerRuleAndSession) {
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>ev</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  NewEvent("ev");
  EXPECT_EQ(Run().firedtimes, 1);
  EXPECT_EQ(Run().firedtimes, 2);
  Session other(*rules_);
  EventTime t = EventTime::FromEpoch(kT0);
  EXPECT_EQ(other.Process(ev_, t).firedtimes, 1);  // sessions share the RuleSet, not counters
}

}  // namespace
}  // namespace tripline::rules::testing
