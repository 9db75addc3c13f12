// Fuzz target: the whole logtest path (pre-decoding, decoding, rules, correlation, alert JSON)
// with the Wazuh stock ruleset when ../shared/wazuh-ruleset exists, else the bundled quickstart.
// Each input line is one event of one long session.
//
// It also checks the fast paths of `tripline run` against the plain ones on the same events:
// two correlation sessions, one given a rules::Prematch and rules::EventCopy made ahead and one
// not, must give the same rule, parent, firedtimes, description, previous events and alert
// flag; and output::AlertWriter must write the bytes of BuildOutput + the cJSON printer.
// A difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "json/cjson.h"
#include "output/alert_json.h"
#include "output/alert_writer.h"
#include "predecode/predecode.h"
#include "rules/session.h"
#include "session/logtest_session.h"
#include "session/rule_view.h"
#include "session/ruleset.h"

namespace {

std::shared_ptr<const tripline::Ruleset> LoadRuleset() {
  tripline::RulesetSources src;
  std::string stock = std::string(TRIPLINE_SHARED_DIR) + "/wazuh-ruleset";
  src.ruleset_dirs = {std::filesystem::is_directory(stock) ? stock : std::string(TRIPLINE_SOURCE_DIR) + "/examples/quickstart"};
  tripline::Diagnostics diags;
  auto rs = tripline::Ruleset::Load(src, tripline::RulesetOptions(), &diags);
  if (!rs || !rs->rules()) std::abort();
  return rs;
}

const std::shared_ptr<const tripline::Ruleset>& Rules() {
  static const std::shared_ptr<const tripline::Ruleset> rs = LoadRuleset();
  return rs;
}

tripline::LogtestSession* Session() {
  static tripline::LogtestSession* session = [] {
    tripline::LogtestOptions opts;
    opts.manager_name = "fuzz";
    return new tripline::LogtestSession(Rules(), opts, "00000000");
  }();
  return session;
}

// The two sessions of the differential check and their scratch (one long run, like Session()).
struct FastAndPlain {
  tripline::rules::Session fast{*Rules()->rules()};
  tripline::rules::Session plain{*Rules()->rules()};
  tripline::rules::Prematch pre;
  tripline::rules::EventCopy copy;
  tripline::match::Captures captures;
  tripline::Event ev_fast, ev_plain;
  tripline::output::AlertWriter writer;
  tripline::output::RuleView view;
};

FastAndPlain* Pair() {
  static FastAndPlain* pair = new FastAndPlain();
  return pair;
}

[[noreturn]] void Differ(const char* what, const std::string& line) {
  std::fprintf(stderr, "fast and plain paths differ (%s) on: %s\n", what, line.c_str());
  std::abort();
}

void CheckFastPaths(const std::string& location, const std::string& line, int64_t now) {
  FastAndPlain& p = *Pair();
  const std::string framed = tripline::FrameMessage(location, line);
  tripline::PredecodeOptions popts;
  popts.manager_host = "fuzz";
  if (!tripline::Predecode(framed, popts, &p.ev_fast)) return;
  if (!tripline::Predecode(framed, popts, &p.ev_plain)) Differ("pre-decoding", line);
  Rules()->decoders().Decode(&p.ev_fast, &p.captures);
  Rules()->decoders().Decode(&p.ev_plain, &p.captures);
  p.fast.Accumulate(&p.ev_fast, now);
  p.plain.Accumulate(&p.ev_plain, now);
  const tripline::rules::EventTime t = tripline::rules::EventTime::FromEpoch(now);
  const tripline::rules::Prematch* pre = nullptr;
  tripline::rules::EventCopy* copy = nullptr;
  if (!(p.ev_fast.decoder && p.ev_fast.decoder->accumulate)) {
    p.pre.Compute(*Rules()->rules(), p.ev_fast, t);
    p.copy.Assign(p.ev_fast);
    pre = &p.pre;
    copy = &p.copy;
  }
  const tripline::rules::MatchResult& a = p.fast.Process(p.ev_fast, t, false, pre, copy);
  const int a_id = a.rule ? a.rule->id : 0, a_parent = a.parent ? a.parent->id : 0;
  const int a_fired = a.firedtimes;
  const bool a_alert = a.alert, a_stored = a.stored;
  const std::string a_description = a.description;
  std::string a_previous;
  if (a.has_previous_output()) a.PreviousOutput(&a_previous);
  const size_t a_last = a.last_events.size();
  const tripline::rules::MatchResult& b = p.plain.Process(p.ev_plain, t);
  if (a_id != (b.rule ? b.rule->id : 0)) Differ("rule", line);
  if (a_parent != (b.parent ? b.parent->id : 0)) Differ("parent", line);
  if (a_fired != b.firedtimes || a_alert != b.alert || a_stored != b.stored) Differ("firedtimes or alert", line);
  if (a_description != b.description) Differ("description", line);
  std::string b_previous;
  if (b.has_previous_output()) b.PreviousOutput(&b_previous);
  if (a_last != b.last_events.size() || a_previous != b_previous) Differ("previous events", line);
  if (b.rule == nullptr) return;

  // The alert line: direct writer against the tree and the cJSON printer.
  tripline::FillRuleView(b, &p.view);
  tripline::output::OutputOptions oopts;
  oopts.manager_name = "fuzz";
  oopts.logtest = false;
  std::string direct, reference;
  p.writer.Append(p.ev_plain, &p.view, oopts, "2026-12-05T00:00:00.000+0000", "1.2", &direct);
  tripline::json::AppendUnformatted(
      tripline::output::BuildOutput(p.ev_plain, &p.view, oopts, "2026-12-05T00:00:00.000+0000", "1.2"), &reference);
  if (direct != reference) Differ("alert JSON", line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  tripline::LogtestReply reply;
  timespec now{1796400000 + static_cast<time_t>(size), 0};
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    const std::string location = size & 1 ? "Wazuh-AWS" : "stdin";
    Session()->Process(location, line, (size & 2) != 0, now, &reply);
    if (reply.has_output) tripline::json::PrintUnformatted(reply.output);
    CheckFastPaths(location, line, now.tv_sec);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return 0;
}
