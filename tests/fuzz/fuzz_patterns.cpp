// Fuzz target: the OS_Regex, OS_Match and PCRE2 compilers and matchers. The input is
// "<flags byte><pattern>\n<subject>".
#include <cstddef>
#include <cstdint>
#include <string>

#include "match/os_match.h"
#include "match/os_regex.h"
#include "match/pcre2_pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int flags = data[0];
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  size_t nl = rest.find('\n');
  std::string pattern = rest.substr(0, nl);
  std::string subject = nl == std::string::npos ? "" : rest.substr(nl + 1);
  std::string error;
  tripline::match::Captures caps;
  tripline::match::OsRegex re;
  if (re.Compile(pattern, flags & 3, &error)) re.Match(subject.c_str(), &caps);
  tripline::match::OsMatch om;
  if (om.Compile(pattern, &error)) om.Match(subject.c_str());
  if (flags & 4) {
    tripline::match::Pcre2Pattern p;
    tripline::match::Pcre2Limits limits;
    limits.match_limit = 100000;
    limits.depth_limit = 1000;
    if (p.Compile(pattern, &error, limits)) p.Match(subject.c_str(), &caps);
  }
  return 0;
}
