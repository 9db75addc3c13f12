// The Wazuh stock ruleset (v4.14.7) loaded as the stock manager loads it (docs §2.1, §7.3, §8).
#include <gtest/gtest.h>

#include <set>

#include "base/ruleset_paths.h"
#include "decode/decoder.h"
#include "lists/list_registry.h"
#include "rules/rule_set.h"
#include "rules/session.h"
#include "test_support.h"

namespace tripline::rules {
namespace {

class StockRulesetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = tripline::testing::StockRulesetDir();
    if (dir.empty()) return;
    RulesetSources sources;
    sources.ruleset_dirs = {dir};  // rule_excludes defaults to 0215-policy_rules.xml
    Diagnostics collect;
    RulesetFiles files = CollectRulesetFiles(sources, &collect);
    ASSERT_FALSE(collect.HasErrors()) << collect.RenderAll();
    Diagnostics dd;
    decoders_ = DecoderSet::Load(files.decoder_files, {}, &dd).release();
    ASSERT_NE(decoders_, nullptr) << dd.RenderAll();
    // §2.1: the stock manager config loads etc/lists/audit-keys and
    // etc/lists/malicious-ioc/{malware-hashes,malicious-ip,malicious-domains} only.
    lists_ = new lists::ListRegistry({dir});
    for (const char* name : {"etc/lists/audit-keys", "etc/lists/malicious-ioc/malware-hashes",
                             "etc/lists/malicious-ioc/malicious-ip",
                             "etc/lists/malicious-ioc/malicious-domains"}) {
      std::string err;
      ASSERT_NE(lists_->Load(name, &err), nullptr) << err;
    }
    diags_ = new Diagnostics();
    ListResolver resolver = [](std::string_view p) { return lists_->Find(p); };
    rule_files_ = files.rule_files.size();
    rules_ = RuleSet::Load(files.rule_files, *decoders_, resolver, {}, diags_).release();
  }
  static void TearDownTestSuite() {
    delete rules_;
    delete diags_;
    delete lists_;
    delete decoders_;
  }

  void SetUp() override { TRIPLINE_REQUIRE_STOCK_RULESET(); }

  bool HasWarning(const std::string& message) const {
    for (const Diagnostic& d : diags_->items()) {
      if (d.severity == Severity::kWarning && d.message == message) return true;
    }
    return false;
  }

  // Minimal pre-decoding of "Mmm dd hh:mm:ss host prog[pid]: msg" for these tests.
  void SyslogEvent(const std::string& line) {
    ev_.Reset();
    ev_.full_log = line;
    ev_.log_buf = line;
    ev_.location = "stdin";
    ev_.agent_id = "000";
    size_t host_at = 16;
    size_t host_end = line.find(' ', host_at);
    ev_.hostname = line.substr(host_at, host_end - host_at);
    size_t prog_end = line.find_first_of("[:", host_end + 1);
    ev_.program_name = line.substr(host_end + 1, prog_end - host_end - 1);
    ev_.has_program_name = true;
    ev_.timestamp = line.substr(0, 15);
    ev_.has_timestamp = true;
    ev_.log_offset = line.find(": ", prog_end) + 2;
    decoders_->Decode(&ev_, &caps_);
  }

  static inline DecoderSet* decoders_ = nullptr;
  static inline lists::ListRegistry* lists_ = nullptr;
  static inline RuleSet* rules_ = nullptr;
  static inline Diagnostics* diags_ = nullptr;
  static inline size_t rule_files_ = 0;
  Event ev_;
  match::Captures caps_;
};

TEST_F(StockRulesetTest, LoadsWithTheExpectedWarnings) {
  ASSERT_NE(rules_, nullptr) << diags_->RenderAll();
  EXPECT_FALSE(diags_->HasErrors()) << diags_->RenderAll();
  // §7.2: 168 rule files, 0215-policy_rules.xml excluded.
  EXPECT_EQ(rule_files_, 167u);
  // §7.3: 80202's list is not loaded; the skip cascades through if_sid / if_matched_sid.
  EXPECT_TRUE(HasWarning("(7616): List 'etc/lists/amazon/aws-eventnames' could not be loaded. "
                         "Rule '80202' will be ignored."));
  EXPECT_TRUE(HasWarning("(7617): Signature ID '80202' was not found and will be ignored in the "
                         "'if_sid' option of rule '80203'."));
  for (int id : {80202, 80203, 80251, 80253, 80250, 80252}) {
    EXPECT_EQ(rules_->FindRule(id), nullptr) << id;
  }
  EXPECT_NE(rules_->FindRule(80200), nullptr);
  // Every warning is a rule-layer warning with Wazuh's text.
  for (const Diagnostic& d : diags_->items()) {
    EXPECT_EQ(d.code.rfind("RUL", 0), 0u) << d.Render();
  }
  // The templates are the top level.
  std::set<int> roots;
  for (uint32_t n : rules_->roots()) roots.insert(rules_->rules()[rules_->nodes()[n].rule]->id);
  EXPECT_EQ(roots, (std::set<int>{1, 2, 3, 4, 5, 6, 7}));
}

TEST_F(StockRulesetTest, SshdBruteForce) {
  // §5.2: "Verified: 5763 (frequency="8", if_matched_sid 5760) fires on the 8th identical sshd
  // failure, and previous_output holds 7 lines." §4.5: "Verified: frequency rule 5763 fired on
  // events 8, 16 and 24 of a burst, and alert was true, false, false."
  ASSERT_NE(rules_, nullptr);
  Session session(*rules_);
  EventTime t = EventTime::FromEpoch(1796413765);
  std::vector<std::pair<int, bool>> fired;
  for (int i = 1; i <= 24; ++i) {
    SyslogEvent("Dec  4 19:49:25 bastion sshd[1234]: Failed password for root from "
                "203.1.228.69 port 48310 ssh2");
    ASSERT_NE(ev_.decoder, nullptr);
    ASSERT_EQ(ev_.decoder->name, "sshd");
    const MatchResult& r = session.Process(ev_, t);
    ASSERT_NE(r.rule, nullptr) << i;
    if (i < 8) {
      EXPECT_EQ(r.rule->id, 5760) << i;
      EXPECT_EQ(r.rule->level, 5);
      EXPECT_EQ(r.description, "sshd: authentication failed.");
      EXPECT_EQ(r.firedtimes, i);
    }
    if (i == 8) {
      EXPECT_EQ(r.rule->id, 5763);
      EXPECT_EQ(r.rule->level, 10);
      EXPECT_EQ(r.rule->frequency_value(), 8);
      EXPECT_EQ(r.last_events.size(), 7u);
      EXPECT_TRUE(r.has_previous_output());
      EXPECT_EQ(r.firedtimes, 1);
    }
    if (r.rule->id == 5763) fired.emplace_back(i, r.alert);
  }
  EXPECT_EQ(fired, (std::vector<std::pair<int, bool>>{{8, true}, {16, false}, {24, false}}));
}

}  // namespace
}  // namespace tripline::rules
