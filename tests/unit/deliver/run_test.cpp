// `tripline run` on the shared corpus with a webhook and a TheHive sink pointing at local test
// servers: both receivers get the alerts of alerts.json, in order; a run whose receiver is down
// leaves its alerts spooled (exit status 4) and the next run delivers them.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "http_test_server.h"
#include "json/cjson.h"
#include "test_support.h"

namespace tripline::deliver {
namespace {

using testing::TestRequest;
using testing::TestResponse;
using testing::TestServer;

std::string CorpusDir() {
  std::string shared = tripline::testing::SharedDir();
  std::error_code ec;
  if (shared.empty() || !std::filesystem::is_directory(shared + "/corpus", ec)) return "";
  return shared + "/corpus";
}

// The bundled content when it has rules, else the Wazuh stock ruleset.
std::string RulesetArgs() {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(tripline::testing::SourceDir() + "/rulesets/rules", ec)) {
    if (e.path().extension() == ".xml") return "";
  }
  return " --ruleset '" + tripline::testing::StockRulesetDir() + "'";
}

int RunTripline(const std::string& args, const std::string& err_path) {
  std::string cmd = "'" + tripline::testing::TriplineBinary() + "' run" + args + " 2>'" + err_path + "'";
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string RuleId(const json::Value& alert) {
  const json::Value* rule = alert.GetObjectItem("rule");
  return rule ? rule->GetObjectItem("id")->string() : "";
}

// Rule ids of alerts.json lines with level >= min_level.
std::vector<std::string> FileRuleIds(const std::string& path, int min_level) {
  std::vector<std::string> ids;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    json::Value v;
    if (!json::Parse(line, &v)) continue;
    if (v.GetObjectItem("rule")->GetObjectItem("level")->valueint() >= min_level) ids.push_back(RuleId(v));
  }
  return ids;
}

// Rule ids the receiver got, dedup by key (sourceRef for TheHive, the body for webhooks).
std::vector<std::string> ReceivedRuleIds(const TestServer& server, bool thehive) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const TestRequest& r : server.requests()) {
    json::Value v;
    if (!json::Parse(r.body, &v)) continue;
    std::string key = thehive ? v.GetObjectItem("sourceRef")->string() : r.body;
    if (!seen.insert(key).second) continue;
    if (thehive) {
      // "tl-<rule id>-<hash>"
      std::string ref = v.GetObjectItem("sourceRef")->string();
      ids.push_back(ref.substr(3, ref.rfind('-') - 3));
    } else {
      ids.push_back(RuleId(v));
    }
  }
  return ids;
}

TEST(RunDelivery, CorpusReachesWebhookAndTheHive) {
  if (CorpusDir().empty()) GTEST_SKIP() << "../shared/corpus not found";
  std::string args = RulesetArgs();
  if (!args.empty() && tripline::testing::StockRulesetDir().empty()) GTEST_SKIP() << "no ruleset";
  char tmpl[] = "/tmp/tripline-deliver-run-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  // The webhook fails its first three requests: retried, nothing lost.
  TestServer hook([](const TestRequest&, int i) { return i < 3 ? testing::Reply(500) : TestResponse{}; });
  TestServer hive([](const TestRequest&, int) { return testing::Reply(201); });
  TestServer hive7([](const TestRequest&, int) { return testing::Reply(201); });
  std::ofstream(dir + "/sinks.json") << R"({"sinks":[
    {"type":"webhook","url":")" << hook.url("/webhook/lab") << R"(","backoff_initial_ms":5,"backoff_max_ms":50},
    {"type":"thehive","name":"hive-all","url":")" << hive.url() << R"(","api_key_env":"TL_RUN_TEST_KEY"},
    {"type":"thehive","name":"hive-7","url":")" << hive7.url() << R"(","api_key_env":"TL_RUN_TEST_KEY",
     "min_level":7,"spool_fsync":"always"}]})";
  setenv("TL_RUN_TEST_KEY", "run-test-secret", 1);
  int rc = RunTripline(" '" + CorpusDir() + "'" + args + " -o '" + dir + "/alerts.json' --sinks-config '" + dir +
                   "/sinks.json' --spool-dir '" + dir + "/spool' --deliver-timeout 30s",
               dir + "/err.txt");
  std::string err = tripline::testing::ReadFile(dir + "/err.txt");
  ASSERT_EQ(rc, 0) << err;
  EXPECT_EQ(err.find("run-test-secret"), std::string::npos);
  std::vector<std::string> all = FileRuleIds(dir + "/alerts.json", 0);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(ReceivedRuleIds(hook, false), all);
  EXPECT_EQ(ReceivedRuleIds(hive, true), all);
  EXPECT_EQ(ReceivedRuleIds(hive7, true), FileRuleIds(dir + "/alerts.json", 7));
  EXPECT_EQ(hive.requests()[0].Header("authorization"), "Bearer run-test-secret");
  std::filesystem::remove_all(dir);
}

TEST(RunDelivery, UndeliveredAlertsWaitForTheNextRun) {
  if (CorpusDir().empty()) GTEST_SKIP() << "../shared/corpus not found";
  std::string args = RulesetArgs();
  if (!args.empty() && tripline::testing::StockRulesetDir().empty()) GTEST_SKIP() << "no ruleset";
  char tmpl[] = "/tmp/tripline-deliver-run-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  int port;
  {
    TestServer probe([](const TestRequest&, int) { return TestResponse{}; });
    port = probe.port();
  }  // nothing listens there now
  const std::string sink = " --sink webhook:http://127.0.0.1:" + std::to_string(port) + "/h --spool-dir '" + dir +
                           "/spool' --deliver-timeout 200ms";
  int rc = RunTripline(" '" + CorpusDir() + "'" + args + " -o '" + dir + "/alerts.json'" + sink, dir + "/err1.txt");
  std::string err = tripline::testing::ReadFile(dir + "/err1.txt");
  EXPECT_EQ(rc, 4) << err;
  EXPECT_NE(err.find("undelivered"), std::string::npos) << err;
  std::vector<std::string> all = FileRuleIds(dir + "/alerts.json", 0);
  ASSERT_FALSE(all.empty());
  // The receiver is back; a run with no new alerts delivers the spooled ones.
  TestServer hook([](const TestRequest&, int) { return TestResponse{}; }, port);
  ASSERT_EQ(hook.port(), port);
  rc = RunTripline(args + " -o /dev/null" + sink + " --deliver-timeout 30s </dev/null", dir + "/err2.txt");
  EXPECT_EQ(rc, 0) << tripline::testing::ReadFile(dir + "/err2.txt");
  EXPECT_EQ(ReceivedRuleIds(hook, false), all);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tripline::deliver
