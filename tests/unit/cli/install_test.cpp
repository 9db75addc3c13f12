// `cmake --install` puts the binary, the bundled content, the man page and the documentation in
// the usual places, and the installed binary finds its bundled content without --ruleset.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_support.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

TEST(Install, BinaryContentManPageAndDocs) {
  const fs::path build = fs::path(testing::TriplineBinary()).parent_path().parent_path();
  ASSERT_TRUE(fs::exists(build / "cmake_install.cmake")) << build;
  const fs::path prefix = fs::path(::testing::TempDir()) / ("tripline_install_" + std::to_string(getpid()));
  fs::remove_all(prefix);
  const std::string log = (prefix.string() + ".log");
  const std::string cmd = "cmake --install " + testing::ShellQuote(build.string()) + " --prefix " +
                          testing::ShellQuote(prefix.string()) + " > " + testing::ShellQuote(log) + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << testing::ReadFile(log);

  EXPECT_TRUE(fs::exists(prefix / "bin/tripline"));
  EXPECT_TRUE(fs::exists(prefix / "share/man/man1/tripline.1"));
  EXPECT_TRUE(fs::exists(prefix / "share/doc/tripline/README.md"));
  EXPECT_TRUE(fs::exists(prefix / "share/doc/tripline/limits.md"));
  EXPECT_TRUE(fs::is_directory(prefix / "share/tripline/decoders"));
  EXPECT_TRUE(fs::is_directory(prefix / "share/tripline/rulesets/rules"));

  // The installed binary, run from elsewhere, uses the installed content: the bundled example
  // gives its alerts.
  const std::string out = prefix.string() + "/alerts.json";
  const std::string run = "cd / && " + testing::ShellQuote((prefix / "bin/tripline").string()) + " run " +
                          testing::ShellQuote(testing::SourceDir() + "/examples/soc-lab") + " -o " +
                          testing::ShellQuote(out) + " 2> " + testing::ShellQuote(log);
  const int st = std::system(run.c_str());
  ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << testing::ReadFile(log);
  EXPECT_NE(testing::ReadFile(out).find("\"rule\":"), std::string::npos);
  // ... and only that content: without it the same command finds none.
  fs::remove_all(prefix / "share/tripline");
  const int st2 = std::system(run.c_str());
  EXPECT_TRUE(WIFEXITED(st2) && WEXITSTATUS(st2) != 0);
  EXPECT_NE(testing::ReadFile(log).find("bundled content was not found"), std::string::npos) << testing::ReadFile(log);
  fs::remove_all(prefix);
}

}  // namespace
}  // namespace tripline
