#include "session/scenario.h"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "predecode/predecode.h"

namespace tripline::scenario {

namespace {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(const std::string& path, Scenario* sc, std::string* error)
      : path_(path), sc_(sc), error_(error) {}

  bool Fail(const std::string& message) {
    if (error_->empty()) *error_ = path_ + ": " + message;
    return false;
  }

  bool Time(const json::Value& v, const std::string& what, int64_t* out) {
    if (v.IsNumber() && std::isfinite(v.number())) {
      *out = static_cast<int64_t>(v.number());
      return true;
    }
    if (v.IsString() && ParseTimestamp(v.string(), 0, sc_->time_options, out)) return true;
    return Fail(what + ": not a time (use ISO 8601 such as 2026-12-01T10:00:00Z, or epoch seconds)");
  }

  bool Int(const json::Value& v, const std::string& what, int64_t* out) {
    if (!v.IsNumber() || !std::isfinite(v.number()) || v.number() != std::floor(v.number())) {
      return Fail(what + ": an integer is needed");
    }
    *out = static_cast<int64_t>(v.number());
    return true;
  }

  bool Text(const json::Value& v, const std::string& what, std::string* out) {
    if (v.IsString()) {
      *out = v.string();
      return true;
    }
    if (v.IsNumber()) {  // "rule": 100001 is as good as "100001"
      *out = json::PrintUnformatted(v);
      return true;
    }
    return Fail(what + ": a string is needed");
  }

  bool Mode(const json::Value& v, rules::TimeMode* out) {
    if (v.IsString() && v.string() == "processing") {
      *out = rules::TimeMode::kProcessing;
    } else if (v.IsString() && v.string() == "event") {
      *out = rules::TimeMode::kEvent;
    } else {
      return Fail("\"time\": \"processing\", \"event\" or a list of them");
    }
    return true;
  }

  bool Alerts(const json::Value& v, const std::string& where, std::vector<ExpectedAlert>* out) {
    if (!v.IsArray()) return Fail(where + ": a list is needed");
    for (size_t k = 0; k < v.items().size(); ++k) {
      const json::Value& a = v.items()[k];
      const std::string what = where + "[" + std::to_string(k) + "]";
      if (!a.IsObject()) return Fail(what + ": an object is needed");
      ExpectedAlert e;
      bool has_rule = false, has_event = false;
      for (const json::Value& m : a.items()) {
        const std::string key = m.name();
        int64_t n = 0;
        if (key == "event") {
          if (!Int(m, what + ".event", &n)) return false;
          if (n < 1 || n > static_cast<int64_t>(sc_->events.size())) {
            return Fail(what + ".event: no event " + std::to_string(n));
          }
          e.event = static_cast<int>(n);
          has_event = true;
        } else if (key == "rule") {
          if (!Text(m, what + ".rule", &e.rule)) return false;
          has_rule = true;
        } else if (key == "level") {
          if (!Int(m, what + ".level", &n)) return false;
          e.level = static_cast<int>(n);
        } else if (key == "time") {
          if (!Time(m, what + ".time", &n)) return false;
          e.time = n;
        } else if (key == "fields") {
          if (!m.IsObject()) return Fail(what + ".fields: an object is needed");
          for (const json::Value& f : m.items()) {
            if (f.IsNull()) {
              e.fields.emplace_back(f.name(), std::nullopt);
            } else if (f.IsString()) {
              e.fields.emplace_back(f.name(), f.string());
            } else {
              e.fields.emplace_back(f.name(), json::PrintUnformatted(f));
            }
          }
        } else if (key != "comment") {
          return Fail(what + ": unknown key \"" + key + "\"");
        }
      }
      if (!has_rule || !has_event) return Fail(what + ": \"event\" and \"rule\" are needed");
      out->push_back(std::move(e));
    }
    return true;
  }

  bool Block(const json::Value& obj, const std::string& where, Expectations* out, bool top) {
    for (const json::Value& m : obj.items()) {
      const std::string key = m.name();
      if (key == "expect") {
        if (!Alerts(m, where + key, &out->alerts)) return false;
      } else if (key == "expect_no_alert_for") {
        if (!m.IsArray()) return Fail(where + key + ": a list of event numbers is needed");
        for (const json::Value& n : m.items()) {
          int64_t k = 0;
          if (!Int(n, where + key, &k)) return false;
          if (k < 1 || k > static_cast<int64_t>(sc_->events.size())) {
            return Fail(where + key + ": no event " + std::to_string(k));
          }
          out->no_alert_for.push_back(static_cast<int>(k));
        }
      } else if (key == "expect_counters") {
        if (!m.IsObject()) return Fail(where + key + ": an object is needed");
        static const std::vector<std::pair<std::string, uint64_t>> kKnown =
            CounterList(rules::SessionCounters(), ReorderCounters());
        for (const json::Value& c : m.items()) {
          bool known = std::any_of(kKnown.begin(), kKnown.end(),
                                   [&](const auto& p) { return p.first == c.name(); });
          if (!known) return Fail(where + key + ": unknown counter \"" + c.name() + "\"");
          int64_t n = 0;
          if (!Int(c, where + key + "." + c.name(), &n)) return false;
          out->counters.emplace_back(c.name(), static_cast<uint64_t>(n));
        }
      } else if (!top && key != "comment") {
        return Fail(where + ": unknown key \"" + key + "\"");
      }
    }
    return true;
  }

  bool Load(const json::Value& root) {
    if (!root.IsObject()) return Fail("the file must hold one JSON object");
    const fs::path dir = fs::path(path_).parent_path();
    // Options first: event times and expectations depend on them.
    for (const json::Value& m : root.items()) {
      const std::string key = m.name();
      int64_t n = 0;
      if (key == "name") {
        if (!Text(m, key, &sc_->name)) return false;
      } else if (key == "time") {
        sc_->modes.clear();
        if (m.IsArray()) {
          for (const json::Value& x : m.items()) {
            rules::TimeMode mode = rules::TimeMode::kProcessing;
            if (!Mode(x, &mode)) return false;
            if (std::find(sc_->modes.begin(), sc_->modes.end(), mode) == sc_->modes.end()) {
              sc_->modes.push_back(mode);
            }
          }
          if (sc_->modes.empty()) return Fail("\"time\": the list is empty");
        } else {
          rules::TimeMode mode = rules::TimeMode::kProcessing;
          if (!Mode(m, &mode)) return false;
          sc_->modes.push_back(mode);
        }
      } else if (key == "location") {
        if (!Text(m, key, &sc_->location)) return false;
      } else if (key == "allowed_lateness") {
        if (!Int(m, key, &n) || n < 0) return Fail("allowed_lateness: seconds >= 0");
        sc_->reorder.allowed_lateness = n;
      } else if (key == "reorder_capacity") {
        if (!Int(m, key, &n) || n < 1) return Fail("reorder_capacity: a number >= 1");
        sc_->reorder.capacity = static_cast<size_t>(n);
      } else if (key == "time_field") {
        if (!Text(m, key, &sc_->time_options.time_field)) return false;
      } else if (key == "utc_offset") {
        if (!Int(m, key, &n)) return false;
        sc_->time_options.default_utc_offset = static_cast<int>(n);
      } else if (key == "alert_level") {
        if (!Int(m, key, &n)) return false;
        sc_->alert_level = static_cast<int>(n);
      } else if (key == "memory_size") {
        if (!Int(m, key, &n) || n < 1) return Fail("memory_size: a number >= 1");
        sc_->memory_size = static_cast<size_t>(n);
      } else if (key == "decoders" || key == "rules") {
        if (!m.IsArray()) return Fail(key + ": a list of file names is needed");
        for (const json::Value& f : m.items()) {
          if (!f.IsString()) return Fail(key + ": a list of file names is needed");
          fs::path p = f.string();
          if (p.is_relative()) p = dir / p;
          (key == "rules" ? sc_->extra_rules : sc_->extra_decoders).push_back(p.string());
        }
      }
    }
    for (const json::Value& m : root.items()) {
      if (m.name() == "reference_time") {
        int64_t n = 0;
        if (!Time(m, "reference_time", &n)) return false;
        sc_->reference_time = n;
      }
    }
    const json::Value* events = root.GetObjectItemCaseSensitive("events");
    if (events == nullptr || !events->IsArray() || events->items().empty()) {
      return Fail("\"events\": a non-empty list is needed");
    }
    for (size_t k = 0; k < events->items().size(); ++k) {
      const json::Value& e = events->items()[k];
      const std::string what = "events[" + std::to_string(k) + "] (event " + std::to_string(k + 1) + ")";
      if (!e.IsObject()) return Fail(what + ": an object is needed");
      ScenarioEvent ev;
      ev.location = sc_->location;
      bool has_text = false;
      for (const json::Value& m : e.items()) {
        const std::string key = m.name();
        int64_t n = 0;
        if (key == "log") {
          if (!m.IsString()) return Fail(what + ".log: a string is needed");
          ev.text = m.string();
          has_text = true;
        } else if (key == "json") {
          if (!m.IsObject()) return Fail(what + ".json: an object is needed");
          ev.text = json::PrintUnformatted(m);
          has_text = true;
        } else if (key == "time") {
          if (!Time(m, what + ".time", &n)) return false;
          ev.time = n;
        } else if (key == "arrival") {
          if (!Time(m, what + ".arrival", &n)) return false;
          ev.arrival = n;
        } else if (key == "location") {
          if (!Text(m, what + ".location", &ev.location)) return false;
        } else if (key != "comment") {
          return Fail(what + ": unknown key \"" + key + "\"");
        }
      }
      if (!has_text) return Fail(what + ": \"log\" or \"json\" is needed");
      sc_->events.push_back(std::move(ev));
    }
    static const char* const kTopKeys[] = {
        "name", "time", "location", "allowed_lateness", "reorder_capacity", "time_field",
        "utc_offset", "alert_level", "memory_size", "decoders", "rules", "reference_time",
        "events", "expect", "expect_no_alert_for", "expect_counters", "processing", "event",
        "comment"};
    for (const json::Value& m : root.items()) {
      if (std::find_if(std::begin(kTopKeys), std::end(kTopKeys),
                       [&](const char* k) { return m.name() == k; }) == std::end(kTopKeys)) {
        return Fail("unknown key \"" + m.name() + "\"");
      }
    }
    if (!Block(root, "", &sc_->expect, true)) return false;
    for (const char* mode : {"processing", "event"}) {
      const json::Value* b = root.GetObjectItemCaseSensitive(mode);
      if (b == nullptr) continue;
      if (!b->IsObject()) return Fail(std::string(mode) + ": an object is needed");
      const bool processing = std::string(mode) == "processing";
      Expectations* target = processing ? &sc_->expect_processing : &sc_->expect_event;
      (processing ? sc_->has_processing_block : sc_->has_event_block) = true;
      *target = sc_->expect;  // keys the block does not set are inherited
      Expectations own;
      if (!Block(*b, std::string(mode) + ".", &own, false)) return false;
      if (b->GetObjectItemCaseSensitive("expect") != nullptr) target->alerts = own.alerts;
      if (b->GetObjectItemCaseSensitive("expect_no_alert_for") != nullptr) {
        target->no_alert_for = own.no_alert_for;
      }
      if (b->GetObjectItemCaseSensitive("expect_counters") != nullptr) {
        target->counters = own.counters;
      }
    }
    if (sc_->name.empty()) sc_->name = fs::path(path_).filename().string();
    if (sc_->modes.empty()) return Fail("\"time\" is needed: \"processing\", \"event\" or both");
    return true;
  }

 private:
  std::string path_;
  Scenario* sc_;
  std::string* error_;
};

std::string FormatTime(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A field of the alert output: the dotted path from the root, else under "data".
const json::Value* FindField(const json::Value& root, const std::string& path) {
  auto walk = [](const json::Value* v, std::string_view p) -> const json::Value* {
    while (v != nullptr) {
      const size_t dot = p.find('.');
      v = v->IsObject() ? v->GetObjectItemCaseSensitive(p.substr(0, dot)) : nullptr;
      if (dot == std::string_view::npos) break;
      p.remove_prefix(dot + 1);
    }
    return v;
  };
  if (const json::Value* v = walk(&root, path)) return v;
  return walk(root.GetObjectItemCaseSensitive("data"), path);
}

std::string Describe(const ProducedAlert& a) {
  return "event " + std::to_string(a.event) + " rule " + a.rule + " level " +
         std::to_string(a.level) + " at " + FormatTime(a.time) + (a.late ? " (late)" : "");
}

std::string Describe(const ExpectedAlert& e) {
  std::string s = "event " + std::to_string(e.event) + " rule " + e.rule;
  if (e.level) s += " level " + std::to_string(*e.level);
  if (e.time) s += " at " + FormatTime(*e.time);
  return s;
}

// Differences between one produced and one expected alert ("" when it matches).
std::string Compare(const ProducedAlert& got, const ExpectedAlert& want) {
  std::string diff;
  auto add = [&](const std::string& s) { diff += (diff.empty() ? "" : "; ") + s; };
  if (got.event != want.event) add("event " + std::to_string(got.event));
  if (got.rule != want.rule) add("rule " + got.rule);
  if (want.level && got.level != *want.level) add("level " + std::to_string(got.level));
  if (want.time && got.time != *want.time) add("time " + FormatTime(got.time));
  for (const auto& [path, value] : want.fields) {
    const json::Value* v = FindField(got.output, path);
    if (!value) {
      if (v != nullptr) add(path + " present");
      continue;
    }
    if (v == nullptr) {
      add(path + " absent");
      continue;
    }
    const std::string text = v->IsString() ? v->string() : json::PrintUnformatted(*v);
    if (text != *value) add(path + " = \"" + text + "\" (expected \"" + *value + "\")");
  }
  return diff;
}

}  // namespace

const Expectations& Scenario::For(rules::TimeMode mode) const {
  if (mode == rules::TimeMode::kEvent && has_event_block) return expect_event;
  if (mode == rules::TimeMode::kProcessing && has_processing_block) return expect_processing;
  return expect;
}

const char* TimeModeName(rules::TimeMode mode) {
  return mode == rules::TimeMode::kEvent ? "event" : "processing";
}

std::vector<std::pair<std::string, uint64_t>> CounterList(const rules::SessionCounters& s,
                                                          const ReorderCounters& r) {
  return {{"events", s.events},
          {"last_events_evicted", s.last_events_evicted},
          {"fts_evicted", s.fts_evicted},
          {"diff_evicted", s.diff_evicted},
          {"accumulator_evicted", s.accumulator_evicted},
          {"late_events", r.late_events},
          {"late_clamped", s.late_clamped},
          {"reorder_buffer_full", r.reorder_buffer_full}};
}

bool IsScenarioFile(const std::string& path) { return path.ends_with(".scenario.json"); }

std::vector<std::string> ListScenarioFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (IsScenarioFile(name) && it->is_regular_file(ec)) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool LoadScenario(const std::string& path, Scenario* out, std::string* error) {
  *out = Scenario();
  out->path = path;
  error->clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read the file";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  json::Value root;
  if (!json::Parse(ss.str(), &root, nullptr, false)) {
    *error = path + ": not valid JSON";
    return false;
  }
  Loader loader(path, out, error);
  return loader.Load(root);
}

RunResult RunScenario(const Scenario& sc, rules::TimeMode mode,
                      const std::shared_ptr<const Ruleset>& ruleset, const LogtestOptions& base,
                      const ReplyObserver& observer) {
  RunResult result;
  result.name = sc.name + " [" + TimeModeName(mode) + "]";
  std::vector<std::string> errors;

  LogtestOptions opts = base;
  opts.rules.time_mode = mode;
  opts.rules.log_alert_level = sc.alert_level;
  opts.rules.memory_size = sc.memory_size;
  LogtestSession session(ruleset, opts, "5ce7a210");

  PredecodeOptions pre;
  pre.manager_host = opts.manager_name;
  Event scratch;
  EventTimeExtractor extractor(sc.time_options);

  // Each event's own time: "time", else its header or JSON field.
  int64_t newest = 0;
  bool has_newest = false;
  auto event_time = [&](size_t k, int64_t* out) -> bool {
    const ScenarioEvent& e = sc.events[k];
    if (e.time) {
      *out = *e.time;
      return true;
    }
    int64_t reference = 0;
    if (e.arrival) {
      reference = *e.arrival;
    } else if (sc.reference_time) {
      reference = *sc.reference_time;
    } else if (has_newest) {
      reference = newest;
    } else {
      reference = static_cast<int64_t>(::time(nullptr));
    }
    if (!Predecode(FrameMessage(e.location, e.text), pre, &scratch)) return false;
    return extractor.Extract(nullptr, scratch, reference, out) != TimeOrigin::kNone;
  };

  auto process = [&](size_t k, int64_t at, bool late) {
    const ScenarioEvent& e = sc.events[k];
    LogtestReply reply;
    session.Process(e.location, e.text, false, timespec{static_cast<time_t>(at), 0}, &reply);
    if (observer) observer(reply);
    if (!reply.has_output) {
      std::string m = "event " + std::to_string(k + 1) + " could not be processed:";
      for (const auto& s : reply.messages) m += " " + s;
      errors.push_back(m);
      return;
    }
    if (!reply.alert) return;
    ProducedAlert a;
    a.event = static_cast<int>(k + 1);
    a.rule = reply.rule_id;
    a.level = std::atoi(reply.rule_level.c_str());
    a.time = session.rules_session() != nullptr && mode == rules::TimeMode::kEvent
                 ? session.rules_session()->newest_time()
                 : at;
    a.late = late;
    a.output = std::move(reply.output);
    result.alerts.push_back(std::move(a));
  };

  if (mode == rules::TimeMode::kProcessing) {
    // The injected clock: "arrival", else the event's time, never going back.
    int64_t clock = 0;
    bool has_clock = false;
    for (size_t k = 0; k < sc.events.size(); ++k) {
      int64_t t = 0;
      if (sc.events[k].arrival) {
        t = *sc.events[k].arrival;
      } else if (event_time(k, &t)) {
        if (has_clock) t = std::max(t, clock);
      } else if (has_clock) {
        t = clock;
      } else {
        errors.push_back("event " + std::to_string(k + 1) + ": no time (give \"time\" or \"arrival\")");
        break;
      }
      clock = t;
      has_clock = true;
      newest = std::max(newest, t);
      has_newest = true;
      process(k, t, false);
    }
  } else {
    ReorderBuffer<size_t> buffer(sc.reorder);
    auto release = [&](int64_t t, size_t&& k, bool late) { process(k, t, late); };
    for (size_t k = 0; k < sc.events.size(); ++k) {
      int64_t t = 0;
      if (!event_time(k, &t)) {
        errors.push_back("event " + std::to_string(k + 1) +
                         ": no event time (no \"time\", no header time, no time field)");
        continue;
      }
      if (!has_newest || t > newest) newest = t;
      has_newest = true;
      buffer.Push(t, k, release);
    }
    buffer.Flush(release);
    result.reorder = buffer.counters();
  }
  if (session.rules_session() != nullptr) result.session = session.rules_session()->counters();

  // Compare.
  const Expectations& want = sc.For(mode);
  std::string msg;
  for (const auto& e : errors) msg += "error: " + e + "\n";
  const size_t n = std::max(want.alerts.size(), result.alerts.size());
  for (size_t k = 0; k < n; ++k) {
    const std::string idx = "alert " + std::to_string(k + 1) + ": ";
    if (k >= result.alerts.size()) {
      msg += idx + "missing: expected " + Describe(want.alerts[k]) + "\n";
    } else if (k >= want.alerts.size()) {
      msg += idx + "unexpected: " + Describe(result.alerts[k]) + "\n";
    } else {
      const std::string diff = Compare(result.alerts[k], want.alerts[k]);
      if (!diff.empty()) {
        msg += idx + "expected " + Describe(want.alerts[k]) + "\n  got " +
               Describe(result.alerts[k]) + ": " + diff + "\n";
      }
    }
  }
  for (int ev : want.no_alert_for) {
    for (const auto& a : result.alerts) {
      if (a.event == ev) msg += "event " + std::to_string(ev) + " must not alert: got " + Describe(a) + "\n";
    }
  }
  const auto counters = CounterList(result.session, result.reorder);
  for (const auto& [name, value] : want.counters) {
    for (const auto& [have_name, have] : counters) {
      if (have_name == name && have != value) {
        msg += "counter " + name + " = " + std::to_string(have) + " (expected " +
               std::to_string(value) + ")\n";
      }
    }
  }
  if (!msg.empty()) {
    msg += "alerts produced (" + std::to_string(result.alerts.size()) + "):";
    for (const auto& a : result.alerts) msg += "\n  " + Describe(a);
    if (result.alerts.empty()) msg += " none";
    msg += "\ncounters:";
    for (const auto& [name, value] : counters) msg += " " + name + "=" + std::to_string(value);
  }
  result.passed = msg.empty();
  result.message = msg;
  return result;
}

}  // namespace tripline::scenario
