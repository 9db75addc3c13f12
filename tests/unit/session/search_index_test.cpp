// The fast paths of rule matching on real traffic: the gen_events mix
// (../shared/bench/gen_events.py 20000 3: sshd syslog, CloudTrail, application JSON), every
// loghub line and every event of the stock .ini tests go through the full stock ruleset in two
// sessions, in processing time (also with the clock going back) and in event time; every event
// must get the same rule, parent, description, firedtimes, previous events, previous_output and
// alert flag. Compared: the correlation-list key index (rules::SessionOptions::search_index) on
// and off, and Process() with and without a rules::Prematch and rules::EventCopy made ahead.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "decode/decoder.h"
#include "ini/ini_tests.h"
#include "predecode/predecode.h"
#include "rules/session.h"
#include "session/ruleset.h"
#include "test_support.h"

namespace tripline {
namespace {

struct Line {
  std::string location;
  std::string text;
};

std::vector<Line> GenEventsLines() {
  std::vector<Line> lines;
  const std::string script = testing::SharedDir() + "/bench/gen_events.py";
  if (!std::filesystem::exists(script)) return lines;
  std::string text;
  const std::string cmd = "python3 '" + script + "' 20000 3 2>/dev/null";
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    pclose(p);
  }
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    // As rules_bench delivers them: syslog, the AWS module's envelope, other JSON.
    std::string location = "/var/log/auth.log";
    if (line[0] == '{') {
      location = line.rfind(R"({"integration":"aws")", 0) == 0 ? "Wazuh-AWS" : "/var/log/app/events.json";
    }
    lines.push_back({std::move(location), std::move(line)});
  }
  return lines;
}

std::vector<Line> LoghubLines() {
  std::vector<Line> lines;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& f :
       std::filesystem::recursive_directory_iterator(testing::SharedDir() + "/corpus/loghub", ec)) {
    if (f.is_regular_file() && f.path().extension() == ".log") files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) lines.push_back({path.string(), line});
    }
  }
  return lines;
}

// Every event of the stock .ini tests, with the location runtests.py gives it.
std::vector<Line> IniLines() {
  std::vector<Line> lines;
  const std::string dir = testing::StockRulesetDir() + "/testing/tests";
  for (const std::string& path : ini::ListTestFiles(dir, false)) {
    ini::TestFile file;
    Diagnostics diags;
    if (!ini::LoadTestFile(path, &file, &diags)) continue;
    for (const ini::TestSection& section : file.sections) {
      for (const ini::TestRun& run : section.runs) {
        for (const std::string& event : run.events) lines.push_back({"stdin", event});
      }
    }
  }
  return lines;
}

struct Outcome {
  int id = 0;
  int parent = 0;
  std::string description;
  int firedtimes = 0;
  bool stored = false;
  bool alert = false;
  std::vector<std::string> last_events;
  std::string previous_output;  // "" when none is emitted

  bool operator==(const Outcome&) const = default;
};

Outcome Capture(const rules::MatchResult& m) {
  Outcome o;
  o.id = m.rule != nullptr ? m.rule->id : 0;
  o.parent = m.parent != nullptr ? m.parent->id : 0;
  o.description = m.description;
  o.firedtimes = m.firedtimes;
  o.stored = m.stored;
  o.alert = m.alert;
  for (const std::string& s : m.last_events.view()) o.last_events.push_back(s);
  if (m.has_previous_output()) m.PreviousOutput(&o.previous_output);
  return o;
}

class SearchIndexStockTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (testing::StockRulesetDir().empty()) return;
    RulesetSources sources;
    sources.ruleset_dirs = {testing::StockRulesetDir()};
    Diagnostics diags;
    ruleset_ = new std::shared_ptr<const Ruleset>(Ruleset::Load(sources, RulesetOptions(), &diags));
    lines_ = new std::vector<Line>(GenEventsLines());
    gen_events_ = lines_->size();
    for (Line& l : LoghubLines()) lines_->push_back(std::move(l));
    for (Line& l : IniLines()) lines_->push_back(std::move(l));
  }
  static void TearDownTestSuite() {
    delete ruleset_;
    ruleset_ = nullptr;
    delete lines_;
    lines_ = nullptr;
  }

  enum class Variant { kSearchIndex, kPrematch };

  // Runs every line through two sessions and compares each result: kSearchIndex, index on /
  // off; kPrematch, with / without a Prematch. Time advances one second every `per_second`
  // events; with `back_every`, every so many events it jumps back by 100 seconds (processing
  // time uses it as is, event time clamps it).
  void Compare(Variant variant, rules::TimeMode mode, size_t memory_size, int per_second,
               int back_every) {
    ASSERT_TRUE(ruleset_ != nullptr && *ruleset_ != nullptr && (*ruleset_)->rules() != nullptr);
    const Ruleset& ruleset = **ruleset_;
    rules::SessionOptions on;
    on.time_mode = mode;
    on.memory_size = memory_size;
    rules::SessionOptions off = on;
    off.search_index = variant == Variant::kPrematch;
    rules::Session with_index(*ruleset.rules(), on);
    rules::Session without_index(*ruleset.rules(), off);
    PredecodeOptions popts;
    popts.manager_host = "test";
    Event ev_on, ev_off;
    match::Captures caps;
    rules::Prematch pre;
    rules::EventCopy copy;  // recycled through the session's memory
    int64_t now = 1796342400;
    size_t correlated = 0, with_previous_output = 0, definite = 0;
    for (size_t n = 0; n < lines_->size(); ++n) {
      const Line& line = (*lines_)[n];
      if (n % static_cast<size_t>(per_second) == 0) ++now;
      if (back_every != 0 && n % static_cast<size_t>(back_every) == 0) now -= 100;
      const std::string framed = FrameMessage(line.location, line.text);
      const bool ok_on = Predecode(framed, popts, &ev_on);
      const bool ok_off = Predecode(framed, popts, &ev_off);
      ASSERT_EQ(ok_on, ok_off);
      if (!ok_on) continue;
      ruleset.decoders().Decode(&ev_on, &caps);
      ruleset.decoders().Decode(&ev_off, &caps);
      with_index.Accumulate(&ev_on, now);
      without_index.Accumulate(&ev_off, now);
      const rules::EventTime t = rules::EventTime::FromEpoch(now);
      const rules::Prematch* ahead = nullptr;
      rules::EventCopy* ahead_copy = nullptr;
      if (variant == Variant::kPrematch && !(ev_on.decoder && ev_on.decoder->accumulate)) {
        pre.Compute(*ruleset.rules(), ev_on, t);
        ahead = &pre;
        if (pre.definite()) ++definite;
        copy.Assign(ev_on);
        ahead_copy = &copy;
      }
      const Outcome a = Capture(with_index.Process(ev_on, t, false, ahead, ahead_copy));
      const Outcome b = Capture(without_index.Process(ev_off, t));
      ASSERT_TRUE(a == b) << "line " << n << " (" << line.location << "): " << line.text
                          << "\n  fast:      rule " << a.id << " firedtimes " << a.firedtimes
                          << " alert " << a.alert << " previous events " << a.last_events.size()
                          << "\n  reference: rule " << b.id << " firedtimes " << b.firedtimes
                          << " alert " << b.alert << " previous events " << b.last_events.size();
      if (a.id != 0 && !a.last_events.empty()) ++correlated;
      if (!a.previous_output.empty()) ++with_previous_output;
    }
    if (gen_events_ > 0) {
      EXPECT_GT(correlated, 100u);  // the sshd frequency rules fire
      EXPECT_GT(with_previous_output, 100u);
    }
    // Both outcomes of the prematch occur: fully known, and left to the serial walk.
    if (variant == Variant::kPrematch) {
      EXPECT_GT(definite, lines_->size() / 4);
      EXPECT_LT(definite, lines_->size());
    }
  }

  static inline std::shared_ptr<const Ruleset>* ruleset_ = nullptr;
  static inline std::vector<Line>* lines_ = nullptr;
  static inline size_t gen_events_ = 0;
};

TEST_F(SearchIndexStockTest, ProcessingTime) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  if (gen_events_ == 0) GTEST_SKIP() << "gen_events.py or python3 missing";
  Compare(Variant::kSearchIndex, rules::TimeMode::kProcessing, 8192, 20, 0);
}

TEST_F(SearchIndexStockTest, ProcessingTimeSmallMemoryAndClockGoingBack) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  if (gen_events_ == 0) GTEST_SKIP() << "gen_events.py or python3 missing";
  Compare(Variant::kSearchIndex, rules::TimeMode::kProcessing, 2048, 5, 997);
}

TEST_F(SearchIndexStockTest, EventTime) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  if (gen_events_ == 0) GTEST_SKIP() << "gen_events.py or python3 missing";
  Compare(Variant::kSearchIndex, rules::TimeMode::kEvent, 8192, 20, 499);
}

TEST_F(SearchIndexStockTest, PrematchProcessingTime) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  if (gen_events_ == 0) GTEST_SKIP() << "gen_events.py or python3 missing";
  Compare(Variant::kPrematch, rules::TimeMode::kProcessing, 2048, 5, 997);
}

TEST_F(SearchIndexStockTest, PrematchEventTime) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  if (gen_events_ == 0) GTEST_SKIP() << "gen_events.py or python3 missing";
  Compare(Variant::kPrematch, rules::TimeMode::kEvent, 8192, 20, 499);
}

}  // namespace
}  // namespace tripline
