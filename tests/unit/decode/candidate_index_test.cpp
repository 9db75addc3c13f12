// The candidate index of top-level decoders changes nothing: with DecoderLoadOptions::
// candidate_index on and off, the stock decoders give every event the same decoder and the same
// static and dynamic fields. Inputs: every loghub line (as is and upper-cased, which varies the
// program name's case and the log's first byte), every line of Wazuh's .ini suite (with the test
// decoders provisioned as runtests.py does), and every CloudTrail corpus record as the AWS module
// sends it ({"integration":"aws","aws":{record}}).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "base/ruleset_paths.h"
#include "decode/decoder.h"
#include "ini/ini_tests.h"
#include "json/cjson.h"
#include "predecode/predecode.h"
#include "test_support.h"

namespace tripline {
namespace {

struct Line {
  std::string location;
  std::string text;
};

std::vector<std::string> DecoderFiles(bool with_test_decoders) {
  RulesetSources src;
  src.ruleset_dirs = {testing::StockRulesetDir()};
  if (with_test_decoders) {
    for (const auto& e : std::filesystem::directory_iterator(testing::StockRulesetDir() + "/testing/ruleset")) {
      std::string name = e.path().filename().string();
      if (name.rfind("test_", 0) == 0 && name.size() > 13 && name.substr(name.size() - 13) == "_decoders.xml") {
        src.decoder_paths.push_back(e.path().string());
      }
    }
  }
  Diagnostics diags;
  return CollectRulesetFiles(src, &diags).decoder_files;
}

std::vector<Line> LoghubLines() {
  std::vector<Line> lines;
  std::error_code ec;
  for (const auto& dir : std::filesystem::recursive_directory_iterator(testing::SharedDir() + "/corpus/loghub", ec)) {
    if (!dir.is_regular_file() || dir.path().extension() != ".log") continue;
    std::ifstream in(dir.path());
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      std::string upper = line;
      for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
      lines.push_back({dir.path().string(), line});
      lines.push_back({dir.path().string(), upper});
    }
  }
  return lines;
}

std::vector<Line> IniLines() {
  std::vector<Line> lines;
  for (const std::string& path : ini::ListTestFiles(testing::StockRulesetDir() + "/testing/tests", true)) {
    ini::TestFile tf;
    if (!ini::LoadTestFile(path, &tf, nullptr)) continue;
    for (const ini::TestSection& sec : tf.sections) {
      for (const ini::TestRun& run : sec.runs) {
        for (const std::string& event : run.events) {
          if (!event.empty()) lines.push_back({"stdin", event});
        }
      }
    }
  }
  return lines;
}

std::vector<Line> CloudTrailLines() {
  std::vector<Line> lines;
  std::error_code ec;
  json::Document doc;
  for (const auto& e : std::filesystem::recursive_directory_iterator(testing::SharedDir() + "/corpus/cloudtrail", ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!doc.Parse(ss.str(), true)) continue;
    json::Element list = doc.root();
    if (list.IsObject()) list = list.GetObjectItem("Records");
    if (!list || !list.IsArray()) continue;
    for (json::Element r = list.first_child(); r; r = r.next()) {
      std::string text = R"({"integration":"aws","aws":)";
      json::AppendUnformatted(r, &text);
      text.push_back('}');
      lines.push_back({"Wazuh-AWS", std::move(text)});
    }
  }
  return lines;
}

// Position of each decoder in load order, the identity compared across the two sets.
std::map<const Decoder*, size_t> Positions(const DecoderSet& set) {
  std::map<const Decoder*, size_t> pos;
  for (size_t i = 0; i < set.decoders().size(); ++i) pos[set.decoders()[i].get()] = i;
  return pos;
}

// Everything decoding produced: decoder (load position and name), statics, dynamics.
std::string Outcome(const Event& ev, const std::map<const Decoder*, size_t>& pos) {
  std::string out;
  if (ev.decoder == nullptr) return "(none)";
  out = std::to_string(pos.at(ev.decoder)) + " " + ev.decoder->name + "\n";
  for (int f = 0; f < kStaticFieldCount; ++f) {
    if (ev.HasStatic(static_cast<StaticField>(f))) {
      out += std::string(StaticFieldName(static_cast<StaticField>(f))) + "=" + ev.statics[f] + "\n";
    }
  }
  for (size_t i = 0; i < ev.dynamic_count; ++i) out += ev.dynamics[i].name + ":" + ev.dynamics[i].value + "\n";
  return out;
}

// Decodes every line with both sets; returns the number of decoded lines and adds a failure for
// each line whose outcomes differ.
int CompareAll(const std::vector<Line>& lines, bool with_test_decoders) {
  DecoderLoadOptions on, off;
  off.candidate_index = false;
  Diagnostics diags;
  auto files = DecoderFiles(with_test_decoders);
  auto indexed = DecoderSet::Load(files, on, &diags);
  auto plain = DecoderSet::Load(files, off, &diags);
  EXPECT_TRUE(indexed && plain) << diags.RenderAll();
  if (!indexed || !plain) return 0;
  const auto pos_indexed = Positions(*indexed);
  const auto pos_plain = Positions(*plain);
  PredecodeOptions popts;
  popts.manager_host = "tripline";
  Event ev;
  match::Captures caps;
  int decoded = 0;
  int differ = 0;
  for (const Line& line : lines) {
    const std::string framed = FrameMessage(line.location, line.text);
    if (!Predecode(framed, popts, &ev)) continue;
    plain->Decode(&ev, &caps);
    const std::string want = Outcome(ev, pos_plain);
    Predecode(framed, popts, &ev);
    indexed->Decode(&ev, &caps);
    const std::string got = Outcome(ev, pos_indexed);
    decoded += ev.decoder != nullptr;
    if (got != want && ++differ <= 20) {
      ADD_FAILURE() << line.location << ": " << line.text << "\nindexed:\n" << got << "plain:\n" << want;
    }
  }
  EXPECT_EQ(differ, 0);
  return decoded;
}

TEST(CandidateIndex, LoghubLinesDecodeIdentically) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const auto lines = LoghubLines();
  ASSERT_GT(lines.size(), 40000u);
  EXPECT_GT(CompareAll(lines, false), 20000);
}

TEST(CandidateIndex, IniSuiteLinesDecodeIdentically) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const auto lines = IniLines();
  ASSERT_GT(lines.size(), 2000u);
  EXPECT_GT(CompareAll(lines, true), 2000);
}

TEST(CandidateIndex, CloudTrailRecordsDecodeIdentically) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const auto lines = CloudTrailLines();
  if (lines.empty()) GTEST_SKIP() << "no CloudTrail corpus";
  EXPECT_EQ(CompareAll(lines, false), static_cast<int>(lines.size()));
}

}  // namespace
}  // namespace tripline
