// Pre-decodes every line of the loghub corpus (../shared/corpus/loghub/*/*.log) and checks
// general invariants plus a few lines read by hand against docs/wazuh-semantics.md §1.3.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "predecode_test_util.h"
#include "test_support.h"

namespace tripline::predecode_test {
namespace {

namespace fs = std::filesystem;

std::string LoghubDir() { return testing::SharedDir() + "/corpus/loghub"; }

// Lines split on '\n' only: a CRLF file keeps its '\r', as Wazuh's intake does.
std::vector<std::string> Lines(const std::string& path) {
  std::string data = testing::ReadFile(path);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < data.size()) {
    size_t nl = data.find('\n', start);
    if (nl == std::string::npos) nl = data.size();
    lines.push_back(data.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  for (const auto& dir : fs::directory_iterator(LoghubDir())) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() == ".log") files.push_back(f.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Line `n` (1-based) of a corpus file.
std::string Line(const std::string& relative, size_t n) {
  std::vector<std::string> lines = Lines(LoghubDir() + "/" + relative);
  return n <= lines.size() ? lines[n - 1] : "";
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

TEST(Corpus, EveryLinePredecodes) {
  TRIPLINE_REQUIRE_SHARED();
  std::vector<std::string> files = CorpusFiles();
  ASSERT_GE(files.size(), 11u);
  const PredecodeOptions opts = ManagerOptions();
  Event ev;
  size_t total = 0;
  for (const std::string& file : files) {
    const std::string name = fs::path(file).filename().string();
    const bool bsd = name.find("Linux") != std::string::npos || name.find("OpenSSH") != std::string::npos ||
                     name.find("Mac") != std::string::npos || name.find("-syslog") != std::string::npos;
    const bool apache = name.find("Apache") != std::string::npos;
    for (const std::string& line : Lines(file)) {
      ++total;
      ASSERT_TRUE(Predecode(FrameMessage(file, line), opts, &ev)) << file << ": " << line;
      EXPECT_EQ(ev.location, file);
      EXPECT_EQ(ev.full_log, line);
      ASSERT_LE(ev.log_offset, ev.log_buf.size());
      EXPECT_EQ(ev.log_buf.size(), line.size());
      EXPECT_FALSE(ev.hostname.empty());
      // The text decoders see is a suffix of the message, cut at a NUL at most.
      const char* log = ev.log();
      EXPECT_EQ(line.compare(ev.log_offset, std::strlen(log), log), 0) << line;
      if (bsd) {
        // Every line starts with "Mmm dd hh:mm:ss " (1a).
        ASSERT_TRUE(ev.has_timestamp) << line;
        EXPECT_EQ(ev.timestamp, line.substr(0, 15));
      } else if (apache) {
        ASSERT_TRUE(ev.has_timestamp) << line;
        EXPECT_EQ(ev.timestamp, line.substr(1, 24));  // bytes 1..24, no brackets
        EXPECT_EQ(ev.log_offset, 27u);
        EXPECT_FALSE(ev.has_program_name);
        EXPECT_EQ(ev.hostname, kManager);
      } else {
        // loghub's Thunderbird prefix "- 1131566461 2005.11.09 ..." matches no format.
        ASSERT_TRUE(StartsWith(line, "- ")) << line;
        EXPECT_FALSE(ev.has_timestamp) << line;
        EXPECT_FALSE(ev.has_program_name) << line;
        EXPECT_EQ(ev.log_offset, 0u);
        EXPECT_EQ(ev.hostname, kManager);
      }
    }
  }
  EXPECT_GE(total, 11 * 2000u);
}

struct Known {
  const char* file;
  size_t line;
  Expect expect;  // hostname kManager = not parsed
};

TEST(Corpus, HandCheckedLines) {
  TRIPLINE_REQUIRE_SHARED();
  const Known known[] = {
      {"OpenSSH/OpenSSH_2k.log", 1,
       {"Dec 10 06:55:46", "LabSZ", "sshd",
        "reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - "
        "POSSIBLE BREAK-IN ATTEMPT!\r"}},
      {"variants/loghub-OpenSSH-lf.log", 2,
       {"Dec 10 06:55:46", "LabSZ", "sshd", "Invalid user webmaster from 173.234.31.186"}},
      {"Linux/Linux_2k.log", 2,
       {"Jun 14 15:16:02", "combo", "sshd(pam_unix)", "check pass; user unknown\r"}},
      {"variants/loghub-Mac-lf.log", 1,
       {"Jul  1 09:00:55", "calvisitor-10-105-160-95", "kernel",
        "IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 "
        "port = 11 unplug = 0"}},
      {"variants/loghub-Mac-lf.log", 2,
       {"Jul  1 09:01:05", "calvisitor-10-105-160-95", "com.apple.CDScheduler",
        "Thermal pressure state: 1 Memory pressure state: 0"}},
      {"variants/loghub-Mac-lf.log", 3,
       {"Jul  1 09:01:06", "calvisitor-10-105-160-95", "QQ", "FA||Url||taskID[2019352994] dealloc"}},
      {"Apache/Apache_2k.log", 1,
       {"Sun Dec 04 04:47:44 2005", kManager, {},
        "[notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties\r"}},
      {"variants/loghub-Thunderbird-lf.log", 1,
       Unrecognised("- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: "
                    "session closed for user root")},
      {"variants/loghub-Thunderbird-syslog.log", 3,
       {"Nov  9 12:01:01", "dn228", "crond", "(root) CMD (run-parts /etc/cron.hourly)"}},
  };
  for (const Known& k : known) {
    SCOPED_TRACE(std::string(k.file) + ":" + std::to_string(k.line));
    const std::string line = Line(k.file, k.line);
    ASSERT_FALSE(line.empty());
    CheckMessage(line, k.expect);
  }
}

}  // namespace
}  // namespace tripline::predecode_test
