// The configparser rules the test-file reader reproduces (RawConfigParser with a
// MultiOrderedDict and strict=False). Expected values are what Python 3 gives for the same text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ini/ini_tests.h"

namespace tripline::ini {
namespace {

using Lines = std::vector<std::string>;

IniDocument Parse(std::string_view text, bool expect_ok = true) {
  IniDocument doc;
  Diagnostics diags;
  EXPECT_EQ(ParseIni(text, "t.ini", &doc, &diags), expect_ok) << diags.RenderAll();
  return doc;
}

// The configparser value of `option` in the section called `section`.
std::string Value(const IniDocument& doc, const std::string& section, const std::string& option) {
  for (const IniSection& s : doc.sections) {
    if (s.name == section) return doc.Get(s, option).value_or("<missing>");
  }
  return "<no section>";
}

std::vector<std::string> SectionNames(const IniDocument& doc) {
  std::vector<std::string> names;
  for (const IniSection& s : doc.sections) names.push_back(s.name);
  return names;
}

std::vector<std::string> ItemNames(const IniDocument& doc, const IniSection& s) {
  std::vector<std::string> names;
  for (const IniOption* o : doc.Items(s)) names.push_back(o->name);
  return names;
}

TEST(IniParser, OptionsWithBothDelimitersStrippedAndLowercased) {
  IniDocument doc = Parse(
      "[Sec One]\n"
      "Log 1 PASS = Jan  1 10:00:00 host sshd[1]: x=y  \n"
      "rule: 5715\n"
      "alert\t=\t3\n"
      "decoder=sshd\n");
  ASSERT_EQ(doc.sections.size(), 1u);
  const IniSection& s = doc.sections[0];
  EXPECT_EQ(s.name, "Sec One");
  EXPECT_EQ(s.line, 1);
  EXPECT_EQ(ItemNames(doc, s), (Lines{"log 1 pass", "rule", "alert", "decoder"}));
  // The first '=' or ':' splits; the rest of the line is the value.
  EXPECT_EQ(Value(doc, "Sec One", "log 1 pass"), "Jan  1 10:00:00 host sshd[1]: x=y");
  EXPECT_EQ(Value(doc, "Sec One", "rule"), "5715");
  EXPECT_EQ(Value(doc, "Sec One", "alert"), "3");
  EXPECT_EQ(Value(doc, "Sec One", "decoder"), "sshd");
  EXPECT_EQ(s.Find("rule")->line, 3);
}

TEST(IniParser, FirstDelimiterWinsWhicheverItIs) {
  IniDocument doc = Parse("[s]\na: b = c\nd = e: f\ng h := i\n");
  EXPECT_EQ(Value(doc, "s", "a"), "b = c");
  EXPECT_EQ(Value(doc, "s", "d"), "e: f");
  EXPECT_EQ(Value(doc, "s", "g h"), "= i");
}

TEST(IniParser, EmptyValuesAreKept) {
  IniDocument doc = Parse("[s]\nrule =\nalert:\ndecoder =   \n");
  EXPECT_EQ(Value(doc, "s", "rule"), "");
  EXPECT_EQ(Value(doc, "s", "alert"), "");
  EXPECT_EQ(Value(doc, "s", "decoder"), "");
}

TEST(IniParser, FullLineCommentsOnlyNoInlineComments) {
  IniDocument doc = Parse(
      "# leading comment\n"
      "; another\n"
      "[s]\n"
      "   # indented comment\n"
      "rule = 1 # not a comment\n"
      "alert = 2 ; neither\n"
      ";decoder = json\n");
  EXPECT_EQ(ItemNames(doc, doc.sections[0]), (Lines{"rule", "alert"}));
  EXPECT_EQ(Value(doc, "s", "rule"), "1 # not a comment");
  EXPECT_EQ(Value(doc, "s", "alert"), "2 ; neither");
}

TEST(IniParser, NoInterpolation) {
  IniDocument doc = Parse("[s]\na = %(b)s ${c} %%\nb = x\n");
  EXPECT_EQ(Value(doc, "s", "a"), "%(b)s ${c} %%");
}

TEST(IniParser, IndentedContinuationLinesJoinedWithNewline) {
  IniDocument doc = Parse(
      "[s]\n"
      "log 1 pass = first\n"
      "   second  \n"
      "\tthird\n"
      "  [not a section]\n"
      "  rule = not an option\n"
      "rule = 1\n");
  EXPECT_EQ(Value(doc, "s", "log 1 pass"),
            "first\nsecond\nthird\n[not a section]\nrule = not an option");
  EXPECT_EQ(Value(doc, "s", "rule"), "1");
  const IniOption* log = doc.sections[0].Find("log 1 pass");
  EXPECT_EQ(log->value_lines, (std::vector<int>{2, 3, 4, 5, 6}));
}

TEST(IniParser, ContinuationNeedsMoreIndentThanTheOptionLine) {
  IniDocument doc = Parse(
      "[s]\n"
      "  a = 1\n"
      "  b = 2\n"
      "    more\n"
      " c = 3\n");
  EXPECT_EQ(Value(doc, "s", "a"), "1");
  EXPECT_EQ(Value(doc, "s", "b"), "2\nmore");
  EXPECT_EQ(Value(doc, "s", "c"), "3");
}

TEST(IniParser, NoContinuationRightAfterASectionHeader) {
  // After a header there is no current option: an indented line is an option of its own.
  IniDocument doc = Parse("[s]\n   a = 1\n");
  EXPECT_EQ(Value(doc, "s", "a"), "1");
}

TEST(IniParser, CommentInsideAValueNeitherEndsNorExtendsIt) {
  IniDocument doc = Parse("[s]\na = 1\n# comment\n  2\n");
  EXPECT_EQ(Value(doc, "s", "a"), "1\n2");
}

TEST(IniParser, EmptyLinesInsideValuesKeptTrailingOnesDropped) {
  IniDocument doc = Parse(
      "[s]\n"
      "a = 1\n"
      "\n"
      "   \n"
      "  2\n"
      "\n"
      "\n"
      "b = 3\n"
      "\n");
  EXPECT_EQ(Value(doc, "s", "a"), "1\n\n\n2");
  EXPECT_EQ(Value(doc, "s", "b"), "3");
  const IniOption* a = doc.sections[0].Find("a");
  EXPECT_EQ(a->values, (Lines{"1", "", "", "2"}));
  EXPECT_EQ(a->value_lines, (std::vector<int>{2, 3, 4, 5}));
}

TEST(IniParser, EmptyLinesAfterAHeaderBelongToNoValue) {
  IniDocument doc = Parse("[s]\n\n\na = 1\n");
  EXPECT_EQ(Value(doc, "s", "a"), "1");
}

TEST(IniParser, RepeatedOptionNamesMergeInOrder) {
  IniDocument doc = Parse(
      "[s]\n"
      "log 1 pass = one\n"
      "rule = 1\n"
      "LOG 1 Pass = two\n"
      "log 1 pass = three\n");
  EXPECT_EQ(Value(doc, "s", "log 1 pass"), "one\ntwo\nthree");
  // The merged option keeps the place of its first occurrence.
  EXPECT_EQ(ItemNames(doc, doc.sections[0]), (Lines{"log 1 pass", "rule"}));
  const IniOption* log = doc.sections[0].Find("log 1 pass");
  EXPECT_EQ(log->line, 2);
  EXPECT_EQ(log->value_lines, (std::vector<int>{2, 4, 5}));
}

TEST(IniParser, EmptyLineBeforeARepeatedOptionBecomesAnEmptyLine) {
  // The empty line is appended to the value that was current, and the later repetition
  // extends that value: "a\n\nb".
  IniDocument doc = Parse("[s]\nlog 1 pass = a\n\nlog 1 pass = b\n");
  EXPECT_EQ(Value(doc, "s", "log 1 pass"), "a\n\nb");
}

TEST(IniParser, RepeatedSectionsMerge) {
  // As in the stock firewalld.ini: the second [x] extends the first one's options.
  IniDocument doc = Parse(
      "[x]\n"
      "log 3 fail = one\n"
      "\n"
      "rule = 40902\n"
      "\n"
      "[y]\n"
      "rule = 7\n"
      "[x]\n"
      "log 3 fail = two\n"
      "\n"
      "rule = 40902\n"
      "extra = e\n");
  EXPECT_EQ(SectionNames(doc), (Lines{"x", "y"}));
  EXPECT_EQ(doc.sections[0].line, 1);
  EXPECT_EQ(Value(doc, "x", "log 3 fail"), "one\n\ntwo");
  EXPECT_EQ(Value(doc, "x", "rule"), "40902\n\n40902");
  EXPECT_EQ(ItemNames(doc, doc.sections[0]), (Lines{"log 3 fail", "rule", "extra"}));
}

TEST(IniParser, SectionHeaderForms) {
  IniDocument doc = Parse(
      "[ Spaced Name ]\n"
      "a = 1\n"
      "[a] b]\n"
      "a = 2\n"
      "[c] trailing text ; ignored\n"
      "a = 3\n"
      "[]]\n"
      "a = 4\n");
  EXPECT_EQ(SectionNames(doc), (Lines{" Spaced Name ", "a] b", "c", "]"}));
}

TEST(IniParser, UnclosedBracketIsAnOption) {
  IniDocument doc = Parse("[s]\n[x = 1\n");
  EXPECT_EQ(Value(doc, "s", "[x"), "1");
}

TEST(IniParser, DefaultSectionIsInheritedButNotListed) {
  IniDocument doc = Parse(
      "[DEFAULT]\n"
      "decoder = json\n"
      "alert = 0\n"
      "[a]\n"
      "rule = 1\n"
      "alert = 5\n"
      "[default]\n"
      "rule = 2\n");
  // "[default]" is an ordinary section: the name is case-sensitive.
  EXPECT_EQ(SectionNames(doc), (Lines{"a", "default"}));
  EXPECT_EQ(doc.defaults.line, 1);
  EXPECT_EQ(Value(doc, "a", "decoder"), "json");
  EXPECT_EQ(Value(doc, "a", "alert"), "5");
  EXPECT_EQ(Value(doc, "default", "alert"), "0");
  // items(): DEFAULT's options first (the section's own value replacing them), then the rest.
  EXPECT_EQ(ItemNames(doc, doc.sections[0]), (Lines{"decoder", "alert", "rule"}));
  EXPECT_EQ(doc.Items(doc.sections[0])[1]->values, (Lines{"5"}));
}

TEST(IniParser, RepeatedDefaultSectionsMerge) {
  IniDocument doc = Parse("[DEFAULT]\nx = 1\n[s]\n[DEFAULT]\nx = 2\n");
  EXPECT_EQ(Value(doc, "s", "x"), "1\n2");
}

TEST(IniParser, LineEndingsAreUniversalNewlines) {
  IniDocument doc = Parse("[s]\r\na = 1\r\n  2\rb = 3\nc = 4");
  EXPECT_EQ(Value(doc, "s", "a"), "1\n2");
  EXPECT_EQ(Value(doc, "s", "b"), "3");
  EXPECT_EQ(Value(doc, "s", "c"), "4");
  EXPECT_EQ(doc.sections[0].Find("b")->line, 4);
  EXPECT_EQ(doc.sections[0].Find("c")->line, 5);
}

TEST(IniParser, UnicodeWhitespaceIsStrippedLikePython) {
  // U+00A0 (no-break space) and U+3000 count as whitespace for str.strip().
  IniDocument doc = Parse("[s]\na =\xC2\xA0 v\xE3\x80\x80\n");
  EXPECT_EQ(Value(doc, "s", "a"), "v");
}

TEST(IniParser, MissingSectionHeaderStopsParsing) {
  IniDocument doc;
  Diagnostics diags;
  EXPECT_FALSE(ParseIni("# c\n\nrule = 1\n[s]\na = 1\n", "t.ini", &doc, &diags));
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].code, "INI002");
  EXPECT_EQ(diags.items()[0].loc.line, 3);
  EXPECT_TRUE(doc.sections.empty());
}

TEST(IniParser, BadLinesAreReportedAndParsingGoesOn) {
  IniDocument doc;
  Diagnostics diags;
  EXPECT_FALSE(ParseIni("[s]\nno delimiter here\n= value\nrule = 1\n", "t.ini", &doc, &diags));
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_EQ(diags.items()[0].code, "INI003");
  EXPECT_EQ(diags.items()[0].loc.line, 2);
  EXPECT_EQ(diags.items()[1].code, "INI004");
  EXPECT_EQ(diags.items()[1].Render().substr(0, 9), "t.ini:3:1");
  EXPECT_EQ(Value(doc, "s", "rule"), "1");
}

TEST(IniParser, UnreadableFile) {
  IniDocument doc;
  Diagnostics diags;
  EXPECT_FALSE(ReadIniFile("/nonexistent/x.ini", &doc, &diags));
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].code, "INI001");
}

}  // namespace
}  // namespace tripline::ini
