// The delivery configuration, the sink filters, the spool and the TheHive alert body.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "deliver/config.h"
#include "deliver/spool.h"
#include "deliver/thehive.h"
#include "json/cjson.h"

namespace tripline::deliver {
namespace {

std::string TempDir() {
  char tmpl[] = "/tmp/tripline-deliver-XXXXXX";
  return mkdtemp(tmpl);
}

constexpr const char* kAlert =
    R"({"timestamp":"2024-05-01T12:00:00.250+0200","rule":{"level":10,"description":"sshd: brute force",)"
    R"("id":"5712","mitre":{"id":["T1110"],"tactic":["Credential Access"]},"groups":["syslog","sshd",)"
    R"("authentication_failures"]},"agent":{"id":"000","name":"lab"},"manager":{"name":"lab"},)"
    R"("id":"1714557600.42","full_log":"x","data":{"srcip":"10.0.0.7","dstip":"10.0.0.1","srcuser":"root",)"
    R"("url":"http://evil.example/x","aws":{"domain":"evil.example","md5":"0123456789abcdef0123456789abcdef",)"
    R"("sha256":"not-a-hash"}},"location":"/var/log/auth.log"})";

TEST(TheHive, SeverityTable) {
  EXPECT_EQ(TheHiveSeverity(0), 1);
  EXPECT_EQ(TheHiveSeverity(3), 1);
  EXPECT_EQ(TheHiveSeverity(4), 2);
  EXPECT_EQ(TheHiveSeverity(7), 2);
  EXPECT_EQ(TheHiveSeverity(8), 3);
  EXPECT_EQ(TheHiveSeverity(11), 3);
  EXPECT_EQ(TheHiveSeverity(12), 4);
  EXPECT_EQ(TheHiveSeverity(15), 4);
  EXPECT_EQ(TheHiveSeverity(16), 4);
}

TEST(TheHive, AlertFields) {
  std::string body = BuildTheHiveAlert(kAlert, TheHiveOptions());
  json::Value v;
  ASSERT_TRUE(json::Parse(body, &v)) << body;
  EXPECT_EQ(v.GetObjectItem("title")->string(), "sshd: brute force");
  EXPECT_EQ(v.GetObjectItem("type")->string(), "tripline");
  EXPECT_EQ(v.GetObjectItem("source")->string(), "tripline");
  EXPECT_EQ(v.GetObjectItem("severity")->valueint(), 3);
  EXPECT_EQ(v.GetObjectItem("sourceRef")->string(), SourceRef(kAlert));
  EXPECT_EQ(v.GetObjectItem("sourceRef")->string().rfind("tl-5712-", 0), 0u);
  // 12:00:00.250 at +0200 is 10:00:00.250 UTC.
  EXPECT_EQ(static_cast<int64_t>(v.GetObjectItem("date")->number()), 1714557600250LL);
  EXPECT_NE(v.GetObjectItem("description")->string().find("\"srcuser\""), std::string::npos);
  std::vector<std::string> tags;
  for (const json::Value& t : v.GetObjectItem("tags")->items()) tags.push_back(t.string());
  EXPECT_EQ(tags, (std::vector<std::string>{"rule:5712", "syslog", "sshd", "authentication_failures", "mitre:T1110"}));
  std::vector<std::string> obs;
  for (const json::Value& o : v.GetObjectItem("observables")->items()) {
    obs.push_back(o.GetObjectItem("dataType")->string() + "=" + o.GetObjectItem("data")->string());
  }
  EXPECT_EQ(obs, (std::vector<std::string>{"ip=10.0.0.7", "ip=10.0.0.1", "other=root", "url=http://evil.example/x",
                                           "domain=evil.example", "hash=0123456789abcdef0123456789abcdef"}));
  EXPECT_EQ(BuildTheHiveAlert("not json", TheHiveOptions()), "");
}

TEST(TheHive, SourceRefIsStableAndDistinct) {
  EXPECT_EQ(SourceRef(kAlert), SourceRef(std::string(kAlert)));
  std::string other = kAlert;
  other.replace(other.find(".42"), 3, ".43");
  EXPECT_NE(SourceRef(kAlert), SourceRef(other));
}

TEST(Filter, LevelRuleGroupsLocation) {
  AlertInfo a = ParseAlertInfo(kAlert, 10, "");
  EXPECT_EQ(a.rule_id, "5712");
  EXPECT_EQ(a.location, "/var/log/auth.log");
  AlertFilter f;
  EXPECT_TRUE(f.Matches(a));
  f.min_level = 11;
  EXPECT_FALSE(f.Matches(a));
  f.min_level = 10;
  EXPECT_TRUE(f.Matches(a));
  f.rule_ids = {"1", "5712"};
  EXPECT_TRUE(f.Matches(a));
  f.rule_ids = {"1"};
  EXPECT_FALSE(f.Matches(a));
  f.rule_ids.clear();
  f.groups = {"guardduty", "sshd"};
  EXPECT_TRUE(f.Matches(a));
  f.groups = {"guardduty"};
  EXPECT_FALSE(f.Matches(a));
  f.groups.clear();
  f.location = "cloudtrail|auth.log";
  EXPECT_TRUE(f.Matches(a));
  f.location = "cloudtrail";
  EXPECT_FALSE(f.Matches(a));
}

TEST(Config, ParsesSinksAndSecrets) {
  setenv("TL_TEST_HIVE_KEY", "s3cr3t-key", 1);
  std::string dir = TempDir();
  std::ofstream(dir + "/key") << "file-key\n";
  std::string text = R"({"sinks":[
    {"type":"thehive","url":"https://hive.lab:9000","api_key_env":"TL_TEST_HIVE_KEY","min_level":7,
     "spool_dir":")" + dir + R"(/hive","spool_max_bytes":1000,"spool_fsync":"always","organisation":"lab"},
    {"type":"webhook","url":"https://tines.lab/webhook/abc/def","api_key_file":")" + dir + R"(/key",
     "groups":["guardduty","correlation"],"rule_ids":[100200,"100201"]},
    {"type":"alerts_json","path":"a.json"},
    {"type":"stdout"}]})";
  std::vector<SinkConfig> sinks;
  std::string error;
  ASSERT_TRUE(ParseSinksConfig(text, &sinks, &error)) << error;
  ASSERT_TRUE(FinalizeSinks(&sinks, "/var/spool/tl", &error)) << error;
  ASSERT_EQ(sinks.size(), 4u);
  EXPECT_EQ(sinks[0].type, SinkType::kTheHive);
  EXPECT_EQ(sinks[0].api_key, "s3cr3t-key");
  EXPECT_EQ(sinks[0].EndpointUrl(), "https://hive.lab:9000/api/v1/alert");
  EXPECT_EQ(sinks[0].filter.min_level, 7);
  EXPECT_EQ(sinks[0].spool.max_bytes, 1000u);
  EXPECT_EQ(sinks[0].spool.fsync, FsyncPolicy::kAlways);
  EXPECT_EQ(sinks[1].api_key, "file-key");
  EXPECT_EQ(sinks[1].filter.rule_ids, (std::vector<std::string>{"100200", "100201"}));
  EXPECT_EQ(sinks[1].spool.dir, "/var/spool/tl/webhook");
  EXPECT_EQ(sinks[2].name, "alerts_json");

  std::vector<SinkConfig> bad;
  EXPECT_FALSE(ParseSinksConfig(R"({"sinks":[{"type":"thehive","url":"http://x","api_key":"k"}]})", &bad, &error));
  EXPECT_NE(error.find("api_key_env"), std::string::npos);
  EXPECT_FALSE(ParseSinksConfig(R"({"sinks":[{"type":"thehive","url":"http://x","api_key_env":"TL_NOT_SET_X"}]})",
                                &bad, &error));
  EXPECT_FALSE(ParseSinksConfig(R"({"sinks":[{"type":"ftp"}]})", &bad, &error));
  EXPECT_FALSE(ParseSinksConfig(R"({"sinks":[{"type":"webhook","url":"http://x","bogus":1}]})", &bad, &error));

  SinkConfig spec;
  EXPECT_TRUE(ParseSinkSpec("webhook:http://127.0.0.1:1/x", &spec, &error));
  EXPECT_EQ(spec.type, SinkType::kWebhook);
  EXPECT_FALSE(ParseSinkSpec("nope:x", &spec, &error));
  std::filesystem::remove_all(dir);
}

TEST(Config, RedactsUrlsAndSecrets) {
  EXPECT_EQ(RedactUrl("https://user:pw@tines.lab:8443/webhook/secret/path?x=1"), "https://tines.lab:8443/...");
  EXPECT_EQ(RedactUrl("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
  EXPECT_EQ(Redact("Bearer abc and abc", "abc"), "Bearer *** and ***");
}

TEST(Spool, FifoCommitAndRecovery) {
  std::string dir = TempDir();
  SpoolOptions o;
  o.dir = dir;
  o.segment_bytes = 20;  // several segments
  std::string error;
  {
    auto s = Spool::Open(o, &error);
    ASSERT_TRUE(s) << error;
    for (int i = 0; i < 10; ++i) ASSERT_EQ(s->Append("record-" + std::to_string(i)), AppendResult::kOk);
    EXPECT_EQ(s->pending_records(), 10u);
    std::string r;
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(s->Front(&r));
      EXPECT_EQ(r, "record-" + std::to_string(i));
      s->PopFront();
    }
    // Front without PopFront: read again after a restart.
    ASSERT_TRUE(s->Front(&r));
    EXPECT_EQ(r, "record-4");
    // Another process cannot open the same spool.
    EXPECT_FALSE(Spool::Open(o, &error));
  }
  // A torn record at the end (crash during a write) is cut off.
  std::string last;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".seg" && e.path().string() > last) last = e.path().string();
  }
  std::ofstream(last, std::ios::app) << "partial-rec";
  {
    auto s = Spool::Open(o, &error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(s->pending_records(), 6u);
    std::string r;
    for (int i = 4; i < 10; ++i) {
      ASSERT_TRUE(s->Front(&r));
      EXPECT_EQ(r, "record-" + std::to_string(i));
      s->PopFront();
    }
    EXPECT_FALSE(s->Front(&r));
    EXPECT_EQ(s->pending_bytes(), 0u);
    ASSERT_EQ(s->Append("after"), AppendResult::kOk);
  }
  // Consumed segments are removed.
  int segs = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) segs += e.path().extension() == ".seg";
  EXPECT_LE(segs, 2);
  auto s = Spool::Open(o, &error);
  ASSERT_TRUE(s);
  std::string r;
  ASSERT_TRUE(s->Front(&r));
  EXPECT_EQ(r, "after");
  std::filesystem::remove_all(dir);
}

TEST(Spool, Bounded) {
  std::string dir = TempDir();
  SpoolOptions o;
  o.dir = dir;
  o.max_bytes = 25;
  std::string error;
  auto s = Spool::Open(o, &error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->Append("0123456789"), AppendResult::kOk);  // 11 bytes
  EXPECT_EQ(s->Append("0123456789"), AppendResult::kOk);  // 22
  EXPECT_EQ(s->Append("0123456789"), AppendResult::kFull);
  EXPECT_EQ(s->pending_records(), 2u);
  std::string r;
  ASSERT_TRUE(s->Front(&r));
  s->PopFront();
  EXPECT_EQ(s->Append("0123456789"), AppendResult::kOk);  // room again
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tripline::deliver
