// tripline test: runs Wazuh ruleset unit-test files (ruleset/testing/tests/*.ini) the way
// ruleset/testing/runtests.py does (docs/wazuh-semantics.md §7), in process: every `log ...`
// run of a section is one fresh logtest session fed its lines, judged like wazuh-logtest -U.
// The ruleset is loaded once and shared by all sessions.
// It also runs tripline's own scenario files (*.scenario.json, docs/scenario-format.md): each
// time mode of a scenario is one test, judged on the exact list of alerts.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "ini/ini_tests.h"
#include "ruleset_args.h"
#include <nlohmann/json.hpp>

#include "session/coverage.h"
#include "session/logtest_session.h"
#include "session/scenario.h"

namespace tripline::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: tripline test --ruleset DIR [--ruleset DIR ...] [--geoip] [--no-provision] [--junit FILE]\n"
    "                     [--coverage] [--coverage-json FILE] PATH...\n";

constexpr const char* kWinRulesName = "0575-win-base_rules.xml";

void PrintHelp() {
  std::printf(
      "%s\n"
      "Runs Wazuh ruleset unit-test files as ruleset/testing/runtests.py does. PATH is an .ini\n"
      "file, a *.scenario.json file or a folder of them (not recursive). Each `log ...` option of\n"
      "a section is one logtest session fed its lines; it passes when the last event gives the\n"
      "section's rule, alert (level) and decoder (a `... fail` run passes when it does not).\n"
      "Each time mode of a scenario file is one test: its events must give exactly its expected\n"
      "alerts (docs/scenario-format.md).\n\n"
      "options:\n%s"
      "  --geoip               also run *geoip.ini files (skipped by default: no GeoIP database)\n"
      "  --no-provision        do not add DIR/testing/ruleset/test_*.xml nor apply the rule 60000\n"
      "                        change of runtests.py (decoded_as json) to %s\n"
      "  --junit FILE          also write a JUnit XML report\n"
      "  --coverage            report which decoders (by name) and rules (by id) the tests reached\n"
      "                        (the event's decoder / matched rule), per file, with totals\n"
      "  --coverage-json FILE  also write that report as JSON (docs/coverage.md)\n"
      "  --manager-name NAME   manager host name (default: this host's name)\n"
      "\n"
      "The last output line is `N passed, M failed[, K skipped]`. Exit status: 0 when nothing\n"
      "failed, 1 when a run failed or the ruleset or a test file has errors, 2 on usage errors.\n",
      kUsage, kRulesetOptionsHelp, kWinRulesName);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A temporary directory removed on destruction.
class TempDir {
 public:
  TempDir() = default;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  // Creates the directory on first use; "" when it cannot be created.
  const std::string& Get() {
    if (path_.empty()) {
      std::error_code ec;
      std::string tmpl = (fs::temp_directory_path(ec) / "tripline-test-XXXXXX").string();
      if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
    }
    return path_;
  }

 private:
  std::string path_;
};

bool ReadText(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

// runtests.py's edit of rule 60000: inside that <rule> element only, every <decoded_as> and
// <category>ossec</category> element is removed and <decoded_as>json</decoded_as> is added in
// place of the first removed one. False when rule 60000 is not found.
bool PatchRule60000(std::string* xml) {
  size_t start = xml->find("<rule id=\"60000\"");
  if (start == std::string::npos) return false;
  size_t end = xml->find("</rule>", start);
  if (end == std::string::npos) return false;
  std::string body = xml->substr(start, end - start);
  size_t insert_at = std::string::npos;
  auto remove_all = [&](const std::string& open, const std::string& close) {
    for (size_t p; (p = body.find(open)) != std::string::npos;) {
      size_t q = body.find(close, p);
      if (q == std::string::npos) return;
      q += close.size();
      // Drop the element's whole line (from the preceding newline) when it stands alone on it.
      size_t cut_from = p;
      size_t nl = body.rfind('\n', p);
      if (nl != std::string::npos && body.find_first_not_of(" \t", nl + 1) == p) cut_from = nl;
      body.erase(cut_from, q - cut_from);
      if (insert_at == std::string::npos || cut_from < insert_at) insert_at = cut_from;
    }
  };
  remove_all("<decoded_as", "</decoded_as>");
  remove_all("<category>ossec</category>", "</category>");
  if (insert_at == std::string::npos) {
    insert_at = body.find('>');
    if (insert_at == std::string::npos) return false;
    ++insert_at;
  }
  body.insert(insert_at, "\n    <decoded_as>json</decoded_as>");
  xml->replace(start, end - start, body);
  return true;
}

// runtests.py's provisioning for each ruleset directory: its testing/ruleset/test_*decoders.xml
// and test_*rules.xml files, and the rule 60000 change (a patched copy in `tmp` replaces the
// stock file, which is excluded by full path). False, with a message, on failure.
bool Provision(RulesetSources* sources, TempDir* tmp) {
  std::vector<std::string> dirs = sources->ruleset_dirs;
  int n = 0;
  for (std::string dir : dirs) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    std::error_code ec;
    const std::string test_dir = dir + "/testing/ruleset";
    if (fs::is_directory(test_dir, ec)) {
      std::vector<std::string> decoders, rules;
      for (fs::directory_iterator it(test_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind("test_", 0) != 0 || !it->is_regular_file(ec)) continue;
        const std::string path = test_dir + "/" + name;
        if (name.ends_with("decoders.xml")) decoders.push_back(path);
        if (name.ends_with("rules.xml")) rules.push_back(path);
      }
      std::sort(decoders.begin(), decoders.end());
      std::sort(rules.begin(), rules.end());
      sources->decoder_paths.insert(sources->decoder_paths.end(), decoders.begin(), decoders.end());
      sources->rule_paths.insert(sources->rule_paths.end(), rules.begin(), rules.end());
    }
    const std::string win = dir + "/rules/" + kWinRulesName;
    if (!fs::is_regular_file(win, ec)) continue;
    std::string text;
    if (!ReadText(win, &text)) {
      std::fprintf(stderr, "tripline test: cannot read %s\n", win.c_str());
      return false;
    }
    if (!PatchRule60000(&text)) {
      std::fprintf(stderr, "tripline test: warning: rule 60000 not found in %s; not changed\n", win.c_str());
      continue;
    }
    if (tmp->Get().empty()) {
      std::fprintf(stderr, "tripline test: cannot create a temporary directory\n");
      return false;
    }
    const std::string sub = tmp->Get() + "/" + std::to_string(n++);
    fs::create_directories(sub, ec);
    const std::string copy = sub + "/" + kWinRulesName;
    if (ec || !WriteText(copy, text)) {
      std::fprintf(stderr, "tripline test: cannot write %s\n", copy.c_str());
      return false;
    }
    sources->rule_paths.push_back(copy);
    sources->rule_excludes.push_back(win);
  }
  return true;
}

struct RunResult {
  std::string section;
  std::string run;
  int line = 0;
  bool passed = false;
  std::string message;  // failure details, several lines, without indentation
};

struct FileResult {
  std::string path;
  std::vector<RunResult> runs;
};

std::string Shown(const std::string& v) { return v.empty() ? "(none)" : v; }

std::string Triple(const std::string (&v)[3]) {
  return "rule " + Shown(v[0]) + " level " + Shown(v[1]) + " decoder " + Shown(v[2]);
}

// One run: a fresh session fed the non-empty lines; the wazuh-logtest -U exit code at EOF.
RunResult Execute(const std::shared_ptr<const Ruleset>& ruleset, const LogtestOptions& opts,
                  const ini::TestSection& section, const ini::TestRun& run, TestCoverage* coverage) {
  RunResult r{section.name, run.name, run.line, false, ""};
  const std::string expected[3] = {section.rule.value_or(""), section.alert.value_or(""),
                                   section.decoder.value_or("")};
  LogtestSession session(ruleset, opts, NewSessionToken());
  std::string last[3];
  std::string last_line;
  std::vector<std::string> errors;
  LogtestReply reply;
  for (const std::string& event : run.events) {
    if (event.empty()) continue;
    last_line = event;
    timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    reply = LogtestReply();
    session.Process("stdin", event, false, now, &reply);
    if (coverage != nullptr) coverage->Record(reply);
    if (!reply.has_output) {
      for (const auto& m : reply.messages) errors.push_back(m);
      continue;
    }
    last[0] = reply.rule_id;
    last[1] = reply.rule_level;
    last[2] = reply.decoder_name;
  }
  int code = 1;
  if (last[0] == expected[0] && last[1] == expected[1] && last[2] == expected[2]) {
    code = static_cast<int>(expected[0].empty()) + static_cast<int>(expected[1].empty()) +
           static_cast<int>(expected[2].empty());
  }
  r.passed = run.negate ? code != 0 : code == 0;
  if (r.passed) return r;
  r.message = "log: " + last_line + "\n";
  r.message += std::string(run.negate ? "expected: anything but " : "expected: ") + Triple(expected) + "\n";
  r.message += "got:      " + Triple(last);
  if (code != 0 && code != 1) r.message += " (exit code " + std::to_string(code) + ": empty expected parts)";
  for (const auto& e : errors) r.message += "\nerror: " + e;
  return r;
}

// XML 1.0 text or attribute value; characters XML cannot hold become U+FFFD.
std::string XmlEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\xEF\xBF\xBD";
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

bool WriteJunit(const std::string& path, const std::vector<FileResult>& files) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const auto& f : files) {
    int failures = 0;
    for (const auto& r : f.runs) failures += r.passed ? 0 : 1;
    const std::string suite = XmlEscape(BaseName(f.path));
    xml += "  <testsuite name=\"" + suite + "\" tests=\"" + std::to_string(f.runs.size()) + "\" failures=\"" +
           std::to_string(failures) + "\" errors=\"0\">\n";
    for (const auto& r : f.runs) {
      xml += "    <testcase classname=\"" + suite + "\" name=\"" + XmlEscape(r.section + " / " + r.run) + "\"";
      if (r.passed) {
        xml += "/>\n";
        continue;
      }
      xml += ">\n      <failure message=\"" + XmlEscape(r.message) + "\">" + XmlEscape(r.message) +
             "</failure>\n    </testcase>\n";
    }
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  return WriteText(path, xml);
}

std::string Percent(size_t part, size_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / whole);
  return buf;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

void PrintCoverage(const TestCoverage::Summary& s, const char* what) {
  for (const auto& f : s.files) {
    std::printf("  %s: %s %zu/%zu reached", f.file.c_str(), what, f.reached.size(),
                f.reached.size() + f.unreached.size());
    if (!f.unreached.empty()) std::printf("; never reached: %s", Joined(f.unreached).c_str());
    std::printf("\n");
  }
}

nlohmann::json CoverageJson(const TestCoverage::Summary& s) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : s.files) {
    files.push_back({{"file", f.file}, {"reached", f.reached}, {"unreached", f.unreached}});
  }
  return {{"total", s.total}, {"reached", s.reached}, {"files", files}};
}

int CountRuns(const std::string& path) {
  ini::TestFile file;
  Diagnostics ignored;
  if (!ini::LoadTestFile(path, &file, &ignored)) return 0;
  int n = 0;
  for (const auto& s : file.sections) n += static_cast<int>(s.runs.size());
  return n;
}

}  // namespace

int RunTest(int argc, char** argv) {
  RulesetSources sources;
  std::vector<std::string> paths;
  std::string junit;
  bool geoip = false, provision = true, coverage_on = false;
  std::string coverage_json;
  LogtestOptions opts;
  opts.manager_name = HostName();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string error;
    if (ParseRulesetOption(argc, argv, &i, &sources, &error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "tripline test: %s\n%s", error.c_str(), kUsage);
        return 2;
      }
      continue;
    }
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tripline test: option %s needs a value\n%s", name, kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      PrintHelp();
      return 0;
    } else if (a == "--geoip") {
      geoip = true;
    } else if (a == "--no-provision") {
      provision = false;
    } else if (a == "--junit") {
      junit = value("--junit");
    } else if (a == "--coverage") {
      coverage_on = true;
    } else if (a == "--coverage-json") {
      coverage_json = value("--coverage-json");
      coverage_on = true;
    } else if (a == "--manager-name") {
      opts.manager_name = value("--manager-name");
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "tripline test: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (sources.ruleset_dirs.empty() && sources.decoder_paths.empty() && sources.rule_paths.empty()) {
    std::fprintf(stderr, "tripline test: give at least one --ruleset, --decoders or --rules\n%s", kUsage);
    return 2;
  }
  if (paths.empty()) {
    std::fprintf(stderr, "tripline test: give at least one test file or folder\n%s", kUsage);
    return 2;
  }

  // The test files, all read before anything runs.
  std::vector<std::string> ini_paths;
  std::vector<std::string> scenario_paths;
  int skipped_files = 0, skipped_runs = 0;
  for (const std::string& p : paths) {
    std::error_code ec;
    std::vector<std::string> found;
    if (fs::is_directory(p, ec)) {
      found = ini::ListTestFiles(p, true);
      for (auto& f : scenario::ListScenarioFiles(p)) scenario_paths.push_back(std::move(f));
    } else if (fs::is_regular_file(p, ec) && scenario::IsScenarioFile(p)) {
      scenario_paths.push_back(p);
    } else if (fs::is_regular_file(p, ec)) {
      found.push_back(p);
    } else {
      std::fprintf(stderr, "tripline test: %s: no such file or directory\n", p.c_str());
      return 2;
    }
    for (const auto& f : found) {
      if (!geoip && ini::IsGeoipTestFile(f)) {
        ++skipped_files;
        skipped_runs += CountRuns(f);
      } else {
        ini_paths.push_back(f);
      }
    }
  }
  Diagnostics ini_diags;
  std::vector<ini::TestFile> tests(ini_paths.size());
  for (size_t k = 0; k < ini_paths.size(); ++k) ini::LoadTestFile(ini_paths[k], &tests[k], &ini_diags);
  if (!ini_diags.items().empty()) std::fputs(ini_diags.RenderAll().c_str(), stderr);
  if (ini_diags.HasErrors()) {
    std::fprintf(stderr, "tripline test: the test files have %d error(s); nothing was run\n",
                 ini_diags.error_count());
    return 1;
  }
  std::vector<scenario::Scenario> scenarios(scenario_paths.size());
  int scenario_errors = 0;
  for (size_t k = 0; k < scenario_paths.size(); ++k) {
    std::string error;
    if (!scenario::LoadScenario(scenario_paths[k], &scenarios[k], &error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      ++scenario_errors;
    }
  }
  if (scenario_errors > 0) {
    std::fprintf(stderr, "tripline test: the test files have %d error(s); nothing was run\n", scenario_errors);
    return 1;
  }

  TempDir tmp;
  if (provision && !Provision(&sources, &tmp)) return 1;
  // Wazuh's test rules reference a list no test provides (rule 999918); runtests.py relies on
  // the manager skipping such rules with a warning, so provisioned runs load leniently.
  if (provision) sources.lenient_references = true;
  Diagnostics diags;
  std::shared_ptr<const Ruleset> ruleset = Ruleset::Load(sources, RulesetOptions(), &diags);
  if (!ruleset) {
    std::fputs(diags.RenderAll().c_str(), stderr);
    std::fprintf(stderr, "tripline test: the ruleset has %d error(s); nothing was run\n", diags.error_count());
    return 1;
  }

  std::vector<FileResult> results;
  int passed = 0, failed = 0;
  TestCoverage coverage;
  TestCoverage* cov = coverage_on ? &coverage : nullptr;
  scenario::ReplyObserver observer;
  if (coverage_on) observer = [&coverage](const LogtestReply& reply) { coverage.Record(reply); };
  for (const auto& file : tests) {
    FileResult fr{file.path, {}};
    for (const auto& section : file.sections) {
      for (const auto& run : section.runs) {
        RunResult r = Execute(ruleset, opts, section, run, cov);
        if (r.passed) {
          ++passed;
        } else {
          ++failed;
          std::printf("FAIL %s [%s] %s (line %d)\n", BaseName(file.path).c_str(), r.section.c_str(),
                      r.run.c_str(), r.line);
          std::istringstream lines(r.message);
          for (std::string l; std::getline(lines, l);) std::printf("  %s\n", l.c_str());
        }
        fr.runs.push_back(std::move(r));
      }
    }
    results.push_back(std::move(fr));
  }

  // Scenario files: a scenario naming extra decoder/rule files gets the ruleset plus those files
  // (loaded once per distinct set).
  std::vector<std::pair<std::string, std::shared_ptr<const Ruleset>>> extended;
  for (const auto& sc : scenarios) {
    std::shared_ptr<const Ruleset> rs = ruleset;
    FileResult fr{sc.path, {}};
    if (!sc.extra_decoders.empty() || !sc.extra_rules.empty()) {
      std::string key;
      for (const auto& f : sc.extra_decoders) key += "d:" + f + "\n";
      for (const auto& f : sc.extra_rules) key += "r:" + f + "\n";
      rs = nullptr;
      for (const auto& [k, loaded] : extended) {
        if (k == key) rs = loaded;
      }
      if (!rs) {
        RulesetSources more = sources;
        more.decoder_paths.insert(more.decoder_paths.end(), sc.extra_decoders.begin(), sc.extra_decoders.end());
        more.rule_paths.insert(more.rule_paths.end(), sc.extra_rules.begin(), sc.extra_rules.end());
        Diagnostics more_diags;
        rs = Ruleset::Load(more, RulesetOptions(), &more_diags);
        if (!rs) {
          std::fputs(more_diags.RenderAll().c_str(), stderr);
          std::fprintf(stderr, "tripline test: %s: the ruleset with its files has %d error(s)\n", sc.path.c_str(),
                       more_diags.error_count());
        } else {
          extended.emplace_back(key, rs);
        }
      }
    }
    for (rules::TimeMode mode : sc.modes) {
      RunResult r{sc.name, std::string(scenario::TimeModeName(mode)) + " time", 0, false, ""};
      if (!rs) {
        r.message = "the ruleset with this scenario's decoder/rule files did not load";
      } else {
        scenario::RunResult sr = scenario::RunScenario(sc, mode, rs, opts, observer);
        r.passed = sr.passed;
        r.message = sr.message;
      }
      if (r.passed) {
        ++passed;
      } else {
        ++failed;
        std::printf("FAIL %s [%s] %s\n", BaseName(sc.path).c_str(), r.section.c_str(), r.run.c_str());
        std::istringstream lines(r.message);
        for (std::string l; std::getline(lines, l);) std::printf("  %s\n", l.c_str());
      }
      fr.runs.push_back(std::move(r));
    }
    results.push_back(std::move(fr));
  }
  bool junit_ok = junit.empty() || WriteJunit(junit, results);
  if (!junit_ok) std::fprintf(stderr, "tripline test: cannot write %s\n", junit.c_str());
  bool coverage_ok = true;
  if (coverage_on) {
    const TestCoverage::Summary rules = coverage.Rules(*ruleset);
    const TestCoverage::Summary decoders = coverage.Decoders(*ruleset);
    std::printf("coverage:\n");
    PrintCoverage(decoders, "decoders");
    PrintCoverage(rules, "rules");
    std::printf("decoders: %zu/%zu reached (%s)\n", decoders.reached, decoders.total,
                Percent(decoders.reached, decoders.total).c_str());
    std::printf("rules: %zu/%zu reached (%s)\n", rules.reached, rules.total, Percent(rules.reached, rules.total).c_str());
    if (!coverage_json.empty()) {
      const nlohmann::json doc = {{"decoders", CoverageJson(decoders)}, {"rules", CoverageJson(rules)}};
      coverage_ok = WriteText(coverage_json, doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      if (!coverage_ok) std::fprintf(stderr, "tripline test: cannot write %s\n", coverage_json.c_str());
    }
  }
  if (skipped_files > 0) {
    std::printf("skipped %d geoip file%s (no GeoIP database; use --geoip to run them)\n", skipped_files,
                skipped_files == 1 ? "" : "s");
  }
  std::printf("%d passed, %d failed", passed, failed);
  if (skipped_runs > 0) std::printf(", %d skipped", skipped_runs);
  std::printf("\n");
  return failed == 0 && junit_ok && coverage_ok ? 0 : 1;
}

}  // namespace tripline::cli
