// Wazuh ruleset unit-test files (docs/wazuh-semantics.md §7): the ruleset/testing/tests/*.ini
// format and the logtest runs that ruleset/testing/runtests.py derives from it.
//
// The reader reproduces Python's configparser.RawConfigParser(dict_type=MultiOrderedDict,
// strict=False) as runtests.py uses it: '#'/';' full-line comments only, lowercased option
// names, '=' and ':' delimiters, stripped values, no interpolation, indented continuation
// lines, empty lines kept inside values (trailing ones dropped), repeated option names in a
// section merged into one multi-line value, repeated sections merged, and a [DEFAULT] section
// whose options every section inherits. Every section, option, value line and run keeps its
// source line number for "file:line" messages.
//
// Plain value types owned by the caller; the functions keep no state and are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"

namespace tripline::ini {

// An option as configparser holds it after reading. Its string value is `values` joined
// with "\n"; `values` is exactly that string split on "\n" (never empty).
struct IniOption {
  std::string name;                 // lowercased (ASCII)
  int line = 0;                     // line of the option's first occurrence
  std::vector<std::string> values;  // value lines: first line, continuations, empty lines
  std::vector<int> value_lines;     // source line of each entry of `values`

  // configparser's string value.
  std::string Value() const;
};

struct IniSection {
  std::string name;                // text between the brackets, unchanged
  int line = 0;                    // line of the first header with this name; 0 = none
  std::vector<IniOption> options;  // in order of first occurrence

  // The option called `name` (already lowercase), or nullptr.
  const IniOption* Find(std::string_view name) const;
};

struct IniDocument {
  std::string path;
  IniSection defaults;               // the [DEFAULT] section (empty when the file has none)
  std::vector<IniSection> sections;  // every other section, in order of first header

  // configparser's get(section, option): the section's own value, else [DEFAULT]'s;
  // nullopt when neither has the option.
  std::optional<std::string> Get(const IniSection& section, std::string_view option) const;
  // configparser's items(section): [DEFAULT]'s options (replaced by the section's option of
  // the same name) followed by the section's other options.
  std::vector<const IniOption*> Items(const IniSection& section) const;
};

// Parses INI text. `path` is used for diagnostics only. Problems are added to *diags (may be
// null). The result is false when configparser would have raised: no section header before
// the first option (which also stops parsing), a line that is neither header nor option, an
// empty option name. Text is bytes; whitespace is Python's str.isspace() on UTF-8 text.
bool ParseIni(std::string_view text, const std::string& path, IniDocument* doc,
              Diagnostics* diags);
// Reads and parses a file. False, with a diagnostic, when it cannot be read or parsed.
bool ReadIniFile(const std::string& path, IniDocument* doc, Diagnostics* diags);

// One wazuh-logtest process of runtests.py: one "log ..." option of a section.
struct TestRun {
  std::string name;                 // the option name, e.g. "log 1 pass"
  int line = 0;                     // line of the option's first occurrence
  bool negate = false;              // name ends with "fail" (and not "pass"): expects exit != 0
  std::vector<std::string> events;  // the value split on "\n", fed in order to one session
  std::vector<int> event_lines;     // source line of each event
};

struct TestSection {
  std::string name;
  int line = 0;
  // Expected rule id, level and decoder name (configparser values). nullopt when the option
  // is missing, where runtests.py stops with NoOptionError.
  std::optional<std::string> rule;
  std::optional<std::string> alert;
  std::optional<std::string> decoder;
  std::vector<TestRun> runs;  // in configparser items() order
};

struct TestFile {
  std::string path;
  std::vector<TestSection> sections;
};

// Derives the sections and runs of a parsed file exactly as runtests.py does. When `diags` is
// given, each section without rule/alert/decoder adds a warning (code INI010).
TestFile BuildTestFile(const IniDocument& doc, Diagnostics* diags = nullptr);
// ReadIniFile + BuildTestFile.
bool LoadTestFile(const std::string& path, TestFile* out, Diagnostics* diags);

// True for the files runtests.py skips unless run with -g (names ending in "geoip.ini").
bool IsGeoipTestFile(std::string_view path);
// runtests.py -t FILTER: FILTER ("" = everything) gets ".ini" appended when it lacks it, and
// a file is selected when its path ends with it.
bool TestFileSelected(std::string_view path, std::string_view filter);
// The regular files named *.ini directly in `dir`, sorted by name, without the geoip ones
// unless `include_geoip`. Empty when the directory cannot be read.
std::vector<std::string> ListTestFiles(const std::string& dir, bool include_geoip);

}  // namespace tripline::ini
