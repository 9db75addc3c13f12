// Micro-benchmarks of the JSON layer on CloudTrail events as the Wazuh AWS module sends them
// ({"integration":"aws","aws":{record}}): cJSON-compatible parsing, JSON_Decoder field
// extraction, and building + printing the alert `data` object.
//
// Inputs: every record of ../shared/corpus/cloudtrail when present (mixed sizes), and a fixed
// synthetic ~1 KB record that does not depend on the corpus.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "event/event.h"
#include "json/alert_fields.h"
#include "json/cjson.h"
#include "json/json_decoder.h"

namespace tripline::json {
namespace {

// A typical AssumedRole API call, about 1 KB once wrapped.
constexpr const char* kSyntheticRecord =
    R"({"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"AWSLogs/123456789012/CloudTrail/us-east-1/2026/12/04/123456789012_CloudTrail_us-east-1_20261204T0315Z_abc.json.gz","s3bucket":"trail-bucket"},)"
    R"("eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:alice","arn":"arn:aws:sts::123456789012:assumed-role/Admin/alice","accountId":"123456789012","accessKeyId":"ASIAEXAMPLEKEY","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::123456789012:role/Admin","accountId":"123456789012","userName":"Admin"},"attributes":{"creationDate":"2026-12-04T03:10:00Z","mfaAuthenticated":"true"}}},)"
    R"("eventTime":"2026-12-04T03:18:30Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian.12",)"
    R"("requestParameters":{"instancesSet":{"items":[{"imageId":"ami-0abcdef1234567890","minCount":1,"maxCount":1}]},"instanceType":"t3.micro","disableApiTermination":false,"monitoring":{"enabled":false}},)"
    R"("responseElements":null,"requestID":"6d1ab2c4-0b7e-4d6f-9a1e-3f5c2b8d9e10","eventID":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management",)"
    R"("tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"ec2.us-east-1.amazonaws.com"},"source":"cloudtrail"}})";

std::vector<std::string> LoadEvents() {
  std::vector<std::string> events;
  std::filesystem::path dir = std::filesystem::path(TRIPLINE_SHARED_DIR) / "corpus" / "cloudtrail";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return events;
  Document doc;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!doc.Parse(ss.str(), true)) continue;
    Element list = doc.root();
    if (list.IsObject()) list = list.GetObjectItem("Records");
    if (!list || !list.IsArray()) continue;
    for (Element e = list.first_child(); e; e = e.next()) {
      std::string ev = R"({"integration":"aws","aws":)";
      AppendUnformatted(e, &ev);
      ev.push_back('}');
      events.push_back(std::move(ev));
    }
  }
  return events;
}

const std::vector<std::string>& Inputs(bool corpus) {
  static const std::vector<std::string> kCorpus = LoadEvents();
  static const std::vector<std::string> kSynthetic = {kSyntheticRecord};
  return corpus && !kCorpus.empty() ? kCorpus : kSynthetic;
}

void Report(benchmark::State& state, const std::vector<std::string>& inputs, size_t done) {
  size_t bytes = 0;
  for (const std::string& s : inputs) bytes += s.size();
  state.SetItemsProcessed(static_cast<int64_t>(done));
  state.SetBytesProcessed(static_cast<int64_t>(done * (bytes / inputs.size())));
  state.counters["avg_bytes"] = static_cast<double>(bytes) / inputs.size();
}

void BM_Parse(benchmark::State& state) {
  const auto& inputs = Inputs(state.range(0) != 0);
  Document doc;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(doc.Parse(inputs[i]));
    if (++i == inputs.size()) i = 0;
  }
  Report(state, inputs, state.iterations());
}

void BM_DecodeFields(benchmark::State& state) {
  const auto& inputs = Inputs(state.range(0) != 0);
  Event ev;
  DecoderOptions opts;
  size_t i = 0;
  for (auto _ : state) {
    ev.Reset();
    benchmark::DoNotOptimize(DecodeFields(inputs[i].c_str(), opts, &ev));
    if (++i == inputs.size()) i = 0;
  }
  Report(state, inputs, state.iterations());
}

void BM_DecodeAndPrintData(benchmark::State& state) {
  const auto& inputs = Inputs(state.range(0) != 0);
  Event ev;
  DecoderOptions opts;
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    ev.Reset();
    DecodeFields(inputs[i].c_str(), opts, &ev);
    Value data = Value::Object();
    FillDataObject(ev, /*include_dynamic=*/true, &data);
    out.clear();
    AppendUnformatted(data, &out);
    benchmark::DoNotOptimize(out.data());
    if (++i == inputs.size()) i = 0;
  }
  Report(state, inputs, state.iterations());
}

// Arg 0: the synthetic ~1 KB record; arg 1: the CloudTrail corpus (falls back to synthetic).
BENCHMARK(BM_Parse)->Arg(0)->Arg(1);
BENCHMARK(BM_DecodeFields)->Arg(0)->Arg(1);
BENCHMARK(BM_DecodeAndPrintData)->Arg(0)->Arg(1);

}  // namespace
}  // namespace tripline::json

BENCHMARK_MAIN();
