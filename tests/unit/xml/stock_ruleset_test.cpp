// Every XML file of the Wazuh stock ruleset parses without a diagnostic, with the expected
// number of decoders and rules, and quickly.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"
#include "xml/wazuh_xml.h"

namespace tripline::xml {
namespace {

struct XmlFile {
  std::string path;
  std::string content;
};

std::vector<XmlFile> ReadXmlFiles(const std::string& dir) {
  std::vector<XmlFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".xml") {
      files.push_back({entry.path().string(), testing::ReadFile(entry.path().string())});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const XmlFile& a, const XmlFile& b) { return a.path < b.path; });
  return files;
}

// Parses every file, expecting no diagnostic at all, and returns the documents.
std::vector<Document> ParseAll(const std::vector<XmlFile>& files) {
  std::vector<Document> docs;
  for (const XmlFile& f : files) {
    Document doc;
    Diagnostics diags;
    EXPECT_TRUE(Parse(f.path, f.content, &doc, &diags)) << diags.RenderAll();
    EXPECT_TRUE(diags.items().empty()) << diags.RenderAll();
    docs.push_back(std::move(doc));
  }
  return docs;
}

TEST(StockRuleset, DecodersParse) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  auto files = ReadXmlFiles(testing::StockRulesetDir() + "/decoders");
  ASSERT_EQ(files.size(), 120u);
  int decoders = 0;
  for (const Document& doc : ParseAll(files)) {
    for (const Node& root : doc.roots) {
      EXPECT_EQ(root.name, "decoder") << doc.path << ":" << root.line;
      ASSERT_NE(root.FindAttr("name"), nullptr) << doc.path << ":" << root.line;
      ++decoders;
    }
  }
  // The files hold 1581 "<decoder" start tags, 6 of them inside comments.
  EXPECT_EQ(decoders, 1575);
}

TEST(StockRuleset, RulesParse) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  auto files = ReadXmlFiles(testing::StockRulesetDir() + "/rules");
  ASSERT_EQ(files.size(), 168u);
  int rules = 0;
  for (const Document& doc : ParseAll(files)) {
    for (const Node& root : doc.roots) {
      EXPECT_EQ(root.name, "group") << doc.path << ":" << root.line;
      for (const Node& child : root.children) {
        if (child.name == "rule") ++rules;
      }
    }
  }
  // The files hold 4515 "<rule" start tags, 3 of them inside comments.
  EXPECT_EQ(rules, 4512);
}

TEST(StockRuleset, VariablesAreExpanded) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  std::string path = testing::StockRulesetDir() + "/rules/0580-win-security_rules.xml";
  Document doc;
  Diagnostics diags;
  ASSERT_TRUE(ParseFile(path, &doc, &diags)) << diags.RenderAll();
  bool found = false;
  bool kept_field_reference = false;
  for (const Node& group : doc.roots) {
    for (const Node& rule : group.children) {
      for (const Attr& a : rule.attrs) {
        EXPECT_EQ(a.value.find("$MS_FREQ"), std::string::npos) << a.line;
        if (a.name == "frequency" && a.value == "8") found = true;
      }
      for (const Node& el : rule.children) {
        EXPECT_EQ(el.text.find("$MS_FREQ"), std::string::npos) << el.line;
        if (el.text == "Security Enabled Global Group Member Added $(win.eventdata.memberSid)") {
          kept_field_reference = true;
        }
      }
    }
  }
  EXPECT_TRUE(found) << "no frequency=\"$MS_FREQ\" expanded to 8";
  EXPECT_TRUE(kept_field_reference) << "a $(field) reference was changed";
}

TEST(StockRuleset, TestingRulesetParses) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  auto files = ReadXmlFiles(testing::StockRulesetDir() + "/testing/ruleset");
  ASSERT_FALSE(files.empty());
  auto docs = ParseAll(files);
  EXPECT_EQ(docs.size(), files.size());
}

TEST(StockRuleset, ParsesQuickly) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  std::vector<XmlFile> files;
  for (const char* sub : {"/decoders", "/rules", "/testing/ruleset"}) {
    auto more = ReadXmlFiles(testing::StockRulesetDir() + sub);
    files.insert(files.end(), more.begin(), more.end());
  }
  auto start = std::chrono::steady_clock::now();
  size_t roots = 0;
  for (const XmlFile& f : files) {
    Document doc;
    Diagnostics diags;
    ASSERT_TRUE(Parse(f.path, f.content, &doc, &diags));
    roots += doc.roots.size();
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("parsed %zu files (%zu roots) in %.2f ms\n", files.size(), roots, ms);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  EXPECT_LT(ms, 50.0);
#endif
}

}  // namespace
}  // namespace tripline::xml
