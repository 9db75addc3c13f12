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

std::string Tmp(const std::string& name) {
  return ::testing::TempDir() + "/run_" + std::to_string(getpid()) + "_" + name;
}

TEST(RunCli, CorpusAlertsIdenticalAtOneAndTwoThreads) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string corpus = testing::SharedDir() + "/corpus";
  const std::string inputs = "'" + corpus + "/cloudtrail' '" + corpus + "/vpcflow' '" + corpus + "/guardduty' '" +
                             corpus + "/loghub'";
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

}  // namespace
}  // namespace tripline
