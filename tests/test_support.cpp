#include "test_support.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tripline::testing {

std::string SharedDir() {
  std::filesystem::path p(TRIPLINE_SHARED_DIR);
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return "";
  return std::filesystem::canonical(p, ec).string();
}

std::string StockRulesetDir() {
  std::string shared = SharedDir();
  if (shared.empty()) return "";
  std::string dir = shared + "/wazuh-ruleset";
  std::error_code ec;
  return std::filesystem::is_directory(dir + "/decoders", ec) ? dir : "";
}

std::string SourceDir() { return TRIPLINE_SOURCE_DIR; }
std::string TriplineBinary() { return TRIPLINE_BINARY; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

CommandResult RunCommand(const std::string& cmd) {
  CommandResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) r.out.append(buf, n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace tripline::testing
