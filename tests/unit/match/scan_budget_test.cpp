// Regression (found by fuzz_patterns): an OS_Regex pattern whose scan time grows faster than
// the square of the subject length took about a second on a 4.7 KB subject. The step budget
// (OsRegex::kMaxScanSteps) bounds it: no match, counted in limit_hits().
#include <gtest/gtest.h>

#include "match/os_regex.h"
#include "test_support.h"

namespace tripline::match {
namespace {

TEST(OsRegexScanBudget, PathologicalInputStopsAtTheBudget) {
  // Input layout of the fuzz target: <flags byte><pattern>\n<subject>.
  std::string d = testing::ReadFile(testing::SourceDir() + "/tests/data/fuzz/fuzz_patterns-slow-osregex.bin");
  ASSERT_GT(d.size(), 100u);
  std::string rest = d.substr(1);
  size_t nl = rest.find('\n');
  ASSERT_NE(nl, std::string::npos);
  OsRegex re;
  std::string error;
  ASSERT_TRUE(re.Compile(rest.substr(0, nl), d[0] & 3, &error)) << error;
  const std::string subject = rest.substr(nl + 1);
  const uint64_t before = OsRegex::limit_hits();
  Captures caps;
  EXPECT_EQ(re.Match(subject.c_str(), &caps), nullptr);
  EXPECT_GT(OsRegex::limit_hits(), before);
}

TEST(OsRegexScanBudget, LinearScansOfLongLinesAreUnaffected) {
  // A 64 KB line scanned by typical decoder patterns stays far below the budget.
  std::string line(65000, 'a');
  line += " user=root from 10.0.0.1 port 22";
  OsRegex re;
  std::string error;
  ASSERT_TRUE(re.Compile("user=(\\S+) from (\\S+) port (\\d+)", OsRegex::kCaptures, &error)) << error;
  const uint64_t before = OsRegex::limit_hits();
  Captures caps;
  ASSERT_NE(re.Match(line.c_str(), &caps), nullptr);
  ASSERT_EQ(caps.count, 3);
  EXPECT_EQ(caps.Get(0), "root");
  EXPECT_EQ(caps.Get(2), "22");
  EXPECT_EQ(OsRegex::limit_hits(), before);
}

}  // namespace
}  // namespace tripline::match
