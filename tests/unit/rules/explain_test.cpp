// ExplainChecks / ExplainRule (rules/explain.h): the checks of a rule and its ancestors in
// Wazuh's order, the first failure with the compared values, and the verdict.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/explain.h"
#include "rules_fixture.h"

namespace tripline::rules {
namespace {

using testing::RulesTest;

constexpr const char* kRules = R"(
<group name="sshd,">
  <rule id="5700" level="0" noalert="1">
    <decoded_as>sshd</decoded_as>
    <description>sshd messages</description>
  </rule>
  <rule id="5710" level="5">
    <if_sid>5700</if_sid>
    <match>Failed password</match>
    <description>failed password</description>
  </rule>
  <rule id="5760" level="5">
    <if_sid>5700</if_sid>
    <match>Accepted</match>
    <user>admin</user>
    <description>admin login</description>
  </rule>
  <rule id="5770" level="10" frequency="3" timeframe="60">
    <if_matched_sid>5710</if_matched_sid>
    <description>brute force</description>
  </rule>
</group>
)";

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST_F(RulesTest, ExplainReportsFirstFailureWithValues) {
  ASSERT_TRUE(LoadWithTemplates(kRules)) << diags_.RenderAll();
  Event& ev = NewEvent("Accepted password for root", "sshd", "sshd");
  ev.SetStatic(kDstUser, "root");
  const Rule* r = rules_->FindRule(5760);
  ASSERT_NE(r, nullptr);
  CheckReport rep = ExplainChecks(*r, ev, EventTime::FromEpoch(testing::kT0));
  EXPECT_FALSE(rep.passed);
  EXPECT_EQ(rep.failure, "user (dstuser): 'root' vs osmatch 'admin': no match");
  ASSERT_EQ(rep.checks.size(), 2u);
  EXPECT_EQ(rep.checks[0], "match (log): 'Accepted password for root' vs osmatch 'Accepted': match");
}

TEST_F(RulesTest, ExplainRuleWalksThePathAndGivesTheVerdict) {
  ASSERT_TRUE(LoadWithTemplates(kRules)) << diags_.RenderAll();
  NewEvent("Accepted password for admin", "sshd", "sshd").SetStatic(kDstUser, "admin");
  const MatchResult& m = Run();
  ASSERT_EQ(IdOf(m), 5760);
  const Rule* target = rules_->FindRule(5760);
  std::string text = Joined(ExplainRule(*rules_, ev_, EventTime::FromEpoch(testing::kT0), *target, m.rule));
  EXPECT_NE(text.find("explain rule 5760: MATCHED"), std::string::npos) << text;
  EXPECT_NE(text.find("path 1 > 5700 > 5760"), std::string::npos) << text;
  EXPECT_NE(text.find("decoded_as: event decoder 'sshd'"), std::string::npos) << text;
  EXPECT_NE(text.find("every stateless check of rule 5760 passes; the rule matched"), std::string::npos) << text;

  // The ancestor fails: the target is not reached.
  NewEvent("web GET /", "web");
  const MatchResult& m2 = Run();
  text = Joined(ExplainRule(*rules_, ev_, EventTime::FromEpoch(testing::kT0), *target, m2.rule));
  EXPECT_NE(text.find("the event matched no rule"), std::string::npos) << text;
  EXPECT_NE(text.find("category syslog vs event type web-log: not tried"), std::string::npos) << text;
}

TEST_F(RulesTest, ExplainNamesTheEarlierSiblingAndCorrelation) {
  ASSERT_TRUE(LoadWithTemplates(kRules)) << diags_.RenderAll();
  NewEvent("Failed password for root", "sshd", "sshd");
  const MatchResult& m = Run();
  ASSERT_EQ(IdOf(m), 5710);
  const Rule* target = rules_->FindRule(5770);
  std::string text = Joined(ExplainRule(*rules_, ev_, EventTime::FromEpoch(testing::kT0), *target, m.rule));
  EXPECT_NE(text.find("path 1 > 5700 > 5710 > 5770"), std::string::npos) << text;
  EXPECT_NE(text.find("needs 2 matching previous event(s) within 60 s): not evaluated in explain"),
            std::string::npos)
      << text;
  // 5760 is explained against an event 5710 took: the sibling is named.
  const Rule* r5760 = rules_->FindRule(5760);
  text = Joined(ExplainRule(*rules_, ev_, EventTime::FromEpoch(testing::kT0), *r5760, m.rule));
  EXPECT_NE(text.find("earlier sibling rule 5710 is tried first and matched"), std::string::npos) << text;
  EXPECT_NE(text.find("fails at: match (log): 'Failed password for root' vs osmatch 'Accepted': no match"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace tripline::rules
