// Conformance with a real Wazuh 4.14.7 logtest service: for every event of
// ../shared/conformance/logtest-golden.jsonl, sent in a fresh session, the reply's `output`
// object (key order and value formatting included), `alert`, `codemsg` and `messages` equal
// Wazuh's. Environment-dependent values are masked: timestamp, id, agent.name, manager.name
// and the session token.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "json/cjson.h"
#include "session/logtest_session.h"
#include "test_support.h"

namespace tripline {
namespace {

void Mask(json::Value* out) {
  if (json::Value* v = out->GetObjectItemCaseSensitive("timestamp")) v->SetString("<ts>");
  if (json::Value* v = out->GetObjectItemCaseSensitive("id")) v->SetString("<id>");
  if (json::Value* a = out->GetObjectItemCaseSensitive("agent")) {
    if (json::Value* v = a->GetObjectItemCaseSensitive("name")) v->SetString("<host>");
  }
  if (json::Value* m = out->GetObjectItemCaseSensitive("manager")) {
    if (json::Value* v = m->GetObjectItemCaseSensitive("name")) v->SetString("<host>");
  }
}

TEST(LogtestGolden, EveryEventMatchesWazuh) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string golden = testing::SharedDir() + "/conformance/logtest-golden.jsonl";
  std::string text = testing::ReadFile(golden);
  ASSERT_FALSE(text.empty()) << golden;

  RulesetSources sources;
  sources.ruleset_dirs = {testing::StockRulesetDir()};
  Diagnostics diags;
  auto ruleset = Ruleset::Load(sources, RulesetOptions(), &diags);
  ASSERT_TRUE(ruleset) << diags.RenderAll();

  LogtestOptions opts;
  opts.manager_name = "tripline-test";
  size_t start = 0;
  int rows = 0;
  std::vector<std::string> failures;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? text.size() : nl + 1;
    if (line.empty()) continue;
    ++rows;
    json::Value row;
    ASSERT_TRUE(json::Parse(line, &row)) << line;
    const std::string source = row.GetObjectItemCaseSensitive("source")->string();
    const std::string location = row.GetObjectItemCaseSensitive("location")->string();
    const std::string event = row.GetObjectItemCaseSensitive("event")->string();

    LogtestSession session(ruleset, opts, "0badc0de");
    LogtestReply reply;
    timespec now{1796416160, 0};
    session.Process(location, event, false, now, &reply);
    ASSERT_TRUE(reply.has_output) << source;

    json::Value want = *row.GetObjectItemCaseSensitive("output");
    Mask(&want);
    Mask(&reply.output);
    std::string want_text = json::PrintUnformatted(want);
    std::string got_text = json::PrintUnformatted(reply.output);
    bool want_alert = row.GetObjectItemCaseSensitive("alert")->IsTrue();
    int want_codemsg = row.GetObjectItemCaseSensitive("codemsg")->valueint();
    std::vector<std::string> want_msgs, got_msgs;
    for (const auto& m : row.GetObjectItemCaseSensitive("messages")->items()) {
      if (m.string().find("Session initialized") == std::string::npos) want_msgs.push_back(m.string());
    }
    for (const auto& m : reply.messages) {
      if (m.find("Session initialized") == std::string::npos) got_msgs.push_back(m);
    }
    std::string why;
    if (want_text != got_text) why += "\n  want output: " + want_text + "\n  got  output: " + got_text;
    if (want_alert != reply.alert) why += "\n  alert differs";
    if (want_codemsg != reply.codemsg) why += "\n  codemsg " + std::to_string(reply.codemsg) + " != " + std::to_string(want_codemsg);
    if (want_msgs != got_msgs) {
      why += "\n  messages differ:";
      for (const auto& m : got_msgs) why += "\n    got: " + m;
      for (const auto& m : want_msgs) why += "\n    want: " + m;
    }
    if (!why.empty()) failures.push_back(source + why);
  }
  EXPECT_EQ(rows, 84);
  std::string report;
  for (const auto& f : failures) report += f + "\n";
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << rows << " events differ:\n" << report;
}

}  // namespace
}  // namespace tripline
