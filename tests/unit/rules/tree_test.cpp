// Rule tree construction (docs/wazuh-semantics.md §4.3).
#include <gtest/gtest.h>

#include "rules_fixture.h"

namespace tripline::rules::testing {
namespace {

using TreeTest = RulesTest;

// The subtree printed by DumpTree under the first line that equals `head`.
std::string Subtree(const std::string& dump, const std::string& head) {
  size_t at = dump.find(head + "\n");
  if (at == std::string::npos) return "<missing " + head + ">";
  size_t indent = head.find_first_not_of(' ');
  std::string out;
  size_t pos = at + head.size() + 1;
  while (pos < dump.size()) {
    size_t end = dump.find('\n', pos);
    std::string line = dump.substr(pos, end - pos);
    if (line.find_first_not_of(' ') <= indent) break;
    out += line + "\n";
    pos = end + 1;
  }
  return out;
}

TEST_F(TreeTest, TemplatesAreTopLevelInLoadOrder) {
  // §4.3: "Top level: rules with id < 10"; all level 0, so insertion keeps load order.
  ASSERT_TRUE(Load({kTemplates})) << diags_.RenderAll();
  EXPECT_EQ(rules_->DumpTree(), "1(0)\n2(0)\n3(0)\n4(0)\n5(0)\n6(0)\n7(0)\n");
}

TEST_F(TreeTest, SiblingOrderIsInternalLevelDescendingAndStable) {
  // §4.3: "Level 0 is stored as 9900, so level-0 rules come first, then 16, 15, …, 1."
  // "Rules with accuracy="0" come last." Ties keep load order.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><if_sid>1</if_sid><match>a</match><description>d</description></rule>
  <rule id="101" level="0"><if_sid>1</if_sid><match>b</match><description>d</description></rule>
  <rule id="102" level="10"><if_sid>1</if_sid><match>c</match><description>d</description></rule>
  <rule id="103" level="3"><if_sid>1</if_sid><match>d</match><description>d</description></rule>
  <rule id="104" level="12" accuracy="0"><if_sid>1</if_sid><match>e</match><description>d</description></rule>
  <rule id="105" level="1"><if_sid>1</if_sid><match>f</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(Subtree(rules_->DumpTree(), "1(0)"),
            "  101(0)\n  102(10)\n  100(3)\n  103(3)\n  105(1)\n  104(12)\n");
}

TEST_F(TreeTest, IfSidAttachesUnderEveryOccurrence) {
  // §4.3: "A rule with the same RuleInfo can appear under several parents. Each occurrence is a
  // separate node with its own child list, and later if_sid children attach to all occurrences."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><group>ga,</group><description>d</description></rule>
  <rule id="101" level="3"><match>b</match><group>gb,</group><description>d</description></rule>
  <rule id="102" level="4"><if_sid>100, 101</if_sid><match>c</match><description>d</description></rule>
  <rule id="103" level="5"><if_sid>102</if_sid><match>e</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(Subtree(rules_->DumpTree(), "1(0)"),
            "  100(3)\n    102(4)\n      103(5)\n  101(3)\n    102(4)\n      103(5)\n");
  // One Rule, two nodes.
  int occurrences = 0;
  for (const RuleSet::Node& n : rules_->nodes()) {
    if (rules_->rules()[n.rule]->id == 102) ++occurrences;
  }
  EXPECT_EQ(occurrences, 2);
}

TEST_F(TreeTest, IfSidSkipsLaterSiblingsOfAMatch) {
  // §4.3 if_sid: "The only exceptions are nodes below an earlier match and later siblings of a
  // match in the same list". overwrite="yes" on a template (id < 10) adds a second top-level
  // node with that id (rules.c adds ids < 10 to the top level first), so only the first
  // occurrence of id 5 in the top-level list receives the child.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="5" level="0" overwrite="yes"><category>squid</category><description>again</description></rule>
  <rule id="100" level="3"><if_sid>5</if_sid><match>a</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->DumpTree(), "1(0)\n2(0)\n3(0)\n4(0)\n5(0)\n  100(3)\n6(0)\n7(0)\n5(0)\n");
  EXPECT_EQ(rules_->FindRule(100)->category, Category::kSquid);  // inherited from the parent
}

TEST_F(TreeTest, IfLevelComparesInternalLevels) {
  // §4.3: "if_level=N: attach under every node whose internal level >= N×100, excluding itself.
  // Since level 0 is stored as 9900 while loading, every level-0 rule (including the
  // templates) qualifies."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><description>d</description></rule>
  <rule id="101" level="6"><match>b</match><description>d</description></rule>
  <rule id="102" level="8"><if_level>5</if_level><match>c</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->DumpTree(),
            "1(0)\n  102(8)\n  101(6)\n    102(8)\n  100(3)\n"
            "2(0)\n  102(8)\n3(0)\n  102(8)\n4(0)\n  102(8)\n5(0)\n  102(8)\n6(0)\n  102(8)\n"
            "7(0)\n  102(8)\n");
}

TEST_F(TreeTest, IfGroupIsACaseInsensitiveSubstringTest) {
  // §3.3 / §4.3: if_group uses OS_WordMatch on the full group string, so
  // "authentication_failed" also matches a rule in group "authentication_failed_extra".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="syslog,">
  <rule id="100" level="3"><match>a</match><group>Authentication_Failed_Extra,</group><description>d</description></rule>
  <rule id="101" level="3"><match>b</match><group>other,</group><description>d</description></rule>
  <rule id="102" level="5"><if_group>authentication_failed</if_group><description>d</description></rule>
  <rule id="103" level="5"><if_group>^syslog,oth</if_group><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  std::string tree = Subtree(rules_->DumpTree(), "1(0)");
  EXPECT_EQ(tree, "  100(3)\n    102(5)\n  101(3)\n    103(5)\n");
}

TEST_F(TreeTest, IfGroupWithoutMatchWarns) {
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="102" level="5"><if_group>nothing_like_this</if_group><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(102), nullptr);
  EXPECT_TRUE(HasDiag("RUL110", "(7610): Group 'nothing_like_this' was not found. Invalid "
                                "'if_group'. Rule '102' will be ignored."));
}

TEST_F(TreeTest, CategoryFallback) {
  // §4.3: "Otherwise attach under the first top-level rule with the same category". The default
  // category is syslog.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><description>d</description></rule>
  <rule id="101" level="3"><category>firewall</category><match>b</match><description>d</description></rule>
  <rule id="102" level="3"><category>web-log</category><match>c</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->DumpTree(),
            "1(0)\n  100(3)\n2(0)\n  101(3)\n3(0)\n4(0)\n  102(3)\n5(0)\n6(0)\n7(0)\n");
}

TEST_F(TreeTest, OnlyRulesAlreadyLoadedCanBeParents) {
  // §4.3: "Only nodes that already exist are considered: the order in the files matters."
  ASSERT_TRUE(Load({kTemplates,
                    R"(<group name="t,">
  <rule id="101" level="3"><if_sid>100</if_sid><description>d</description></rule>
</group>)",
                    R"(<group name="t,">
  <rule id="100" level="3"><match>a</match><description>d</description></rule>
</group>)"})) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(101), nullptr);
  EXPECT_TRUE(HasDiag("RUL106", "Signature ID '100' was not found"));
}

TEST_F(TreeTest, IfMatchedGroupMarksOnlyRulesAlreadyLoaded) {
  // §4.3: "when rule R with if_matched_group=G is loaded, every rule already in the tree whose
  // group string matches OSMatch(G) gets a pointer to R's event list. Rules loaded after R never
  // feed R."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>alpha</match><group>feed,</group><description>A</description></rule>
  <rule id="200" level="6"><if_matched_group>feed</if_matched_group><match>beta</match><description>R</description></rule>
  <rule id="101" level="3"><match>gamma</match><group>feed,</group><description>B</description></rule>
</group>)")) << diags_.RenderAll();
  const Rule* a = rules_->FindRule(100);
  const Rule* r = rules_->FindRule(200);
  const Rule* b = rules_->FindRule(101);
  EXPECT_EQ(r->search, SearchKind::kGroup);
  ASSERT_EQ(a->group_feeds.size(), 1u);
  EXPECT_EQ(a->group_feeds[0], r->search_list);
  EXPECT_TRUE(b->group_feeds.empty());
  // Behaviour: B's events never reach R's list; A's do.
  NewEvent("gamma");
  EXPECT_EQ(IdOf(Run()), 101);
  NewEvent("alpha beta");
  EXPECT_EQ(IdOf(Run()), 100);  // R's list is empty: R fails, its parent A is the result
  NewEvent("alpha beta");
  EXPECT_EQ(IdOf(Run()), 200);
}

TEST_F(TreeTest, IfMatchedSidCreatesOneListForTheMatchedRule) {
  // §5.3: "sid list of rule X. It exists iff some rule has if_matched_sid=X."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><description>d</description></rule>
  <rule id="101" level="5"><if_matched_sid>100</if_matched_sid><description>d</description></rule>
  <rule id="102" level="6" frequency="3"><if_matched_sid>100</if_matched_sid><description>d</description></rule>
  <rule id="103" level="3"><match>b</match><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  const Rule* x = rules_->FindRule(100);
  EXPECT_GE(x->sid_list, 0);
  EXPECT_EQ(rules_->FindRule(101)->search_list, x->sid_list);
  EXPECT_EQ(rules_->FindRule(102)->search_list, x->sid_list);
  EXPECT_EQ(rules_->FindRule(103)->sid_list, -1);
  EXPECT_EQ(rules_->correlation_list_count(), 1);
  EXPECT_TRUE(rules_->FindRule(101)->has_search_function());
  EXPECT_FALSE(x->has_search_function());
}

}  // namespace
}  // namespace tripline::rules::testing
