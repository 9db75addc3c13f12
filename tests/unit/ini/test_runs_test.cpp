// The logtest runs derived from a test file, as ruleset/testing/runtests.py derives them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ini/ini_tests.h"

namespace tripline::ini {
namespace {

using Lines = std::vector<std::string>;

TestFile Build(std::string_view text, Diagnostics* diags = nullptr) {
  IniDocument doc;
  EXPECT_TRUE(ParseIni(text, "t.ini", &doc, nullptr));
  return BuildTestFile(doc, diags);
}

TEST(TestRuns, OneRunPerLogOptionWithExpectations) {
  TestFile f = Build(
      "[Login failed]\n"
      "log 1 pass = Jan 1 sshd: a\n"
      "log 2 pass = Jan 1 sshd: b\n"
      "log 3 fail = Jan 1 sshd: c\n"
      "rule = 5716\n"
      "alert = 5\n"
      "decoder = sshd\n");
  ASSERT_EQ(f.sections.size(), 1u);
  const TestSection& s = f.sections[0];
  EXPECT_EQ(s.name, "Login failed");
  EXPECT_EQ(s.line, 1);
  EXPECT_EQ(s.rule, "5716");
  EXPECT_EQ(s.alert, "5");
  EXPECT_EQ(s.decoder, "sshd");
  ASSERT_EQ(s.runs.size(), 3u);
  EXPECT_EQ(s.runs[0].name, "log 1 pass");
  EXPECT_FALSE(s.runs[0].negate);
  EXPECT_EQ(s.runs[0].events, (Lines{"Jan 1 sshd: a"}));
  EXPECT_EQ(s.runs[0].line, 2);
  EXPECT_EQ(s.runs[0].event_lines, (std::vector<int>{2}));
  EXPECT_EQ(s.runs[2].name, "log 3 fail");
  EXPECT_TRUE(s.runs[2].negate);
}

TEST(TestRuns, RepeatedLogNamesAreOneSessionOfSeveralLines) {
  TestFile f = Build(
      "[frequency]\n"
      "log 1 pass = e1\n"
      "log 1 pass = e2\n"
      "log 1 pass = e3\n"
      "rule = 100\n"
      "alert = 10\n"
      "decoder = x\n");
  ASSERT_EQ(f.sections[0].runs.size(), 1u);
  const TestRun& run = f.sections[0].runs[0];
  EXPECT_EQ(run.events, (Lines{"e1", "e2", "e3"}));
  EXPECT_EQ(run.event_lines, (std::vector<int>{2, 3, 4}));
}

TEST(TestRuns, SuffixDecidesNegation) {
  TestFile f = Build(
      "[s]\n"
      "LOG 1 FAIL = a\n"
      "log 2 = b\n"
      "log 3 failpass = c\n"
      "log 4 passfail = d\n"
      "logs 5 fail = not a run\n"
      "log = not a run either\n"
      "rule =\nalert =\ndecoder =\n");
  const TestSection& s = f.sections[0];
  ASSERT_EQ(s.runs.size(), 4u);
  EXPECT_EQ(s.runs[0].name, "log 1 fail");
  EXPECT_TRUE(s.runs[0].negate);
  EXPECT_FALSE(s.runs[1].negate);  // neither suffix: treated as pass
  EXPECT_FALSE(s.runs[2].negate);
  EXPECT_TRUE(s.runs[3].negate);
  // Empty expectations are present (""), not missing.
  EXPECT_EQ(s.rule, "");
  EXPECT_EQ(s.decoder, "");
}

TEST(TestRuns, EmptyLogValueIsOneEmptyEvent) {
  TestFile f = Build("[s]\nlog 1 pass =\nrule = 1\nalert = 0\ndecoder = d\n");
  EXPECT_EQ(f.sections[0].runs[0].events, (Lines{""}));
}

TEST(TestRuns, EmptyLinesBetweenRepetitionsAreEvents) {
  // Exactly what runtests.py feeds to logtest for the stock firewalld.ini duplicate section.
  TestFile f = Build(
      "[dup]\nlog 3 fail = a\n\nrule = 1\nalert = 3\ndecoder =\n\n"
      "[dup]\nlog 3 fail = b\n\nrule = 1\nalert = 3\ndecoder =\n");
  ASSERT_EQ(f.sections.size(), 1u);
  const TestSection& s = f.sections[0];
  ASSERT_EQ(s.runs.size(), 1u);
  EXPECT_EQ(s.runs[0].events, (Lines{"a", "", "b"}));
  EXPECT_EQ(s.runs[0].event_lines, (std::vector<int>{2, 3, 9}));
  EXPECT_EQ(s.rule, "1\n1");
  EXPECT_EQ(s.decoder, "");  // "" + "" + "" joined by "\n", then right-stripped
}

TEST(TestRuns, DefaultSectionFeedsEverySection) {
  TestFile f = Build(
      "[DEFAULT]\n"
      "decoder = json\n"
      "log 9 pass = shared\n"
      "[a]\n"
      "log 1 pass = own\n"
      "rule = 1\n"
      "alert = 2\n"
      "[b]\n"
      "log 9 pass = replaced\n"
      "rule = 3\n"
      "alert = 4\n");
  ASSERT_EQ(f.sections.size(), 2u);
  EXPECT_EQ(f.sections[0].decoder, "json");
  ASSERT_EQ(f.sections[0].runs.size(), 2u);
  EXPECT_EQ(f.sections[0].runs[0].events, (Lines{"shared"}));  // DEFAULT's items come first
  EXPECT_EQ(f.sections[0].runs[0].line, 3);
  EXPECT_EQ(f.sections[0].runs[1].events, (Lines{"own"}));
  ASSERT_EQ(f.sections[1].runs.size(), 1u);
  EXPECT_EQ(f.sections[1].runs[0].events, (Lines{"replaced"}));
}

TEST(TestRuns, MissingExpectationsAreReported) {
  Diagnostics diags;
  TestFile f = Build("[s]\nlog 1 pass = x\nrule = 1\n", &diags);
  EXPECT_EQ(f.sections[0].rule, "1");
  EXPECT_FALSE(f.sections[0].alert.has_value());
  EXPECT_FALSE(f.sections[0].decoder.has_value());
  EXPECT_FALSE(diags.HasErrors());
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_EQ(diags.items()[0].code, "INI010");
  EXPECT_EQ(diags.items()[0].Render(),
            "t.ini:1:1: warning[INI010]: section [s] has no 'alert' option");
}

TEST(TestRuns, SectionsWithoutLogsHaveNoRuns) {
  TestFile f = Build("[s]\nrule = 1\nalert = 2\ndecoder = d\n");
  ASSERT_EQ(f.sections.size(), 1u);
  EXPECT_TRUE(f.sections[0].runs.empty());
}

TEST(TestFiles, GeoipAndSelection) {
  EXPECT_TRUE(IsGeoipTestFile("tests/test_pcre2_regex_geoip.ini"));
  EXPECT_FALSE(IsGeoipTestFile("tests/sshd.ini"));
  EXPECT_TRUE(TestFileSelected("./tests/sshd.ini", ""));
  EXPECT_TRUE(TestFileSelected("./tests/sshd.ini", "sshd"));
  EXPECT_TRUE(TestFileSelected("./tests/sshd.ini", "sshd.ini"));
  EXPECT_FALSE(TestFileSelected("./tests/sshd.ini", "ssh"));
  // A suffix match, as in runtests.py: "-t sshd" also selects "xsshd.ini".
  EXPECT_TRUE(TestFileSelected("./tests/xsshd.ini", "sshd"));
}

TEST(TestFiles, ListsIniFilesSorted) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "tripline_ini_list_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub.ini");
  for (const char* name : {"b.ini", "a.ini", "c_geoip.ini", "notes.txt"}) {
    std::ofstream(dir / name) << "[s]\n";
  }
  std::vector<std::string> files = ListTestFiles(dir.string(), false);
  EXPECT_EQ(files, (Lines{(dir / "a.ini").string(), (dir / "b.ini").string()}));
  EXPECT_EQ(ListTestFiles(dir.string(), true).size(), 3u);
  TestFile f;
  Diagnostics diags;
  EXPECT_TRUE(LoadTestFile((dir / "a.ini").string(), &f, &diags));
  EXPECT_EQ(f.sections.size(), 1u);
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(ListTestFiles(dir.string(), true).empty());
}

}  // namespace
}  // namespace tripline::ini
