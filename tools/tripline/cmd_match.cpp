// tripline match: compiles one pattern and tests it on every stdin line, printing one JSON
// object per line.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"
#include "match/pattern.h"

namespace tripline::cli {
namespace {

constexpr const char* kUsage =
    "usage: tripline match --type osregex|osmatch|pcre2|string [--captures] [--case-sensitive] PATTERN\n";

constexpr const char* kHelp =
    "\n"
    "Compiles PATTERN the way Wazuh 4.x does and tests it on every line read from stdin (the\n"
    "trailing newline is removed, nothing else). For each line it prints one JSON object:\n"
    "  {\"compiled\":true,\"match\":true}\n"
    "  {\"compiled\":true,\"match\":true,\"captures\":[\"a\",\"b\"]}   (with --captures)\n"
    "  {\"compiled\":false,\"error\":\"...\"}                      (invalid PATTERN)\n"
    "\n"
    "options:\n"
    "  --type T          osregex (OS_Regex), osmatch (OS_Match), pcre2 (PCRE2, options 0) or\n"
    "                    string (exact, case-sensitive equality)\n"
    "  --captures        compile as a decoder <regex> does and print the captures: OS_Regex\n"
    "                    with OS_RETURN_SUBSTRING, PCRE2 groups 1..n; always [] for the others\n"
    "  --case-sensitive  OS_CASE_SENSITIVE for osregex and osmatch (the pattern is not\n"
    "                    lowercased; the subject still is). No effect on pcre2 and string.\n"
    "  -h, --help        this text\n"
    "  --                ends the options (for a PATTERN that starts with '-')\n"
    "\n"
    "Strings are written as UTF-8 JSON. A byte that is not part of valid UTF-8 is written as\n"
    "\\u00XX, where XX is the byte's value in hex (so \\u00e9 alone means the byte 0xE9, not U+00E9\n"
    "encoded as UTF-8).\n"
    "\n"
    "Exit status: 0, or 2 on a usage error.\n";

// Length of the valid UTF-8 sequence starting at s[i], or 0 when s[i] does not start one.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // up to U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return len;
}

void AppendJsonString(std::string_view s, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (size_t len = Utf8SequenceLength(s, i)) {
        out->append(s.substr(i, len));
        i += len;
      } else {
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

int UsageError(const std::string& message) {
  std::fprintf(stderr, "tripline match: %s\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace

int RunMatch(int argc, char** argv) {
  std::optional<std::string> type_name;
  std::optional<std::string> pattern;
  bool want_captures = false;
  bool case_sensitive = false;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!options_done && (arg == "-h" || arg == "--help")) {
      std::printf("%s%s", kUsage, kHelp);
      return 0;
    }
    if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg == "--type") {
      if (i + 1 >= argc) return UsageError("--type needs a value");
      type_name = argv[++i];
    } else if (!options_done && arg.substr(0, 7) == "--type=") {
      type_name = std::string(arg.substr(7));
    } else if (!options_done && arg == "--captures") {
      want_captures = true;
    } else if (!options_done && arg == "--case-sensitive") {
      case_sensitive = true;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return UsageError("unknown option '" + std::string(arg) + "'");
    } else if (!pattern) {
      pattern = std::string(arg);
    } else {
      return UsageError("only one PATTERN is allowed");
    }
  }
  if (!type_name) return UsageError("--type is required");
  if (!pattern) return UsageError("PATTERN is required");

  match::PatternType type;
  if (*type_name == "string") {
    type = match::PatternType::kString;
  } else if (auto parsed = match::ParsePatternType(*type_name)) {
    type = *parsed;
  } else {
    return UsageError("unknown --type '" + *type_name + "'");
  }
  int flags = 0;
  if (case_sensitive) flags |= match::OsRegex::kCaseSensitive;
  if (want_captures && type == match::PatternType::kOsRegex) flags |= match::OsRegex::kCaptures;

  match::Pattern compiled;
  std::string error;
  const bool ok = compiled.Compile(type, *pattern, false, flags, &error);

  std::string failure_line;
  if (!ok) {
    failure_line = "{\"compiled\":false,\"error\":";
    AppendJsonString(error, &failure_line);
    failure_line += "}\n";
  }
  match::Captures caps;
  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    if (!ok) {
      std::fwrite(failure_line.data(), 1, failure_line.size(), stdout);
      continue;
    }
    const bool matched = compiled.MatchEnd(line.c_str(), &caps) != nullptr;
    out = "{\"compiled\":true,\"match\":";
    out += matched ? "true" : "false";
    if (want_captures) {
      out += ",\"captures\":[";
      for (int i = 0; matched && i < caps.count; ++i) {
        if (i > 0) out.push_back(',');
        AppendJsonString(caps.Get(i), &out);
      }
      out.push_back(']');
    }
    out += "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace tripline::cli
