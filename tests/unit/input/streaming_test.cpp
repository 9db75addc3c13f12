// Streaming: large CloudTrail objects are read record by record with a bounded read window.
#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>

#include "input/byte_stream.h"
#include "input/source.h"
#include "input_test_util.h"

namespace tripline::input {
namespace {

using testing::TempDir;

std::string Record(int i) {
  return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/u)" +
         std::to_string(i) +
         R"(","accountId":"123456789012","userName":"u"},"eventTime":"2024-03-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.)" +
         std::to_string(i % 250) +
         R"(","userAgent":"aws-cli/2.15","requestParameters":{"bucketName":"b","key":"k)" +
         std::to_string(i) +
         R"("},"responseElements":null,"requestID":"r","eventID":"e","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"123456789012"})";
}

// Reads the file and checks the count and that the window stayed small.
void ReadLarge(const std::string& path, uint64_t expected, size_t bound) {
  std::string err;
  std::unique_ptr<Source> src = Source::Open(path, std::nullopt, &err);
  ASSERT_NE(src, nullptr) << err;
  InputRecord rec;
  uint64_t n = 0;
  while (src->Next(&rec)) {
    if (n == expected - 1) {
      nlohmann::json m = nlohmann::json::parse(rec.message);
      EXPECT_EQ(m["aws"]["requestParameters"]["key"], "k" + std::to_string(n));
    }
    ++n;
  }
  EXPECT_EQ(n, expected);
  EXPECT_EQ(src->stats().records, expected);
  EXPECT_EQ(src->stats().TotalRejected(), 0u);
  EXPECT_LT(src->max_buffer_bytes(), bound);
}

TEST(StreamingTest, FiftyThousandRecordObject) {
  TempDir dir("stream");
  constexpr int kRecords = 50000;
  std::string path = dir.path() + "/big.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\"Records\":[";
    for (int i = 0; i < kRecords; ++i) out << (i ? "," : "") << Record(i);
    out << "]}";
  }
  ASSERT_GT(std::filesystem::file_size(path), 25u * 1000 * 1000);
  // The window holds a chunk plus a partial record: far below the 27 MB file.
  ReadLarge(path, kRecords, 4 * kChunkSize);
}

TEST(StreamingTest, GzipObjectAndHugeRecords) {
  TempDir dir("stream_gz");
  std::string content = "{\"Records\":[";
  for (int i = 0; i < 5000; ++i) content += std::string(i ? "," : "") + Record(i);
  content += "]}";
  ReadLarge(dir.WriteGzip("big.json.gz", content), 5000, 4 * kChunkSize);
  // Records larger than 64 KB are read whole (Wazuh's AWS module drops them): 3 records of 1 MB,
  // streamed without holding the file.
  std::string big(1 << 20, 'x');
  std::string huge = "{\"Records\":[";
  for (int i = 0; i < 3; ++i) {
    huge += std::string(i ? "," : "") + R"({"eventName":"PutObject","eventSource":"s3","responseElements":{"blob":")" +
            big + "\"}}";
  }
  huge += "]}";
  const std::string path = dir.Write("huge.json", huge);
  testing::ReadResult r = testing::ReadAll(path);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_GT(r.records[2].message.size(), big.size());
  EXPECT_LT(r.max_buffer, 4u << 20);
  // With a record bound they are streamed the same way and rejected as too long.
  ReaderLimits bounded;
  bounded.max_aws_record_bytes = 65535;
  testing::ReadResult d = testing::ReadAll(path, std::nullopt, bounded);
  EXPECT_EQ(d.records.size(), 0u);
  EXPECT_EQ(d.stats.rejected.at("too_long"), 3u);
  EXPECT_LT(d.max_buffer, 4u << 20);
}

}  // namespace
}  // namespace tripline::input
