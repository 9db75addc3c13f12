// lint::LintRuleset on small hand-written rulesets (one per check, and a clean one), and on the
// Wazuh stock ruleset when it is beside the tree (dead rules 80251/80252, severity bands).
#include "lint/lint.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.h"

namespace tripline::lint {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDecoders = R"(<decoder name="json">
  <prematch>^{\s*"</prematch>
  <plugin_decoder>JSON_Decoder</plugin_decoder>
</decoder>
)";

constexpr const char* kTemplate = R"(<group name="syslog,">
  <rule id="1" level="0" noalert="1">
    <category>syslog</category>
    <description>syslog template</description>
  </rule>
</group>
)";

class LintTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tripline-lint-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    Write("decoders/0001-json.xml", kDecoders);
    Write("rules/0001-templates.xml", kTemplate);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }

  // Loads the ruleset under root_ (or `dir`) and lints it; false when it did not load.
  bool Lint(const std::string& dir = "") {
    RulesetSources sources;
    sources.ruleset_dirs.push_back(dir.empty() ? root_.string() : dir);
    diags_ = Diagnostics();
    auto rs = Ruleset::Load(sources, RulesetOptions(), &diags_);
    if (!rs) return false;
    lint_ = Diagnostics();
    LintRuleset(*rs, &lint_);
    return true;
  }
  bool Has(const std::string& code, const std::string& part) const {
    for (const Diagnostic& d : lint_.items()) {
      if (d.code == code && d.message.find(part) != std::string::npos) return true;
    }
    return false;
  }

  fs::path root_;
  Diagnostics diags_;
  Diagnostics lint_;
};

constexpr const char* kListRules = R"(<group name="test,">
  <rule id="100000" level="0">
    <decoded_as>json</decoded_as>
    <field name="app">demo</field>
    <description>demo events</description>
  </rule>
  <rule id="100001" level="3">
    <if_sid>100000</if_sid>
    <list field="op" lookup="match_key">etc/lists/actions</list>
    <description>a listed action</description>
  </rule>
  <rule id="100002" level="5">
    <if_sid>100001</if_sid>
    <field name="op">^Delete$</field>
    <description>delete (not in the list: dead)</description>
  </rule>
  <rule id="100003" level="8" frequency="4" timeframe="60">
    <if_matched_sid>100002</if_matched_sid>
    <description>many deletes (dead too)</description>
  </rule>
  <rule id="100004" level="5">
    <if_sid>100001</if_sid>
    <field name="op">Creat</field>
    <description>create (a key contains it: alive)</description>
  </rule>
  <rule id="100005" level="4">
    <if_sid>100004</if_sid>
    <field name="account">root</field>
    <description>child of a live rule</description>
  </rule>
</group>
)";

TEST_F(LintTest, ListContradictionAndItsCompositeFollowUp) {
  Write("lists/actions", "Create:\nUpdate:\n\"Odd:Key\":x\n");
  Write("rules/0100-test.xml", kListRules);
  ASSERT_TRUE(Lint()) << diags_.RenderAll();
  EXPECT_TRUE(Has("LNT001", "rule 100002 can never fire")) << lint_.RenderAll();
  EXPECT_TRUE(Has("LNT001", "matches no key of etc/lists/actions (3 keys)")) << lint_.RenderAll();
  EXPECT_TRUE(Has("LNT003", "its if_matched_sid rule 100002 can never fire")) << lint_.RenderAll();
  EXPECT_FALSE(Has("LNT001", "100004")) << lint_.RenderAll();
  EXPECT_FALSE(Has("LNT002", "100005")) << lint_.RenderAll();
  EXPECT_EQ(lint_.items().size(), 2u) << lint_.RenderAll();
  EXPECT_EQ(lint_.items()[0].loc.line, 12);  // the <rule> of 100002
}

TEST_F(LintTest, DescendantsOfADeadRule) {
  Write("lists/actions", "Create:\n");
  Write("rules/0100-test.xml", R"(<group name="test,">
  <rule id="100000" level="3">
    <decoded_as>json</decoded_as>
    <list field="op" lookup="match_key">etc/lists/actions</list>
    <field name="op">Delete</field>
    <description>dead itself</description>
  </rule>
  <rule id="100001" level="4">
    <if_sid>100000</if_sid>
    <field name="account">root</field>
    <description>below a dead rule</description>
  </rule>
</group>
)");
  ASSERT_TRUE(Lint()) << diags_.RenderAll();
  EXPECT_TRUE(Has("LNT001", "its own <list field=\"op\">")) << lint_.RenderAll();
  EXPECT_TRUE(Has("LNT002", "rule 100001 can never fire: it is only reached below rule 100000"))
      << lint_.RenderAll();
}

TEST_F(LintTest, ShadowedSiblingsLevelZeroCompositeAndBands) {
  Write("rules/0100-test.xml", R"(<group name="test,">
  <rule id="100000" level="0">
    <decoded_as>json</decoded_as>
    <description>group</description>
  </rule>
  <rule id="100001" level="3">
    <if_sid>100000</if_sid>
    <field name="kind">login</field>
    <description>a login</description>
  </rule>
  <rule id="100002" level="3">
    <if_sid>100000</if_sid>
    <field name="kind">login</field>
    <field name="account">root</field>
    <description>a root login (shadowed by 100001)</description>
  </rule>
  <rule id="100003" level="3">
    <if_sid>100000</if_sid>
    <field name="kind">logout</field>
    <description>a logout (not shadowed)</description>
  </rule>
  <rule id="100004" level="0" frequency="3" timeframe="60">
    <if_matched_sid>100001</if_matched_sid>
    <description>level 0 composite</description>
  </rule>
  <rule id="100005" level="3">
    <if_sid>100000</if_sid>
    <field name="severity">0|1|2|3</field>
    <description>unanchored band</description>
  </rule>
  <rule id="100006" level="3">
    <if_sid>100000</if_sid>
    <field name="severity">^4$|^5$</field>
    <description>anchored band</description>
  </rule>
</group>
)");
  ASSERT_TRUE(Lint()) << diags_.RenderAll();
  EXPECT_TRUE(Has("LNT004", "rule 100002 can never fire: its earlier sibling rule 100001 under rule 100000"))
      << lint_.RenderAll();
  EXPECT_FALSE(Has("LNT004", "rule 100003")) << lint_.RenderAll();
  EXPECT_TRUE(Has("LNT005", "composite rule 100004 has level 0")) << lint_.RenderAll();
  EXPECT_TRUE(Has("LNT006", "'0|1|2|3' is an unanchored alternation of numbers")) << lint_.RenderAll();
  EXPECT_TRUE(Has("LNT006", "'10' or '5.0' also match")) << lint_.RenderAll();
  EXPECT_FALSE(Has("LNT006", "rule 100006")) << lint_.RenderAll();
}

TEST_F(LintTest, UnusedListAndXmlDeclaration) {
  Write("lists/unused", "a:\n");
  Write("rules/0100-test.xml", std::string("<?xml version=\"1.0\"?>\n") + R"(<group name="test,">
  <rule id="100000" level="3">
    <decoded_as>json</decoded_as>
    <description>json</description>
  </rule>
</group>
)");
  ASSERT_TRUE(Lint()) << diags_.RenderAll();
  EXPECT_TRUE(Has("LNT007", "list 'etc/lists/unused' is loaded but no rule uses it")) << lint_.RenderAll();
  EXPECT_TRUE(Has("LNT008", "XML declaration")) << lint_.RenderAll();
}

TEST_F(LintTest, CleanRulesetGivesNothing) {
  Write("lists/actions", "Create:\nDelete:\n");
  Write("rules/0100-test.xml", R"(<group name="test,">
  <rule id="100000" level="0">
    <decoded_as>json</decoded_as>
    <description>group</description>
  </rule>
  <rule id="100001" level="3">
    <if_sid>100000</if_sid>
    <list field="op" lookup="match_key">etc/lists/actions</list>
    <description>listed</description>
  </rule>
  <rule id="100002" level="6">
    <if_sid>100001</if_sid>
    <field name="op">^Delete$</field>
    <description>delete</description>
  </rule>
  <rule id="100003" level="10" frequency="5" timeframe="120">
    <if_matched_sid>100002</if_matched_sid>
    <same_field>account</same_field>
    <description>many deletes by one user</description>
  </rule>
</group>
)");
  ASSERT_TRUE(Lint()) << diags_.RenderAll();
  EXPECT_TRUE(diags_.items().empty()) << diags_.RenderAll();
  EXPECT_TRUE(lint_.items().empty()) << lint_.RenderAll();
}

TEST(LintStockTest, ReportsTheDeadAwsRulesAndSeverityBands) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  RulesetSources sources;
  sources.ruleset_dirs.push_back(testing::StockRulesetDir());
  Diagnostics diags;
  auto rs = Ruleset::Load(sources, RulesetOptions(), &diags);
  ASSERT_TRUE(rs) << diags.RenderAll();
  Diagnostics lint;
  LintRuleset(*rs, &lint);
  auto has = [&](const std::string& code, const std::string& part) {
    for (const Diagnostic& d : lint.items()) {
      if (d.code == code && d.message.find(part) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("LNT001", "rule 80251 can never fire")) << lint.RenderAll();
  EXPECT_TRUE(has("LNT003", "rule 80252 can never fire")) << lint.RenderAll();
  EXPECT_TRUE(has("LNT006", "rule 80301:")) << lint.RenderAll();
  EXPECT_TRUE(has("LNT006", "rule 80302:")) << lint.RenderAll();
  EXPECT_TRUE(has("LNT006", "rule 80303:")) << lint.RenderAll();
  EXPECT_FALSE(lint.HasErrors());
}

}  // namespace
}  // namespace tripline::lint
