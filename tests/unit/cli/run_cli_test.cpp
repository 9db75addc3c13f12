// `tripline run`: the whole corpus through the stock ruleset gives byte-identical alerts at 1
// and 2 threads; the summary accounts for every record; bad inputs are reported, counted and
// do not stop the run.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "test_support.h"

namespace tripline {
namespace {

struct Result {
  std::string err;
  int status = -1;
};

Result RunTripline(const std::string& args) {
  std::string err_file = ::testing::TempDir() + "/run_err_" + std::to_string(getpid()) + ".txt";
  std::string cmd = "'" + testing::TriplineBinary() + "' run " + args + " 2> '" + err_file + "' > /dev/null";
  int st = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.err = testing::ReadFile(err_file);
  return r;
}

// The corpus folders, quoted for the shell (without the loghub lines under ThreadSanitizer,
// which runs too slowly for them).
std::string CorpusInputs() {
  const std::string corpus = testing::SharedDir() + "/corpus";
  std::string inputs;
  for (const char* kind : {"cloudtrail", "vpcflow", "guardduty", "loghub"}) {
    if (testing::kThreadSanitizer && std::string(kind) == "loghub") continue;
    inputs += " " + testing::ShellQuote(corpus + "/" + kind);
  }
  return inputs;
}

std::string Tmp(const std::string& name) {
  return ::testing::TempDir() + "/run_" + std::to_string(getpid()) + "_" + name;
}

TEST(RunCli, CorpusAlertsIdenticalAtOneAndTwoThreads) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string inputs = CorpusInputs();
  const std::string rs = "--ruleset '" + testing::StockRulesetDir() + "' ";
  for (const char* mode : {"event", "processing"}) {
    SCOPED_TRACE(mode);
    std::string a = Tmp(std::string(mode) + "_1.json"), b = Tmp(std::string(mode) + "_2.json");
    std::string stats = Tmp(std::string(mode) + "_stats.json");
    // Processing time stamps alerts with the wall clock: pin the manager name only and compare
    // everything but the timestamp and id for that mode.
    Result r1 = RunTripline(rs + "--time " + mode + " --threads 1 -o '" + a + "' --stats '" + stats + "' " + inputs);
    ASSERT_EQ(r1.status, 0) << r1.err;
    Result r2 = RunTripline(rs + "--time " + mode + " --threads 2 -o '" + b + "' " + inputs);
    ASSERT_EQ(r2.status, 0) << r2.err;
    std::string one = testing::ReadFile(a), two = testing::ReadFile(b);
    ASSERT_GT(one.size(), 1000u);
    if (std::string(mode) == "event") {
      EXPECT_TRUE(one == two) << "alert streams differ between 1 and 2 threads";
    } else {
      std::istringstream s1(one), s2(two);
      std::string l1, l2;
      size_t n = 0;
      while (std::getline(s1, l1) && std::getline(s2, l2)) {
        auto j1 = nlohmann::ordered_json::parse(l1), j2 = nlohmann::ordered_json::parse(l2);
        j1.erase("timestamp");
        j2.erase("timestamp");
        j1.erase("id");
        j2.erase("id");
        ASSERT_EQ(j1, j2) << "alert " << n;
        ++n;
      }
      EXPECT_GT(n, 100u);
    }
    auto st = nlohmann::json::parse(testing::ReadFile(stats));
    uint64_t cloudtrail = 0;
    for (const auto& in : st["inputs"]) {
      if (in["kind"] == "cloudtrail") cloudtrail += in["records"].get<uint64_t>();
      EXPECT_TRUE(in["rejected"].empty()) << in.dump();
    }
    EXPECT_EQ(cloudtrail, 807u);  // corpus/cloudtrail/SOURCES.md: 310 + 22 + 475 records
    EXPECT_GT(st["alerts"]["total"].get<uint64_t>(), 100u);
  }
}

// --reference-paths switches every fast path off; the alerts are byte for byte the same, at 2
// threads, on the whole corpus.
TEST(RunCli, ReferencePathsGiveTheSameAlerts) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string inputs = CorpusInputs();
  const std::string rs = "--ruleset '" + testing::StockRulesetDir() + "' --time event --threads 2 ";
  std::string fast = Tmp("fast.json"), reference = Tmp("reference.json");
  Result r1 = RunTripline(rs + "-o '" + fast + "' " + inputs);
  ASSERT_EQ(r1.status, 0) << r1.err;
  Result r2 = RunTripline(rs + "--reference-paths -o '" + reference + "' " + inputs);
  ASSERT_EQ(r2.status, 0) << r2.err;
  std::string a = testing::ReadFile(fast), b = testing::ReadFile(reference);
  EXPECT_GT(a.size(), 1000u);
  EXPECT_TRUE(a == b) << "fast and reference alert streams differ";
}

// A folder and a file without read permission: a clear message, a counted rejection, the other
// inputs processed, exit status 1. As root (which ignores file modes) the run drops to the
// unprivileged user 65534 with setpriv.
TEST(RunCli, UnreadableFolderAndFileAreReported) {
  namespace fs = std::filesystem;
  const fs::path dir = Tmp("unreadable");
  fs::remove_all(dir);
  fs::create_directories(dir / "in" / "locked");
  std::ofstream(dir / "in" / "locked" / "a.log") << "Dec  1 10:00:00 host sshd[1]: hidden\n";
  std::ofstream(dir / "in" / "secret.log") << "Dec  1 10:00:00 host sshd[1]: hidden\n";
  std::ofstream(dir / "in" / "ok.log") << "Dec  1 10:00:00 host sshd[1]: visible\n";
  fs::permissions(dir, fs::perms::all);  // the unprivileged user writes its outputs here
  fs::permissions(dir / "in", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir / "in" / "ok.log", fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir / "in" / "locked", fs::perms::none);
  fs::permissions(dir / "in" / "secret.log", fs::perms::none);
  std::string prefix;
  if (geteuid() == 0) {
    if (std::system("command -v setpriv > /dev/null 2>&1") != 0) GTEST_SKIP() << "root without setpriv";
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  const std::string stats = (dir / "stats.json").string(), err = (dir / "err.txt").string();
  const std::string cmd = prefix + testing::ShellQuote(testing::TriplineBinary()) + " run --ruleset " +
                          testing::ShellQuote(testing::SourceDir() + "/examples/quickstart") + " --stats " +
                          testing::ShellQuote(stats) + " " + testing::ShellQuote((dir / "in").string()) +
                          " > /dev/null 2> " + testing::ShellQuote(err);
  const int st = std::system(cmd.c_str());
  fs::permissions(dir / "in" / "locked", fs::perms::owner_all);
  fs::permissions(dir / "in" / "secret.log", fs::perms::owner_all);
  const std::string out = testing::ReadFile(err);
  ASSERT_TRUE(WIFEXITED(st)) << out;
  EXPECT_EQ(WEXITSTATUS(st), 1) << out;
  EXPECT_NE(out.find("cannot read directory"), std::string::npos) << out;
  EXPECT_NE(out.find("secret.log"), std::string::npos) << out;
  auto j = nlohmann::json::parse(testing::ReadFile(stats));
  uint64_t events = 0, unreadable = 0;
  for (const auto& in : j["inputs"]) {
    events += in["events"].get<uint64_t>();
    if (in["rejected"].contains("unreadable")) unreadable += in["rejected"]["unreadable"].get<uint64_t>();
  }
  EXPECT_EQ(events, 1u) << j.dump();       // ok.log
  EXPECT_GE(unreadable, 1u) << j.dump();   // secret.log
  fs::remove_all(dir);
}

TEST(RunCli, BadInputsAreCountedAndReported) {
  const std::string dir = Tmp("bad_inputs");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/broken.json") << "{\"Records\":[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventName\":\"A\"},{\"eventName\":";
  std::ofstream(dir + "/flow.log") << "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                                      "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 40 1418530010 1418530070 ACCEPT OK\n"
                                      "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 22\n";
  std::ofstream(dir + "/empty.log");
  const std::string stats = Tmp("bad_stats.json");
  Result r = RunTripline("--ruleset '" + testing::SourceDir() + "/examples/quickstart' --stats '" + stats + "' '" + dir +
                 "' '" + dir + "/does-not-exist'");
  EXPECT_EQ(r.status, 1) << r.err;  // an input could not be read
  EXPECT_NE(r.err.find("does-not-exist"), std::string::npos) << r.err;
  auto st = nlohmann::json::parse(testing::ReadFile(stats));
  uint64_t rejected = 0;
  for (const auto& in : st["inputs"]) {
    for (const auto& [reason, n] : in["rejected"].items()) rejected += n.get<uint64_t>();
  }
  EXPECT_GE(rejected, 3u) << st.dump();  // truncated JSON, short flow line, empty file, missing path
}

// stdin is read in blocks: lines that span blocks, an empty line (skipped), a line longer than
// the limit (cut and counted) and a last line without '\n' each come out as one event.
TEST(RunCli, StdinLinesAcrossBlocksLongAndUnterminated) {
  const std::string dir = Tmp("stdin");
  std::filesystem::create_directories(dir);
  const std::string input = dir + "/input.log";
  {
    std::ofstream out(input);
    for (int i = 0; i < 5000; ++i) {
      out << "Dec  1 10:00:00 host app[1]: line " << i << " " << std::string(40, 'a') << "\n";
      if (i == 2500) out << std::string(100000, 'x') << "\n\n";
    }
    out << "Dec  1 10:00:00 host app[1]: last line";
  }
  const std::string stats = Tmp("stdin_stats.json");
  const std::string cmd = "'" + testing::TriplineBinary() + "' run --ruleset '" + testing::SourceDir() +
                          "/examples/quickstart' --stats '" + stats + "' < '" + input + "' 2>&1 > /dev/null";
  testing::CommandResult r = testing::RunCommand(cmd);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("tripline run: 5002 events"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stdin_lines_truncated=1"), std::string::npos) << r.out;
  auto st = nlohmann::json::parse(testing::ReadFile(stats));
  EXPECT_EQ(st["counters"]["stdin_lines_truncated"].get<uint64_t>(), 1u) << st.dump();
}

// The reader limits are options of `tripline run`: a bound on AWS records rejects the longer
// ones, a shorter line length cuts file and stdin lines; a bad value is a usage error.
TEST(RunCli, ReaderLimitOptions) {
  const std::string dir = Tmp("reader_limits");
  std::filesystem::create_directories(dir + "/in");
  {
    std::ofstream ct(dir + "/in/trail.json");
    ct << R"({"Records":[{"eventVersion":"1.08","eventTime":"2026-12-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.1","pad":")"
       << std::string(2000, 'p') << R"("},{"eventVersion":"1.08","eventTime":"2026-12-01T10:00:01Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.2"}]})";
    std::ofstream(dir + "/in/app.log") << "Dec  1 10:00:00 host app[1]: " << std::string(300, 'y') << "\nDec  1 10:00:01 host app[1]: short\n";
  }
  const std::string rs = "--ruleset '" + testing::SourceDir() + "/examples/quickstart' ";
  const std::string stats = Tmp("reader_limits_stats.json");
  Result r = RunTripline(rs + "--max-aws-record-bytes 1000 --max-line-bytes 100 --stats '" + stats + "' '" + dir + "/in'");
  ASSERT_EQ(r.status, 0) << r.err;
  auto st = nlohmann::json::parse(testing::ReadFile(stats));
  bool seen_trail = false, seen_log = false;
  for (const auto& in : st["inputs"]) {
    const std::string path = in["path"];
    if (path.ends_with("trail.json")) {
      seen_trail = true;
      EXPECT_EQ(in["records"].get<uint64_t>(), 2u) << in.dump();
      EXPECT_EQ(in["rejected"]["too_long"].get<uint64_t>(), 1u) << in.dump();
    } else if (path.ends_with("app.log")) {
      seen_log = true;
      EXPECT_EQ(in["truncated"].get<uint64_t>(), 1u) << in.dump();
      EXPECT_EQ(in["events"].get<uint64_t>(), 2u) << in.dump();
    }
  }
  EXPECT_TRUE(seen_trail && seen_log) << st.dump();

  // Without the options the long record is read and the line kept whole.
  Result plain = RunTripline(rs + "--stats '" + stats + "' '" + dir + "/in'");
  ASSERT_EQ(plain.status, 0) << plain.err;
  st = nlohmann::json::parse(testing::ReadFile(stats));
  for (const auto& in : st["inputs"]) {
    EXPECT_TRUE(in["rejected"].empty()) << in.dump();
    EXPECT_EQ(in["truncated"].get<uint64_t>(), 0u) << in.dump();
  }

  // stdin lines follow --max-line-bytes too.
  const std::string cmd = "'" + testing::TriplineBinary() + "' run " + rs + "--max-line-bytes 100 < '" + dir +
                          "/in/app.log' 2>&1 > /dev/null";
  testing::CommandResult in = testing::RunCommand(cmd);
  EXPECT_EQ(in.status, 0) << in.out;
  EXPECT_NE(in.out.find("stdin_lines_truncated=1"), std::string::npos) << in.out;

  for (const char* bad : {"--max-line-bytes 0", "--max-item-bytes -5", "--max-aws-record-bytes 12x"}) {
    Result u = RunTripline(rs + bad + " '" + dir + "/in'");
    EXPECT_EQ(u.status, 2) << bad << ": " << u.err;
    EXPECT_NE(u.err.find("needs a positive number of bytes"), std::string::npos) << u.err;
  }
}

TEST(RunCli, LimitsAreCountedInTheSummary) {
  // A line longer than Wazuh's logcollector sends is cut and counted; a JSON record nested
  // deeper than cJSON accepts is rejected; the process-wide limit counters are in the summary.
  const std::string dir = Tmp("limits");
  std::filesystem::create_directories(dir);
  const std::string long_line = std::string(100000, 'x');
  std::ofstream(dir + "/long.log") << long_line << "\nshort\n";
  std::ofstream(dir + "/deep.jsonl") << "{\"a\":1}\n{\"a\":" << std::string(1000, '[') << std::string(1000, ']') << "}\n";
  const std::string rs = "--ruleset '" + testing::SourceDir() + "/examples/quickstart' ";
  const std::string stats = Tmp("limits_stats.json");
  Result r = RunTripline(rs + "--stats '" + stats + "' '" + dir + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("long.log:1: line of 100000 bytes cut to its first 65278"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("json_too_deep=1"), std::string::npos) << r.err;
  auto st = nlohmann::json::parse(testing::ReadFile(stats));
  bool seen_long = false, seen_deep = false;
  for (const auto& in : st["inputs"]) {
    const std::string path = in["path"];
    if (path.ends_with("long.log")) {
      seen_long = true;
      EXPECT_EQ(in["truncated"].get<uint64_t>(), 1u);
      EXPECT_EQ(in["events"].get<uint64_t>(), 2u);
    } else if (path.ends_with("deep.jsonl")) {
      seen_deep = true;
      EXPECT_EQ(in["rejected"]["json_too_deep"].get<uint64_t>(), 1u) << in.dump();
    }
  }
  EXPECT_TRUE(seen_long && seen_deep) << st.dump();
  EXPECT_GE(st["counters"]["json_too_deep"].get<uint64_t>(), 1u) << st.dump();
  EXPECT_TRUE(st["counters"].contains("osregex_scan_stopped")) << st.dump();
  EXPECT_TRUE(st["counters"].contains("pcre2_limit_hit")) << st.dump();

  // stdin lines are cut the same way.
  const std::string in = Tmp("limits_stdin.log");
  std::ofstream(in) << long_line << "\n";
  const std::string stdin_stats = Tmp("limits_stdin_stats.json");
  r = RunTripline(rs + "--stats '" + stdin_stats + "' < '" + in + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  auto st2 = nlohmann::json::parse(testing::ReadFile(stdin_stats));
  EXPECT_EQ(st2["counters"]["stdin_lines_truncated"].get<uint64_t>(), 1u) << st2.dump();
}

}  // namespace
}  // namespace tripline
