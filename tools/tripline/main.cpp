// tripline: command-line entry point; dispatches to the sub-commands in commands.h.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "commands.h"

namespace {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

const Command kCommands[] = {
    {"lint", tripline::cli::RunLint, "report every ruleset problem and rules that can never fire"},
    {"logtest", tripline::cli::RunLogtest, "decode events from stdin as wazuh-logtest does"},
    {"match", tripline::cli::RunMatch, "test an OS_Regex/OS_Match/PCRE2 pattern on stdin lines"},
    {"run", tripline::cli::RunRun, "correlate exported logs (CloudTrail, VPC flow, GuardDuty, syslog)"},
    {"test", tripline::cli::RunTest, "run ruleset unit-test .ini files (runtests.py)"},
    {"serve", tripline::cli::RunServe, "serve Wazuh's logtest socket protocol on a Unix socket"},
};

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: tripline <command> [options]\n\n"
               "tripline is a Wazuh 4.x compatible log decoder and correlation rule engine.\n\n"
               "commands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out, "\nRun 'tripline <command> --help' for the options of a command.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Usage(stderr);
    return 2;
  }
  std::string_view cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    Usage(stdout);
    return 0;
  }
  if (cmd == "--version") {
    std::printf("tripline 0.1.0\n");
    return 0;
  }
  for (const auto& c : kCommands) {
    if (cmd == c.name) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "tripline: unknown command '%s'\n\n", argv[1]);
  Usage(stderr);
  return 2;
}
