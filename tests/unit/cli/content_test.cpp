// The bundled detection content (decoders/, rulesets/): it loads without diagnostics, every
// scenario under tests/content passes, every rule is exercised by a scenario, the SOC-lab
// example gives exactly its expected alerts, and stacked on the Wazuh stock ruleset it leaves
// the stock suite and the stock AWS rules working.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

using testing::CommandResult;

using testing::RunCommand;
using testing::ShellQuote;

std::string Bin() { return ShellQuote(testing::TriplineBinary()); }
std::string Src(const std::string& rel) { return testing::SourceDir() + "/" + rel; }
std::string ContentArgs() {
  return "--ruleset " + ShellQuote(Src("rulesets")) + " --decoders " + ShellQuote(Src("decoders"));
}
std::string StackedArgs() {
  return "--ruleset " + ShellQuote(testing::StockRulesetDir()) + " " + ContentArgs() +
         " --rule-exclude 0010-tripline-base_rules.xml";
}

std::string LastLine(const std::string& out) {
  std::string s = out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  size_t nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

std::vector<fs::path> Files(const std::string& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Content, LoadsWithoutDiagnostics) {
  CommandResult r = RunCommand(Bin() + " logtest " + ContentArgs() + " -l Wazuh-AWS --json < /dev/null 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("error"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("warning"), std::string::npos) << r.out;
}

TEST(Content, ScenariosPass) {
  const size_t files = Files(Src("tests/content"), ".scenario.json").size();
  ASSERT_GE(files, 10u);
  CommandResult r = RunCommand(Bin() + " test " + ContentArgs() + " " + ShellQuote(Src("tests/content")) + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  const std::string last = LastLine(r.out);
  EXPECT_NE(last.find(" 0 failed"), std::string::npos) << r.out;
  EXPECT_EQ(last.rfind(std::to_string(files) + " passed", 0), 0u) << r.out;
}

// Every rule with a level is expected to alert in some scenario; a level-0 rule (transparent
// roots, the dropped self-service and sample cases) can never alert, so its id must be named
// by a scenario that exercises it (a comment or a name).
TEST(Content, EveryRuleIsCoveredByAScenario) {
  std::map<std::string, int> rules;
  const std::regex rule_re(R"re(<rule\s+id="(\d+)"\s+level="(\d+)")re");
  for (const fs::path& f : Files(Src("rulesets/rules"), ".xml")) {
    const std::string text = testing::ReadFile(f.string());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), rule_re); it != std::sregex_iterator(); ++it) {
      rules[(*it)[1]] = std::stoi((*it)[2]);
    }
  }
  ASSERT_GT(rules.size(), 50u);
  std::set<std::string> expected;
  std::string all_text;
  for (const fs::path& f : Files(Src("tests/content"), ".scenario.json")) {
    const std::string text = testing::ReadFile(f.string());
    all_text += text;
    nlohmann::json s = nlohmann::json::parse(text);
    auto collect = [&](const nlohmann::json& obj) {
      if (!obj.contains("expect")) return;
      for (const auto& e : obj["expect"]) {
        expected.insert(e["rule"].is_string() ? e["rule"].get<std::string>() : std::to_string(e["rule"].get<int>()));
      }
    };
    collect(s);
    for (const char* mode : {"processing", "event"}) {
      if (s.contains(mode)) collect(s[mode]);
    }
  }
  for (const auto& [id, level] : rules) {
    if (id.size() < 6) continue;  // 1-7: the standalone category rules
    if (level > 0) {
      EXPECT_TRUE(expected.count(id)) << "rule " << id << " (level " << level << ") is expected by no scenario";
    } else {
      EXPECT_NE(all_text.find(id), std::string::npos) << "level-0 rule " << id << " is named by no scenario";
    }
  }
}

TEST(Content, SocLabExampleGivesTheExpectedAlerts) {
  const std::string out_file = ::testing::TempDir() + "/soc_lab_" + std::to_string(getpid()) + ".json";
  // No --ruleset: `tripline run` finds the bundled content next to the build tree.
  CommandResult r = RunCommand(Bin() + " run " + ShellQuote(Src("examples/soc-lab")) + " -o " + ShellQuote(out_file) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find(" 0 rejected"), std::string::npos) << r.out;
  std::vector<std::string> got, want;
  std::istringstream alerts(testing::ReadFile(out_file));
  for (std::string line; std::getline(alerts, line);) {
    nlohmann::json a = nlohmann::json::parse(line);
    got.push_back(a["timestamp"].get<std::string>().substr(11, 8) + " " + std::to_string(a["rule"]["level"].get<int>()) +
                  " " + a["rule"]["id"].get<std::string>() + " " + a["rule"]["description"].get<std::string>());
  }
  std::istringstream exp(testing::ReadFile(Src("tests/content/soc-lab.expected-alerts.txt")));
  for (std::string line; std::getline(exp, line);) {
    if (!line.empty() && line[0] != '#') want.push_back(line);
  }
  EXPECT_EQ(got, want);
  std::remove(out_file.c_str());
}

TEST(Content, StackedOnStockKeepsTheStockSuite) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  CommandResult r = RunCommand(Bin() + " test " + StackedArgs() + " " +
                        ShellQuote(testing::StockRulesetDir() + "/testing/tests") + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(LastLine(r.out).rfind("1770 passed, 0 failed", 0), 0u) << LastLine(r.out);
}

// Deployed next to the stock ruleset, AWS events this content does not take still get the stock
// rules (decoded_as json keeps working), in the compact and in the Python json.dumps spacing.
TEST(Content, StackedOnStockKeepsStockAwsRules) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string tmp = ::testing::TempDir() + "/content_stacked_" + std::to_string(getpid()) + ".txt";
  {
    std::ofstream f(tmp);
    f << R"({"integration":"aws","aws":{"version":"2","srcaddr":"10.0.3.15","dstaddr":"10.0.4.10","srcport":"5000","dstport":"443","protocol":"6","action":"ACCEPT","interface_id":"eni-1","source":"vpc"}})"
      << "\n"
      << R"({"integration": "aws", "aws": {"eventVersion": "1.08", "eventSource": "ec2.amazonaws.com", "eventName": "RunInstances", "sourceIPAddress": "203.0.113.10", "errorCode": "Client.InvalidParameterValue", "source": "cloudtrail"}})"
      << "\n"
      << R"({"integration": "aws", "aws": {"version": "2", "srcaddr": "198.51.100.9", "dstaddr": "10.0.3.15", "srcport": "5000", "dstport": "22", "protocol": "6", "action": "REJECT", "source": "vpc"}})"
      << "\n";
  }
  CommandResult r = RunCommand(Bin() + " logtest --json -l Wazuh-AWS " + StackedArgs() + " < " + ShellQuote(tmp) + " 2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  std::vector<std::string> ids;
  std::vector<nlohmann::json> data;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '{') continue;
    nlohmann::json a = nlohmann::json::parse(line);
    ids.push_back(a["rule"]["id"].get<std::string>());
    data.push_back(a["data"]);
  }
  ASSERT_EQ(ids.size(), 3u) << r.out;
  EXPECT_EQ(ids[0], "80401");
  EXPECT_EQ(ids[1], "80203");
  EXPECT_EQ(ids[2], "100201");
  EXPECT_EQ(data[1]["srcip"], "203.0.113.10");
  EXPECT_EQ(data[1]["action"], "RunInstances");
  EXPECT_EQ(data[2]["dstport"], "22");
  std::remove(tmp.c_str());
}

}  // namespace
}  // namespace tripline
