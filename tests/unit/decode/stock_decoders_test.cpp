// The Wazuh stock decoders: they load without diagnostics, and every run of Wazuh's own .ini
// suite that names a decoder (and expects to pass) gets that decoder for its last line
// (docs §7.1), with the test
// decoders provisioned as runtests.py provisions them.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "base/ruleset_paths.h"
#include "decode/decoder.h"
#include "ini/ini_tests.h"
#include "predecode/predecode.h"
#include "test_support.h"

namespace tripline {
namespace {

std::vector<std::string> StockDecoderFiles(bool with_test_decoders, Diagnostics* diags) {
  RulesetSources src;
  src.ruleset_dirs = {testing::StockRulesetDir()};
  if (with_test_decoders) {
    for (const auto& e : std::filesystem::directory_iterator(testing::StockRulesetDir() + "/testing/ruleset")) {
      std::string name = e.path().filename().string();
      if (name.rfind("test_", 0) == 0 && name.size() > 13 && name.substr(name.size() - 13) == "_decoders.xml") {
        src.decoder_paths.push_back(e.path().string());
      }
    }
  }
  return CollectRulesetFiles(src, diags).decoder_files;
}

TEST(StockDecoders, LoadWithoutDiagnostics) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  Diagnostics diags;
  auto files = StockDecoderFiles(false, &diags);
  EXPECT_EQ(files.size(), 120u);
  auto set = DecoderSet::Load(files, {}, &diags);
  ASSERT_TRUE(set) << diags.RenderAll();
  EXPECT_TRUE(diags.items().empty()) << diags.RenderAll();
  // 1581 <decoder tags in the files, 6 of them inside comments.
  EXPECT_EQ(set->size(), 1575u);
}

TEST(StockDecoders, IniSuiteDecoderOfLastLine) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  Diagnostics diags;
  auto set = DecoderSet::Load(StockDecoderFiles(true, &diags), {}, &diags);
  ASSERT_TRUE(set) << diags.RenderAll();

  PredecodeOptions popts;
  popts.manager_host = "tripline";
  Event ev;
  match::Captures caps;
  int checked = 0;
  std::vector<std::string> failures;
  const std::string dir = testing::StockRulesetDir() + "/testing/tests";
  for (const std::string& path : ini::ListTestFiles(dir, /*include_geoip=*/true)) {
    ini::TestFile tf;
    ASSERT_TRUE(ini::LoadTestFile(path, &tf, nullptr)) << path;
    for (const ini::TestSection& sec : tf.sections) {
      if (!sec.decoder || sec.decoder->empty()) continue;
      for (const ini::TestRun& run : sec.runs) {
        std::string got;
        for (const std::string& line : run.events) {
          if (line.empty()) continue;  // wazuh-logtest skips empty input lines
          got.clear();
          if (!Predecode(FrameMessage("stdin", line), popts, &ev)) continue;
          set->Decode(&ev, &caps);
          if (ev.decoder) got = ev.decoder->name;
        }
        // A `fail` run asserts that rule, level and decoder do NOT all match; its decoder may
        // legitimately differ, so only `pass` runs are held to the decoder here.
        if (run.negate) continue;
        ++checked;
        if (got != *sec.decoder) {
          failures.push_back(std::filesystem::path(path).filename().string() + " [" + sec.name + "] " + run.name +
                             ": expected '" + *sec.decoder + "', got '" + got + "'");
        }
      }
    }
  }
  EXPECT_GT(checked, 1700);
  std::string report;
  for (const auto& f : failures) report += f + "\n";
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << checked << " runs differ:\n" << report;
}

}  // namespace
}  // namespace tripline
