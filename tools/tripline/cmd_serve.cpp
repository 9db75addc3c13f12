// tripline serve: a drop-in for Wazuh's logtest service. Listens on a Unix stream socket and
// answers wazuh-logtest / Wazuh API requests (docs/serve.md). SIGHUP reloads the ruleset for
// new sessions; SIGINT/SIGTERM stop the service.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "commands.h"
#include "ruleset_args.h"
#include "serve/logtest_service.h"
#include "serve/signal_pipe.h"
#include "serve/unix_server.h"

namespace tripline::cli {
namespace {

constexpr const char* kUsage =
    "usage: tripline serve --logtest-socket PATH --ruleset DIR [--ruleset DIR ...] [--max-sessions N]\n"
    "                      [--session-timeout S] [--threads N]\n";

void PrintHelp() {
  std::printf(
      "%s\n"
      "Serves Wazuh's logtest protocol (4-byte little-endian length, then JSON) on a Unix stream\n"
      "socket, so wazuh-logtest and the Wazuh API can use tripline instead of wazuh-analysisd.\n"
      "Sessions share the compiled ruleset and keep their own correlation state.\n\n"
      "options:\n"
      "  --logtest-socket PATH the socket to create (Wazuh: /var/ossec/queue/sockets/logtest)\n"
      "%s"
      "  --max-sessions N      sessions kept at once; the least recently used is evicted (64)\n"
      "  --session-timeout S   a session idle for S seconds is removed (900)\n"
      "  --threads N           connections served at once (default: CPU count, at least 2)\n"
      "  --manager-name NAME   manager host name (default: this host's name)\n"
      "  --log-alert-level N   <alerts><log_alert_level> for the `alert` flag (default 3)\n"
      "\n"
      "Signals: SIGHUP reloads the ruleset (new sessions use it; a ruleset with errors is refused\n"
      "and the previous one stays); SIGINT and SIGTERM stop the service and remove the socket.\n",
      kUsage, kRulesetOptionsHelp);
}

bool ParsePositive(const char* text, long* out) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v <= 0) return false;
  *out = v;
  return true;
}

}  // namespace

int RunServe(int argc, char** argv) {
  RulesetSources sources;
  std::string socket_path;
  long max_sessions = 64, timeout = 900;
  long threads = std::max(2u, std::thread::hardware_concurrency());
  serve::ServiceOptions opts;
  opts.logtest.manager_name = HostName();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string error;
    if (ParseRulesetOption(argc, argv, &i, &sources, &error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "tripline serve: %s\n%s", error.c_str(), kUsage);
        return 2;
      }
      continue;
    }
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tripline serve: option %s needs a value\n%s", name, kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&](const char* name, long* out) {
      const char* v = value(name);
      if (!ParsePositive(v, out)) {
        std::fprintf(stderr, "tripline serve: %s needs a positive number, not '%s'\n", name, v);
        std::exit(2);
      }
    };
    if (a == "-h" || a == "--help") {
      PrintHelp();
      return 0;
    } else if (a == "--logtest-socket") {
      socket_path = value("--logtest-socket");
    } else if (a == "--max-sessions") {
      number("--max-sessions", &max_sessions);
    } else if (a == "--session-timeout") {
      number("--session-timeout", &timeout);
    } else if (a == "--threads") {
      number("--threads", &threads);
    } else if (a == "--manager-name") {
      opts.logtest.manager_name = value("--manager-name");
    } else if (a == "--log-alert-level") {
      opts.logtest.rules.log_alert_level = std::atoi(value("--log-alert-level"));
    } else {
      std::fprintf(stderr, "tripline serve: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (socket_path.empty()) {
    std::fprintf(stderr, "tripline serve: --logtest-socket is required\n%s", kUsage);
    return 2;
  }
  if (sources.ruleset_dirs.empty() && sources.decoder_paths.empty() && sources.rule_paths.empty()) {
    std::fprintf(stderr, "tripline serve: give at least one --ruleset, --decoders or --rules\n%s", kUsage);
    return 2;
  }

  Diagnostics diags;
  std::shared_ptr<const Ruleset> ruleset = Ruleset::Load(sources, RulesetOptions(), &diags);
  std::fputs(diags.RenderAll().c_str(), stderr);
  if (!ruleset) {
    std::fprintf(stderr, "tripline serve: the ruleset has %d error(s); not started\n", diags.error_count());
    return 1;
  }
  opts.max_sessions = static_cast<size_t>(max_sessions);
  opts.session_timeout = timeout;
  serve::LogtestService service(ruleset, opts);

  // Signals go to the pipe before any worker thread exists, so every thread inherits the handler.
  serve::SignalPipe signals({SIGHUP, SIGINT, SIGTERM});
  serve::ServerOptions server_opts;
  server_opts.threads = static_cast<int>(threads);
  serve::UnixServer server(&service, server_opts);
  std::string error;
  if (!server.Start(socket_path, &error)) {
    std::fprintf(stderr, "tripline serve: %s\n", error.c_str());
    return 1;
  }
  std::fprintf(stderr, "tripline serve: listening on %s (%ld threads, at most %ld sessions, timeout %lds)\n",
               socket_path.c_str(), threads, max_sessions, timeout);

  for (;;) {
    int sig = signals.Wait(1000);
    if (sig == SIGINT || sig == SIGTERM) break;
    if (sig == SIGHUP) {
      std::string report;
      bool ok = serve::ReloadRuleset(&service, sources, RulesetOptions(), &report);
      std::fputs(report.c_str(), stderr);
      std::fprintf(stderr, ok ? "tripline serve: ruleset reloaded; new sessions use it\n"
                              : "tripline serve: reload refused (the ruleset has errors); keeping the previous one\n");
    }
    service.ExpireIdle();
  }
  server.Stop();
  std::fprintf(stderr, "tripline serve: stopped\n");
  return 0;
}

}  // namespace tripline::cli
