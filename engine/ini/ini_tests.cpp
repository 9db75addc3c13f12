#include "ini/ini_tests.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace tripline::ini {
namespace {

constexpr char kDefaultSection[] = "DEFAULT";

// Byte length of the Python whitespace character (str.isspace()) that starts at s[i] in
// UTF-8 text, or 0.
size_t SpaceAt(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  unsigned char c = b(0);
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return 1;
  if (c == 0xC2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;                 // U+0085, U+00A0
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;                   // U+1680
  if (c == 0xE2 && b(1) == 0x80) {  // U+2000..U+200A, U+2028, U+2029, U+202F
    unsigned char d = b(2);
    if ((d >= 0x80 && d <= 0x8A) || d == 0xA8 || d == 0xA9 || d == 0xAF) return 3;
  }
  if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // U+3000
  return 0;
}

// Byte length of the Python whitespace character that ends just before s[end], or 0.
size_t SpaceBefore(std::string_view s, size_t end) {
  for (size_t len = 1; len <= 3 && len <= end; ++len) {
    if (SpaceAt(s, end - len) == len) return len;
  }
  return 0;
}

// Python's str.strip(), str.rstrip().
std::string_view RStrip(std::string_view s) {
  size_t end = s.size();
  while (size_t n = SpaceBefore(s, end)) end -= n;
  return s.substr(0, end);
}

std::string_view Strip(std::string_view s) {
  size_t begin = 0;
  while (size_t n = SpaceAt(s, begin)) begin += n;
  return RStrip(s.substr(begin));
}

// NONSPACECRE.search(line).start(): characters (not bytes) before the first non-space.
int IndentLevel(std::string_view line) {
  size_t i = 0;
  int chars = 0;
  while (size_t n = SpaceAt(line, i)) {
    i += n;
    ++chars;
  }
  return chars;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits text into lines the way Python's text mode does (universal newlines: "\n", "\r\n"
// and "\r" all end a line); the terminators are dropped.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
    if (text[end] == '\r' && start < text.size() && text[start] == '\n') ++start;
  }
  return lines;
}

// The section being filled, with an index of its options by name.
struct SectionBuilder {
  IniSection section;
  std::map<std::string, size_t, std::less<>> index;
};

// configparser's `cursect[optname] = [optval]` with a MultiOrderedDict: a new option, or the
// value appended to an existing one. Returns the option's position.
size_t AddOption(SectionBuilder* b, std::string name, std::string value, int line) {
  auto it = b->index.find(name);
  size_t pos;
  if (it == b->index.end()) {
    pos = b->section.options.size();
    b->index.emplace(name, pos);
    b->section.options.push_back({std::move(name), line, {}, {}});
  } else {
    pos = it->second;
  }
  IniOption& opt = b->section.options[pos];
  opt.values.push_back(std::move(value));
  opt.value_lines.push_back(line);
  return pos;
}

// configparser's final '\n'.join(values).rstrip(): the stored parts are stripped, so only
// trailing empty parts go, keeping at least one.
void DropTrailingEmpty(IniSection* s) {
  for (IniOption& opt : s->options) {
    while (opt.values.size() > 1 && opt.values.back().empty()) {
      opt.values.pop_back();
      opt.value_lines.pop_back();
    }
  }
}

}  // namespace

std::string IniOption::Value() const {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += '\n';
    out += values[i];
  }
  return out;
}

const IniOption* IniSection::Find(std::string_view name) const {
  for (const IniOption& opt : options) {
    if (opt.name == name) return &opt;
  }
  return nullptr;
}

std::optional<std::string> IniDocument::Get(const IniSection& section,
                                            std::string_view option) const {
  if (const IniOption* opt = section.Find(option)) return opt->Value();
  if (const IniOption* opt = defaults.Find(option)) return opt->Value();
  return std::nullopt;
}

std::vector<const IniOption*> IniDocument::Items(const IniSection& section) const {
  std::vector<const IniOption*> items;
  for (const IniOption& opt : defaults.options) {
    const IniOption* own = section.Find(opt.name);
    items.push_back(own != nullptr ? own : &opt);
  }
  for (const IniOption& opt : section.options) {
    if (defaults.Find(opt.name) == nullptr) items.push_back(&opt);
  }
  return items;
}

bool ParseIni(std::string_view text, const std::string& path, IniDocument* doc,
              Diagnostics* diags) {
  Diagnostics ignored;
  if (diags == nullptr) diags = &ignored;
  *doc = IniDocument();
  doc->path = path;
  std::vector<SectionBuilder> sections;
  std::map<std::string, size_t, std::less<>> section_index;
  SectionBuilder defaults;
  defaults.section.name = kDefaultSection;

  SectionBuilder* cursect = nullptr;  // configparser's cursect
  // configparser's optname: the option continuation and empty lines go to. `optname_set` is
  // false before the first option of a section and after an option with an empty name.
  size_t optname = 0;  // index in cursect->section.options
  bool optname_set = false;
  int indent_level = 0;
  bool ok = true;

  std::vector<std::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int lineno = static_cast<int>(i) + 1;
    std::string_view line = lines[i];
    std::string_view value = Strip(line);
    if (!value.empty() && (value.front() == '#' || value.front() == ';')) continue;  // comment
    if (value.empty()) {
      // An empty line belongs to the current value (dropped at the end if trailing).
      if (cursect != nullptr && optname_set) {
        IniOption& opt = cursect->section.options[optname];
        opt.values.emplace_back();
        opt.value_lines.push_back(lineno);
      }
      continue;
    }
    const int cur_indent_level = IndentLevel(line);
    if (cursect != nullptr && optname_set && cur_indent_level > indent_level) {
      // Continuation line, whatever it looks like.
      IniOption& opt = cursect->section.options[optname];
      opt.values.emplace_back(value);
      opt.value_lines.push_back(lineno);
      continue;
    }
    indent_level = cur_indent_level;
    // Section header: '[' NAME ']' with NAME ending at the last ']' (text after it ignored).
    size_t close = value.rfind(']');
    if (value.front() == '[' && close != std::string_view::npos && close >= 2) {
      std::string name(value.substr(1, close - 1));
      if (name == kDefaultSection) {
        cursect = &defaults;
      } else {
        auto it = section_index.find(name);
        if (it == section_index.end()) {
          it = section_index.emplace(name, sections.size()).first;
          sections.push_back({});
          sections.back().section.name = name;
          sections.back().section.line = lineno;
        }
        cursect = &sections[it->second];
      }
      if (cursect == &defaults && defaults.section.line == 0) defaults.section.line = lineno;
      optname_set = false;
      continue;
    }
    if (cursect == nullptr) {
      diags->Error("INI002", {path, lineno, 1},
                   "file contains no section headers: '" + std::string(value) + "'");
      return false;  // configparser raises MissingSectionHeaderError here
    }
    size_t delim = value.find_first_of("=:");
    if (delim == std::string_view::npos) {
      diags->Error("INI003", {path, lineno, 1},
                   "line is neither a [section] header nor a 'name = value' option: '" +
                       std::string(value) + "'");
      ok = false;
      continue;
    }
    std::string name = AsciiLower(RStrip(value.substr(0, delim)));
    if (name.empty()) {
      diags->Error("INI004", {path, lineno, 1},
                   "option without a name: '" + std::string(value) + "'");
      ok = false;  // configparser records the error and still stores the option
    }
    optname_set = !name.empty();
    optname = AddOption(cursect, std::move(name), std::string(Strip(value.substr(delim + 1))),
                        lineno);
  }

  DropTrailingEmpty(&defaults.section);
  doc->defaults = std::move(defaults.section);
  doc->sections.reserve(sections.size());
  for (SectionBuilder& b : sections) {
    DropTrailingEmpty(&b.section);
    doc->sections.push_back(std::move(b.section));
  }
  return ok;
}

bool ReadIniFile(const std::string& path, IniDocument* doc, Diagnostics* diags) {
  Diagnostics ignored;
  if (diags == nullptr) diags = &ignored;
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec)) {
    *doc = IniDocument();
    doc->path = path;
    diags->Error("INI001", {path, 0, 0}, "cannot read test file");
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseIni(ss.str(), path, doc, diags);
}

TestFile BuildTestFile(const IniDocument& doc, Diagnostics* diags) {
  TestFile file;
  file.path = doc.path;
  for (const IniSection& s : doc.sections) {
    TestSection ts;
    ts.name = s.name;
    ts.line = s.line;
    ts.rule = doc.Get(s, "rule");
    ts.alert = doc.Get(s, "alert");
    ts.decoder = doc.Get(s, "decoder");
    if (diags != nullptr) {
      for (const char* key : {"rule", "alert", "decoder"}) {
        if (!doc.Get(s, key)) {
          diags->Warning("INI010", {doc.path, s.line, 1},
                         "section [" + s.name + "] has no '" + key + "' option");
        }
      }
    }
    for (const IniOption* opt : doc.Items(s)) {
      if (opt->name.compare(0, 4, "log ") != 0) continue;
      TestRun run;
      run.name = opt->name;
      run.line = opt->line;
      run.negate = !EndsWith(opt->name, "pass") && EndsWith(opt->name, "fail");
      run.events = opt->values;
      run.event_lines = opt->value_lines;
      ts.runs.push_back(std::move(run));
    }
    file.sections.push_back(std::move(ts));
  }
  return file;
}

bool LoadTestFile(const std::string& path, TestFile* out, Diagnostics* diags) {
  IniDocument doc;
  bool ok = ReadIniFile(path, &doc, diags);
  *out = BuildTestFile(doc, diags);
  return ok;
}

bool IsGeoipTestFile(std::string_view path) { return EndsWith(path, "geoip.ini"); }

bool TestFileSelected(std::string_view path, std::string_view filter) {
  if (filter.empty()) return true;
  std::string suffix(filter);
  if (!EndsWith(suffix, ".ini")) suffix += ".ini";
  return EndsWith(path, suffix);
}

std::vector<std::string> ListTestFiles(const std::string& dir, bool include_geoip) {
  std::vector<std::string> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!EndsWith(name, ".ini") || !it->is_regular_file(ec)) continue;
    if (!include_geoip && IsGeoipTestFile(name)) continue;
    files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace tripline::ini
