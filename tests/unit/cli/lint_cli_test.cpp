// `tripline lint`, `tripline test --coverage` and `tripline logtest --explain` on a small
// ruleset, and lint on the stock ruleset when it is beside the tree.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

using testing::CommandResult;

// Runs the tripline binary with `args`; `input` (one line, no quotes) goes to its stdin.
CommandResult RunCli(const std::string& args, const std::string& input = "") {
  const std::string cmd = "printf '%s\\n' '" + input + "' | '" + testing::TriplineBinary() + "' " + args + " 2>/dev/null";
  return testing::RunCommand(cmd);
}

class ToolingCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tripline-tooling-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    Write("rs/decoders/foo.xml",
          "<decoder name=\"foo\">\n  <prematch>^foo </prematch>\n</decoder>\n"
          "<decoder name=\"bar\">\n  <prematch>^bar </prematch>\n</decoder>\n");
    Write("rs/rules/0001-base.xml",
          "<group name=\"syslog,\">\n"
          "  <rule id=\"1\" level=\"0\" noalert=\"1\">\n    <category>syslog</category>\n"
          "    <description>syslog template</description>\n  </rule>\n"
          "  <rule id=\"100001\" level=\"3\">\n    <decoded_as>foo</decoded_as>\n"
          "    <match>start</match>\n    <description>foo start</description>\n  </rule>\n"
          "  <rule id=\"100002\" level=\"5\">\n    <decoded_as>foo</decoded_as>\n"
          "    <match>stop</match>\n    <description>foo stop</description>\n  </rule>\n"
          "</group>\n");
    Write("tests/foo.ini",
          "[foo start]\nlog 1 pass = foo start now\nrule = 100001\nalert = 3\ndecoder = foo\n");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  std::string P(const std::string& rel) const { return "'" + (root_ / rel).string() + "'"; }

  fs::path root_;
};

TEST_F(ToolingCliTest, LintCleanRulesetExitsZero) {
  CommandResult r = RunCli("lint --ruleset " + P("rs"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "0 error(s), 0 warning(s)\n");
}

TEST_F(ToolingCliTest, LintWarningsTextJsonAndStrict) {
  Write("rs/rules/0002-more.xml",
        "<group name=\"more,\">\n"
        "  <rule id=\"100010\" level=\"0\" frequency=\"2\" timeframe=\"10\">\n"
        "    <if_matched_sid>100001</if_matched_sid>\n    <description>level 0 composite</description>\n"
        "  </rule>\n</group>\n");
  CommandResult r = RunCli("lint --ruleset " + P("rs"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("0002-more.xml:2:3: warning[LNT005]: composite rule 100010 has level 0"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0 error(s), 1 warning(s)\n"), std::string::npos) << r.out;
  EXPECT_EQ(RunCli("lint --strict --ruleset " + P("rs")).status, 1);

  CommandResult j = RunCli("lint --format json --ruleset " + P("rs"));
  EXPECT_EQ(j.status, 0);
  nlohmann::json arr = nlohmann::json::parse(j.out);
  ASSERT_EQ(arr.size(), 1u) << j.out;
  EXPECT_EQ(arr[0]["code"], "LNT005");
  EXPECT_EQ(arr[0]["severity"], "warning");
  EXPECT_EQ(arr[0]["line"], 2);
}

TEST_F(ToolingCliTest, LintReportsLoadErrorsAndExitsOne) {
  Write("rs/rules/0002-bad.xml",
        "<group name=\"bad,\">\n  <rule id=\"100020\" level=\"3\">\n    <decoded_as>nope</decoded_as>\n"
        "  </rule>\n</group>\n");
  CommandResult r = RunCli("lint --ruleset " + P("rs"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("error[RUL009]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the ruleset did not load"), std::string::npos) << r.out;
}

TEST_F(ToolingCliTest, CoverageShowsUnreachedRulesAndDecoders) {
  const std::string json_path = (root_ / "cov.json").string();
  CommandResult r = RunCli("test --ruleset " + P("rs") + " --coverage --coverage-json '" + json_path + "' " + P("tests"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("0001-base.xml: rules 1/3 reached; never reached: 1 100002"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("foo.xml: decoders 1/2 reached; never reached: bar"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rules: 1/3 reached (33.3%)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("decoders: 1/2 reached (50.0%)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 passed, 0 failed\n"), std::string::npos) << r.out;
  nlohmann::json doc = nlohmann::json::parse(testing::ReadFile(json_path));
  EXPECT_EQ(doc["rules"]["total"], 3);
  EXPECT_EQ(doc["rules"]["reached"], 1);
  EXPECT_EQ(doc["rules"]["files"][0]["unreached"], nlohmann::json::array({"1", "100002"}));
  EXPECT_EQ(doc["decoders"]["files"][0]["reached"], nlohmann::json::array({"foo"}));
}

TEST_F(ToolingCliTest, CoverageCountsScenarioEvents) {
  Write("tests/stop.scenario.json",
        R"({"name": "stop", "time": "processing", "events": [{"arrival": 1700000000, "log": "foo stop"}],
            "expect": [{"event": 1, "rule": "100002"}]})");
  CommandResult r = RunCli("test --ruleset " + P("rs") + " --coverage " + P("tests"));
  EXPECT_NE(r.out.find("rules: 2/3 reached (66.7%)"), std::string::npos) << r.out;
}

TEST_F(ToolingCliTest, LogtestExplain) {
  CommandResult r = RunCli("logtest --ruleset " + P("rs") + " --explain 100002", "foo start now");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("explain rule 100002: not the event's rule (the event matched rule 100001)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("match (log): 'foo start now' vs osmatch 'stop': no match"), std::string::npos) << r.out;
  EXPECT_EQ(RunCli("logtest --ruleset " + P("rs") + " --explain 424242").status, 1);
}

TEST(LintStockCliTest, ReportsDeadRulesAndBands) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  CommandResult r = RunCli("lint --ruleset '" + testing::StockRulesetDir() + "'");
  EXPECT_EQ(r.status, 0);
  for (const char* part : {"warning[LNT001]: rule 80251 can never fire", "warning[LNT003]: rule 80252 can never fire",
                           "warning[LNT006]: rule 80301:", "warning[LNT006]: rule 80302:",
                           "warning[LNT006]: rule 80303:"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
}

}  // namespace
}  // namespace tripline
