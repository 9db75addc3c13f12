// The Wazuh stock test suite (../shared/wazuh-ruleset/testing/tests) read as runtests.py reads it:
// the sizes of docs/wazuh-semantics.md §7.2.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ini/ini_tests.h"
#include "test_support.h"

namespace tripline::ini {
namespace {

struct SuiteCounts {
  int files = 0;
  int sections = 0;
  int runs = 0;
  int lines = 0;
  int fail_runs = 0;
  int multi_line_runs = 0;
};

SuiteCounts Count(const std::vector<std::string>& files, Diagnostics* diags) {
  SuiteCounts c;
  for (const std::string& path : files) {
    TestFile f;
    EXPECT_TRUE(LoadTestFile(path, &f, diags)) << path;
    ++c.files;
    for (const TestSection& s : f.sections) {
      ++c.sections;
      for (const TestRun& r : s.runs) {
        ++c.runs;
        c.lines += static_cast<int>(r.events.size());
        if (r.negate) ++c.fail_runs;
        if (r.events.size() > 1) ++c.multi_line_runs;
      }
    }
  }
  return c;
}

std::string TestsDir() { return testing::StockRulesetDir() + "/testing/tests"; }

std::vector<std::string> GeoipOnly() {
  std::vector<std::string> geoip;
  for (const std::string& f : ListTestFiles(TestsDir(), true)) {
    if (IsGeoipTestFile(f)) geoip.push_back(f);
  }
  return geoip;
}

TEST(StockSuite, DefaultRunMatchesRuntestsCounts) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  Diagnostics diags;
  SuiteCounts c = Count(ListTestFiles(TestsDir(), false), &diags);
  EXPECT_EQ(c.files, 103);
  EXPECT_EQ(c.sections, 1545);
  EXPECT_EQ(c.runs, 1770);
  EXPECT_EQ(c.lines, 2014);
  EXPECT_EQ(c.fail_runs, 64);
  EXPECT_EQ(c.multi_line_runs, 54);
  // Every stock section has its three expectations.
  EXPECT_TRUE(diags.items().empty()) << diags.RenderAll();
}

TEST(StockSuite, GeoipFilesMatchRuntestsCounts) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  Diagnostics diags;
  SuiteCounts c = Count(GeoipOnly(), &diags);
  EXPECT_EQ(c.files, 4);
  EXPECT_EQ(c.sections, 18);
  EXPECT_EQ(c.runs, 18);
  EXPECT_EQ(c.lines, 42);
  EXPECT_EQ(c.fail_runs, 2);
  EXPECT_EQ(c.multi_line_runs, 4);
  EXPECT_TRUE(diags.items().empty()) << diags.RenderAll();
}

TEST(StockSuite, FiftyEightRunsFeedSeveralLines) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  SuiteCounts c = Count(ListTestFiles(TestsDir(), true), nullptr);
  EXPECT_EQ(c.files, 107);
  EXPECT_EQ(c.multi_line_runs, 58);
}

const TestSection* FindSection(const TestFile& f, const std::string& name) {
  for (const TestSection& s : f.sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(StockSuite, KnownCorrelationAndDuplicateSections) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  // iptables 4151 is fed 18 lines in one session (§7.2).
  TestFile iptables;
  ASSERT_TRUE(LoadTestFile(TestsDir() + "/iptables.ini", &iptables, nullptr));
  int longest = 0;
  for (const TestSection& s : iptables.sections) {
    for (const TestRun& r : s.runs) {
      if (s.rule == "4151") longest = std::max(longest, static_cast<int>(r.events.size()));
    }
  }
  EXPECT_EQ(longest, 18);

  // firewalld.ini repeats a section: merged, so its run gets a's line, an empty line, b's line.
  TestFile firewalld;
  ASSERT_TRUE(LoadTestFile(TestsDir() + "/firewalld.ini", &firewalld, nullptr));
  const TestSection* dup = FindSection(firewalld, "Incorrect chain/target/match.");
  ASSERT_NE(dup, nullptr);
  ASSERT_EQ(dup->runs.size(), 1u);
  ASSERT_EQ(dup->runs[0].events.size(), 3u);
  EXPECT_EQ(dup->runs[0].events[1], "");
  EXPECT_TRUE(dup->runs[0].negate);
  EXPECT_EQ(dup->rule, "40902\n40902");

  // macos.ini has CRLF line endings.
  TestFile macos;
  ASSERT_TRUE(LoadTestFile(TestsDir() + "/macos.ini", &macos, nullptr));
  ASSERT_FALSE(macos.sections.empty());
  EXPECT_EQ(macos.sections[0].rule, "89600");
  EXPECT_EQ(macos.sections[0].runs[0].events[0].back(), ')');
}

}  // namespace
}  // namespace tripline::ini
