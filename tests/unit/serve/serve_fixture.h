// Shared helpers of the serve tests: small rulesets written to a temporary directory, requests
// built as Wazuh's clients build them, and reply parsing.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "json/cjson.h"
#include "serve/logtest_service.h"
#include "session/ruleset.h"

namespace tripline::serve::testing {

// A one-decoder, one-rule ruleset whose rule 100001 has `description`; written under a fresh
// temporary directory. `broken` adds a rule file with an XML error.
inline std::string WriteTinyRuleset(const std::string& description, bool broken = false) {
  static std::atomic<int> counter{0};
  namespace fs = std::filesystem;
  // Removes the directories written by this process when it exits.
  struct Cleaner {
    std::mutex mu;
    std::vector<fs::path> dirs;
    ~Cleaner() {
      std::error_code ec;
      for (const fs::path& d : dirs) fs::remove_all(d, ec);
    }
  };
  static Cleaner cleaner;
  fs::path dir = fs::temp_directory_path() /
                 ("tripline-serve-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir / "decoders");
  fs::create_directories(dir / "rules");
  std::ofstream(dir / "decoders" / "0001-tl.xml") << "<decoder name=\"tl\">\n  <prematch>^tl: </prematch>\n</decoder>\n";
  std::ofstream(dir / "rules" / "0001-tl.xml")
      << "<group name=\"tl,\">\n  <rule id=\"1\" level=\"0\" noalert=\"1\">\n    <category>syslog</category>\n"
         "    <description>Root of the syslog rules.</description>\n  </rule>\n"
         "  <rule id=\"100001\" level=\"5\">\n    <decoded_as>tl</decoded_as>\n"
         "    <description>"
      << description << "</description>\n  </rule>\n</group>\n";
  if (broken) std::ofstream(dir / "rules" / "0002-broken.xml") << "<group name=\"x,\">\n  <rule id=\"100002\"\n";
  std::lock_guard<std::mutex> lock(cleaner.mu);
  cleaner.dirs.push_back(dir);
  return dir.string();
}

inline std::shared_ptr<const Ruleset> LoadDir(const std::string& dir) {
  RulesetSources sources;
  sources.ruleset_dirs = {dir};
  Diagnostics diags;
  auto rs = Ruleset::Load(sources, RulesetOptions(), &diags);
  EXPECT_TRUE(rs) << diags.RenderAll();
  return rs;
}

// A log_processing request; `token` empty means none.
inline std::string LogRequest(const std::string& event, const std::string& token = "", bool rules_debug = false) {
  json::Value params = json::Value::Object();
  if (!token.empty()) params.AddStringToObject("token", token);
  params.AddStringToObject("event", event);
  params.AddStringToObject("log_format", "syslog");
  params.AddStringToObject("location", "stdin");
  if (rules_debug) {
    json::Value opts = json::Value::Object();
    opts.AddBoolToObject("rules_debug", true);
    params.AddItemToObject("options", std::move(opts));
  }
  json::Value req = json::Value::Object();
  req.AddNumberToObject("version", 1);
  json::Value origin = json::Value::Object();
  origin.AddStringToObject("name", "test");
  origin.AddStringToObject("module", "tests");
  req.AddItemToObject("origin", std::move(origin));
  req.AddStringToObject("command", "log_processing");
  req.AddItemToObject("parameters", std::move(params));
  return json::PrintUnformatted(req);
}

inline std::string RemoveRequest(const std::string& token) {
  return R"({"version":1,"command":"remove_session","parameters":{"token":")" + token + "\"}}";
}

inline json::Value ParseReply(const std::string& text) {
  json::Value v;
  EXPECT_TRUE(json::Parse(text, &v)) << text;
  return v;
}

inline std::string TokenOf(const std::string& reply) {
  json::Value v = ParseReply(reply);
  const json::Value* data = v.GetObjectItemCaseSensitive("data");
  const json::Value* tok = data ? data->GetObjectItemCaseSensitive("token") : nullptr;
  return tok ? tok->string() : "";
}

inline std::string RuleDescription(const std::string& reply) {
  json::Value v = ParseReply(reply);
  const json::Value* d = v.GetObjectItemCaseSensitive("data");
  const json::Value* o = d ? d->GetObjectItemCaseSensitive("output") : nullptr;
  const json::Value* r = o ? o->GetObjectItemCaseSensitive("rule") : nullptr;
  const json::Value* desc = r ? r->GetObjectItemCaseSensitive("description") : nullptr;
  return desc ? desc->string() : "";
}

// Keys of data, in order, joined with ','.
inline std::string DataKeys(const std::string& reply) {
  json::Value v = ParseReply(reply);
  std::string keys;
  if (const json::Value* d = v.GetObjectItemCaseSensitive("data")) {
    for (const auto& m : d->items()) keys += (keys.empty() ? "" : ",") + m.name();
  }
  return keys;
}

// A clock the test moves by hand.
struct FakeClock {
  std::shared_ptr<std::atomic<int64_t>> seconds = std::make_shared<std::atomic<int64_t>>(1796416160);
  Clock AsClock() const {
    auto s = seconds;
    return [s] { return timespec{static_cast<time_t>(s->load()), 0}; };
  }
  void Advance(int64_t by) { *seconds += by; }
};

}  // namespace tripline::serve::testing
