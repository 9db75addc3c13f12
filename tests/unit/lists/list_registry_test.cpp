// ListRegistry path rules, and every stock list file loaded.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "lists/list_registry.h"
#include "test_support.h"

namespace tripline::lists {
namespace {

namespace fs = std::filesystem;

TEST(ListRegistryPaths, ListName) {
  EXPECT_EQ(ListRegistry::ListName("etc/lists/audit-keys"), "audit-keys");
  EXPECT_EQ(ListRegistry::ListName("etc/lists/audit-keys.cdb"), "audit-keys");
  EXPECT_EQ(ListRegistry::ListName("etc/lists/amazon/aws-eventnames"), "amazon/aws-eventnames");
  EXPECT_EQ(ListRegistry::ListName("lists/audit-keys"), std::nullopt);
  EXPECT_EQ(ListRegistry::ListName("/var/ossec/etc/lists/audit-keys"), std::nullopt);
  EXPECT_EQ(ListRegistry::ListName("etc/lists/"), std::nullopt);
  EXPECT_EQ(ListRegistry::ListName("etc/lists/.cdb"), std::nullopt);
  EXPECT_EQ(ListRegistry::ListName("etc/lists//x"), std::nullopt);
  EXPECT_EQ(ListRegistry::ListName("etc/lists/../x"), std::nullopt);
  EXPECT_EQ(ListRegistry::ListName("etc/lists/a/./x"), std::nullopt);
  EXPECT_EQ(ListRegistry::ListName("etc/lists/a/"), std::nullopt);
}

class ListRegistryDirs : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("tripline_lists_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    Write("stock/lists/users", "root:stock\nadmin:\n");
    Write("stock/lists/sub/ips", "10.1.:net\n");
    Write("stock/lists/compiled.cdb", "binary");
    Write("custom/lists/users", "root:custom\n");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  std::string Dir(const char* name) const { return (root_ / name).string(); }

  fs::path root_;
};

TEST_F(ListRegistryDirs, LastStackedDirectoryWins) {
  ListRegistry reg({Dir("stock"), Dir("custom") + "/"});
  EXPECT_EQ(reg.Resolve("etc/lists/users"), Dir("custom") + "/lists/users");
  EXPECT_EQ(reg.Resolve("etc/lists/sub/ips.cdb"), Dir("stock") + "/lists/sub/ips");
  EXPECT_EQ(reg.Resolve("etc/lists/none"), "");
  std::string error;
  const CdbList* users = reg.Load("etc/lists/users", &error);
  ASSERT_NE(users, nullptr) << error;
  EXPECT_EQ(*users->Find("root"), "custom");
  EXPECT_EQ(users->Find("admin"), nullptr);  // files are not merged
}

TEST_F(ListRegistryDirs, BothPathFormsShareOneList) {
  ListRegistry reg;
  reg.AddRulesetDir(Dir("stock"));
  std::string error;
  const CdbList* a = reg.Load("etc/lists/sub/ips", &error);
  ASSERT_NE(a, nullptr) << error;
  EXPECT_EQ(reg.Load("etc/lists/sub/ips.cdb", &error), a);
  EXPECT_EQ(reg.Find("etc/lists/sub/ips.cdb"), a);
  EXPECT_EQ(reg.size(), 1u);
  EXPECT_TRUE(a->Check(Lookup::kAddressMatchKey, "10.1.9.9", nullptr));
}

TEST_F(ListRegistryDirs, MissingListsAreReported) {
  ListRegistry reg({Dir("stock")});
  std::string error;
  EXPECT_EQ(reg.Load("etc/lists/amazon/aws-eventnames", &error), nullptr);
  EXPECT_NE(error.find("etc/lists/amazon/aws-eventnames"), std::string::npos);
  EXPECT_NE(error.find(Dir("stock") + "/lists"), std::string::npos) << error;
  error.clear();
  EXPECT_EQ(reg.Load("ruleset/lists/users", &error), nullptr);
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(reg.Find("etc/lists/amazon/aws-eventnames"), nullptr);
  EXPECT_EQ(reg.size(), 0u);
}

TEST_F(ListRegistryDirs, LoadAllSkipsCompiledFiles) {
  ListRegistry reg({Dir("stock"), Dir("custom")});
  Diagnostics diags;
  EXPECT_EQ(reg.LoadAll(&diags), 2u);
  EXPECT_FALSE(diags.HasErrors()) << diags.RenderAll();
  EXPECT_EQ(reg.Names(), (std::vector<std::string>{"sub/ips", "users"}));
  EXPECT_EQ(*reg.Find("etc/lists/users")->Find("root"), "custom");
}

// ---- The stock lists -------------------------------------------------------------------------

struct StockList {
  const char* name;
  size_t keys;     // distinct keys
  size_t records;  // lines with a record
};

// Counted from the files: one record per line, except malware-hashes, whose key
// 3ba8a562...72d9 appears twice.
constexpr StockList kStockLists[] = {
    {"amazon/aws-eventnames", 347, 347},
    {"amazon/aws-sources", 1, 1},
    {"audit-keys", 5, 5},
    {"malicious-ioc/malicious-domains", 200, 200},
    {"malicious-ioc/malicious-ip", 199, 199},
    {"malicious-ioc/malware-hashes", 199, 200},
    {"security-eventchannel", 160, 160},
};

TEST(StockLists, EveryFileLoadsWithItsEntries) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  ListRegistry reg({testing::StockRulesetDir()});
  Diagnostics diags;
  EXPECT_EQ(reg.LoadAll(&diags), std::size(kStockLists));
  EXPECT_FALSE(diags.HasErrors()) << diags.RenderAll();
  for (const StockList& s : kStockLists) {
    const CdbList* list = reg.Find(std::string("etc/lists/") + s.name);
    ASSERT_NE(list, nullptr) << s.name;
    EXPECT_EQ(list->size(), s.keys) << s.name;
    EXPECT_EQ(list->record_count(), s.records) << s.name;
  }
}

TEST(StockLists, KnownKeys) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  ListRegistry reg({testing::StockRulesetDir()});
  std::string error;
  auto load = [&](const char* path) {
    const CdbList* list = reg.Load(path, &error);
    EXPECT_NE(list, nullptr) << error;
    return list;
  };

  const CdbList* audit = load("etc/lists/audit-keys");
  ASSERT_NE(audit, nullptr);
  EXPECT_EQ(*audit->Find("audit-wazuh-w"), "write");
  EXPECT_EQ(*audit->Find("audit-wazuh-x"), "execute");

  const CdbList* ips = load("etc/lists/malicious-ioc/malicious-ip");
  ASSERT_NE(ips, nullptr);
  EXPECT_TRUE(ips->Check(Lookup::kMatchKey, "196.251.67.42", nullptr));
  EXPECT_EQ(*ips->Find("209.38.228.147"), "");  // last line
  EXPECT_FALSE(ips->Check(Lookup::kMatchKey, "196.251.67.4", nullptr));

  const CdbList* hashes = load("etc/lists/malicious-ioc/malware-hashes");
  ASSERT_NE(hashes, nullptr);
  EXPECT_EQ(*hashes->Find("2fe6a7ae63c878bd84d7b829349b309e7c84194ddbb6a779816f5b84cd8ad45d"),
            "DarkComet");
  // Listed twice (SmokeLoader, then Gh0stRAT): the first wins.
  EXPECT_EQ(*hashes->Find("3ba8a562f78af7776675f128f12777144fc3c73a471d8efb1950728179bb72d9"),
            "SmokeLoader");

  const CdbList* events = load("etc/lists/security-eventchannel");
  ASSERT_NE(events, nullptr);
  EXPECT_TRUE(events->Check(Lookup::kMatchKey, "4625", nullptr));
  EXPECT_TRUE(events->Check(Lookup::kNotMatchKey, "4626", nullptr));

  const CdbList* aws = load("etc/lists/amazon/aws-eventnames.cdb");
  ASSERT_NE(aws, nullptr);
  EXPECT_EQ(*aws->Find("AttachLoadBalancers"), "Autoscaling");
  EXPECT_NE(aws->Find("TEMPLATE"), nullptr);

  const CdbList* domains = load("etc/lists/malicious-ioc/malicious-domains");
  ASSERT_NE(domains, nullptr);
  EXPECT_TRUE(domains->Check(Lookup::kMatchKey, "warildisgr.pro", nullptr));
}

}  // namespace
}  // namespace tripline::lists
