// The shared AWS corpus read end to end: every file under corpus/cloudtrail, corpus/vpcflow and
// corpus/guardduty with zero unaccounted records, the record counts of each SOURCES.md, and the
// AWS module envelope of the examples in aws-in-wazuh.md §2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>

#include "input/source.h"
#include "input_test_util.h"
#include "test_support.h"

namespace tripline::input {
namespace {

using testing::ReadAll;
using testing::TempDir;

std::string Corpus() { return tripline::testing::SharedDir() + "/corpus/"; }

struct Expected {
  InputKind kind;
  uint64_t records;
  uint64_t events;
};

// Record counts from the corpus SOURCES.md files. Files that hold no AWS records (labels,
// reference tables, SOURCES.md itself) are read as JSON lines / text: one record per line or
// value, no rejection.
const std::map<std::string, Expected>& ExpectedCounts() {
  static const auto* m = new std::map<std::string, Expected>{
      // corpus/cloudtrail/SOURCES.md: "22 records".
      {"cloudtrail/awsdocs-cloudtrail-user-guide/awsdocs_cloudtrail_examples.json",
       {InputKind::kCloudTrail, 22, 22}},
      // corpus/cloudtrail/SOURCES.md: "475 records from 143 rules".
      {"cloudtrail/panther-analysis/panther_cloudtrail_rule_tests.json",
       {InputKind::kCloudTrail, 475, 475}},
      // Labels: one line per record of the file they label.
      {"cloudtrail/awsdocs-cloudtrail-user-guide/awsdocs_cloudtrail_examples.labels.jsonl",
       {InputKind::kJsonLines, 22, 22}},
      {"cloudtrail/panther-analysis/panther_cloudtrail_rule_tests.labels.jsonl",
       {InputKind::kJsonLines, 475, 475}},
      // corpus/vpcflow/SOURCES.md, column "records" (the header line is not a record).
      {"vpcflow/awsdocs-vpc-user-guide/default-v2.log", {InputKind::kVpcFlow, 7, 7}},
      {"vpcflow/awsdocs-vpc-user-guide/custom-v3-tcp-flags.log", {InputKind::kVpcFlow, 8, 8}},
      {"vpcflow/awsdocs-vpc-user-guide/custom-nat-gateway.log", {InputKind::kVpcFlow, 6, 6}},
      {"vpcflow/awsdocs-vpc-user-guide/custom-v3-transit-gateway.log",
       {InputKind::kVpcFlow, 4, 4}},
      {"vpcflow/awsdocs-vpc-user-guide/custom-v5-traffic-path.log", {InputKind::kVpcFlow, 2, 2}},
      {"vpcflow/elastic-integrations/test-tcp-flag-sequence.log", {InputKind::kVpcFlow, 3, 3}},
      // "23 Panther JSON-parsed records" (not raw flow-log text: JSON lines).
      {"vpcflow/panther-analysis/panther_vpcflow_rule_tests.jsonl",
       {InputKind::kJsonLines, 23, 23}},
      {"vpcflow/panther-analysis/panther_vpcflow_rule_tests.labels.jsonl",
       {InputKind::kJsonLines, 23, 23}},
      // corpus/guardduty/SOURCES.md, column "findings". The slice holds the PORT_PROBE finding
      // with 2 portProbeDetails: 30 findings, 31 events.
      {"guardduty/elastic-integrations/test-guard_duty.slice.jsonl",
       {InputKind::kGuardDuty, 30, 31}},
      // "5 + 1 empty envelope" ({"findings":[]} is a note, not a record).
      {"guardduty/elastic-integrations/test-guardduty.log", {InputKind::kGuardDuty, 5, 5}},
      {"guardduty/panther-analysis/panther_guardduty_rule_tests.jsonl",
       {InputKind::kGuardDuty, 8, 8}},
      {"guardduty/panther-analysis/panther_guardduty_rule_tests.labels.jsonl",
       {InputKind::kJsonLines, 8, 8}},
      {"guardduty/aws-samples/amazon-guardduty-automated-response-sample_guardduty_ec2_event.json",
       {InputKind::kGuardDuty, 1, 1}},
      {"guardduty/aws-samples/amazon-guardduty-automated-response-sample_guardduty_iam_event.json",
       {InputKind::kGuardDuty, 1, 1}},
      {"guardduty/aws-samples/amazon-guardduty-automated-response-sample_guardduty_s3_event.json",
       {InputKind::kGuardDuty, 1, 1}},
      {"guardduty/aws-samples/amazon-guardduty-waf-acl_gd2acl_test_event.json",
       {InputKind::kGuardDuty, 1, 1}},
      {"guardduty/sumologic-docs/guardduty-benchmark_sample_finding.json",
       {InputKind::kGuardDuty, 1, 1}},
      // "reference": not findings. The tester definitions are one JSON document; the CSV is text.
      {"guardduty/reference/amazon-guardduty-tester_definitions.json",
       {InputKind::kJsonLines, 1, 1}},
  };
  return *m;
}

TEST(CorpusTest, EveryFileIsAccountedFor) {
  TRIPLINE_REQUIRE_SHARED();
  std::vector<InputSpec> specs;
  for (const char* dir : {"cloudtrail", "vpcflow", "guardduty"}) {
    specs.push_back(ParseInputSpec(Corpus() + dir));
  }
  std::vector<ExpandedInput> files = ExpandInputs(specs);
  ASSERT_GT(files.size(), 50u);
  uint64_t stratus_records = 0, stratus_files = 0, cloudtrail_records = 0;
  size_t checked = 0;
  for (const ExpandedInput& f : files) {
    ASSERT_TRUE(f.error.empty()) << f.error;
    testing::ReadResult r = ReadAll(f.path);
    const SourceStats& s = r.stats;
    std::string rel = f.path.substr(Corpus().size());
    SCOPED_TRACE(rel);
    // Zero unaccounted: every record is an event source or a counted rejection, and there are
    // no rejections in the corpus.
    EXPECT_EQ(s.TotalRejected(), 0u) << (s.messages.empty() ? "" : s.messages[0]);
    EXPECT_EQ(s.records, s.accepted + s.TotalRejected());
    EXPECT_EQ(r.records.size(), s.events);
    EXPECT_FALSE(s.failed);
    if (s.kind == InputKind::kCloudTrail) cloudtrail_records += s.records;
    if (rel.rfind("cloudtrail/stratus-red-team-detonation-logs/", 0) == 0) {
      EXPECT_EQ(s.kind, InputKind::kCloudTrail);
      stratus_records += s.records;
      ++stratus_files;
      ++checked;
      continue;
    }
    auto it = ExpectedCounts().find(rel);
    if (it != ExpectedCounts().end()) {
      EXPECT_EQ(KindName(s.kind), KindName(it->second.kind));
      EXPECT_EQ(s.records, it->second.records);
      EXPECT_EQ(s.events, it->second.events);
      ++checked;
    } else {
      // SOURCES.md, CSV reference: text, one record per non-empty line.
      EXPECT_EQ(s.kind, InputKind::kSyslog) << rel;
      EXPECT_GT(s.records, 0u);
    }
  }
  EXPECT_EQ(checked, ExpectedCounts().size() + 35);
  // corpus/cloudtrail/SOURCES.md: stratus-red-team-detonation-logs, 35 files, "310 records";
  // totals "807 records".
  EXPECT_EQ(stratus_files, 35u);
  EXPECT_EQ(stratus_records, 310u);
  EXPECT_EQ(cloudtrail_records, 807u);
}

// aws-in-wazuh.md §2.2: console-login-without-mfa, stored as an S3 object would be.
TEST(EnvelopeTest, CloudTrailConsoleLoginWithoutMfa) {
  TRIPLINE_REQUIRE_SHARED();
  std::string content = tripline::testing::ReadFile(
      Corpus() +
      "cloudtrail/stratus-red-team-detonation-logs/aws.initial-access.console-login-without-mfa.json");
  TempDir dir("envelope_ct");
  const std::string key =
      "AWSLogs/123456789012/CloudTrail/us-east-1/2024/08/02/"
      "123456789012_CloudTrail_us-east-1_20240802T0855Z_abc.json.gz";
  std::string path = dir.WriteGzip("bucket/" + key, content);
  testing::ReadResult r = ReadAll(path);
  ASSERT_EQ(r.records.size(), 1u);
  const InputRecord& rec = r.records[0];
  EXPECT_EQ(rec.location, "Wazuh-AWS");
  EXPECT_EQ(rec.queue, '1');
  EXPECT_TRUE(rec.has_event_time);
  EXPECT_EQ(rec.event_time_ms, 1722588804000);  // 2024-08-02T08:53:24Z
  EXPECT_EQ(rec.line, 2u);
  EXPECT_EQ(rec.record, 0u);

  nlohmann::ordered_json msg = nlohmann::ordered_json::parse(rec.message);
  EXPECT_EQ(msg.dump(), rec.message);  // compact, no spaces
  ASSERT_EQ(msg.size(), 2u);
  EXPECT_EQ(msg["integration"], "aws");
  const auto& aws = msg["aws"];
  std::vector<std::string> keys;
  for (auto it = aws.begin(); it != aws.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "log_info", "additionalEventData", "awsRegion", "eventCategory", "eventID",
                      "eventName", "eventSource", "eventTime", "eventType", "eventVersion",
                      "managementEvent", "readOnly", "recipientAccountId", "responseElements",
                      "sourceIPAddress", "tlsDetails", "userAgent", "userIdentity", "source",
                      "aws_account_id", "source_ip_address"}));
  EXPECT_EQ(aws["log_info"].dump(),
            R"({"aws_account_alias":"","log_file":")" + key + R"(","s3bucket":""})");
  EXPECT_EQ(aws["additionalEventData"].dump(),
            R"({"LoginTo":"https://console.aws.amazon.com/console/home","MFAUsed":"No","MobileVersion":"No"})");
  EXPECT_EQ(aws["awsRegion"], "eu-west-2r");
  EXPECT_EQ(aws["eventCategory"], "Management");
  EXPECT_EQ(aws["eventID"], "865d9377-9c6b-4fd7-8aad-725e95f6a140");
  EXPECT_EQ(aws["eventName"], "ConsoleLogin");
  EXPECT_EQ(aws["eventSource"], "signin.amazonaws.com");
  EXPECT_EQ(aws["eventTime"], "2024-08-02T08:53:24Z");
  EXPECT_EQ(aws["eventType"], "AwsConsoleSignIn");
  EXPECT_EQ(aws["eventVersion"], "1.08");
  EXPECT_EQ(aws["managementEvent"], true);
  EXPECT_EQ(aws["readOnly"], false);
  EXPECT_EQ(aws["recipientAccountId"], "562283505220");
  EXPECT_EQ(aws["responseElements"].dump(), R"({"ConsoleLogin":"Success"})");
  EXPECT_EQ(aws["sourceIPAddress"], "225.01.00.16");
  EXPECT_EQ(aws["tlsDetails"].dump(),
            R"({"cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"signin.aws.amazon.com","tlsVersion":"TLSv1.3"})");
  EXPECT_EQ(aws["userAgent"], "stratus-red-team_fccf7123-0651-41f5-b06c-460da5ee1c94");
  EXPECT_EQ(aws["userIdentity"].dump(),
            R"({"accountId":"562283505220","arn":"arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl","principalId":"AIDA1ERT0661IN5R239V","type":"IAMUser","userName":"stratus-red-team-nmfalu-jfzdtsvchl"})");
  EXPECT_EQ(aws["source"], "cloudtrail");
  EXPECT_EQ(aws["aws_account_id"], "123456789012");  // from the S3 key, not recipientAccountId
  EXPECT_EQ(aws["source_ip_address"], "225.01.00.16");
  EXPECT_FALSE(aws.contains("requestParameters"));  // null removed

  // Without an S3 key in the path: log_file is the file name, the account is recipientAccountId.
  testing::ReadResult plain = ReadAll(
      Corpus() +
      "cloudtrail/stratus-red-team-detonation-logs/aws.initial-access.console-login-without-mfa.json");
  ASSERT_EQ(plain.records.size(), 1u);
  nlohmann::ordered_json p = nlohmann::ordered_json::parse(plain.records[0].message);
  EXPECT_EQ(p["aws"]["log_info"]["log_file"], "aws.initial-access.console-login-without-mfa.json");
  EXPECT_EQ(p["aws"]["aws_account_id"], "562283505220");
}

// aws-in-wazuh.md §2.3: the v2 REJECT line, byte for byte (compact printing).
TEST(EnvelopeTest, VpcFlowV2Reject) {
  TRIPLINE_REQUIRE_SHARED();
  testing::ReadResult r = ReadAll(Corpus() + "vpcflow/awsdocs-vpc-user-guide/default-v2.log");
  ASSERT_EQ(r.records.size(), 7u);
  const InputRecord& rec = r.records[1];
  EXPECT_EQ(rec.line, 3u);  // line 1 is the header
  EXPECT_EQ(rec.record, 1u);
  EXPECT_EQ(rec.location, "Wazuh-AWS");
  EXPECT_TRUE(rec.has_event_time);
  EXPECT_EQ(rec.event_time_ms, 1418530010000);
  EXPECT_EQ(rec.message,
            R"({"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"default-v2.log","s3bucket":""},)"
            R"("version":"2","account_id":"123456789010","interface_id":"eni-1235b8ca123456789",)"
            R"("srcaddr":"172.31.9.69","dstaddr":"172.31.9.12","srcport":"49761","dstport":"3389","protocol":"6","packets":"20","bytes":"4249",)"
            R"("start":"2014-12-14T04:06:50Z","end":"2014-12-14T04:07:50Z","action":"REJECT","log_status":"OK","source":"vpc","aws_account_id":"123456789010"}})");
  EXPECT_EQ(r.stats.notes.at("vpc_header"), 1u);
  // NODATA: '-' values stay "-".
  nlohmann::ordered_json nodata = nlohmann::ordered_json::parse(r.records[2].message);
  EXPECT_EQ(nodata["aws"]["srcaddr"], "-");
  EXPECT_EQ(nodata["aws"]["log_status"], "NODATA");
  // IPv6.
  nlohmann::ordered_json v6 = nlohmann::ordered_json::parse(r.records[6].message);
  EXPECT_EQ(v6["aws"]["srcaddr"], "2001:db8:1234:a100:8d6e:3477:df66:f105");
}

TEST(EnvelopeTest, VpcFlowCustomFormatsAndRepeatedHeaders) {
  TRIPLINE_REQUIRE_SHARED();
  testing::ReadResult r =
      ReadAll(Corpus() + "vpcflow/awsdocs-vpc-user-guide/custom-v5-traffic-path.log");
  ASSERT_EQ(r.records.size(), 2u);
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(r.records[1].message);
  EXPECT_EQ(m["aws"]["traffic_path"], "8");
  EXPECT_EQ(m["aws"]["pkt_dst_aws_service"], "S3");
  EXPECT_TRUE(m["aws"].contains("flow_direction"));
  EXPECT_TRUE(m["aws"].contains("pkt_src_aws_service"));
  // The doc's double space does not shift columns.
  testing::ReadResult t =
      ReadAll(Corpus() + "vpcflow/awsdocs-vpc-user-guide/custom-v3-tcp-flags.log");
  ASSERT_EQ(t.records.size(), 8u);
  nlohmann::ordered_json last = nlohmann::ordered_json::parse(t.records[7].message);
  EXPECT_EQ(last["aws"]["dstport"], "43638");
  EXPECT_EQ(last["aws"]["pkt_srcaddr"], "10.0.0.62");
  EXPECT_EQ(last["aws"]["tcp_flags"], "19");
  // A version-less custom format: no version key, account from nowhere.
  testing::ReadResult nat =
      ReadAll(Corpus() + "vpcflow/awsdocs-vpc-user-guide/custom-nat-gateway.log");
  ASSERT_EQ(nat.records.size(), 6u);
  nlohmann::ordered_json n = nlohmann::ordered_json::parse(nat.records[0].message);
  EXPECT_FALSE(n["aws"].contains("version"));
  EXPECT_EQ(n["aws"]["instance_id"], "-");
  EXPECT_EQ(n["aws"]["aws_account_id"], "");
  EXPECT_FALSE(nat.records[0].has_event_time);  // no start field
  // The header repeated before every record.
  testing::ReadResult e =
      ReadAll(Corpus() + "vpcflow/elastic-integrations/test-tcp-flag-sequence.log");
  EXPECT_EQ(e.stats.records, 3u);
  EXPECT_EQ(e.stats.notes.at("vpc_header"), 1u);
  EXPECT_EQ(e.stats.notes.at("vpc_header_repeated"), 2u);
}

// aws-in-wazuh.md §2.4: the Elastic sample PORT_PROBE finding with 2 details -> 2 events.
TEST(EnvelopeTest, GuardDutyPortProbeSplit) {
  TRIPLINE_REQUIRE_SHARED();
  testing::ReadResult r =
      ReadAll(Corpus() + "guardduty/elastic-integrations/test-guard_duty.slice.jsonl");
  std::vector<nlohmann::ordered_json> probes;
  for (const InputRecord& rec : r.records) {
    if (rec.line == 24) probes.push_back(nlohmann::ordered_json::parse(rec.message));
  }
  ASSERT_EQ(probes.size(), 2u);
  const char* ips[] = {"81.2.69.144", "198.51.100.1"};
  const int ports[] = {80, 443};
  for (int i = 0; i < 2; ++i) {
    const auto& aws = probes[i]["aws"];
    EXPECT_EQ(aws["source"], "guardduty");
    EXPECT_EQ(aws["service"]["action"]["actionType"], "PORT_PROBE");
    const auto& d = aws["service"]["action"]["portProbeAction"]["portProbeDetails"];
    ASSERT_TRUE(d.is_object());
    EXPECT_EQ(d["remoteIpDetails"]["ipAddressV4"], ips[i]);
    EXPECT_EQ(d["localPortDetails"]["port"], ports[i]);
    EXPECT_FALSE(aws.contains("aws_account_id"));
    // The generic reformat is skipped on this path: one-element lists stay lists.
    EXPECT_TRUE(aws["resource"]["instanceDetails"]["networkInterfaces"].is_array());
  }
  // Other findings get the reformat: networkInterfaces:[{...}] becomes an object whose inner
  // one-element lists stay lists.
  nlohmann::ordered_json other = nlohmann::ordered_json::parse(r.records[0].message);
  EXPECT_EQ(other["aws"]["source"], "guardduty");
  EXPECT_TRUE(r.records[0].has_event_time);
}

TEST(EnvelopeTest, GuardDutyEventBridgeEnvelope) {
  TRIPLINE_REQUIRE_SHARED();
  testing::ReadResult r = ReadAll(
      Corpus() + "guardduty/aws-samples/amazon-guardduty-waf-acl_gd2acl_test_event.json");
  ASSERT_EQ(r.records.size(), 1u);
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(r.records[0].message);
  EXPECT_EQ(m["aws"]["type"], "UnauthorizedAccess:EC2/SSHBruteForce");
  EXPECT_FALSE(m["aws"].contains("detail"));
  EXPECT_EQ(m["aws"]["source"], "guardduty");
  EXPECT_EQ(r.records[0].event_time_ms, 1526050599976);  // updatedAt 2018-05-11T14:56:39.976Z
}

}  // namespace
}  // namespace tripline::input
