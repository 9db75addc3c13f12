// Input readers on generated files: error handling and accounting, detection, forced kinds,
// gzip, folders, the CloudTrail str() wrapping, GuardDuty EventBridge streams, text kinds.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "input/aws_envelope.h"
#include "input/source.h"
#include "input_test_util.h"
#include "test_support.h"

namespace tripline::input {
namespace {

using testing::ReadAll;
using testing::TempDir;

constexpr const char* kRecord1 =
    R"({"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","sourceIPAddress":"iam.amazonaws.com","recipientAccountId":"111122223333"})";
constexpr const char* kRecord2 =
    R"({"eventVersion":"1.08","eventTime":"2024-01-02T03:04:06Z","eventSource":"iam.amazonaws.com","eventName":"DeleteUser","sourceIPAddress":"198.51.100.7"})";

using testing::HasMessage;

TEST(ReaderTest, CloudTrailShapes) {
  TempDir dir("ct_shapes");
  std::string s3 = dir.Write("a.json", std::string(R"({"Records":[)") + kRecord1 + "," + kRecord2 + "]}");
  std::string arr = dir.Write("b.json", std::string("[\n") + kRecord1 + ",\n" + kRecord2 + "\n]\n");
  std::string lines = dir.Write("c.jsonl", std::string(kRecord1) + "\n" + kRecord2 + "\n");
  std::string late = dir.Write("d.json", std::string(R"({"x":1,"Records":[)") + kRecord1 + "]}");
  for (const std::string& p : {s3, arr, lines, late}) {
    testing::ReadResult r = ReadAll(p);
    SCOPED_TRACE(p);
    EXPECT_EQ(r.stats.kind, InputKind::kCloudTrail);
    EXPECT_EQ(r.stats.TotalRejected(), 0u);
    ASSERT_GE(r.records.size(), 1u);
    EXPECT_TRUE(r.records[0].has_event_time);
    EXPECT_EQ(r.records[0].event_time_ms, 1704164645000);
    nlohmann::ordered_json m = nlohmann::ordered_json::parse(r.records[0].message);
    EXPECT_EQ(m["aws"]["aws_account_id"], "111122223333");  // recipientAccountId
    EXPECT_FALSE(m["aws"].contains("source_ip_address"));   // a DNS name, not an IP
  }
  testing::ReadResult l = ReadAll(lines);
  ASSERT_EQ(l.records.size(), 2u);
  EXPECT_EQ(l.records[1].line, 2u);
  EXPECT_EQ(l.records[1].record, 1u);
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(l.records[1].message);
  EXPECT_EQ(m["aws"]["source_ip_address"], "198.51.100.7");
  EXPECT_EQ(m["aws"]["aws_account_id"], "");
}

TEST(ReaderTest, CloudTrailDynamicFieldsPythonStr) {
  TempDir dir("ct_str");
  std::string rec =
      R"({"eventName":"X","eventSource":"s","requestParameters":[{"a":1,"b":true,"c":null,"d":"it's"},2.5,"x"],)"
      R"("responseElements":true,"additionalEventData":"{\"k\": 1}","tags":["t1","t2"],)"
      R"("list1":[{"inner":[1]}],"nested":{"n":null,"keep":[null]},"errorCode":null})";
  std::string rec2 = R"({"eventName":"RunInstances","eventSource":"ec2","requestParameters":{"disableApiTermination":false}})";
  std::string p = dir.Write("a.json", "{\"Records\":[" + rec + "," + rec2 + "]}");
  testing::ReadResult r = ReadAll(p);
  ASSERT_EQ(r.records.size(), 2u);
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(r.records[0].message);
  const auto& aws = m["aws"];
  EXPECT_EQ(aws["requestParameters"]["string"],
            R"([{'a': 1, 'b': True, 'c': None, 'd': "it's"}, 2.5, 'x'])");
  EXPECT_EQ(aws["responseElements"].dump(), R"({"string":"True"})");
  EXPECT_EQ(aws["additionalEventData"].dump(), R"({"string":"{\"k\": 1}"})");
  EXPECT_EQ(aws["tags"].dump(), R"({"value":["t1","t2"]})");
  EXPECT_EQ(aws["list1"].dump(), R"({"inner":[1]})");  // flattened, element not walked
  // Nulls inside lists are kept; [null] is then flattened to null, as Python does.
  EXPECT_EQ(aws["nested"].dump(), R"({"keep":null})");
  EXPECT_FALSE(aws.contains("errorCode"));
  nlohmann::ordered_json m2 = nlohmann::ordered_json::parse(r.records[1].message);
  EXPECT_EQ(m2["aws"]["requestParameters"].dump(), R"({"disableApiTermination":{"value":false}})");
}

TEST(ReaderTest, PythonHelpers) {
  EXPECT_TRUE(WazuhIpRegexMatch("225.01.00.16"));
  EXPECT_TRUE(WazuhIpRegexMatch("1.2x3y4"));  // 2nd and 3rd dots are wildcards
  EXPECT_TRUE(WazuhIpRegexMatch("10.0.0.1, 10.0.0.2"));
  EXPECT_FALSE(WazuhIpRegexMatch("AWS Internal"));
  EXPECT_FALSE(WazuhIpRegexMatch("2001:db8::1"));
  EXPECT_FALSE(WazuhIpRegexMatch(" 1.2.3.4"));
  json::Value v;
  ASSERT_TRUE(json::Parse(R"([1e16, 0.0001, 1.5e-05, -2.25, "a\nb", {"k": false}])", &v));
  EXPECT_EQ(PythonStr(v), R"([10000000000000000, 0.0001, 1.5e-05, -2.25, 'a\nb', {'k': False}])");
  EXPECT_EQ(EpochToIso(1418530010), "2014-12-14T04:06:50Z");
  EXPECT_EQ(EpochToIso(0), "1970-01-01T00:00:00Z");
  int64_t ms = 0;
  EXPECT_EQ(ParseIsoTimePrefix("2017-11-01T21:31:05.542+0000 x", &ms), 28u);
  EXPECT_EQ(ms, 1509571865542);
  EXPECT_GT(ParseIsoTimePrefix("2025-02-25 20:40:06.721", &ms), 0u);
  EXPECT_EQ(ParseIsoTimePrefix("2024-01-01T00:00:00+01:00", &ms), 25u);
  EXPECT_EQ(ms, 1704063600000);
  EXPECT_EQ(ParseIsoTimePrefix("Jan  1 00:00:00 host", &ms), 0u);
}

TEST(ReaderTest, CloudTrailDigestIsSkippedWithANote) {
  TempDir dir("digest");
  std::string p = dir.Write(
      "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/01/d.json",
      R"({"awsAccountId":"111122223333","digestStartTime":"2024-01-01T00:00:00Z","digestEndTime":"2024-01-01T01:00:00Z","logFiles":[]})");
  testing::ReadResult r = ReadAll(p);
  EXPECT_EQ(r.stats.kind, InputKind::kCloudTrail);
  EXPECT_EQ(r.records.size(), 0u);
  EXPECT_EQ(r.stats.records, 0u);
  EXPECT_EQ(r.stats.notes.at("cloudtrail_digest_skipped"), 1u);
  EXPECT_EQ(r.stats.TotalRejected(), 0u);
  EXPECT_TRUE(HasMessage(r.stats, "digest file skipped"));
}

TEST(ReaderTest, InvalidJsonIsRejectedAndReadingGoesOn) {
  TempDir dir("invalid");
  std::string p = dir.Write("a.jsonl", std::string(kRecord1) + "\n" +
                                           R"({"eventName":"Broken","eventSource":"x",)" + "\n" +
                                           kRecord2 + "\n" + "garbage line\n");
  testing::ReadResult r = ReadAll(p, InputKind::kCloudTrail);
  EXPECT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.stats.records, 4u);
  EXPECT_EQ(r.stats.accepted, 2u);
  EXPECT_EQ(r.stats.rejected.at("invalid_json"), 2u);
  EXPECT_TRUE(HasMessage(r.stats, p + ":2: invalid JSON"));
  EXPECT_TRUE(HasMessage(r.stats, p + ":4: invalid JSON: expected an object or an array"));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].line, 3u);
  // A value that does not parse (bad token inside balanced braces).
  std::string q = dir.Write("b.json", R"({"Records":[{"eventName":tru},)" + std::string(kRecord2) + "]}");
  testing::ReadResult s = ReadAll(q);
  EXPECT_EQ(s.records.size(), 1u);
  EXPECT_EQ(s.stats.rejected.at("invalid_json"), 1u);
  EXPECT_TRUE(HasMessage(s.stats, q + ":1: invalid JSON: the record does not parse"));
  // A file that ends inside the records array.
  std::string t = dir.Write("c.json", std::string(R"({"Records":[)") + kRecord1 + R"(,{"eventName")");
  testing::ReadResult u = ReadAll(t);
  EXPECT_EQ(u.records.size(), 1u);
  EXPECT_EQ(u.stats.rejected.at("truncated_json"), 1u);
  EXPECT_TRUE(HasMessage(u.stats, "truncated JSON"));
}

TEST(ReaderTest, TruncatedGzip) {
  TempDir dir("gz");
  std::string big = "{\"Records\":[";
  for (int i = 0; i < 2000; ++i) big += std::string(i ? "," : "") + kRecord1;
  big += "]}";
  std::string full = dir.WriteGzip("full.json.gz", big);
  testing::ReadResult ok = ReadAll(full);
  EXPECT_EQ(ok.records.size(), 2000u);
  EXPECT_EQ(ok.stats.TotalRejected(), 0u);
  std::string bytes = tripline::testing::ReadFile(full);
  std::string cut = dir.Write("cut.json.gz", bytes.substr(0, bytes.size() / 2));
  std::string next = dir.Write("next.jsonl", std::string(kRecord2) + "\n");
  InputReader reader(ExpandInputs({ParseInputSpec(cut), ParseInputSpec(next)}));
  InputRecord rec;
  uint64_t n = 0;
  while (reader.Next(&rec)) ++n;
  ASSERT_EQ(reader.stats().size(), 2u);
  const SourceStats& s = reader.stats()[0];
  EXPECT_EQ(s.kind, InputKind::kCloudTrail);
  EXPECT_GT(s.accepted, 0u);
  EXPECT_LT(s.accepted, 2000u);
  EXPECT_EQ(s.rejected.at("gzip_truncated"), 1u);
  EXPECT_EQ(s.TotalRejected(), 1u);
  EXPECT_EQ(s.records, s.accepted + 1);
  EXPECT_TRUE(s.failed);
  EXPECT_TRUE(HasMessage(s, cut + ":"));
  EXPECT_TRUE(HasMessage(s, "truncated gzip"));
  EXPECT_EQ(reader.stats()[1].accepted, 1u);  // reading went on
  EXPECT_EQ(n, s.accepted + 1);
  ASSERT_EQ(reader.Errors().size(), 1u);
  EXPECT_NE(reader.Errors()[0].find(cut), std::string::npos);
  // Corrupt data.
  std::string corrupt = bytes;
  for (size_t i = 20; i < 200 && i < corrupt.size(); ++i) corrupt[i] = static_cast<char>(i);
  testing::ReadResult c = ReadAll(dir.Write("corrupt.json.gz", corrupt), InputKind::kCloudTrail);
  EXPECT_EQ(c.stats.rejected.count("gzip_corrupt"), 1u);
  EXPECT_TRUE(c.stats.failed);
}

TEST(ReaderTest, VpcFieldCountAndSchemaSwitch) {
  TempDir dir("vpc");
  std::string p = dir.Write(
      "flow.log",
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
      "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1418530010 1418530070 ACCEPT OK\n"
      "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1418530010 ACCEPT OK\n"
      "version srcaddr dstaddr action\n"
      "3 10.0.0.9 10.0.0.8 REJECT\n");
  testing::ReadResult r = ReadAll(p);
  EXPECT_EQ(r.stats.kind, InputKind::kVpcFlow);
  EXPECT_EQ(r.stats.records, 3u);
  EXPECT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.stats.rejected.at("field_count"), 1u);
  EXPECT_TRUE(HasMessage(r.stats, p + ":3: flow-log record has 13 fields, the header (line 1) names 14"));
  EXPECT_EQ(r.stats.notes.at("vpc_schema_changed"), 1u);
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(r.records[1].message);
  EXPECT_EQ(m["aws"].dump(),
            R"({"log_info":{"aws_account_alias":"","log_file":"flow.log","s3bucket":""},"version":"3","srcaddr":"10.0.0.9","dstaddr":"10.0.0.8","action":"REJECT","source":"vpc","aws_account_id":""})");
  EXPECT_FALSE(r.records[1].has_event_time);
  // Headerless default v2 lines are accepted with a note; other headerless lines are rejected.
  std::string h = dir.Write("AWSLogs/999988887777/vpcflowlogs/us-east-1/x.log",
                            "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1418530010 1418530070 ACCEPT OK\n");
  testing::ReadResult hr = ReadAll(h);
  EXPECT_EQ(hr.stats.kind, InputKind::kVpcFlow);
  EXPECT_EQ(hr.stats.notes.at("vpc_no_header_default_v2"), 1u);
  ASSERT_EQ(hr.records.size(), 1u);
  EXPECT_EQ(nlohmann::ordered_json::parse(hr.records[0].message)["aws"]["aws_account_id"],
            "999988887777");
  testing::ReadResult bad = ReadAll(dir.Write("bad.log", "a b c\n"), InputKind::kVpcFlow);
  EXPECT_EQ(bad.stats.rejected.at("vpc_no_header"), 1u);
}

TEST(ReaderTest, EmptyAndUnreadableInputs) {
  TempDir dir("empty");
  std::string e = dir.Write("empty.log", "");
  testing::ReadResult r = ReadAll(e);
  EXPECT_EQ(r.stats.rejected.at("empty_file"), 1u);
  EXPECT_TRUE(HasMessage(r.stats, e + ": empty file"));
  EXPECT_FALSE(r.stats.failed);
  testing::ReadResult g = ReadAll(dir.WriteGzip("empty.json.gz", ""));
  EXPECT_EQ(g.stats.rejected.at("empty_file"), 1u);

  std::string missing = dir.path() + "/missing.json";
  testing::ReadResult m = ReadAll(missing);
  EXPECT_NE(m.open_error.find(missing + ": cannot open"), std::string::npos);
  EXPECT_EQ(m.stats.rejected.at("unreadable"), 1u);
  EXPECT_TRUE(m.stats.failed);
  // A folder opened as a file.
  std::string sub = dir.path() + "/sub";
  std::filesystem::create_directories(sub);
  std::string err;
  EXPECT_EQ(Source::Open(sub, std::nullopt, &err), nullptr);
  EXPECT_NE(err.find(sub + ": cannot read"), std::string::npos);

  InputReader reader(ExpandInputs({ParseInputSpec(missing), ParseInputSpec(e)}));
  InputRecord rec;
  while (reader.Next(&rec)) {
  }
  ASSERT_EQ(reader.stats().size(), 2u);
  EXPECT_EQ(reader.stats()[0].rejected.at("unreadable"), 1u);
  ASSERT_EQ(reader.Errors().size(), 1u);
  EXPECT_NE(reader.Errors()[0].find(missing), std::string::npos);
}

TEST(ReaderTest, UnreadableFolderAndFile) {
  TempDir dir("perm");
  std::string locked = dir.path() + "/locked";
  dir.Write("locked/a.log", "x\n");
  std::string f = dir.Write("secret.log", "x\n");
  ::chmod(locked.c_str(), 0);
  ::chmod(f.c_str(), 0);
  if (::access(locked.c_str(), R_OK) == 0) {
    ::chmod(locked.c_str(), 0755);
    GTEST_SKIP() << "running with privileges that ignore file modes";
  }
  std::vector<ExpandedInput> in = ExpandInputs({ParseInputSpec(dir.path())});
  ::chmod(locked.c_str(), 0755);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_NE(in[0].error.find("cannot read directory"), std::string::npos);
  InputReader reader(in);
  InputRecord rec;
  while (reader.Next(&rec)) {
  }
  EXPECT_EQ(reader.Errors().size(), 2u);
  EXPECT_EQ(reader.stats()[1].rejected.at("unreadable"), 1u);
}

TEST(ReaderTest, FoldersAreRecursedInSortedOrder) {
  TempDir dir("folders");
  dir.Write("b/z.log", "one\n");
  dir.Write("a/y/x.log", "two\n");
  dir.WriteGzip("a/c.json.gz", std::string(kRecord1) + "\n");
  dir.Write("a/b.log", "three\n");
  std::vector<ExpandedInput> in = ExpandInputs({ParseInputSpec("syslog:" + dir.path())});
  ASSERT_EQ(in.size(), 4u);
  EXPECT_EQ(in[0].path, dir.path() + "/a/b.log");
  EXPECT_EQ(in[1].path, dir.path() + "/a/c.json.gz");
  EXPECT_EQ(in[2].path, dir.path() + "/a/y/x.log");
  EXPECT_EQ(in[3].path, dir.path() + "/b/z.log");
  for (const ExpandedInput& e : in) EXPECT_EQ(e.kind, InputKind::kSyslog);
  // Detected (not forced): the gzip file is CloudTrail.
  InputReader reader(ExpandInputs({ParseInputSpec(dir.path())}));
  InputRecord rec;
  std::vector<std::string> locations;
  while (reader.Next(&rec)) locations.push_back(rec.location);
  EXPECT_EQ(locations, (std::vector<std::string>{dir.path() + "/a/b.log", "Wazuh-AWS",
                                                  dir.path() + "/a/y/x.log",
                                                  dir.path() + "/b/z.log"}));
  EXPECT_EQ(reader.stats()[1].kind, InputKind::kCloudTrail);
}

TEST(ReaderTest, InputSpecs) {
  InputSpec s = ParseInputSpec("vpcflow:/data/x.log");
  EXPECT_EQ(s.path, "/data/x.log");
  EXPECT_EQ(s.kind, InputKind::kVpcFlow);
  EXPECT_EQ(ParseInputSpec("json:a").kind, InputKind::kJsonLines);
  EXPECT_EQ(ParseInputSpec("queue:a:b").path, "a:b");
  InputSpec p = ParseInputSpec("/data/a:b.log");
  EXPECT_EQ(p.path, "/data/a:b.log");
  EXPECT_FALSE(p.kind.has_value());
  for (InputKind k : {InputKind::kCloudTrail, InputKind::kVpcFlow, InputKind::kGuardDuty,
                      InputKind::kSyslog, InputKind::kJsonLines, InputKind::kQueue}) {
    EXPECT_EQ(ParseKindName(KindName(k)), k);
  }
}

TEST(ReaderTest, Detection) {
  EXPECT_EQ(DetectKind(R"({"Records":[{"eventName":)", false), InputKind::kCloudTrail);
  EXPECT_EQ(DetectKind(R"([{"eventName":"a","eventSource":"b"}])", true), InputKind::kCloudTrail);
  EXPECT_EQ(DetectKind(R"({"schemaVersion":"2.0","type":"t","severity":5,"service":{}})", true),
            InputKind::kGuardDuty);
  EXPECT_EQ(DetectKind(R"({"version":"0","detail-type":"GuardDuty Finding","source":"aws.guardduty","detail":{}})", true),
            InputKind::kGuardDuty);
  EXPECT_EQ(DetectKind(R"({"findings":[]})", true), InputKind::kGuardDuty);
  // Text lines that start with '[' are not JSON (Apache error log, loghub's Apache_2k.log).
  EXPECT_EQ(DetectKind("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok\n", false), InputKind::kSyslog);
  EXPECT_EQ(DetectKind("[1, 2]\n", true), InputKind::kJsonLines);
  EXPECT_EQ(DetectKind("{\"a\":1}\n{\"a\":2}\n", true), InputKind::kJsonLines);
  EXPECT_EQ(DetectKind("version account-id interface-id srcaddr\n", true), InputKind::kVpcFlow);
  EXPECT_EQ(DetectKind("1:/var/log/auth.log:Jan  1 00:00:00 host sshd[1]: x\n", true),
            InputKind::kQueue);
  EXPECT_EQ(DetectKind("Jan  1 00:00:00 host sshd[1]: Accepted password\n", true),
            InputKind::kSyslog);
}

TEST(ReaderTest, GuardDutyStreams) {
  TempDir dir("gd");
  std::string finding =
      R"({"schemaVersion":"2.0","accountId":"1","id":"f1","type":"Recon:EC2/PortProbeUnprotectedPort","severity":2,"updatedAt":"2020-01-01T00:00:00.000Z","service":{"serviceName":"guardduty","eventLastSeen":"2019-12-31T00:00:00Z"},"resource":{"tags":null}})";
  std::string eb = R"({"version":"0","id":"e","detail-type":"GuardDuty Finding","source":"aws.guardduty","detail":)" +
                   finding + "}";
  std::string no_detail = R"({"version":"0","id":"e","detail-type":"GuardDuty Finding","source":"aws.guardduty"})";
  // Firehose: concatenated without separators.
  std::string p = dir.Write("firehose", eb + eb + no_detail + eb);
  testing::ReadResult r = ReadAll(p);
  EXPECT_EQ(r.stats.kind, InputKind::kGuardDuty);
  EXPECT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.stats.rejected.at("eventbridge_without_detail"), 1u);
  EXPECT_EQ(r.stats.records, 4u);
  EXPECT_EQ(r.records[2].record, 3u);
  EXPECT_EQ(r.records[0].event_time_ms, 1577836800000);  // updatedAt
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(r.records[0].message);
  EXPECT_EQ(m["aws"]["source"], "guardduty");
  EXPECT_EQ(m["aws"]["resource"].dump(), "{}");
  // An array, and {"findings":[...]}.
  testing::ReadResult a = ReadAll(dir.Write("arr.json", "[" + finding + "," + finding + "]"));
  EXPECT_EQ(a.records.size(), 2u);
  testing::ReadResult f =
      ReadAll(dir.Write("f.json", R"({"findings":[)" + finding + "]}\n{\"findings\":[]}\n"));
  EXPECT_EQ(f.records.size(), 1u);
  EXPECT_EQ(f.stats.notes.at("empty_findings_list"), 1u);
}

TEST(ReaderTest, TextKinds) {
  TempDir dir("text");
  std::string s = dir.Write("app.log",
                            "2024-05-01T10:00:00Z host app: started\r\n\nJan  1 00:00:00 host x: y\n");
  testing::ReadResult r = ReadAll(s);
  EXPECT_EQ(r.stats.kind, InputKind::kSyslog);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].message, "2024-05-01T10:00:00Z host app: started");
  EXPECT_EQ(r.records[0].location, s);
  EXPECT_TRUE(r.records[0].has_event_time);
  EXPECT_EQ(r.records[0].event_time_ms, 1714557600000);
  EXPECT_FALSE(r.records[1].has_event_time);
  EXPECT_EQ(r.records[1].line, 3u);

  std::string q = dir.Write("q.log", "1:/var/log/secure:Jan  1 00:00:00 h sshd: a:b\nbad\n");
  testing::ReadResult qr = ReadAll(q);
  EXPECT_EQ(qr.stats.kind, InputKind::kQueue);
  ASSERT_EQ(qr.records.size(), 1u);
  EXPECT_EQ(qr.records[0].queue, '1');
  EXPECT_EQ(qr.records[0].location, "/var/log/secure");
  EXPECT_EQ(qr.records[0].message, "Jan  1 00:00:00 h sshd: a:b");
  EXPECT_EQ(qr.stats.rejected.at("bad_framing"), 1u);
  EXPECT_TRUE(HasMessage(qr.stats, q + ":2: not Wazuh queue framing"));

  std::string j = dir.Write("j.json", "{\"a\": 1}\n{\n  \"b\": [1, 2]\n}\n");
  testing::ReadResult jr = ReadAll(j);
  EXPECT_EQ(jr.stats.kind, InputKind::kJsonLines);
  ASSERT_EQ(jr.records.size(), 2u);
  EXPECT_EQ(jr.records[0].message, "{\"a\": 1}");
  EXPECT_EQ(jr.records[1].message, "{\"b\":[1,2]}");
  EXPECT_EQ(jr.records[1].line, 2u);
  EXPECT_FALSE(jr.records[0].has_event_time);
}

}  // namespace
}  // namespace tripline::input
