// A ruleset with a mistake in a rule file is refused with file:line:col and a message naming the
// problem; with lenient_references, dangling references load as a Wazuh manager loads them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "session/ruleset.h"

namespace tripline {
namespace {

class RulesetErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/rs_errors_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ + "/decoders");
    std::filesystem::create_directories(dir_ + "/rules");
    std::filesystem::create_directories(dir_ + "/lists");
    std::ofstream(dir_ + "/decoders/d.xml") << "<decoder name=\"foo\">\n  <prematch>^foo</prematch>\n</decoder>\n";
    std::ofstream(dir_ + "/lists/known") << "a:\n";
  }

  std::shared_ptr<const Ruleset> Load(const std::string& rules, bool lenient = false) {
    std::ofstream(dir_ + "/rules/r.xml") << "<group name=\"t,\">\n"
                                            "  <rule id=\"1\" level=\"0\" noalert=\"1\">\n"
                                            "    <category>syslog</category>\n"
                                            "    <description>template</description>\n"
                                            "  </rule>\n"
                                         << rules << "</group>\n";
    RulesetSources src;
    src.ruleset_dirs = {dir_};
    src.lenient_references = lenient;
    diags_ = Diagnostics();
    return Ruleset::Load(src, RulesetOptions(), &diags_);
  }

  // The first error names `needle` at line `line` of rules/r.xml.
  void ExpectError(const std::string& needle, int line) {
    ASSERT_TRUE(diags_.HasErrors());
    for (const Diagnostic& d : diags_.items()) {
      if (d.severity != Severity::kError) continue;
      EXPECT_EQ(d.loc.file, dir_ + "/rules/r.xml") << d.Render();
      EXPECT_EQ(d.loc.line, line) << d.Render();
      EXPECT_GT(d.loc.column, 0) << d.Render();
      EXPECT_NE(d.message.find(needle), std::string::npos) << d.Render();
      return;
    }
  }

  std::string dir_;
  Diagnostics diags_;
};

TEST_F(RulesetErrors, UnknownIfSid) {
  EXPECT_FALSE(Load("  <rule id=\"100\" level=\"3\">\n    <if_sid>99999</if_sid>\n    <description>x</description>\n  </rule>\n"));
  ExpectError("Signature ID '99999' was not found", 6);
  // Wazuh's behaviour on request: the rule is skipped with a warning.
  auto rs = Load("  <rule id=\"100\" level=\"3\">\n    <if_sid>99999</if_sid>\n    <description>x</description>\n  </rule>\n", true);
  ASSERT_TRUE(rs) << diags_.RenderAll();
  EXPECT_EQ(rs->rules()->FindRule(100), nullptr);
  EXPECT_FALSE(rs->session_warnings().empty());
}

TEST_F(RulesetErrors, BadRegex) {
  EXPECT_FALSE(Load("  <rule id=\"100\" level=\"3\">\n    <regex>foo(</regex>\n    <description>x</description>\n  </rule>\n"));
  ExpectError("regex", 7);
}

TEST_F(RulesetErrors, InvalidLevel) {
  EXPECT_FALSE(Load("  <rule id=\"100\" level=\"17\">\n    <match>foo</match>\n    <description>x</description>\n  </rule>\n"));
  ExpectError("Invalid level: 17", 6);
}

TEST_F(RulesetErrors, MissingListFile) {
  EXPECT_FALSE(Load("  <rule id=\"100\" level=\"3\">\n    <list field=\"srcip\" lookup=\"match_key\">etc/lists/nosuch</list>\n"
                    "    <description>x</description>\n  </rule>\n"));
  ExpectError("etc/lists/nosuch", 7);
  auto ok = Load("  <rule id=\"100\" level=\"3\">\n    <list field=\"srcip\" lookup=\"match_key\">etc/lists/known</list>\n"
                 "    <description>x</description>\n  </rule>\n");
  EXPECT_TRUE(ok) << diags_.RenderAll();
}

}  // namespace
}  // namespace tripline
