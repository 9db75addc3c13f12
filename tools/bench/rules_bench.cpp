// Whole-engine throughput on one core with the full Wazuh stock ruleset (decoders, rules, CDB
// lists): pre-decoding + decoding + rule matching with a session's correlation state.
//
//   BM_Rules/<input>              no output stage
//   BM_RulesAndAlertJson/<input>  plus, for every alert (the logtest `alert` flag: level >=
//                                 log_alert_level), its alerts.json line (output::AlertWriter,
//                                 what `tripline run` uses)
//   BM_RulesAndAlertJsonTree/<input>  the same line built as a JSON tree (output::BuildOutput)
//                                 and printed with json::PrintUnformatted: the reference path
//   BM_LogtestSession/<input>     LogtestSession::Process: the full wazuh-logtest reply for
//                                 every event (messages and output object)
//
// <input> 0: the loghub lines of ../shared/corpus/loghub (location: the file path).
// <input> 1: the lines of ../shared/bench/gen_events.py: read from the file named by
//   TRIPLINE_GEN_EVENTS, else generated with `python3 gen_events.py 50000 1`. Syslog lines use
//   location /var/log/auth.log; AWS envelope objects ({"integration":"aws",...}) use Wazuh-AWS
//   as the AWS module does; other JSON objects use /var/log/app/events.json.
//
// Time: processing time starts at 2026-12-04T00:00:00Z and advances one second every 10,000
// events, so runs are deterministic. The session keeps its state across iterations, as a
// long-running worker does.
// Run: build/tools/rules_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "json/cjson.h"
#include "output/alert_json.h"
#include "output/alert_writer.h"
#include "predecode/predecode.h"
#include "rules/session.h"
#include "session/logtest_session.h"
#include "session/rule_view.h"
#include "session/ruleset.h"

namespace tripline {
namespace {

constexpr int64_t kStartTime = 1796342400;  // 2026-12-04T00:00:00Z
constexpr int64_t kEventsPerSecond = 10000;

struct Input {
  std::string location;
  std::string text;
};

std::vector<Input> LoghubInputs() {
  std::vector<Input> inputs;
  std::error_code ec;
  for (const auto& dir : std::filesystem::directory_iterator(std::string(TRIPLINE_SHARED_DIR) + "/corpus/loghub", ec)) {
    if (!dir.is_directory()) continue;
    for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
      if (file.path().extension() != ".log") continue;
      std::ifstream in(file.path());
      std::string line;
      while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) inputs.push_back({file.path().string(), line});
      }
    }
  }
  return inputs;
}

std::string GenEventsText() {
  std::string text;
  if (const char* path = std::getenv("TRIPLINE_GEN_EVENTS")) {
    std::ifstream in(path, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return text;
  }
  const std::string cmd = std::string("python3 '") + TRIPLINE_SHARED_DIR + "/bench/gen_events.py' 50000 1";
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    pclose(p);
  }
  return text;
}

std::vector<Input> GenEventsInputs() {
  std::vector<Input> inputs;
  const std::string text = GenEventsText();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    std::string location = "/var/log/auth.log";
    if (line[0] == '{') {
      location = line.rfind(R"({"integration":"aws")", 0) == 0 ? "Wazuh-AWS" : "/var/log/app/events.json";
    }
    inputs.push_back({std::move(location), std::move(line)});
  }
  return inputs;
}

struct Fixture {
  std::shared_ptr<const Ruleset> ruleset;
  std::vector<Input> inputs[2];
};

const Fixture& Get() {
  static Fixture f = [] {
    Fixture fx;
    RulesetSources src;
    src.ruleset_dirs = {std::string(TRIPLINE_SHARED_DIR) + "/wazuh-ruleset"};
    Diagnostics diags;
    fx.ruleset = Ruleset::Load(src, {}, &diags);
    fx.inputs[0] = LoghubInputs();
    fx.inputs[1] = GenEventsInputs();
    return fx;
  }();
  return f;
}

const std::vector<Input>* Inputs(benchmark::State& state) {
  const Fixture& f = Get();
  const auto& inputs = f.inputs[state.range(0) != 0];
  if (!f.ruleset || !f.ruleset->rules() || inputs.empty()) {
    state.SkipWithError("needs ../shared/wazuh-ruleset, ../shared/corpus/loghub and python3 for gen_events.py");
    return nullptr;
  }
  state.SetLabel(state.range(0) ? "gen_events" : "loghub");
  return &inputs;
}

enum class Output { kNone, kWriter, kTree };

// Pre-decodes, decodes and matches the events one after another in one session; with an
// output, also writes the alerts.json line of every alert.
void RunRules(benchmark::State& state, Output output) {
  const bool alert_json = output != Output::kNone;
  const std::vector<Input>* inputs = Inputs(state);
  if (inputs == nullptr) return;
  const Ruleset& ruleset = *Get().ruleset;
  rules::Session session(*ruleset.rules());
  PredecodeOptions popts;
  popts.manager_host = "bench";
  output::OutputOptions oo;
  oo.manager_name = "bench";
  oo.logtest = false;
  Event ev;
  match::Captures caps;
  output::RuleView view;
  output::AlertWriter writer;
  std::string line, framed, timestamp, id;
  size_t i = 0, alerts = 0, json_bytes = 0;
  int64_t n = 0;
  for (auto _ : state) {
    const Input& in = (*inputs)[i];
    if (++i == inputs->size()) i = 0;
    const int64_t now = kStartTime + n++ / kEventsPerSecond;
    FrameMessage(in.location, in.text, &framed);
    if (!Predecode(framed, popts, &ev)) continue;
    ruleset.decoders().Decode(&ev, &caps);
    session.Accumulate(&ev, now);
    const rules::MatchResult& m = session.Process(ev, rules::EventTime::FromEpoch(now), false);
    if (!m.alert) continue;
    ++alerts;
    if (!alert_json) continue;
    FillRuleView(m, &view);
    const timespec ts{static_cast<time_t>(now), 0};
    if (output == Output::kTree) {
      const json::Value out =
          output::BuildOutput(ev, &view, oo, output::FormatTimestamp(ts), std::to_string(now) + "." + std::to_string(n));
      line = json::PrintUnformatted(out);
    } else {
      timestamp.clear();
      output::AppendTimestamp(ts, &timestamp);
      id.assign(std::to_string(now)).append(".").append(std::to_string(n));
      line.clear();
      writer.Append(ev, &view, oo, timestamp, id, &line);
    }
    json_bytes += line.size();
    benchmark::DoNotOptimize(line.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["alert_share"] = static_cast<double>(alerts) / static_cast<double>(state.iterations());
  if (alert_json && alerts > 0) state.counters["alert_bytes"] = static_cast<double>(json_bytes) / alerts;
}

void BM_Rules(benchmark::State& state) { RunRules(state, Output::kNone); }
void BM_RulesAndAlertJson(benchmark::State& state) { RunRules(state, Output::kWriter); }
void BM_RulesAndAlertJsonTree(benchmark::State& state) { RunRules(state, Output::kTree); }

void BM_LogtestSession(benchmark::State& state) {
  const std::vector<Input>* inputs = Inputs(state);
  if (inputs == nullptr) return;
  LogtestOptions lo;
  lo.manager_name = "bench";
  LogtestSession session(Get().ruleset, lo, "00000000");
  LogtestReply reply;
  size_t i = 0;
  int64_t n = 0;
  for (auto _ : state) {
    const Input& in = (*inputs)[i];
    if (++i == inputs->size()) i = 0;
    const timespec now{static_cast<time_t>(kStartTime + n++ / kEventsPerSecond), 0};
    session.Process(in.location, in.text, false, now, &reply);
    benchmark::DoNotOptimize(reply.has_output);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Rules)->Arg(0)->Arg(1)->MinTime(2.0);
BENCHMARK(BM_RulesAndAlertJson)->Arg(0)->Arg(1)->MinTime(2.0);
BENCHMARK(BM_RulesAndAlertJsonTree)->Arg(0)->Arg(1)->MinTime(2.0);
BENCHMARK(BM_LogtestSession)->Arg(0)->Arg(1)->MinTime(2.0);

}  // namespace
}  // namespace tripline

BENCHMARK_MAIN();
