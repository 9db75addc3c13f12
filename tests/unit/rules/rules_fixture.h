// Shared fixture of the rules-layer tests: writes decoder and rule XML snippets to temporary
// files, loads them, and builds events by hand (field by field) so the tests exercise the rule
// semantics of docs/wazuh-semantics.md §4-§5 independently of pre-decoding.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decode/decoder.h"
#include "event/event.h"
#include "lists/cdb_list.h"
#include "rules/rule_set.h"
#include "rules/session.h"

namespace tripline::rules::testing {

// The seven stock template rules (0010-rules_config.xml): level 0, noalert, one per category.
inline constexpr const char* kTemplates = R"(
<group name="syslog,">
  <rule id="1" level="0" noalert="1">
    <category>syslog</category>
    <description>Generic template for all syslog rules.</description>
  </rule>
</group>
<group name="firewall,">
  <rule id="2" level="0" noalert="1">
    <category>firewall</category>
    <description>Generic template for all firewall rules.</description>
  </rule>
</group>
<group name="ids,">
  <rule id="3" level="0" noalert="1">
    <category>ids</category>
    <description>Generic template for all ids rules.</description>
  </rule>
</group>
<group name="web-log,">
  <rule id="4" level="0" noalert="1">
    <category>web-log</category>
    <description>Generic template for all web rules.</description>
  </rule>
</group>
<group name="squid,">
  <rule id="5" level="0" noalert="1">
    <category>squid</category>
    <description>Generic template for all web proxy rules.</description>
  </rule>
</group>
<group name="windows,">
  <rule id="6" level="0" noalert="1">
    <category>windows</category>
    <description>Generic template for all windows rules.</description>
  </rule>
</group>
<group name="ossec,">
  <rule id="7" level="0" noalert="1">
    <category>ossec</category>
    <description>Generic template for all wazuh rules.</description>
  </rule>
</group>
)";

// Decoders the tests refer to by name. Events get their decoder assigned directly.
inline constexpr const char* kDecoders = R"(
<decoder name="sshd">
  <program_name>^sshd</program_name>
</decoder>
<decoder name="web">
  <prematch>^web </prematch>
  <type>web-log</type>
</decoder>
<decoder name="fw">
  <prematch>^fw </prematch>
  <type>firewall</type>
</decoder>
<decoder name="ids">
  <prematch>^ids </prematch>
  <regex offset="after_prematch">^(\S+) (\S+) (\S+)</regex>
  <order>srcip, user, sig</order>
  <fts>name, srcip, sig</fts>
  <type>ids</type>
</decoder>
<decoder name="acc">
  <prematch>^acc </prematch>
  <regex offset="after_prematch">^id=(\S+) user=(\S*) ip=(\S*)</regex>
  <order>id, user, srcip</order>
  <accumulate/>
</decoder>
<decoder name="ftsdec">
  <prematch>^fts </prematch>
  <regex offset="after_prematch">^(\S+) (\S+)</regex>
  <order>user, port_name</order>
  <fts>name, user, location, port_name</fts>
</decoder>
)";

inline constexpr int64_t kT0 = 1700000000;  // a fixed processing time (seconds)

class RulesTest : public ::testing::Test {
 protected:
  std::string WriteTemp(const std::string& content, const std::string& suffix = ".xml") {
    std::string path = ::testing::TempDir() + "/tripline_rules_" +
                       std::to_string(::getpid()) + "_" + std::to_string(counter_++) + suffix;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  // Loads kDecoders (once per test) and the given rule files (each a string of XML).
  // Returns false when the rule set failed to load; diags_ holds the diagnostics.
  bool Load(const std::vector<std::string>& rule_files, RuleLoadOptions opts = {}) {
    if (!decoders_) {
      Diagnostics dd;
      decoders_ = DecoderSet::Load({WriteTemp(kDecoders)}, {}, &dd);
      EXPECT_TRUE(decoders_) << dd.RenderAll();
      if (!decoders_) return false;
    }
    paths_.clear();
    for (const std::string& xml : rule_files) paths_.push_back(WriteTemp(xml));
    diags_ = Diagnostics();
    ListResolver resolver = [this](std::string_view path) -> const lists::CdbList* {
      auto it = lists_.find(std::string(path));
      return it == lists_.end() ? nullptr : &it->second;
    };
    rules_ = RuleSet::Load(paths_, *decoders_, resolver, opts, &diags_);
    if (rules_) session_ = std::make_unique<Session>(*rules_, session_opts_);
    return rules_ != nullptr;
  }
  // Templates + one rule file.
  bool LoadWithTemplates(const std::string& xml, RuleLoadOptions opts = {}) {
    return Load({kTemplates, xml}, opts);
  }

  void AddList(const std::string& path, const std::string& text) { lists_[path].LoadText(text); }

  const Decoder* DecoderNamed(const std::string& own_name) const {
    for (const auto& d : decoders_->decoders()) {
      if (d->own_name == own_name) return d.get();
    }
    ADD_FAILURE() << "no decoder " << own_name;
    return nullptr;
  }

  // A fresh event: `log` is both full_log and log; local agent "000", location "stdin".
  Event& NewEvent(const std::string& log, const std::string& decoder = "",
                  const std::string& program = "") {
    ev_.Reset();
    ev_.full_log = log;
    ev_.log_buf = log;
    ev_.log_offset = 0;
    ev_.location = "stdin";
    ev_.agent_id = "000";
    ev_.hostname = "manager";
    if (!program.empty()) {
      ev_.program_name = program;
      ev_.has_program_name = true;
    }
    if (!decoder.empty()) ev_.decoder = DecoderNamed(decoder);
    return ev_;
  }

  // Runs the current event through the session at time `now`.
  const MatchResult& Run(int64_t now = kT0, bool trace = false) {
    EventTime t = EventTime::FromEpoch(now);
    return session_->Process(ev_, t, trace);
  }
  // Runs with an explicit local time of day / weekday.
  const MatchResult& RunAt(int hour, int minute, int weekday, int64_t now = kT0) {
    EventTime t;
    t.now = now;
    t.hour = hour;
    t.minute = minute;
    t.weekday = weekday;
    return session_->Process(ev_, t, false);
  }

  // Id of the matched rule, or 0.
  static int IdOf(const MatchResult& r) { return r.rule ? r.rule->id : 0; }

  bool HasDiag(const std::string& code, const std::string& text_part) const {
    for (const Diagnostic& d : diags_.items()) {
      if (d.code == code && d.message.find(text_part) != std::string::npos) return true;
    }
    return false;
  }
  const Diagnostic* FindDiag(const std::string& code) const {
    for (const Diagnostic& d : diags_.items()) {
      if (d.code == code) return &d;
    }
    return nullptr;
  }

  std::unique_ptr<DecoderSet> decoders_;
  std::unique_ptr<RuleSet> rules_;
  std::unique_ptr<Session> session_;
  SessionOptions session_opts_;
  Diagnostics diags_;
  std::vector<std::string> paths_;
  std::map<std::string, lists::CdbList> lists_;
  Event ev_;
  static inline int counter_ = 0;
};

}  // namespace tripline::rules::testing
