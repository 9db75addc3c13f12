// The rule tree built with the tree index (RuleLoadOptions::tree_index, the default) is the tree
// of the plain rules_list.c walks: same nodes in the same order, same correlation links, same
// diagnostics. Checked on the stock ruleset and on random rule files that exercise if_sid lists
// (several parents, unknown ids, a rule naming itself), if_group, if_level, overwrite (ids below
// 10 included), duplicates, if_matched_sid and if_matched_group.
#include <gtest/gtest.h>

#include <random>

#include "base/ruleset_paths.h"
#include "lists/list_registry.h"
#include "rules_fixture.h"
#include "test_support.h"

namespace tripline::rules::testing {
namespace {

// Everything the tree step decides, one line per fact.
std::string Describe(const RuleSet* rs, const Diagnostics& diags) {
  std::string out = diags.RenderAll();
  if (rs == nullptr) return out + "no rule set\n";
  out += "lists " + std::to_string(rs->correlation_list_count()) + "\nroots";
  for (uint32_t n : rs->roots()) out += " " + std::to_string(n);
  out += "\n";
  for (size_t i = 0; i < rs->nodes().size(); ++i) {
    out += "node " + std::to_string(i) + " rule " + std::to_string(rs->nodes()[i].rule) + ":";
    for (uint32_t c : rs->nodes()[i].children) out += " " + std::to_string(c);
    out += "\n";
  }
  for (const auto& r : rs->rules()) {
    out += "rule " + std::to_string(r->index) + " id " + std::to_string(r->id) + " level " +
           std::to_string(r->level) + " category " + std::to_string(static_cast<int>(r->category)) +
           " search " + std::to_string(static_cast<int>(r->search)) + " list " +
           std::to_string(r->search_list) + " sid_list " + std::to_string(r->sid_list) +
           " group [" + r->group + "] feeds";
    for (int f : r->group_feeds) out += " " + std::to_string(f);
    out += "\n";
  }
  return out + rs->DumpTree();
}

// The first differing line of two descriptions, or "" when they are equal.
std::string FirstDifference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  size_t line = 1, i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '\n') ++line;
    ++i;
  }
  auto line_at = [](const std::string& s, size_t at) {
    size_t start = s.rfind('\n', at == 0 ? 0 : at - 1);
    start = start == std::string::npos ? 0 : start + 1;
    return s.substr(start, s.find('\n', start) - start);
  };
  return "line " + std::to_string(line) + ": index '" + line_at(a, i) + "' plain '" + line_at(b, i) + "'";
}

// Random rule files (the first one the templates, ids 1..7, some missing).
std::vector<std::string> RandomRuleFiles(uint32_t seed) {
  std::mt19937 rng(seed);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> categories = {"syslog", "firewall", "ids", "web-log", "squid", "windows", "ossec"};
  const std::vector<std::string> words = {"alpha", "beta", "gamma", "Auth", "auth_failed", "web", "Web", "acc", "x"};
  const std::vector<std::string> group_patterns = {"alpha", "auth", "^syslog", "^web", "web|acc", "Beta|x", "gamma"};
  auto group_text = [&] {
    std::string g;
    for (int i = static_cast<int>(rng() % 4); i > 0; --i) g += pick(words) + ",";
    return g;
  };
  std::vector<int> ids;
  std::string templates;
  for (size_t i = 0; i < categories.size(); ++i) {
    if (!chance(0.9)) continue;
    templates += "<group name=\"" + categories[i] + ",\"><rule id=\"" + std::to_string(i + 1) +
                 "\" level=\"0\"><category>" + categories[i] + "</category><description>t</description></rule></group>\n";
    ids.push_back(static_cast<int>(i + 1));
  }
  std::vector<std::string> files = {templates};
  int next_id = 100;
  for (int f = 1 + static_cast<int>(rng() % 3); f > 0; --f) {
    std::string body = "<group name=\"" + group_text() + "\">\n";
    for (int k = 5 + static_cast<int>(rng() % 35); k > 0; --k) {
      int id = next_id;
      std::string overwrite;
      if (!ids.empty() && chance(0.05)) {
        id = pick(ids);  // a duplicate, or an overwrite
        if (chance(0.7)) overwrite = " overwrite=\"yes\"";
      } else {
        next_id += 1 + static_cast<int>(rng() % 3);
        if (chance(0.05)) overwrite = " overwrite=\"yes\"";  // of a rule that does not exist
      }
      const int level = std::vector<int>{0, 1, 3, 5, 8, 10, 12, 16}[rng() % 8];
      std::string opts = "<match>m" + std::to_string(k) + "</match>";
      const double mode = std::uniform_real_distribution<double>(0, 1)(rng);
      if (!ids.empty() && mode < 0.55) {
        std::vector<int> pool = ids;
        pool.push_back(99999);          // unknown
        if (chance(0.1)) pool.push_back(id);  // itself
        std::string sids;
        const int n = std::vector<int>{1, 1, 1, 2, 3}[rng() % 5];
        const std::string sep = pick(std::vector<std::string>{", ", ",", " "});
        for (int i = 0; i < n; ++i) sids += (i ? sep : "") + std::to_string(pick(pool));
        if (chance(0.05)) sids += ",";  // a trailing separator attaches by category
        opts += "<if_sid>" + sids + "</if_sid>";
      } else if (mode < 0.65) {
        opts += "<if_group>" + pick(group_patterns) + "</if_group>";
      } else if (mode < 0.67) {
        opts += "<if_level>" + std::to_string(std::vector<int>{1, 3, 5, 10, 16}[rng() % 5]) + "</if_level>";
      } else if (!ids.empty() && mode < 0.75) {
        std::vector<int> pool = ids;
        pool.push_back(99999);
        opts += "<if_matched_sid>" + std::to_string(pick(pool)) + "</if_matched_sid><same_source_ip />";
        if (chance(0.3)) opts += "<if_sid>" + std::to_string(pick(ids)) + "</if_sid>";
      } else if (mode < 0.81) {
        opts += "<if_matched_group>" + pick(words) + "</if_matched_group>";
      } else if (mode < 0.85) {
        opts += "<category>" + pick(categories) + "</category>";
      }
      if (chance(0.4)) opts += "<group>" + group_text() + "</group>";
      body += "  <rule id=\"" + std::to_string(id) + "\" level=\"" + std::to_string(level) + "\"" +
              (chance(0.05) ? " accuracy=\"0\"" : "") + overwrite + ">" + opts +
              "<description>d</description></rule>\n";
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    files.push_back(body + "</group>\n");
  }
  return files;
}

class TreeIndexTest : public RulesTest {
 protected:
  // Loads the same files with the index on and off; returns the first difference ("" if none).
  std::string Compare(const std::vector<std::string>& paths, const DecoderSet& decoders,
                      const ListResolver& resolver) {
    std::string described[2];
    for (int plain = 0; plain < 2; ++plain) {
      RuleLoadOptions opts;
      opts.tree_index = plain == 0;
      Diagnostics diags;
      std::unique_ptr<RuleSet> rs = RuleSet::Load(paths, decoders, resolver, opts, &diags);
      described[plain] = Describe(rs.get(), diags);
    }
    return FirstDifference(described[0], described[1]);
  }
};

TEST_F(TreeIndexTest, RandomRuleFilesGiveTheSameTree) {
  Diagnostics dd;
  std::unique_ptr<DecoderSet> decoders = DecoderSet::Load({WriteTemp(kDecoders)}, {}, &dd);
  ASSERT_TRUE(decoders) << dd.RenderAll();
  const ListResolver no_lists = [](std::string_view) -> const lists::CdbList* { return nullptr; };
  size_t nodes = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::vector<std::string> paths;
    for (const std::string& xml : RandomRuleFiles(seed)) paths.push_back(WriteTemp(xml));
    ASSERT_EQ(Compare(paths, *decoders, no_lists), "") << "seed " << seed;
    Diagnostics diags;
    if (auto rs = RuleSet::Load(paths, *decoders, no_lists, {}, &diags)) nodes += rs->nodes().size();
  }
  EXPECT_GT(nodes, 10000u);  // the files do build sizeable trees
}

TEST_F(TreeIndexTest, StockRulesetGivesTheSameTree) {
  const std::string dir = tripline::testing::StockRulesetDir();
  if (dir.empty()) GTEST_SKIP() << "needs the stock ruleset";
  RulesetSources sources;
  sources.ruleset_dirs = {dir};
  Diagnostics collect;
  const RulesetFiles files = CollectRulesetFiles(sources, &collect);
  std::unique_ptr<DecoderSet> decoders = DecoderSet::Load(files.decoder_files, {}, &collect);
  ASSERT_TRUE(decoders) << collect.RenderAll();
  lists::ListRegistry lists({dir});
  lists.LoadAll(&collect);
  const ListResolver resolver = [&lists](std::string_view p) { return lists.Find(p); };
  EXPECT_EQ(Compare(files.rule_files, *decoders, resolver), "");
}

}  // namespace
}  // namespace tripline::rules::testing
