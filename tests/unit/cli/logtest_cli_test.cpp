// `tripline logtest`: the built binary on a bundled ruleset, on a broken decoder file (refused
// with file:line:col, nothing processed) and in -U unit-test mode.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "test_support.h"

namespace tripline {
namespace {

using testing::CommandResult;

// Runs `tripline logtest ARGS < input_file`, capturing stdout and stderr together.
CommandResult RunLogtest(const std::string& args, const std::string& input) {
  // ctest runs tests in parallel processes: one input file per process and call.
  static int calls = 0;
  std::string in = ::testing::TempDir() + "/logtest_input_" + std::to_string(getpid()) + "_" +
                   std::to_string(calls++) + ".txt";
  std::ofstream(in) << input;
  std::string cmd = "'" + testing::TriplineBinary() + "' logtest " + args + " < '" + in + "' 2>&1";
  return testing::RunCommand(cmd);
}

const std::string kSshLine =
    "Dec  4 19:49:25 bastion sshd[4242]: Failed password for ubuntu from 203.0.113.69 port 48310 ssh2\n";

TEST(LogtestCli, JsonOutputOnTheQuickstartRuleset) {
  CommandResult r = RunLogtest("--json --manager-name m --ruleset '" + testing::SourceDir() + "/examples/quickstart'", kSshLine);
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decoder"]["name"], "openssh");
  EXPECT_EQ(j["decoder"]["parent"], "openssh");
  EXPECT_EQ(j["data"]["srcip"], "203.0.113.69");
  EXPECT_EQ(j["data"]["dstuser"], "ubuntu");
  EXPECT_EQ(j["predecoder"]["program_name"], "sshd");
  EXPECT_EQ(j["predecoder"]["hostname"], "bastion");
  EXPECT_EQ(j["location"], "stdin");
  EXPECT_EQ(j["alert"], false);
}

TEST(LogtestCli, BrokenDecoderFileIsRefusedWithPosition) {
  std::string dir = ::testing::TempDir() + "/broken_ruleset_" + std::to_string(getpid());
  std::filesystem::create_directories(dir + "/decoders");
  std::ofstream(dir + "/decoders/bad.xml") << "<decoder name=\"x\">\n  <prematch>^x</prematch>\n  <nonsense>1</nonsense>\n</decoder>\n";
  CommandResult r = RunLogtest("--ruleset '" + dir + "'", kSshLine);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("/decoders/bad.xml:3:3: error[DEC004]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("invalid element <nonsense>"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Phase 1"), std::string::npos) << "no event may be processed:\n" << r.out;
}

TEST(LogtestCli, UnclosedTagIsRefused) {
  std::string dir = ::testing::TempDir() + "/unclosed_ruleset_" + std::to_string(getpid());
  std::filesystem::create_directories(dir + "/decoders");
  std::ofstream(dir + "/decoders/bad.xml") << "<decoder name=\"x\">\n  <prematch>^x</prematch>\n";
  CommandResult r = RunLogtest("--ruleset '" + dir + "'", kSshLine);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("/decoders/bad.xml:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error[XML"), std::string::npos) << r.out;
}

TEST(LogtestCli, UnitTestModeExitCodes) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string rs = "--ruleset '" + testing::StockRulesetDir() + "' ";
  // wazuh-logtest -U: 0 when rule, level and decoder of the last event match.
  EXPECT_EQ(RunLogtest(rs + "-q -U 5760:5:sshd", kSshLine).status, 0);
  EXPECT_EQ(RunLogtest(rs + "-q -U 5760:6:sshd", kSshLine).status, 1);
  // Matching with empty parts exits with the number of empty parts (runtests.py then counts
  // it as a failure of a `pass` run: "no rule, no decoder" is asserted with `fail`).
  EXPECT_EQ(RunLogtest(rs + "-q -U ::", "no decoder and no rule for this\n").status, 3);
  EXPECT_EQ(RunLogtest(rs + "-q -U ::sshd", kSshLine).status, 1);
}

TEST(LogtestCli, TextPhasesLikeWazuhLogtest) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  CommandResult r = RunLogtest("--ruleset '" + testing::StockRulesetDir() + "'", kSshLine);
  ASSERT_EQ(r.status, 0) << r.out;
  for (const char* line : {"**Phase 1: Completed pre-decoding.", "\tfull event: 'Dec  4 19:49:25 bastion sshd",
                           "\ttimestamp: 'Dec  4 19:49:25'", "\thostname: 'bastion'", "\tprogram_name: 'sshd'",
                           "**Phase 2: Completed decoding.", "\tname: 'sshd'", "\tparent: 'sshd'",
                           "\tsrcip: '203.0.113.69'", "**Phase 3: Completed filtering (rules).", "\tid: '5760'",
                           "\tlevel: '5'", "\tgroups: '['syslog', 'sshd', 'authentication_failed']'",
                           "\tmail: 'False'", "**Alert to be generated."}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << "missing: " << line << "\n" << r.out;
  }
}

}  // namespace
}  // namespace tripline
