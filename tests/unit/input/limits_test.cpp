// Reader limits (ReaderLimits, docs/limits.md): line length, event size, JSON item size and
// depth, and the number of problem messages kept. Each hit is counted in SourceStats, reading
// goes on, and a long line is never buffered whole.
#include <gtest/gtest.h>

#include <string>

#include "input/source.h"
#include "input_test_util.h"

namespace tripline::input {
namespace {

using testing::ReadAll;
using testing::TempDir;

constexpr const char* kRecord =
    R"({"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser"})";

using testing::HasMessage;

TEST(ReaderLimits, SyslogLinesKeepLogcollectorsLength) {
  // Wazuh's logcollector sends at most 65278 bytes of a line and drops the rest of it.
  TempDir dir("limits_syslog");
  const std::string p = dir.Write("a.log", "short\n" + std::string(kMaxLineBytes, 'a') + "\n" +
                                               std::string(kMaxLineBytes + 1, 'b') + "\n" +
                                               std::string(10 << 20, 'c') + "\nafter\n");
  testing::ReadResult r = ReadAll(p, InputKind::kSyslog);
  ASSERT_EQ(r.records.size(), 5u);
  EXPECT_EQ(r.records[0].message, "short");
  EXPECT_EQ(r.records[1].message, std::string(kMaxLineBytes, 'a'));
  EXPECT_EQ(r.records[2].message, std::string(kMaxLineBytes, 'b'));
  EXPECT_EQ(r.records[3].message, std::string(kMaxLineBytes, 'c'));
  EXPECT_EQ(r.records[4].message, "after");
  EXPECT_EQ(r.records[4].line, 5u);
  EXPECT_EQ(r.stats.accepted, 5u);
  EXPECT_EQ(r.stats.truncated, 2u);
  EXPECT_TRUE(r.stats.rejected.empty());
  EXPECT_TRUE(HasMessage(r.stats, p + ":3: line of 65279 bytes cut to its first 65278"));
  EXPECT_TRUE(HasMessage(r.stats, p + ":4: line of 10485760 bytes cut to its first 65278"));
  // The 10 MB line was skipped, not buffered.
  EXPECT_LT(r.max_buffer, 512u * 1024);
}

TEST(ReaderLimits, SyslogMessagesAreCutSoTheirEventFits) {
  // "<q>:<location>:<message>" must fit in max_event_bytes (analysisd's queue read).
  TempDir dir("limits_event");
  const std::string p = dir.Write("a.log", std::string(500, 'x') + "\n" + std::string(50, 'y') + "\n");
  ReaderLimits limits;
  limits.max_event_bytes = p.size() + 3 + 100;
  testing::ReadResult r = ReadAll(p, InputKind::kSyslog, limits);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].message, std::string(100, 'x'));
  EXPECT_EQ(r.records[1].message, std::string(50, 'y'));
  EXPECT_EQ(r.stats.truncated, 1u);
  EXPECT_TRUE(HasMessage(r.stats, "line of 500 bytes cut to its first 100 (the longest event analysisd reads)"));
}

TEST(ReaderLimits, QueueLinesAreCutAtTheEventSize) {
  // A queue line is the framed event itself: cut at 65535 bytes.
  TempDir dir("limits_queue");
  const std::string p = dir.Write("a.queue", "1:loc:" + std::string(70000, 'm') + "\n1:loc:ok\n");
  testing::ReadResult r = ReadAll(p, InputKind::kQueue);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].location, "loc");
  EXPECT_EQ(r.records[0].message.size(), kMaxEventBytes - 6);
  EXPECT_EQ(r.records[1].message, "ok");
  EXPECT_EQ(r.stats.truncated, 1u);
}

TEST(ReaderLimits, VpcFlowLinesAreCut) {
  TempDir dir("limits_vpc");
  const std::string header =
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action "
      "log-status\n";
  const std::string row = "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 40 1418530010 1418530070 ACCEPT OK\n";
  const std::string p = dir.Write("flow.log", header + row + std::string(100000, '9') + " 1\n" + row);
  testing::ReadResult r = ReadAll(p, InputKind::kVpcFlow);
  EXPECT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.stats.truncated, 1u);
  EXPECT_EQ(r.stats.rejected.at("field_count"), 1u);  // the cut line keeps one field
}

TEST(ReaderLimits, JsonRecordsThatDoNotFitAreRejected) {
  TempDir dir("limits_json");
  // A CloudTrail record longer than a Wazuh event is read whole by default, and rejected when
  // max_aws_record_bytes bounds it.
  const std::string big = R"({"eventVersion":"1.08","eventSource":"s3","eventName":"PutObject","blob":")" +
                          std::string(70000, 'z') + "\"}";
  const std::string ct = dir.Write("ct.json", std::string(R"({"Records":[)") + big + "," + kRecord + "]}");
  testing::ReadResult whole = ReadAll(ct);
  ASSERT_EQ(whole.stats.kind, InputKind::kCloudTrail);
  EXPECT_EQ(whole.records.size(), 2u);
  EXPECT_TRUE(whole.stats.rejected.empty());
  ReaderLimits bounded;
  bounded.max_aws_record_bytes = kMaxEventBytes;
  testing::ReadResult r = ReadAll(ct, std::nullopt, bounded);
  EXPECT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.stats.records, 2u);
  EXPECT_EQ(r.stats.rejected.at("too_long"), 1u);
  EXPECT_TRUE(HasMessage(r.stats, ct + ":1: record of "));
  // JSON lines: longer than the logcollector line limit.
  const std::string fits = R"({"k":")" + std::string(kMaxLineBytes - 8, 'v') + "\"}";
  const std::string too_long = R"({"k":")" + std::string(kMaxLineBytes - 7, 'v') + "\"}";
  ASSERT_EQ(fits.size(), kMaxLineBytes);
  const std::string jl = dir.Write("a.jsonl", fits + "\n" + too_long + "\n{\"k\":1}\n");
  testing::ReadResult s = ReadAll(jl, InputKind::kJsonLines);
  ASSERT_EQ(s.records.size(), 2u);
  EXPECT_EQ(s.records[0].message, fits);
  EXPECT_EQ(s.records[1].line, 3u);
  EXPECT_EQ(s.stats.rejected.at("too_long"), 1u);
}

TEST(ReaderLimits, TooDeepJsonIsRejected) {
  TempDir dir("limits_deep");
  const std::string deep = "{\"a\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  const std::string ok = "{\"a\":" + std::string(999, '[') + std::string(999, ']') + "}";
  const std::string p = dir.Write("a.jsonl", deep + "\n" + ok + "\n");
  testing::ReadResult r = ReadAll(p, InputKind::kJsonLines);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].line, 2u);
  EXPECT_EQ(r.stats.rejected.at("json_too_deep"), 1u);
  EXPECT_TRUE(HasMessage(r.stats, p + ":1: JSON nested deeper than 1000 levels"));
}

TEST(ReaderLimits, LargeItemsEndTheFile) {
  TempDir dir("limits_item");
  ReaderLimits limits;
  limits.max_item_bytes = 4096;
  const std::string big = "{\"k\":\"" + std::string(100000, 'v') + "\"}";
  const std::string p = dir.Write("a.jsonl", "{\"k\":1}\n" + big + "\n{\"k\":2}\n");
  testing::ReadResult r = ReadAll(p, InputKind::kJsonLines, limits);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.stats.rejected.at("too_large"), 1u);
  EXPECT_TRUE(HasMessage(r.stats, "record larger than 4096 bytes; the rest of the file is skipped"));
  EXPECT_LT(r.max_buffer, 512u * 1024);
  // The same through an InputReader.
  InputReader reader({{p, InputKind::kJsonLines, ""}}, limits);
  InputRecord rec;
  size_t n = 0;
  while (reader.Next(&rec)) ++n;
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(reader.stats().at(0).rejected.at("too_large"), 1u);
}

TEST(ReaderLimits, ProblemMessagesAreCappedAndCounted) {
  TempDir dir("limits_messages");
  std::string text;
  for (int i = 0; i < 150; ++i) text += "not queue framing\n";
  const std::string p = dir.Write("a.queue", "1:loc:ok\n" + text);
  testing::ReadResult r = ReadAll(p, InputKind::kQueue);
  EXPECT_EQ(r.stats.rejected.at("bad_framing"), 150u);
  EXPECT_EQ(r.stats.messages.size(), kMaxMessages);
  EXPECT_EQ(r.stats.messages_dropped, 50u);
  ReaderLimits limits;
  limits.max_messages = 3;
  testing::ReadResult s = ReadAll(p, InputKind::kQueue, limits);
  EXPECT_EQ(s.stats.messages.size(), 3u);
  EXPECT_EQ(s.stats.messages_dropped, 147u);
  EXPECT_EQ(s.stats.records, 151u);
}

}  // namespace
}  // namespace tripline::input
