// `tripline match`: runs the built binary with stdin lines and checks its JSON lines.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>

#include "test_support.h"

namespace tripline {
namespace {

using testing::CommandResult;

// Runs `tripline match ARGS` with `input` on stdin (written with printf '%s').
CommandResult RunMatchCli(const std::string& args, const std::string& input) {
  const std::string cmd = "printf '%s' " + testing::ShellQuote(input) + " | " + testing::ShellQuote(testing::TriplineBinary()) +
                          " match " + args + " 2>/dev/null";
  return testing::RunCommand(cmd);
}

TEST(MatchCli, OsRegexWithCapturesOnePerLine) {
  const auto r = RunMatchCli("--type osregex --captures " + testing::ShellQuote("(\\S+):(\\S+)"), "a:b:c\nnone\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"compiled\":true,\"match\":true,\"captures\":[\"a\",\"b:c\"]}\n"
            "{\"compiled\":true,\"match\":false,\"captures\":[]}\n");
}

TEST(MatchCli, WithoutCapturesTheKeyIsAbsent) {
  const auto r = RunMatchCli("--type osmatch " + testing::ShellQuote("^Failed|^Accepted"), "Accepted password\nx");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "{\"compiled\":true,\"match\":true}\n{\"compiled\":true,\"match\":false}\n");
}

TEST(MatchCli, Pcre2AndString) {
  auto r = RunMatchCli("--type pcre2 --captures " + testing::ShellQuote("(a)|(b)"), "b\n");
  EXPECT_EQ(r.out, "{\"compiled\":true,\"match\":true,\"captures\":[\"\",\"b\"]}\n");
  r = RunMatchCli("--type string abc", "abc\nabc \nABC\n");
  EXPECT_EQ(r.out,
            "{\"compiled\":true,\"match\":true}\n{\"compiled\":true,\"match\":false}\n"
            "{\"compiled\":true,\"match\":false}\n");
}

TEST(MatchCli, CaseSensitiveFlag) {
  const auto r = RunMatchCli("--type osregex --case-sensitive ABC", "ABC\n");
  EXPECT_EQ(r.out, "{\"compiled\":true,\"match\":false}\n");
}

TEST(MatchCli, InvalidPatternReportsOnEveryLine) {
  const auto r = RunMatchCli("--type osregex " + testing::ShellQuote("(a|b)"), "a\nb\n");
  EXPECT_EQ(r.status, 0);
  size_t lines = 0;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t nl = r.out.find('\n', start);
    ASSERT_NE(nl, std::string::npos);
    const auto j = nlohmann::json::parse(r.out.substr(start, nl - start));
    EXPECT_EQ(j["compiled"], false);
    EXPECT_FALSE(j["error"].get<std::string>().empty());
    ++lines;
    start = nl + 1;
  }
  EXPECT_EQ(lines, 2u);
}

TEST(MatchCli, NonUtf8CaptureBytesStayValidJson) {
  // "日" is E6 97 A5; (\S) captures only its first byte.
  const auto r = RunMatchCli("--type osregex --captures " + testing::ShellQuote("(\\S)"), "\xe6\x97\xa5\n");
  EXPECT_EQ(r.out, "{\"compiled\":true,\"match\":true,\"captures\":[\"\\u00e6\"]}\n");
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["captures"][0], "\xc3\xa6");
  const auto utf8 = RunMatchCli("--type osregex --captures " + testing::ShellQuote("(\\S+)"), "caf\xc3\xa9\n");
  EXPECT_EQ(utf8.out, "{\"compiled\":true,\"match\":true,\"captures\":[\"caf\xc3\xa9\"]}\n");
}

TEST(MatchCli, KeepsCarriageReturnAndEscapesControlBytes) {
  const auto r = RunMatchCli("--type osregex --captures " + testing::ShellQuote("(\\.+)"), "a\tb\r\n");
  EXPECT_EQ(r.out, "{\"compiled\":true,\"match\":true,\"captures\":[\"a\\tb\\r\"]}\n");
}

TEST(MatchCli, UsageErrorsExitWith2) {
  EXPECT_EQ(RunMatchCli("abc", "").status, 2);                       // no --type
  EXPECT_EQ(RunMatchCli("--type osregex", "").status, 2);            // no pattern
  EXPECT_EQ(RunMatchCli("--type nope abc", "").status, 2);           // bad type
  EXPECT_EQ(RunMatchCli("--type osregex --bogus abc", "").status, 2);
  EXPECT_EQ(RunMatchCli("--type osregex a b", "").status, 2);
  const auto help = RunMatchCli("--help", "");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("\\u00XX"), std::string::npos);
}

}  // namespace
}  // namespace tripline
