// Benchmarks of the input layer: reading a CloudTrail S3 object ({"Records":[...]}, plain and
// gzip) record by record and building the Wazuh AWS module envelope of each record.
//
// Input: a generated object of 20,000 ~700-byte records written to the temp folder (no
// dependency on ../shared).
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "input/source.h"

namespace tripline::input {
namespace {

constexpr int kRecords = 20000;

std::string Record(int i) {
  return R"({"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:alice","arn":"arn:aws:sts::123456789012:assumed-role/Admin/alice","accountId":"123456789012","accessKeyId":"ASIAEXAMPLEKEY"},)"
         R"("eventTime":"2026-12-04T03:18:30Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.)" +
         std::to_string(i % 250) +
         R"(","userAgent":"aws-cli/2.15.0","requestParameters":{"instancesSet":{"items":[{"imageId":"ami-0abcdef1234567890","minCount":1,"maxCount":1}]},"instanceType":"t3.micro","disableApiTermination":false},)"
         R"("responseElements":null,"requestID":"6d1ab2c4-0b7e-4d6f-9a1e-3f5c2b8d9e10","eventID":"a1b2c3d4-e5f6-4a7b-8c9d-)" +
         std::to_string(100000000000 + i) +
         R"(","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"})";
}

const std::string& ObjectPath(bool gzip) {
  static std::string paths[2];
  std::string& p = paths[gzip ? 1 : 0];
  if (!p.empty()) return p;
  std::string content = "{\"Records\":[";
  for (int i = 0; i < kRecords; ++i) content += (i ? "," : "") + Record(i);
  content += "]}";
  p = (std::filesystem::temp_directory_path() /
       ("tripline_input_bench_" + std::to_string(::getpid()) + (gzip ? ".json.gz" : ".json")))
          .string();
  if (gzip) {
    gzFile f = gzopen(p.c_str(), "wb");
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
    gzclose(f);
  } else {
    std::ofstream(p, std::ios::binary) << content;
  }
  return p;
}

void ReadObject(benchmark::State& state, bool gzip) {
  const std::string& path = ObjectPath(gzip);
  uint64_t bytes = 0;
  for (auto _ : state) {
    std::string err;
    std::unique_ptr<Source> src = Source::Open(path, std::nullopt, &err);
    InputRecord rec;
    while (src->Next(&rec)) bytes += rec.message.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * kRecords);
  state.counters["envelope_bytes"] =
      benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kIsRate);
}

void BM_CloudTrailObject(benchmark::State& state) { ReadObject(state, false); }
void BM_CloudTrailObjectGzip(benchmark::State& state) { ReadObject(state, true); }

BENCHMARK(BM_CloudTrailObject)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CloudTrailObjectGzip)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tripline::input

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (bool gz : {false, true}) {
    std::error_code ec;
    std::filesystem::remove(tripline::input::ObjectPath(gz), ec);
  }
  return 0;
}
