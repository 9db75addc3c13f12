// Where rule load diagnostics point (docs/diagnostics.md): at the element, or the attribute,
// that caused them; for a repeated pattern element, at its last occurrence.
#include <gtest/gtest.h>

#include "rules_fixture.h"

namespace tripline::rules::testing {
namespace {

using DiagnosticPositionTest = RulesTest;

// "line:column" of the first diagnostic with `code`, or "" when there is none.
std::string Position(const Diagnostics& diags, const std::string& code) {
  for (const Diagnostic& d : diags.items()) {
    if (d.code == code) return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column);
  }
  return "";
}

TEST_F(DiagnosticPositionTest, PatternErrorsPointAtTheLastElement) {
  ASSERT_FALSE(LoadWithTemplates(
      "<group name=\"t,\">\n"
      "  <rule id=\"100\" level=\"3\">\n"
      "    <regex>ok</regex>\n"
      "      <regex>a(b</regex>\n"
      "    <description>d</description>\n"
      "  </rule>\n"
      "</group>\n"));
  EXPECT_EQ(Position(diags_, "RUL010"), "4:7") << diags_.RenderAll();
  EXPECT_EQ(FindDiag("RUL010")->loc.file, paths_[1]);

  ASSERT_FALSE(LoadWithTemplates(
      "<group name=\"t,\">\n"
      "  <rule id=\"100\" level=\"3\"><match>x</match>\n"
      "     <if_matched_regex>a(</if_matched_regex><description>d</description></rule>\n"
      "</group>\n"));
  EXPECT_EQ(Position(diags_, "RUL010"), "3:6") << diags_.RenderAll();
  EXPECT_TRUE(HasDiag("RUL010", "(1450): Syntax error on regex: 'a('"));
}

TEST_F(DiagnosticPositionTest, ElementAndAttributeErrors) {
  const std::string big(2048, 'a');
  ASSERT_FALSE(LoadWithTemplates(
      "<group name=\"t,\">\n"
      "  <rule id=\"100\" level=\"3\"><match>" + big + "</match><description>d</description></rule>\n"
      "  <rule id=\"101\"   level=\"33\"><match>x</match><description>d</description></rule>\n"
      "  <rule id=\"102\" level=\"3\"><match>x</match>\n"
      "       <field name=\"srcip\">x</field><description>d</description></rule>\n"
      "  <rule id=\"103\" level=\"3\"><match>x</match>\n"
      "        <list field=\"srcip\" lookup=\"bogus\">etc/lists/x</list><description>d</description></rule>\n"
      "  <rule id=\"104\" level=\"3\"><match>x</match> <bogus/><description>d</description></rule>\n"
      "</group>\n"));
  EXPECT_EQ(Position(diags_, "RUL013"), "2:28") << diags_.RenderAll();
  EXPECT_EQ(Position(diags_, "RUL005"), "3:20");
  EXPECT_EQ(Position(diags_, "RUL015"), "5:8");
  EXPECT_EQ(Position(diags_, "RUL014"), "7:29");
  EXPECT_EQ(Position(diags_, "RUL007"), "8:45");
  EXPECT_EQ(FindDiag("RUL013")->loc.file, paths_[1]);
}

}  // namespace
}  // namespace tripline::rules::testing
