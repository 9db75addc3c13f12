// `tripline test`: runs the built binary on hand-written unit-test files and on the stock suite.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ini/ini_tests.h"
#include "test_support.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

using testing::CommandResult;

// Runs `tripline test ARGS`; `redirect` is appended to the shell command (e.g. "2>&1").
CommandResult RunTestCli(const std::string& args, const std::string& redirect = "2>/dev/null") {
  const std::string cmd = testing::ShellQuote(testing::TriplineBinary()) + " test " + args + " " + redirect;
  return testing::RunCommand(cmd);
}

std::string LastLine(const std::string& out) {
  std::string s = out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  size_t nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A tiny ruleset (decoder `foo` on "^foo"; the syslog template rule 1, rule 100001 level 3 and
// its child 100002 level 0) and test files, in a temporary folder removed by TearDown.
class TestCliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tripline-cmdtest-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    Write(root_ / "ruleset/decoders/foo_decoders.xml",
          "<decoder name=\"foo\">\n  <prematch>^foo</prematch>\n</decoder>\n");
    Write(root_ / "ruleset/rules/foo_rules.xml",
          "<group name=\"foo,\">\n"
          "  <rule id=\"1\" level=\"0\" noalert=\"1\">\n    <category>syslog</category>\n"
          "    <description>syslog template</description>\n  </rule>\n"
          "  <rule id=\"100001\" level=\"3\">\n    <decoded_as>foo</decoded_as>\n"
          "    <description>foo event</description>\n  </rule>\n"
          "  <rule id=\"100002\" level=\"0\">\n    <if_sid>100001</if_sid>\n    <match>quiet</match>\n"
          "    <description>quiet foo</description>\n  </rule>\n"
          "</group>\n");
    Write(root_ / "tests/foo.ini",
          "[foo alert]\n"
          "log 1 pass = foo bar\n"
          "rule = 100001\nalert = 3\ndecoder = foo\n"
          "\n"
          "[foo quiet]\n"
          "log 1 pass = foo quiet\n"
          "log 2 fail = foo bar\n"
          "rule = 100002\nalert = 0\ndecoder = foo\n"
          "\n"
          "[no match]\n"
          "log 1 fail = something else\n"
          "rule =\nalert =\ndecoder =\n"
          "\n"
          "[last line counts]\n"
          "log 1 pass = foo quiet\n"
          "log 1 pass = foo bar\n"
          "rule = 100001\nalert = 3\ndecoder = foo\n"
          "\n"
          "[wrong & <escaped>]\n"
          "log 1 pass = foo bar\n"
          "rule = 100002\nalert = 0\ndecoder = foo\n"
          "\n"
          "[fail run that matches]\n"
          "log 1 fail = foo quiet\n"
          "rule = 100002\nalert = 0\ndecoder = foo\n"
          "\n"
          "[empty parts are a non-zero code]\n"
          "log 1 pass = something else\n"
          "rule =\nalert =\ndecoder =\n");
    Write(root_ / "tests/bar_geoip.ini",
          "[geo]\nlog 1 pass = foo a\nlog 2 pass = foo b\nrule = 100001\nalert = 3\ndecoder = foo\n");
    Write(root_ / "ok/ok.ini", "[ok]\nlog 1 pass = foo x\nrule = 100001\nalert = 3\ndecoder = foo\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  std::string Ruleset() const { return "--ruleset " + testing::ShellQuote((root_ / "ruleset").string()) + " "; }
  std::string P(const std::string& rel) const { return testing::ShellQuote((root_ / rel).string()); }

  fs::path root_;
};

TEST_F(TestCliFixture, FolderRunsPassFailAndSkipsGeoip) {
  const auto r = RunTestCli(Ruleset() + P("tests"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(LastLine(r.out), "5 passed, 3 failed, 2 skipped") << r.out;
  EXPECT_NE(r.out.find("skipped 1 geoip file (no GeoIP database; use --geoip to run them)\n"), std::string::npos);
  EXPECT_NE(r.out.find("FAIL foo.ini [wrong & <escaped>] log 1 pass (line 28)\n"
                       "  log: foo bar\n"
                       "  expected: rule 100002 level 0 decoder foo\n"
                       "  got:      rule 100001 level 3 decoder foo\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("FAIL foo.ini [fail run that matches] log 1 fail (line 34)\n"
                       "  log: foo quiet\n"
                       "  expected: anything but rule 100002 level 0 decoder foo\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("FAIL foo.ini [empty parts are a non-zero code] log 1 pass"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[foo alert]"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[last line counts]"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[no match]"), std::string::npos) << r.out;
}

TEST_F(TestCliFixture, GeoipOptionRunsGeoipFiles) {
  const auto r = RunTestCli("--geoip " + Ruleset() + P("tests"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(LastLine(r.out), "7 passed, 3 failed") << r.out;
}

TEST_F(TestCliFixture, AllPassingExitsZero) {
  const auto r = RunTestCli(Ruleset() + P("ok/ok.ini"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "1 passed, 0 failed\n");
}

TEST_F(TestCliFixture, JunitReport) {
  const std::string xml_path = (root_ / "report.xml").string();
  const auto r = RunTestCli(Ruleset() + "--junit " + testing::ShellQuote(xml_path) + " " + P("tests"));
  EXPECT_EQ(r.status, 1);
  const std::string xml = testing::ReadFile(xml_path);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", 0), 0u) << xml;
  EXPECT_NE(xml.find("<testsuite name=\"foo.ini\" tests=\"8\" failures=\"3\" errors=\"0\">"), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"foo.ini\" name=\"foo alert / log 1 pass\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"foo.ini\" name=\"wrong &amp; &lt;escaped&gt; / log 1 pass\">\n"
                     "      <failure message=\"log: foo bar&#10;expected: rule 100002 level 0 decoder foo&#10;"
                     "got:      rule 100001 level 3 decoder foo\">"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("bar_geoip"), std::string::npos);
  EXPECT_NE(xml.find("</testsuites>\n"), std::string::npos);
}

TEST_F(TestCliFixture, LoadErrorRunsNothing) {
  Write(root_ / "ruleset/rules/broken_rules.xml", "<group name=\"x,\">\n  <rule id=\"100003\" level=\"3\">\n");
  const auto r = RunTestCli(Ruleset() + P("ok"), "2>&1");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("broken_rules.xml:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("passed"), std::string::npos) << r.out;
}

TEST_F(TestCliFixture, UsageErrors) {
  EXPECT_EQ(RunTestCli(Ruleset()).status, 2);
  EXPECT_EQ(RunTestCli(P("tests")).status, 2);
  EXPECT_EQ(RunTestCli(Ruleset() + "--bogus " + P("tests")).status, 2);
  EXPECT_EQ(RunTestCli(Ruleset() + P("missing")).status, 2);
}

// The whole stock suite (runtests.py with provisioning: test_*.xml and the rule 60000 change).
// kMaxStockFailures guards against regressions: it is the measured number of failing runs and
// must only go down.
constexpr int kMaxStockFailures = 0;

TEST(TestCliStock, WholeSuite) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string stock = testing::StockRulesetDir();
  const std::string tests_dir = stock + "/testing/tests";
  const auto r = RunTestCli("--ruleset " + testing::ShellQuote(stock) + " " + testing::ShellQuote(tests_dir));
  const std::string last = LastLine(r.out);
  int passed = -1, failed = -1, skipped = 0;
  ASSERT_GE(std::sscanf(last.c_str(), "%d passed, %d failed, %d skipped", &passed, &failed, &skipped), 2) << last;
  EXPECT_LE(failed, kMaxStockFailures) << r.out;
  EXPECT_EQ(r.status, failed == 0 ? 0 : 1);
  EXPECT_GT(passed, 1000);
  // The Wazuh 4.14.7 suite: every run passes; the geoip files are skipped.
  EXPECT_EQ(last, "1770 passed, 0 failed, 18 skipped");

  // Every single-line run passes: collect "file:line" of the single-line runs and check that
  // no FAIL line names one.
  std::set<std::string> single;
  for (const std::string& path : ini::ListTestFiles(tests_dir, false)) {
    ini::TestFile file;
    ASSERT_TRUE(ini::LoadTestFile(path, &file, nullptr)) << path;
    const std::string base = fs::path(path).filename().string();
    for (const auto& s : file.sections) {
      for (const auto& run : s.runs) {
        int lines = 0;
        for (const auto& e : run.events) lines += e.empty() ? 0 : 1;
        if (lines == 1) single.insert(base + ":" + std::to_string(run.line));
      }
    }
  }
  std::string failing_single;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("FAIL ", 0) != 0) continue;
    const std::string file = line.substr(5, line.find(' ', 5) - 5);
    const size_t at = line.rfind(" (line ");
    if (at == std::string::npos) continue;
    const std::string key = file + ":" + std::to_string(std::atoi(line.c_str() + at + 7));
    if (single.count(key)) failing_single += line + "\n";
  }
  EXPECT_EQ(failing_single, "");
}

// ---- scenario files (docs/scenario-format.md) ------------------------------------------------

std::string ScenarioDir() { return testing::SourceDir() + "/tests/scenarios"; }

// Every correlation scenario of the repository, in both time modes.
TEST(TestCliScenarios, RepositoryScenariosPass) {
  const std::string dir = ScenarioDir();
  const std::string xml_path = (fs::temp_directory_path() / ("tripline-scn-" + std::to_string(getpid()) + ".xml")).string();
  const auto r = RunTestCli("--ruleset " + testing::ShellQuote(dir + "/ruleset") + " --junit " + testing::ShellQuote(xml_path) + " " +
                            testing::ShellQuote(dir));
  EXPECT_EQ(r.status, 0) << r.out;
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.path().string().ends_with(".scenario.json") ? 1 : 0;
  EXPECT_GE(files, 10);
  EXPECT_EQ(LastLine(r.out), std::to_string(2 * files) + " passed, 0 failed") << r.out;
  const std::string xml = testing::ReadFile(xml_path);
  EXPECT_NE(xml.find("<testsuite name=\"late_event.scenario.json\" tests=\"2\" failures=\"0\" errors=\"0\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"events later than the allowed lateness are processed, counted and never dropped / "
                     "event time\"/>"),
            std::string::npos)
      << xml;
  std::remove(xml_path.c_str());
}

TEST_F(TestCliFixture, ScenarioFilesBesideIniFiles) {
  // A scenario naming an extra rule file (relative to the scenario; rule files load in name
  // order, so it sorts after foo_rules.xml), and a scenario with a wrong expectation.
  Write(root_ / "mixed/zz_extra_rules.xml",
        "<group name=\"x,\">\n  <rule id=\"100010\" level=\"6\" frequency=\"2\" timeframe=\"10\">\n"
        "    <if_matched_sid>100001</if_matched_sid>\n    <description>two foo</description>\n  </rule>\n</group>\n");
  Write(root_ / "mixed/a.scenario.json",
        "{\"name\": \"two foo\", \"time\": [\"processing\", \"event\"], \"rules\": [\"zz_extra_rules.xml\"],\n"
        " \"events\": [{\"time\": \"2026-12-01T10:00:00Z\", \"log\": \"foo 1\"},\n"
        "            {\"time\": \"2026-12-01T10:00:10Z\", \"log\": \"foo 2\"},\n"
        "            {\"time\": \"2026-12-01T10:00:21Z\", \"log\": \"foo 3\"}],\n"
        " \"expect\": [{\"event\": 1, \"rule\": \"100001\", \"level\": 3},\n"
        "            {\"event\": 2, \"rule\": \"100010\", \"level\": 6, \"time\": \"2026-12-01T10:00:10Z\"},\n"
        "            {\"event\": 3, \"rule\": \"100001\"}]}\n");
  Write(root_ / "mixed/b.scenario.json",
        "{\"name\": \"wrong\", \"time\": \"event\",\n"
        " \"events\": [{\"time\": 1796119200, \"log\": \"foo 1\"}],\n"
        " \"expect\": [{\"event\": 1, \"rule\": \"100002\", \"fields\": {\"decoder.name\": \"foo\"}}]}\n");
  Write(root_ / "mixed/ok.ini", "[ok]\nlog 1 pass = foo x\nrule = 100001\nalert = 3\ndecoder = foo\n");
  const auto r = RunTestCli(Ruleset() + P("mixed"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(LastLine(r.out), "3 passed, 1 failed") << r.out;
  EXPECT_NE(r.out.find("FAIL b.scenario.json [wrong] event time\n"
                       "  alert 1: expected event 1 rule 100002\n"
                       "    got event 1 rule 100001 level 3 at 2026-12-01T10:00:00Z: rule 100001\n"),
            std::string::npos)
      << r.out;
  // A single scenario file as PATH.
  const auto one = RunTestCli(Ruleset() + P("mixed/a.scenario.json"));
  EXPECT_EQ(one.status, 0) << one.out;
  EXPECT_EQ(one.out, "2 passed, 0 failed\n");
}

TEST_F(TestCliFixture, BrokenScenarioRunsNothing) {
  Write(root_ / "bad/x.scenario.json", "{\"name\": \"x\", \"time\": \"event\", \"events\": [{\"log\": \"foo\"}],"
                                       " \"expect\": [{\"event\": 2, \"rule\": \"1\"}]}\n");
  const auto r = RunTestCli(Ruleset() + P("bad"), "2>&1");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("x.scenario.json: expect[0].event: no event 2"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("passed"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace tripline
