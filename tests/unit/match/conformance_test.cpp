// Every pattern case recorded from Wazuh 4.14.7 (../shared/conformance/patterns-dev.jsonl):
// compile result, match result and captures must all agree.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "match/os_regex.h"
#include "match/pattern.h"
#include "test_support.h"

namespace tripline::match {
namespace {

struct Outcome {
  bool compiled = false;
  bool matched = false;
  std::vector<std::string> captures;
};

std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// Runs one case the way the reference harness compiled it: "+s" = decoder <regex> (captures),
// "+c" = case-sensitive flag.
Outcome RunCase(const std::string& type, const std::string& pattern, const std::string& subject) {
  const bool substrings = type.find("+s") != std::string::npos;
  const bool case_sensitive = type.find("+c") != std::string::npos;
  const std::string base = type.substr(0, type.find('+'));
  PatternType t = PatternType::kString;
  if (base != "string") t = *ParsePatternType(base);
  int flags = 0;
  if (case_sensitive) flags |= OsRegex::kCaseSensitive;
  if (substrings && t == PatternType::kOsRegex) flags |= OsRegex::kCaptures;

  Outcome out;
  Pattern p;
  std::string error;
  out.compiled = p.Compile(t, pattern, false, flags, &error);
  if (!out.compiled) return out;
  Captures caps;
  out.matched = p.MatchEnd(subject.c_str(), &caps) != nullptr;
  if (out.matched) {
    for (int i = 0; i < caps.count; ++i) out.captures.emplace_back(caps.Get(i));
  }
  return out;
}

TEST(PatternConformance, EveryRecordedCaseAgreesWithWazuh) {
  TRIPLINE_REQUIRE_SHARED();
  const std::string path = testing::SharedDir() + "/conformance/patterns-dev.jsonl";
  std::ifstream in(path, std::ios::binary);
  if (!in) GTEST_SKIP() << path << " not found";
  int total = 0;
  int passed = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto c = nlohmann::json::parse(line);
    ++total;
    const std::string type = c["type"];
    const std::string pattern = c["pattern"];
    const std::string subject = c["subject"];
    const Outcome got = RunCase(type, pattern, subject);
    const bool want_compiled = c["compiled"].get<int>() != 0;
    std::ostringstream why;
    if (got.compiled != want_compiled) {
      why << "compiled " << got.compiled << ", want " << want_compiled;
    } else if (want_compiled) {
      const bool want_match = c["match"].get<int>() != 0;
      std::vector<std::string> want_caps;
      std::vector<std::string> got_caps = got.captures;
      if (c.contains("captures_hex")) {
        for (const auto& h : c["captures_hex"]) want_caps.push_back(h.get<std::string>());
        for (auto& g : got_caps) g = Hex(g);
      } else if (c["captures"].is_array()) {
        for (const auto& s : c["captures"]) want_caps.push_back(s.get<std::string>());
      }
      if (got.matched != want_match) {
        why << "match " << got.matched << ", want " << want_match;
      } else if (got_caps != want_caps) {
        why << "captures [";
        for (const auto& g : got_caps) why << "\"" << g << "\" ";
        why << "], want [";
        for (const auto& w : want_caps) why << "\"" << w << "\" ";
        why << "]";
      }
    }
    if (why.str().empty()) {
      ++passed;
    } else {
      ADD_FAILURE() << "case " << c["id"] << " " << type << " pattern=" << nlohmann::json(pattern).dump()
                    << " subject=" << nlohmann::json(subject).dump().substr(0, 120) << ": " << why.str();
    }
  }
  EXPECT_EQ(total, 670);
  std::cout << "[conformance] " << passed << "/" << total << " pattern cases agree\n";
}

}  // namespace
}  // namespace tripline::match
