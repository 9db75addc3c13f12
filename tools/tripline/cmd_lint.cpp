// tripline lint: loads a ruleset, reporting every loader error and warning at once, then runs
// the semantic checks of lint/lint.h on it (docs/diagnostics.md, "Lint").
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "lint/lint.h"
#include "ruleset_args.h"
#include "session/ruleset.h"

namespace tripline::cli {
namespace {

constexpr const char* kUsage =
    "usage: tripline lint --ruleset DIR [--ruleset DIR ...] [--format text|json] [--strict]\n";

void PrintHelp() {
  std::printf(
      "%s\n"
      "Loads the ruleset and reports every problem at once: the loaders' errors and warnings and\n"
      "the semantic checks (rules that can never fire, shadowed rules, level-0 composite rules,\n"
      "unanchored numeric alternations, unused lists, Wazuh portability), each as\n"
      "file:line:col: severity[CODE]: message, then a summary line. Codes: docs/diagnostics.md.\n\n"
      "options:\n%s"
      "  --format text|json    json: one array of {file, line, column, severity, code, message}\n"
      "                        (the summary goes to standard error)\n"
      "  --strict              warnings also make the exit status 1\n"
      "\n"
      "Exit status: 0 clean (or only warnings), 1 errors (or, with --strict, warnings), 2 usage.\n",
      kUsage, kRulesetOptionsHelp);
}

}  // namespace

int RunLint(int argc, char** argv) {
  RulesetSources sources;
  bool json = false, strict = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string error;
    if (ParseRulesetOption(argc, argv, &i, &sources, &error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "tripline lint: %s\n%s", error.c_str(), kUsage);
        return 2;
      }
      continue;
    }
    if (a == "-h" || a == "--help") {
      PrintHelp();
      return 0;
    } else if (a == "--strict") {
      strict = true;
    } else if (a == "--format") {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tripline lint: option --format needs a value\n%s", kUsage);
        return 2;
      }
      std::string f = argv[++i];
      if (f != "text" && f != "json") {
        std::fprintf(stderr, "tripline lint: --format is text or json, not '%s'\n%s", f.c_str(), kUsage);
        return 2;
      }
      json = f == "json";
    } else {
      std::fprintf(stderr, "tripline lint: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (sources.ruleset_dirs.empty() && sources.decoder_paths.empty() && sources.rule_paths.empty()) {
    std::fprintf(stderr, "tripline lint: give at least one --ruleset, --decoders or --rules\n%s", kUsage);
    return 2;
  }

  Diagnostics diags;
  std::shared_ptr<const Ruleset> ruleset = Ruleset::Load(sources, RulesetOptions(), &diags);
  if (ruleset) lint::LintRuleset(*ruleset, &diags);

  int errors = 0, warnings = 0;
  for (const Diagnostic& d : diags.items()) ++(d.severity == Severity::kError ? errors : warnings);
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const Diagnostic& d : diags.items()) {
      arr.push_back({{"file", d.loc.file},
                     {"line", d.loc.line},
                     {"column", d.loc.column},
                     {"severity", d.severity == Severity::kError ? "error" : "warning"},
                     {"code", d.code},
                     {"message", d.message}});
    }
    std::printf("%s\n", arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::fputs(diags.RenderAll().c_str(), stdout);
  }
  std::string summary = std::to_string(errors) + " error(s), " + std::to_string(warnings) + " warning(s)";
  if (!ruleset) summary += "; the ruleset did not load, so the semantic checks did not run";
  std::fprintf(json ? stderr : stdout, "%s\n", summary.c_str());
  if (errors > 0) return 1;
  if (strict && warnings > 0) return 1;
  return 0;
}

}  // namespace tripline::cli
