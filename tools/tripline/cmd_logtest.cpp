// tripline logtest: what wazuh-logtest prints for each event read from stdin, or (--json) the
// logtest reply's `output` object plus "alert". One invocation is one logtest session.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "commands.h"
#include "json/cjson.h"
#include "output/logtest_text.h"
#include "ruleset_args.h"
#include "session/logtest_session.h"

namespace tripline::cli {
namespace {

constexpr const char* kUsage =
    "usage: tripline logtest --ruleset DIR [--ruleset DIR ...] [-l LOCATION] [-v] [-U RULE:LEVEL:DECODER] [--json] [--explain RULE_ID]\n";

void PrintHelp() {
  std::printf(
      "%s\n"
      "Reads one event per line from stdin and shows what wazuh-logtest shows: pre-decoding,\n"
      "decoding and rule matching, in one logtest session (correlation state carries from line\n"
      "to line). Empty lines are skipped.\n\n"
      "options:\n%s"
      "  -l LOCATION           event location (default: stdin)\n"
      "  -v                    show the rule trace (rules_debug)\n"
      "  -U RULE:LEVEL:DECODER unit-test mode: at end of input the exit status is 0 when the last\n"
      "                        event gave this rule id, level and decoder name (wazuh-logtest -U:\n"
      "                        the number of empty parts when they match, 1 otherwise)\n"
      "  --json                one JSON object per event: the logtest `output` object plus\n"
      "                        \"alert\" (and \"rules_debug\" with -v)\n"
      "  --explain RULE_ID     after each event, show how the tree leads to that rule: the checks\n"
      "                        of the rule and of its ancestors with the values compared, and the\n"
      "                        first that failed (docs/explain.md); with --json, an \"explain\" array\n"
      "  -q                    quiet: only errors and, with -U, the exit status\n"
      "  --manager-name NAME   manager host name (default: this host's name)\n"
      "  --log-alert-level N   <alerts><log_alert_level> for the `alert` flag (default 3)\n"
      "\n"
      "Load errors are printed as file:line:col: error[CODE]: message and the command exits with\n"
      "status 1 before reading any event.\n",
      kUsage, kRulesetOptionsHelp);
}

// Python's str(list) of the -U triple, e.g. ['5716', '5', 'sshd'].
std::string PyList(const std::string (&v)[3]) {
  std::string out = "[";
  for (int i = 0; i < 3; ++i) {
    if (i) out += ", ";
    out += "'" + v[i] + "'";
  }
  return out + "]";
}

}  // namespace

int RunLogtest(int argc, char** argv) {
  RulesetSources sources;
  std::string location = "stdin";
  bool verbose = false, json = false, quiet = false, have_ut = false;
  int explain_id = 0;
  std::string ut[3];
  LogtestOptions opts;
  opts.manager_name = HostName();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string error;
    if (ParseRulesetOption(argc, argv, &i, &sources, &error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "tripline logtest: %s\n%s", error.c_str(), kUsage);
        return 2;
      }
      continue;
    }
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tripline logtest: option %s needs a value\n%s", name, kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      PrintHelp();
      return 0;
    } else if (a == "-l") {
      location = value("-l");
    } else if (a == "-v") {
      verbose = true;
    } else if (a == "-q") {
      quiet = true;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--explain") {
      const std::string v = value("--explain");
      explain_id = std::atoi(v.c_str());
      if (explain_id <= 0 || v.find_first_not_of("0123456789") != std::string::npos) {
        std::fprintf(stderr, "tripline logtest: --explain needs a rule id, not '%s'\n%s", v.c_str(), kUsage);
        return 2;
      }
    } else if (a == "--manager-name") {
      opts.manager_name = value("--manager-name");
    } else if (a == "--log-alert-level") {
      opts.rules.log_alert_level = std::atoi(value("--log-alert-level"));
    } else if (a == "-U") {
      std::string spec = value("-U");
      size_t c1 = spec.find(':');
      size_t c2 = c1 == std::string::npos ? c1 : spec.find(':', c1 + 1);
      if (c2 == std::string::npos || spec.find(':', c2 + 1) != std::string::npos) {
        std::fprintf(stderr, "Unit test configuration wrong syntax: %s\n", spec.c_str());
        return 1;
      }
      ut[0] = spec.substr(0, c1);
      ut[1] = spec.substr(c1 + 1, c2 - c1 - 1);
      ut[2] = spec.substr(c2 + 1);
      have_ut = true;
    } else {
      std::fprintf(stderr, "tripline logtest: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (sources.ruleset_dirs.empty() && sources.decoder_paths.empty() && sources.rule_paths.empty()) {
    std::fprintf(stderr, "tripline logtest: give at least one --ruleset, --decoders or --rules\n%s", kUsage);
    return 2;
  }

  Diagnostics diags;
  std::shared_ptr<const Ruleset> ruleset = Ruleset::Load(sources, RulesetOptions(), &diags);
  if (!ruleset) {
    std::fputs(diags.RenderAll().c_str(), stderr);
    std::fprintf(stderr, "tripline logtest: the ruleset has %d error(s); nothing was processed\n",
                 diags.error_count());
    return 1;
  }
  if (json && !quiet && !diags.items().empty()) std::fputs(diags.RenderAll().c_str(), stderr);

  LogtestSession session(ruleset, opts, NewSessionToken());
  if (explain_id != 0) {
    const rules::Rule* target = ruleset->rules() != nullptr ? ruleset->rules()->FindRule(explain_id) : nullptr;
    if (target == nullptr) {
      std::fprintf(stderr, "tripline logtest: --explain: rule %d is not loaded\n", explain_id);
      return 1;
    }
    session.set_explain_rule(target);
  }
  std::string last_ut[3];
  LogtestReply reply;
  auto say = [&](const std::string& line) {
    if (!quiet) std::printf("%s\n", line.c_str());
  };
  if (!json) {
    say("Starting tripline logtest 0.1.0 (wazuh-logtest 4.14 compatible)");
    say("Type one log per line");
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    session.Process(location, line, verbose, now, &reply);
    if (json) {
      json::Value obj;
      if (reply.has_output) {
        obj = std::move(reply.output);
        obj.AddBoolToObject("alert", reply.alert);
        if (reply.has_rules_debug) {
          json::Value dbg = json::Value::Array();
          for (const auto& m : reply.rules_debug) dbg.AddItemToArray(json::Value::String(m));
          obj.AddItemToObject("rules_debug", std::move(dbg));
        }
        if (explain_id != 0) {
          json::Value lines = json::Value::Array();
          for (const auto& m : reply.explain) lines.AddItemToArray(json::Value::String(m));
          obj.AddItemToObject("explain", std::move(lines));
        }
      } else {
        obj = json::Value::Object();
        json::Value msgs = json::Value::Array();
        for (const auto& m : reply.messages) msgs.AddItemToArray(json::Value::String(m));
        obj.AddItemToObject("messages", std::move(msgs));
        obj.AddNumberToObject("codemsg", reply.codemsg);
        obj.AddBoolToObject("alert", false);
      }
      std::string text = json::PrintUnformatted(obj);
      std::printf("%s\n", text.c_str());
    } else {
      say("");
      if (reply.codemsg < 0) {
        std::string err = "** Wazuh-logtest error " + std::to_string(reply.codemsg) + ": ";
        for (const auto& m : reply.messages) err += "\n\t" + m;
        std::fprintf(stderr, "%s\n", err.c_str());
        continue;
      }
      bool warned = false;
      for (const auto& m : reply.messages) {
        if (m.rfind("WARNING", 0) == 0) {
          say("** Wazuh-Logtest: " + m);
          warned = true;
        }
      }
      if (warned) say("");
      for (const auto& l : output::LogtestTextLines(reply.output, reply.has_rules_debug ? &reply.rules_debug : nullptr,
                                                     reply.alert)) {
        say(l);
      }
      if (explain_id != 0) {
        say("");
        for (const auto& l : reply.explain) say(l);
      }
    }
    if (reply.has_output) {
      last_ut[0] = reply.rule_id;
      last_ut[1] = reply.rule_level;
      last_ut[2] = reply.decoder_name;
      if (have_ut && !json) {
        bool ok = last_ut[0] == ut[0] && last_ut[1] == ut[1] && last_ut[2] == ut[2];
        say("");
        say(ok ? "Unit test OK" : "Unit test FAIL. Expected " + PyList(ut) + " , Result " + PyList(last_ut));
      }
    }
    std::fflush(stdout);
  }
  if (!have_ut) return 0;
  if (last_ut[0] == ut[0] && last_ut[1] == ut[1] && last_ut[2] == ut[2]) {
    return static_cast<int>(ut[0].empty()) + static_cast<int>(ut[1].empty()) + static_cast<int>(ut[2].empty());
  }
  return 1;
}

}  // namespace tripline::cli
