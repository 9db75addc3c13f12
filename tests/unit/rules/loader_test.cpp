// Rule file reading and validation (docs/wazuh-semantics.md §4.1, §4.2, §4.6, §7.3, §8).
#include <gtest/gtest.h>

#include "rules/time_window.h"
#include "rules_fixture.h"

namespace tripline::rules::testing {
namespace {

using LoaderTest = RulesTest;

// --- elements, concatenation, attributes -------------------------------------------------------

TEST_F(LoaderTest, RepeatedElementsConcatenateAndLastNegateWins) {
  // §4.2: "Repeated text elements are concatenated without a separator ... The negate/type
  // attributes of the last occurrence apply to the whole concatenation."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <match negate="no">foo</match>
    <match negate="yes">bar</match>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  const Rule* r = rules_->FindRule(100);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->match);
  EXPECT_EQ(r->match->text(), "foobar");
  EXPECT_TRUE(r->match->negate());
  NewEvent("xx foobar yy");
  EXPECT_EQ(IdOf(Run()), 0);
  NewEvent("something else");
  EXPECT_EQ(IdOf(Run()), 100);
}

TEST_F(LoaderTest, LastTypeAttributeWinsAndDefaultTypes) {
  // §4.2: the last occurrence's type applies; <regex> defaults to osregex, <action> to string.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <regex type="pcre2">^a</regex>
    <regex>\d+$</regex>
    <action>Deny</action>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  const Rule* r = rules_->FindRule(100);
  EXPECT_EQ(r->regex->text(), "^a\\d+$");
  EXPECT_EQ(r->regex->type(), match::PatternType::kOsRegex);
  EXPECT_EQ(r->action->type(), match::PatternType::kString);
}

TEST_F(LoaderTest, ElementNamesAreCaseInsensitiveExceptSomeSameFields) {
  // §4.2: "Element-name matching is case-insensitive, except same_id, same_url, ... (exact
  // strcmp)".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <MATCH>foo</MATCH>
    <Description>d</Description>
  </rule>
  <rule id="101" level="3">
    <if_matched_sid>100</if_matched_sid>
    <SAME_SRCIP/>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  EXPECT_TRUE(rules_->FindRule(100)->match);
  EXPECT_EQ(rules_->FindRule(101)->same_fields_mask, 1u << kFieldSrcIp);

  EXPECT_FALSE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <if_matched_sid>1</if_matched_sid>
    <Same_Id/>
    <description>d</description>
  </rule>
</group>)"));
  EXPECT_TRUE(HasDiag("RUL007", "Invalid option 'Same_Id' for rule '100'."));
}

TEST_F(LoaderTest, GroupStringIsConcatenatedWithoutSeparator) {
  // §4.1: name + every <group> text, no separator; all '\n' removed; spaces kept.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="syslog,sshd,">
  <rule id="100" level="3">
    <match>a</match>
    <group>authentication_failed,pci_dss_10.2.4,</group>
    <description>d</description>
  </rule>
</group>
<group name="syslog">
  <rule id="101" level="3">
    <match>b</match>
    <group>sshd,</group>
    <group>a, b
,</group>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(100)->group, "syslog,sshd,authentication_failed,pci_dss_10.2.4,");
  EXPECT_EQ(rules_->FindRule(101)->group, "syslogsshd,a, b,");
}

TEST_F(LoaderTest, DescriptionInfoCveAndFirstNewlineOfEachPiece) {
  // §4.2: "Only the first \n of each piece becomes a space"; all <info> / <cve> concatenated.
  ASSERT_TRUE(LoadWithTemplates("<group name=\"t,\"><rule id=\"100\" level=\"3\">"
                                "<match>a</match>"
                                "<description>one\ntwo\nthree</description>"
                                "<description>\nfour</description>"
                                "<info type=\"link\">http://x</info><info>more</info>"
                                "<cve>CVE-1</cve><cve>CVE-2</cve>"
                                "</rule></group>"))
      << diags_.RenderAll();
  const Rule* r = rules_->FindRule(100);
  EXPECT_EQ(r->description, "one two\nthree four");
  EXPECT_EQ(r->info, "http://xmore");
  EXPECT_EQ(r->cve, "CVE-1CVE-2");
}

TEST_F(LoaderTest, RuleAttributes) {
  // §4.1: frequency stored as N-2; maxsize reads only the first 4 digits; timeframe default 360;
  // level 0 with accuracy 0 ends up as 99; noalert "1".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3" maxsize="12345" noalert="1">
    <match>a</match>
    <description>d</description>
  </rule>
  <rule id="101" level="7" frequency="8" timeframe="120" ignore="60">
    <if_matched_sid>100</if_matched_sid>
    <description>d</description>
  </rule>
  <rule id="102" level="0" accuracy="0">
    <match>z</match>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  const Rule* r100 = rules_->FindRule(100);
  EXPECT_EQ(r100->maxsize, 1234);
  EXPECT_TRUE(r100->noalert);
  EXPECT_EQ(r100->timeframe, 360);
  EXPECT_TRUE(r100->extra_info);  // maxsize sets EXTRAINFO
  const Rule* r101 = rules_->FindRule(101);
  EXPECT_EQ(r101->frequency, 6);
  EXPECT_EQ(r101->frequency_value(), 8);
  EXPECT_EQ(r101->timeframe, 120);
  EXPECT_EQ(r101->ignore_time, 60);
  EXPECT_EQ(rules_->FindRule(102)->level, 99);
}

TEST_F(LoaderTest, AttributeErrors) {
  // §4.1: level must be 0..16; a non-digit level is silently ignored, which then fails as
  // "no level"; frequency 2..9999; overwrite yes|no; any other attribute is fatal.
  struct Case {
    const char* attrs;
    const char* message;
  } cases[] = {
      {"id=\"100\" level=\"17\"", "rules_op: Invalid level: 17. Must be an integer between 0 and 16."},
      {"id=\"100\" level=\"high\"", "No rule id or level specified for rule '0'."},
      {"id=\"1234567\" level=\"3\"", "rules_op: Invalid rule id: 1234567. Must be integer (max 6 digits)"},
      {"id=\"100\" level=\"3\" frequency=\"1\"", "Invalid frequency: 1. Must be higher than 1"},
      {"id=\"100\" level=\"3\" overwrite=\"true\"", "Invalid overwrite: true. Can only by 'yes' or 'no'."},
      {"id=\"100\" level=\"3\" color=\"red\"", "rules_op: Invalid attribute \"color\"."},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(LoadWithTemplates(std::string("<group name=\"t,\"><rule ") + c.attrs +
                                   "><match>a</match><description>d</description></rule></group>"))
        << c.attrs;
    EXPECT_TRUE(HasDiag("RUL005", c.message)) << c.attrs << "\n" << diags_.RenderAll();
  }
}

TEST_F(LoaderTest, NoalertAndNegateInvalidValuesOnlyWarn) {
  // §4.1 noalert: "anything else warns and counts as 0"; §4.2 negate: "any other value warns
  // and counts as no".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3" noalert="maybe">
    <match negate="perhaps">a</match>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  EXPECT_FALSE(rules_->FindRule(100)->noalert);
  EXPECT_FALSE(rules_->FindRule(100)->match->negate());
  EXPECT_TRUE(HasDiag("RUL103", "Invalid value for attribute 'noalert'"));
  EXPECT_TRUE(HasDiag("RUL103",
                      "(7600): Invalid value 'perhaps' for attribute 'negate' in rule 100."));
}

TEST_F(LoaderTest, OptionsAndTheNoCounterMaskQuirk) {
  // §4.2 options: one value per element, "a,b" is fatal; "no_email_alert/no_log clear with the
  // mask 0xfff-bit, which also clears no_counter (0x1000) if it was set before".
  // §6.1 mail: level >= email_alert_level (12 in the stock ossec.conf) or alert_by_email,
  // minus no_email_alert.
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="12">
    <match>a</match>
    <options>no_counter</options>
    <options>no_email_alert</options>
    <options>no_full_log</options>
    <description>d</description>
  </rule>
  <rule id="101" level="3">
    <match>b</match>
    <options>alert_by_email</options>
    <options>no_counter</options>
    <description>d</description>
  </rule>
  <rule id="102" level="12">
    <match>c</match>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  const Rule* r100 = rules_->FindRule(100);
  EXPECT_FALSE(r100->mail);
  EXPECT_FALSE(r100->no_counter);
  EXPECT_TRUE(r100->no_full_log);
  EXPECT_TRUE(rules_->FindRule(101)->mail);
  EXPECT_TRUE(rules_->FindRule(101)->no_counter);
  EXPECT_TRUE(rules_->FindRule(102)->mail);

  EXPECT_FALSE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <match>a</match>
    <options>no_full_log,no_counter</options>
    <description>d</description>
  </rule>
</group>)"));
  EXPECT_TRUE(HasDiag("RUL008", "Invalid value for element 'options': no_full_log,no_counter"));
}

TEST_F(LoaderTest, MitreIdsAreStoredAndMixedFormatsDropped) {
  // §4.2 mitre: old <id> format or tacticID+techniqueID; mixing drops with a warning; an
  // unknown child element is an ERROR (logtest then fails the request).
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <match>a</match>
    <mitre><id>T1110</id><id>T1110</id><id>T1021</id></mitre>
    <description>d</description>
  </rule>
  <rule id="101" level="3">
    <match>b</match>
    <mitre><tacticID>TA0006</tacticID><techniqueID>T1110</techniqueID></mitre>
    <mitre><id>T1021</id><tacticID>TA0001</tacticID><techniqueID>T1</techniqueID></mitre>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(100)->mitre_ids, (std::vector<std::string>{"T1110", "T1021"}));
  const Rule* r101 = rules_->FindRule(101);
  ASSERT_EQ(r101->mitre_blocks.size(), 1u);
  EXPECT_EQ(r101->mitre_blocks[0].tactic_id, "TA0006");
  EXPECT_EQ(r101->mitre_blocks[0].technique_id, "T1110");
  EXPECT_TRUE(r101->mitre_ids.empty());
  EXPECT_TRUE(HasDiag("RUL114", "combined old and new Mitre formats in the same block"));

  EXPECT_FALSE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3">
    <match>a</match>
    <mitre><technique>T1110</technique></mitre>
    <description>d</description>
  </rule>
</group>)"));
  EXPECT_TRUE(HasDiag("RUL016", "Invalid option 'technique' for rule '100'"));
}

// --- time / weekday -----------------------------------------------------------------------------

TEST(TimeWindow, StoredForms) {
  // §4.6: stored as "!" or "." + from + to ("HH:MM" each); from > to is stored inverted.
  EXPECT_EQ(ParseTimeRange("6 am - 9:30 pm").value_or("?"), ".06:0021:30");
  EXPECT_EQ(ParseTimeRange("!10:00-11:00").value_or("?"), "!10:0011:00");
  EXPECT_EQ(ParseTimeRange("21:00 - 06:00").value_or("?"), "!06:0021:00");
  EXPECT_EQ(ParseTimeRange("12 am - 12 pm").value_or("?"), ".00:0012:00");
  EXPECT_FALSE(ParseTimeRange("25:00 - 26:00"));
  EXPECT_FALSE(ParseTimeRange("10:00"));
  EXPECT_FALSE(ParseTimeRange("10:00 - 11:00 x"));
  // Inclusive at both ends; for 21:00 - 06:00 the time 21:00 itself is excluded.
  std::string night = *ParseTimeRange("21:00 - 06:00");
  EXPECT_FALSE(TimeInRange("21:00", night));
  EXPECT_TRUE(TimeInRange("21:01", night));
  EXPECT_FALSE(TimeInRange("06:00", night));
  EXPECT_TRUE(TimeInRange("05:59", night));
  std::string day = *ParseTimeRange("06:00 - 21:00");
  EXPECT_TRUE(TimeInRange("06:00", day));
  EXPECT_TRUE(TimeInRange("21:00", day));
  EXPECT_FALSE(TimeInRange("21:01", day));
}

TEST(TimeWindow, Weekdays) {
  // §4.6: names matched case-insensitively as prefixes; a leading '!' makes the value invalid.
  auto d = ParseWeekdays("Mon, friday weekends");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, (std::array<bool, 7>{true, true, false, false, false, true, true}));
  EXPECT_EQ(*ParseWeekdays("weekdays"),
            (std::array<bool, 7>{false, true, true, true, true, true, false}));
  EXPECT_FALSE(ParseWeekdays("!monday"));
  EXPECT_FALSE(ParseWeekdays("mondays"));
  EXPECT_FALSE(ParseWeekdays(""));
}

TEST_F(LoaderTest, InvalidTimeAndWeekdayAreFatal) {
  // §4.2: "Fatal: ... an invalid time/weekday."
  EXPECT_FALSE(LoadWithTemplates(R"(<group name="t,"><rule id="100" level="3">
<time>noon</time><description>d</description></rule></group>)"));
  EXPECT_TRUE(HasDiag("RUL008", "Invalid configuration. Element 'time': noon."));
  EXPECT_FALSE(LoadWithTemplates(R"(<group name="t,"><rule id="100" level="3">
<weekday>!monday</weekday><description>d</description></rule></group>)"));
  EXPECT_TRUE(HasDiag("RUL008", "Invalid day format: '!monday'"));
}

// --- fatal errors with positions ----------------------------------------------------------------

TEST_F(LoaderTest, FatalErrorsPointAtTheElement) {
  ASSERT_FALSE(LoadWithTemplates(
      "<group name=\"t,\">\n"
      "  <rule id=\"100\" level=\"3\">\n"
      "    <match>a</match>\n"
      "    <bogus>x</bogus>\n"
      "    <description>d</description>\n"
      "  </rule>\n"
      "</group>\n"));
  const Diagnostic* d = FindDiag("RUL007");
  ASSERT_NE(d, nullptr) << diags_.RenderAll();
  EXPECT_EQ(d->severity, Severity::kError);
  EXPECT_EQ(d->loc.file, paths_[1]);
  EXPECT_EQ(d->loc.line, 4);
  EXPECT_EQ(d->loc.column, 5);
  EXPECT_EQ(d->message, "Invalid option 'bogus' for rule '100'.");
  EXPECT_EQ(d->Render(), paths_[1] + ":4:5: error[RUL007]: Invalid option 'bogus' for rule '100'.");
}

TEST_F(LoaderTest, StructuralErrors) {
  // §4.1: root elements must be <group name="G"> with exactly one attribute, each group must
  // contain at least one <rule>.
  EXPECT_FALSE(LoadWithTemplates("<rules><rule id=\"100\" level=\"1\"/></rules>"));
  EXPECT_TRUE(HasDiag("RUL002", "Invalid root element \"rules\""));
  EXPECT_FALSE(LoadWithTemplates("<group name=\"a\" x=\"b\"><rule id=\"100\" level=\"1\"/></group>"));
  EXPECT_TRUE(HasDiag("RUL002", "Only the group name is allowed"));
  EXPECT_FALSE(LoadWithTemplates("<group name=\"a\"></group>"));
  EXPECT_TRUE(HasDiag("RUL003", "without any rule"));
  EXPECT_FALSE(LoadWithTemplates("<group name=\"a\"><decoder/></group>"));
  EXPECT_TRUE(HasDiag("RUL004", "'decoder' is not a valid element"));
  // §4.2: "Fatal: a rule with no child elements".
  EXPECT_FALSE(LoadWithTemplates("<group name=\"a\"><rule id=\"100\" level=\"1\"/></group>"));
  EXPECT_TRUE(HasDiag("RUL006", "Rule '100' without any option."));
  // §4.2: description "Required (missing is fatal)".
  EXPECT_FALSE(LoadWithTemplates(
      "<group name=\"a\"><rule id=\"100\" level=\"1\"><match>x</match></rule></group>"));
  EXPECT_TRUE(HasDiag("RUL011", "No such description at rule '100'."));
}

TEST_F(LoaderTest, ValueErrorsAreFatal) {
  struct Case {
    const char* body;
    const char* code;
    const char* message;
  } cases[] = {
      // §4.2 decoded_as: "An unknown decoder name is fatal."
      {"<decoded_as>nope</decoded_as>", "RUL009", "Invalid decoder name: 'nope'."},
      // §4.2 category: anything else than the 7 names is fatal (case-sensitive).
      {"<category>Syslog</category>", "RUL008", "Invalid category 'Syslog' chosen."},
      // §4.2 compiled_rule: an unknown name is fatal.
      {"<compiled_rule>nope</compiled_rule>", "RUL008", "Compiled rule not found: 'nope'"},
      // §4.2 field: N must not be one of the static names.
      {"<field name=\"srcip\">x</field>", "RUL015", "Field 'srcip' is static."},
      // §3.8: "An invalid address is a fatal rule error."
      {"<srcip>1.2.3.400</srcip>", "RUL008", "Invalid ip address: '1.2.3.400'."},
      // §4.2: a pattern compile error is fatal.
      {"<regex>a(b</regex>", "RUL010", "Syntax error on tag 'regex' in rule 100"},
      {"<list field=\"srcip\" lookup=\"bogus\">etc/lists/x</list>", "RUL014",
       "List match lookup=\"bogus\" is not valid."},
      {"<list lookup=\"match_key\">etc/lists/x</list>", "RUL014",
       "List requires the field=\"\" attribute"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(LoadWithTemplates(std::string("<group name=\"t,\"><rule id=\"100\" level=\"3\">") +
                                   c.body + "<description>d</description></rule></group>"))
        << c.body;
    EXPECT_TRUE(HasDiag(c.code, c.message)) << c.body << "\n" << diags_.RenderAll();
  }
}

TEST_F(LoaderTest, SizeLimitsAreLoadErrors) {
  // docs/limits.md: a rule text piece of 2048 bytes or more (RUL013) and more <field> elements
  // than decoder_order_size (RUL015) stop the load with a positioned error.
  const std::string rule = "<group name=\"t,\"><rule id=\"100\" level=\"3\">";
  EXPECT_TRUE(LoadWithTemplates(rule + "<match>" + std::string(2047, 'a') +
                                "</match><description>d</description></rule></group>"))
      << diags_.RenderAll();
  EXPECT_FALSE(LoadWithTemplates(rule + "<match>" + std::string(2048, 'a') +
                                 "</match><description>d</description></rule></group>"));
  EXPECT_TRUE(HasDiag("RUL013", "(1104): Maximum string size reached for: "));
  RuleLoadOptions opts;
  opts.decoder_order_size = 2;
  const std::string fields = "<field name=\"a\">x</field><field name=\"b\">x</field>";
  EXPECT_TRUE(LoadWithTemplates(rule + fields + "<description>d</description></rule></group>", opts))
      << diags_.RenderAll();
  EXPECT_FALSE(LoadWithTemplates(
      rule + fields + "<field name=\"c\">x</field><description>d</description></rule></group>", opts));
  EXPECT_TRUE(HasDiag("RUL015", "Rule 100 has exceeded the maximum number of allowed fields"));
}

TEST_F(LoaderTest, ContextOptionsNeedIfMatched) {
  // §4.2: frequency, same_*/different_* or global_frequency without context gives "Invalid use
  // of frequency/context options".
  for (const char* body : {"<same_srcip/>", "<global_frequency/>", "<different_url/>",
                           "<same_field>x</same_field>"}) {
    EXPECT_FALSE(LoadWithTemplates(std::string("<group name=\"t,\"><rule id=\"100\" level=\"3\">"
                                               "<match>a</match>") +
                                   body + "<description>d</description></rule></group>"));
    EXPECT_TRUE(HasDiag("RUL012", "Invalid use of frequency/context options. Missing if_matched "
                                  "on rule '100'."))
        << body;
  }
  EXPECT_FALSE(LoadWithTemplates(R"(<group name="t,"><rule id="100" level="3" frequency="4">
<match>a</match><description>d</description></rule></group>)"));
  EXPECT_TRUE(HasDiag("RUL012", "Invalid use of frequency/context options."));
}

// --- warnings that skip a rule ------------------------------------------------------------------

TEST_F(LoaderTest, DuplicateIdWarnsAndFirstWins) {
  // §4.1: "When the same rule id appears again without overwrite="yes": warning, the new rule
  // is skipped and the first definition wins."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><description>first</description></rule>
  <rule id="100" level="5"><match>b</match><description>second</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(100)->description, "first");
  EXPECT_TRUE(HasDiag("RUL101",
                      "(7612): Rule ID '100' is duplicated. Only the first occurrence will be "
                      "considered."));
}

TEST_F(LoaderTest, IfSidValidation) {
  // §4.2 if_sid: validated with ^[\d, ]+$; failure is a warning and the rule is skipped.
  // §4.3: "A missing id gives a warning. If nothing was attached, warning and skip."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><description>d</description></rule>
  <rule id="101" level="3"><if_sid>100 abc</if_sid><description>d</description></rule>
  <rule id="102" level="3"><if_sid>100, 999</if_sid><description>d</description></rule>
  <rule id="103" level="3"><if_sid>998</if_sid><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(101), nullptr);
  EXPECT_TRUE(HasDiag("RUL105", "(7618): Invalid 'if_sid' value: '100 abc'. Rule '101' will be "
                                "ignored."));
  EXPECT_NE(rules_->FindRule(102), nullptr);
  EXPECT_TRUE(HasDiag("RUL106", "(7617): Signature ID '999' was not found and will be ignored "
                                "in the 'if_sid' option of rule '102'."));
  EXPECT_EQ(rules_->FindRule(103), nullptr);
  EXPECT_TRUE(HasDiag("RUL107", "(7619): Empty 'if_sid' value. Rule '103' will be ignored."));
}

TEST_F(LoaderTest, IfLevelAndIfMatchedSidMustBeNumeric) {
  // §4.2 if_level: "Must be all digits and non-zero, otherwise warning and skip";
  // if_matched_sid: "Digits, otherwise warning and skip".
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><if_level>high</if_level><description>d</description></rule>
  <rule id="101" level="3"><if_level>0</if_level><description>d</description></rule>
  <rule id="102" level="3"><if_matched_sid>1x</if_matched_sid><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(100), nullptr);
  EXPECT_EQ(rules_->FindRule(101), nullptr);
  EXPECT_EQ(rules_->FindRule(102), nullptr);
  EXPECT_TRUE(HasDiag("RUL109", "(7609): Invalid 'if_level' value: 'high'. Rule '100' will be "
                                "ignored."));
  EXPECT_TRUE(HasDiag("RUL109", "(7609): Invalid 'if_level' value: '0'. Rule '101'"));
  EXPECT_TRUE(HasDiag("RUL108", "(7615): Invalid 'if_matched_sid' value: '1x'. Rule '102'"));
}

TEST_F(LoaderTest, ImplicitParentsFromIfMatched) {
  // §4.2: "if_matched_sid=X with no if_sid/if_group (and not overwrite) gives if_sid=X. If X is
  // not found, the rule is skipped." / "if_matched_group=G ... gives if_group=G."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><group>grp,</group><description>d</description></rule>
  <rule id="101" level="5"><if_matched_sid>100</if_matched_sid><description>d</description></rule>
  <rule id="102" level="5"><if_matched_sid>555</if_matched_sid><description>d</description></rule>
  <rule id="103" level="6"><if_matched_group>grp</if_matched_group><description>d</description></rule>
</group>)")) << diags_.RenderAll();
  EXPECT_EQ(rules_->FindRule(101)->if_sid.value_or("?"), "100");
  EXPECT_EQ(rules_->FindRule(102), nullptr);
  EXPECT_TRUE(HasDiag("RUL108", "(7620): Signature ID '555' was not found. Invalid "
                                "'if_matched_sid'.Rule '102' will be ignored."));
  // 103 attaches under 100 (group "t,grp,") and sorts before 101 (level 6 > 5).
  EXPECT_EQ(rules_->DumpTree().rfind("1(0)\n  100(3)\n    103(6)\n    101(5)\n2(0)\n", 0), 0u)
      << rules_->DumpTree();
}

TEST_F(LoaderTest, MissingListSkipsRuleAndCascades) {
  // §8: "If it is not loaded: warning, and the rule is skipped." §7.3: "The skip cascades:
  // 80203, 80251 and 80253 (if_sid 80202) fail with (7617) ... and then their
  // if_sid/if_matched_sid children fail too".
  AddList("etc/lists/present", "alice:\n");
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>a</match><description>d</description></rule>
  <rule id="101" level="3">
    <if_sid>100</if_sid>
    <list field="srcip" lookup="match_key">etc/lists/missing</list>
    <description>d</description>
  </rule>
  <rule id="102" level="4"><if_sid>101</if_sid><description>d</description></rule>
  <rule id="103" level="6"><if_matched_sid>102</if_matched_sid><description>d</description></rule>
  <rule id="104" level="3">
    <if_sid>100</if_sid>
    <list field="user">etc/lists/present</list>
    <description>d</description>
  </rule>
</group>)")) << diags_.RenderAll();
  EXPECT_TRUE(HasDiag("RUL104", "(7616): List 'etc/lists/missing' could not be loaded. Rule "
                                "'101' will be ignored."));
  EXPECT_TRUE(HasDiag("RUL106", "(7617): Signature ID '101' was not found and will be ignored "
                                "in the 'if_sid' option of rule '102'."));
  EXPECT_TRUE(HasDiag("RUL107", "(7619): Empty 'if_sid' value. Rule '102' will be ignored."));
  EXPECT_TRUE(HasDiag("RUL108", "(7620): Signature ID '102' was not found."));
  EXPECT_EQ(rules_->FindRule(101), nullptr);
  EXPECT_EQ(rules_->FindRule(102), nullptr);
  EXPECT_EQ(rules_->FindRule(103), nullptr);
  ASSERT_NE(rules_->FindRule(104), nullptr);
  EXPECT_EQ(rules_->FindRule(104)->lists.size(), 1u);
  EXPECT_EQ(rules_->FindRule(104)->lists[0].lookup, lists::Lookup::kMatchKey);
}

// --- overwrite -----------------------------------------------------------------------------------

TEST_F(LoaderTest, OverwriteUpdatesInPlace) {
  // §4.3: "overwrite="yes" on an existing id: the existing node is updated in place. Its
  // position, its parents and children, its if_sid/... are kept. A warning is given if the new
  // values for these differ." "The list order is not re-sorted for the new level."
  ASSERT_TRUE(LoadWithTemplates(R"(
<group name="t,">
  <rule id="100" level="3"><match>p</match><description>parent</description></rule>
  <rule id="101" level="9"><if_sid>100</if_sid><match>a</match><description>old</description></rule>
  <rule id="102" level="5"><if_sid>100</if_sid><match>b</match><description>sibling</description></rule>
  <rule id="103" level="4"><if_sid>101</if_sid><match>c</match><description>child</description></rule>
  <rule id="101" level="2" overwrite="yes">
    <if_sid>1</if_sid>
    <match>z</match>
    <description>new</description>
  </rule>
  <rule id="200" level="3" overwrite="yes"><match>q</match><description>fresh</description></rule>
</group>)")) << diags_.RenderAll();
  const Rule* r = rules_->FindRule(101);
  EXPECT_EQ(r->description, "new");
  EXPECT_EQ(r->level, 2);
  EXPECT_EQ(r->match->text(), "z");
  EXPECT_EQ(r->if_sid.value_or("?"), "100");
  EXPECT_TRUE(HasDiag("RUL112", "(7605): It is not possible to overwrite 'if_sid' value in rule "
                                "'101'. The original value is retained."));
  EXPECT_TRUE(HasDiag("RUL102", "(7613): Rule ID '200' does not exist but 'overwrite' is set to "
                                "'yes'. Still, the rule will be loaded."));
  // 101 keeps its place before 102 (level 9 > 5 when inserted) and its child 103.
  EXPECT_NE(rules_->DumpTree().find("  100(3)\n    101(2)\n      103(4)\n    102(5)\n"),
            std::string::npos)
      << rules_->DumpTree();
}

}  // namespace
}  // namespace tripline::rules::testing
