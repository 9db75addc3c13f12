#include "xml/wazuh_xml.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace tripline::xml {
namespace {

struct Result {
  bool ok = false;
  Document doc;
  Diagnostics diags;
};

Result ParseText(std::string_view src) {
  Result r;
  r.ok = Parse("t.xml", src, &r.doc, &r.diags);
  return r;
}

// Parses `src`, expecting success without diagnostics, and returns the roots.
std::vector<Node> Roots(std::string_view src) {
  SCOPED_TRACE(std::string(src.substr(0, 100)));
  Result r = ParseText(src);
  EXPECT_TRUE(r.ok) << r.diags.RenderAll();
  EXPECT_TRUE(r.diags.items().empty()) << r.diags.RenderAll();
  return r.doc.roots;
}

// Parses `src`, expecting failure with exactly one diagnostic: an error with this code and
// position whose message contains `fragment`.
void ExpectError(std::string_view src, const std::string& code, int line, int column,
                 const std::string& fragment) {
  SCOPED_TRACE(std::string(src.substr(0, 100)));
  Result r = ParseText(src);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(r.diags.items().size(), 1u) << r.diags.RenderAll();
  const Diagnostic& d = r.diags.items()[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.code, code) << d.Render();
  EXPECT_EQ(d.loc.file, "t.xml");
  EXPECT_EQ(d.loc.line, line) << d.Render();
  EXPECT_EQ(d.loc.column, column) << d.Render();
  EXPECT_NE(d.message.find(fragment), std::string::npos) << d.Render();
}

// ---------------------------------------------------------------------------------------------
// Structure

TEST(WazuhXml, EmptyAndWhitespaceOnlyFilesHaveNoRoots) {
  EXPECT_TRUE(Roots("").empty());
  EXPECT_TRUE(Roots(" \n\t\r\n").empty());
}

TEST(WazuhXml, SeveralRootElementsInOrder) {
  auto roots =
      Roots("<decoder name=\"a\"></decoder>\n<decoder name=\"b\"/>\n<group name=\"g\">x</group>");
  ASSERT_EQ(roots.size(), 3u);
  EXPECT_EQ(roots[0].name, "decoder");
  EXPECT_EQ(*roots[0].FindAttr("name"), "a");
  EXPECT_EQ(*roots[1].FindAttr("name"), "b");
  EXPECT_EQ(roots[2].name, "group");
  EXPECT_EQ(roots[2].text, "x");
}

TEST(WazuhXml, NestedChildrenInDocumentOrder) {
  auto roots = Roots(
      "<group name=\"g\"><rule id=\"1\"><match>a</match><regex>b</regex></rule>"
      "<rule id=\"2\"><if_sid>1</if_sid></rule></group>");
  ASSERT_EQ(roots.size(), 1u);
  ASSERT_EQ(roots[0].children.size(), 2u);
  const Node& r1 = roots[0].children[0];
  ASSERT_EQ(r1.children.size(), 2u);
  EXPECT_EQ(r1.children[0].name, "match");
  EXPECT_EQ(r1.children[0].text, "a");
  EXPECT_EQ(r1.children[1].name, "regex");
  EXPECT_EQ(r1.children[1].text, "b");
  EXPECT_EQ(roots[0].children[1].children[0].text, "1");
}

TEST(WazuhXml, XmlDeclarationIsSkipped) {
  auto roots = Roots("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>1</a>");
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].text, "1");
}

TEST(WazuhXml, ByteOrderMarkIsSkipped) {
  auto roots = Roots("\xEF\xBB\xBF<a/>");
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].name, "a");
}

TEST(WazuhXml, NodeAndAttributePositionsAreOneBased) {
  auto roots = Roots("<a>\n  <b x=\"1\"\n\t y='2'/>\n</a>  <c/>");
  ASSERT_EQ(roots.size(), 2u);
  EXPECT_EQ(roots[0].line, 1);
  EXPECT_EQ(roots[0].column, 1);
  const Node& b = roots[0].children[0];
  EXPECT_EQ(b.line, 2);
  EXPECT_EQ(b.column, 3);
  ASSERT_EQ(b.attrs.size(), 2u);
  EXPECT_EQ(b.attrs[0].name, "x");
  EXPECT_EQ(b.attrs[0].line, 2);
  EXPECT_EQ(b.attrs[0].column, 6);
  EXPECT_EQ(b.attrs[1].name, "y");
  EXPECT_EQ(b.attrs[1].line, 3);
  EXPECT_EQ(b.attrs[1].column, 3);  // a tab is one column
  EXPECT_EQ(roots[1].line, 4);
  EXPECT_EQ(roots[1].column, 7);
}

// ---------------------------------------------------------------------------------------------
// Text

TEST(WazuhXml, TextIsRawUntrimmedWithNewlines) {
  auto roots = Roots("<regex>  ^a b\n\tc  </regex>");
  EXPECT_EQ(roots[0].text, "  ^a b\n\tc  ");
}

TEST(WazuhXml, NoEntityReferences) {
  auto roots = Roots("<match>&lt;x&gt; &amp; &#60;</match>");
  EXPECT_EQ(roots[0].text, "&lt;x&gt; &amp; &#60;");
}

TEST(WazuhXml, CdataIsNotSpecialItStartsAComment) {
  // os_xml reads "<!" as the start of a comment, which "]]>" does not end.
  ExpectError("<a><![CDATA[x]]></a>", "XML005", 1, 4, "unterminated comment");
}

TEST(WazuhXml, SelfClosingElementHasEmptyText) {
  auto roots = Roots("<a/><b x=\"1\"/><c x='1' /><d></d>");
  ASSERT_EQ(roots.size(), 4u);
  for (const Node& n : roots) {
    EXPECT_EQ(n.text, "");
    EXPECT_TRUE(n.children.empty());
  }
  EXPECT_EQ(*roots[2].FindAttr("x"), "1");
}

TEST(WazuhXml, TextIsThePartAfterTheLastChild) {
  auto roots = Roots("<a>one<b/>two</a><c>\n  <d>x</d>\n</c>");
  EXPECT_EQ(roots[0].text, "two");
  EXPECT_EQ(roots[1].text, "\n");
  EXPECT_EQ(roots[1].children[0].text, "x");
}

TEST(WazuhXml, EscapedLessThanIsKeptWithItsBackslash) {
  auto roots = Roots("<regex>^\\<(\\S+)\\>$</regex>");
  EXPECT_EQ(roots[0].text, "^\\<(\\S+)\\>$");
}

TEST(WazuhXml, DoubleBackslashBeforeLessThanStartsATag) {
  auto roots = Roots("<a>x\\\\<b>y</b></a>");
  ASSERT_EQ(roots[0].children.size(), 1u);
  EXPECT_EQ(roots[0].children[0].text, "y");
  EXPECT_EQ(roots[0].text, "");
  // Three backslashes: escaped again.
  auto roots3 = Roots("<a>x\\\\\\<b></a>");
  EXPECT_EQ(roots3[0].text, "x\\\\\\<b>");
  EXPECT_TRUE(roots3[0].children.empty());
}

TEST(WazuhXml, EscapedClosingTagDoesNotClose) {
  ExpectError("<match>C:\\</match>\n", "XML002", 2, 1, "unclosed element <match> opened at line 1");
  Result r = ParseText("<match>C:\\</match>\n");
  EXPECT_NE(r.diags.items()[0].message.find("literal"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Comments

TEST(WazuhXml, CommentsAreRemovedAnywhere) {
  auto roots =
      Roots("<!-- head -->\n<a><!-- c1 --><b>x<!-- in\ntext -->y</b>z<!---->w</a><!-- tail -->");
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].children[0].text, "xy");
  EXPECT_EQ(roots[0].text, "zw");
}

TEST(WazuhXml, CommentBetweenChildrenDoesNotSplitText) {
  auto roots = Roots("<a><b/>p<!-- c -->q</a>");
  EXPECT_EQ(roots[0].text, "pq");
}

TEST(WazuhXml, CommentContainingTagsIsRemoved) {
  auto roots = Roots("<a><!-- <b>x</b> --></a>");
  EXPECT_TRUE(roots[0].children.empty());
  EXPECT_EQ(roots[0].text, "");
}

TEST(WazuhXml, OsXmlCommentForms) {
  // os_xml ends a comment at the first "!>" or "-->" after "<!".
  auto roots = Roots("<a>1<! short !>2<!-->3<!- x --->4</a>");
  EXPECT_EQ(roots[0].text, "1234");
}

TEST(WazuhXml, CommentAfterBackslashIsStillAComment) {
  auto roots = Roots("<a>x\\<!-- c -->y</a>");
  EXPECT_EQ(roots[0].text, "x\\y");
}

// ---------------------------------------------------------------------------------------------
// Attributes

TEST(WazuhXml, AttributesKeepOrderAndQuotes) {
  auto roots = Roots("<a one=\"1\" two='2' three=\"it's\" four='say \"hi\"'/>");
  const auto& attrs = roots[0].attrs;
  ASSERT_EQ(attrs.size(), 4u);
  EXPECT_EQ(attrs[0].name, "one");
  EXPECT_EQ(attrs[1].value, "2");
  EXPECT_EQ(attrs[2].value, "it's");
  EXPECT_EQ(attrs[3].value, "say \"hi\"");
}

TEST(WazuhXml, AttributeValuesAreRaw) {
  auto roots = Roots("<a v=\"x/y &amp; \\< <b\n c\" e=\"\"/>");
  EXPECT_EQ(*roots[0].FindAttr("v"), "x/y &amp; \\< <b\n c");
  EXPECT_EQ(*roots[0].FindAttr("e"), "");
}

TEST(WazuhXml, WhitespaceAroundAttributes) {
  auto roots = Roots("<a\n\tx=  \"1\"\n\ty=\n'2'   >t</a>");
  EXPECT_EQ(*roots[0].FindAttr("x"), "1");
  EXPECT_EQ(*roots[0].FindAttr("y"), "2");
  EXPECT_EQ(roots[0].text, "t");
}

TEST(WazuhXml, FindAttrIsCaseSensitive) {
  auto roots = Roots("<a Name=\"x\" name=\"y\"/>");
  ASSERT_EQ(roots[0].attrs.size(), 2u);
  EXPECT_EQ(*roots[0].FindAttr("name"), "y");
  EXPECT_EQ(*roots[0].FindAttr("Name"), "x");
  EXPECT_EQ(roots[0].FindAttr("NAME"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Variables

TEST(WazuhXml, VariablesExpandInTextAndAttributes) {
  auto roots = Roots(
      "<var name=\"BAD_WORDS\">error|fatal</var>\n"
      "<var name=\"FREQ\">8</var>\n"
      "<group name=\"g\"><rule id=\"1\" "
      "frequency=\"$FREQ\"><match>$BAD_WORDS</match></rule></group>");
  ASSERT_EQ(roots.size(), 1u);  // <var> is not a node
  const Node& rule = roots[0].children[0];
  EXPECT_EQ(*rule.FindAttr("frequency"), "8");
  EXPECT_EQ(rule.children[0].text, "error|fatal");
}

TEST(WazuhXml, VariableExpansionRules) {
  std::string vars = "<var name=\"A\">x</var><var name=\"LongName\">[v]</var>";
  auto t = [&](const std::string& text) {
    auto roots = Roots(vars + "<e>" + text + "</e>");
    return roots.empty() ? std::string("<none>") : roots[0].text;
  };
  EXPECT_EQ(t("$longname"), "[v]");        // names compare case-insensitively
  EXPECT_EQ(t("a$LongName.b"), "a[v].b");  // '.' ends the name
  EXPECT_EQ(t("$A|$A,$A $A$A"), "x|x,x xx");
  EXPECT_EQ(t("$(field) $(win.x)"), "$(field) $(win.x)");
  EXPECT_EQ(t("a $ b $$ c$"), "a $ b $$ c$");
  EXPECT_EQ(t("$A"), "$A");  // texts of 2 bytes or less are not expanded
  EXPECT_EQ(t("$A "), "x ");
}

TEST(WazuhXml, VariableAfterFieldReferenceKeepsOsXmlQuirk) {
  // os_xml does not count the bytes of a skipped "$(..." name, so the next replacement in the
  // same text also overwrites that many bytes before it. Kept, with a warning.
  Result r = ParseText("<var name=\"A\">x</var>\n<e>$(win.f) $A.</e><f>$(f)$A</f>");
  ASSERT_TRUE(r.ok) << r.diags.RenderAll();
  EXPECT_EQ(r.doc.roots[0].text, "$(wix.");
  EXPECT_EQ(r.doc.roots[1].text, "x");
  ASSERT_EQ(r.diags.items().size(), 2u);
  const Diagnostic& d = r.diags.items()[0];
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.code, "XML017");
  EXPECT_EQ(d.loc.line, 2);
  EXPECT_EQ(d.loc.column, 13);
  EXPECT_NE(d.message.find("'$A'"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("'n.f) '"), std::string::npos) << d.message;
  // Without a variable after it, a field reference is left alone.
  auto roots = Roots("<var name=\"A\">x</var><e>$A $(win.f) $(g)</e>");
  EXPECT_EQ(roots[0].text, "x $(win.f) $(g)");
}

TEST(WazuhXml, VariableInAttributeValue) {
  auto roots = Roots("<var name=\"F\">8</var><rule frequency=\"$F\" timeframe=\"1$F\" />");
  // "$F" is only 2 bytes: left as is.
  EXPECT_EQ(*roots[0].FindAttr("frequency"), "$F");
  EXPECT_EQ(*roots[0].FindAttr("timeframe"), "18");
  Result r = ParseText("<var name=\"F\">8</var><rule x=\"$F0\"/>");
  EXPECT_FALSE(r.ok);
}

TEST(WazuhXml, VariablesMustBeDefinedBeforeUse) {
  // Before the first definition nothing is expanded.
  auto roots = Roots("<a>$LATER</a><var name=\"LATER\">1</var><b>$LATER</b>");
  ASSERT_EQ(roots.size(), 2u);
  EXPECT_EQ(roots[0].text, "$LATER");
  EXPECT_EQ(roots[1].text, "1");
  // Once one exists, a name defined only later is unknown.
  ExpectError("<var name=\"A\">1</var>\n<b>$BB</b><var name=\"BB\">2</var>", "XML011", 2, 4,
              "unknown variable '$BB'");
}

TEST(WazuhXml, VariableAtDepthAppliesToLaterElements) {
  auto roots = Roots(
      "<group name=\"g\">$V1 <var name=\"V1\">v</var><rule>$V1.</rule>tail $V1</group><x>$V1,</x>");
  ASSERT_EQ(roots.size(), 2u);
  ASSERT_EQ(roots[0].children.size(), 1u);  // <var> excluded
  EXPECT_EQ(roots[0].children[0].text, "v.");
  // The group's own text is not expanded: its start tag precedes the definition (as os_xml).
  EXPECT_EQ(roots[0].text, "tail $V1");
  EXPECT_EQ(roots[1].text, "v,");
}

TEST(WazuhXml, VariableValuesAreNotExpanded) {
  auto roots = Roots("<var name=\"A\">aa</var><var name=\"B\">$A.x</var><e>$B</e><f>$B|</f>");
  EXPECT_EQ(roots[0].text, "$B");
  EXPECT_EQ(roots[1].text, "$A.x|");
}

TEST(WazuhXml, VariableValueKeepsRawTextWithoutComments) {
  auto roots = Roots("<var NAME=\"A\"> a<!-- c -->b\n</var><e>$A.</e>");
  EXPECT_EQ(roots[0].text, " ab\n.");
}

TEST(WazuhXml, VarElementNameIsCaseInsensitive) {
  auto roots = Roots("<VAR name=\"A\">1</VAR><e>$A|</e>");
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].text, "1|");
}

TEST(WazuhXml, FirstVariableDefinitionWinsWithWarning) {
  Result r = ParseText("<var name=\"A\">1</var>\n<var name=\"a\">2</var><e>$A|</e>");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.doc.roots[0].text, "1|");
  ASSERT_EQ(r.diags.items().size(), 1u);
  const Diagnostic& d = r.diags.items()[0];
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.code, "XML016");
  EXPECT_EQ(d.loc.line, 2);
  EXPECT_EQ(d.loc.column, 1);
  EXPECT_FALSE(r.diags.HasErrors());
}

TEST(WazuhXml, VariablesArePerFile) {
  Roots("<var name=\"A\">1</var>");
  auto roots = Roots("<e>[$A]</e>");
  EXPECT_EQ(roots[0].text, "[$A]");
}

// ---------------------------------------------------------------------------------------------
// Errors, each at its position

TEST(WazuhXmlErrors, UnclosedElementAtEndOfFile) {
  ExpectError("<!-- c -->\n\n<decoder name=\"x\">\n  <prematch>a</prematch>\n", "XML002", 5, 1,
              "unclosed element <decoder> opened at line 3");
  ExpectError("<a><b>", "XML002", 1, 7, "unclosed element <b> opened at line 1");
  ExpectError("<a>text</a", "XML002", 1, 11, "unclosed element <a>");
}

TEST(WazuhXmlErrors, MismatchedClosingTag) {
  ExpectError("<group>\n  <rule>\n  </group>", "XML003", 3, 3,
              "closing tag </group> does not match <rule> opened at line 2");
  ExpectError("<a></A>", "XML003", 1, 4, "</A>");
  ExpectError("<a></a >", "XML003", 1, 4, "</a >");
}

TEST(WazuhXmlErrors, ClosingTagWithoutOpenElement) {
  ExpectError("<a/>\n </a>", "XML004", 2, 2, "closing tag </a> without a matching open element");
}

TEST(WazuhXmlErrors, UnterminatedComment) {
  ExpectError("<a/>\n  <!-- never ends\n<b/>", "XML005", 2, 3, "unterminated comment");
  ExpectError("<a>x<!-- c </a>", "XML005", 1, 5, "unterminated comment");
}

TEST(WazuhXmlErrors, UnterminatedDeclaration) {
  ExpectError("<?xml version=\"1.0\">", "XML005", 1, 1, "unterminated declaration");
}

TEST(WazuhXmlErrors, TextOutsideElements) {
  ExpectError("<a/>\n  garbage here\n<b/>", "XML006", 2, 3,
              "text outside of any element: 'garbage here'");
  ExpectError("\\<a/>", "XML006", 1, 1, "text outside");
}

TEST(WazuhXmlErrors, MalformedStartTags) {
  ExpectError("<a>< b/></a>", "XML007", 1, 5, "expected an element name after '<', found ' '");
  ExpectError("<match>a < b</match>", "XML007", 1, 11, "a literal '<' in text is written '\\<'");
  ExpectError("\n<>", "XML007", 2, 2, "expected an element name");
  ExpectError("<a/b>", "XML007", 1, 3, "expected '>' after '/'");
  ExpectError("<a x=\"1\"/ >", "XML007", 1, 9, "expected '>' after '/'");
  ExpectError("<a\"b\">", "XML007", 1, 3, "unexpected character '\"'");
  ExpectError("<a>\n<b x=\"1\"", "XML007", 2, 1, "end of file inside the start tag of <b>");
  ExpectError("<a><", "XML007", 1, 4, "end of file inside a start tag");
  ExpectError("<a><?pi?></a>", "XML007", 1, 4, "declaration '<?' inside element <a>");
}

TEST(WazuhXmlErrors, MalformedAttributes) {
  ExpectError("<a b></a>", "XML008", 1, 4, "attribute 'b' has no value");
  ExpectError("<a b =\"1\"></a>", "XML008", 1, 4, "attribute 'b' has no value");
  ExpectError("<a b=1></a>", "XML008", 1, 6, "value of attribute 'b' must be quoted");
  ExpectError("<a\n  b=\"x>y\"></a>", "XML008", 2, 7,
              "value of attribute 'b' is not closed before '>'");
  ExpectError("<a b='x", "XML008", 1, 6, "value of attribute 'b' is not closed");
  ExpectError("<a b=\"1\"c=\"2\"/>", "XML008", 1, 9, "after the value of attribute 'b'");
  ExpectError("<a b@=\"1\"/>", "XML008", 1, 5, "invalid character '@' in attribute name 'b'");
  ExpectError("<a =\"1\"/>", "XML008", 1, 4, "expected an attribute name");
}

TEST(WazuhXmlErrors, DuplicateAttribute) {
  ExpectError("<decoder name=\"a\"\n         status=\"x\" name=\"b\">", "XML009", 2, 21,
              "duplicate attribute 'name' (first at line 1, column 10)");
}

TEST(WazuhXmlErrors, TextLengthLimit) {
  std::string ok(kMaxTextSize - 1, 'a');
  auto roots = Roots("<regex>" + ok + "</regex>");
  EXPECT_EQ(roots[0].text.size(), kMaxTextSize - 1);
  // Comments do not count.
  Roots("<regex>" + ok.substr(1) + "<!-- comment -->b</regex>");
  std::string too_long(kMaxTextSize, 'a');
  ExpectError("\n<regex>" + too_long + "</regex>", "XML010", 2,
              8 + static_cast<int>(kMaxTextSize) - 1, "text of <regex> is too long");
  // Each piece between child elements is checked; the limit is per element text.
  Roots("<a>" + ok + "<b/>" + ok + "</a>");
  ExpectError("<a v=\"" + too_long + "\"/>", "XML010", 1, 7 + static_cast<int>(kMaxTextSize) - 1,
              "value of attribute 'v' is too long");
}

TEST(WazuhXmlErrors, UnknownVariable) {
  ExpectError("<var name=\"A\">1</var>\n<rule>\n  <match>ok $A, bad $FOO.</match>", "XML011", 3, 21,
              "unknown variable '$FOO'");
  // Position is right after a removed comment too.
  ExpectError("<var name=\"A\">1</var><m>x<!-- c -->$NOPE</m>", "XML011", 1, 36, "'$NOPE'");
  // In an attribute value.
  ExpectError("<var name=\"A\">1</var>\n<rule level=\"$LEVEL\"/>", "XML011", 2, 14,
              "unknown variable '$LEVEL'");
  // Only `$ . | , space` end a name: "]" is part of it.
  ExpectError("<var name=\"A\">1</var><e>[$A]</e>", "XML011", 1, 26, "unknown variable '$A]'");
  // "(foo$)": '$' followed by ')' once a variable exists.
  ExpectError("<var name=\"A\">1</var><regex>(foo$)</regex>", "XML011", 1, 33, "'$)'");
}

TEST(WazuhXmlErrors, InvalidVariableDefinition) {
  ExpectError("<var>1</var>", "XML012", 1, 1, "<var> without a 'name' attribute");
  ExpectError("<var name=\"A\" value=\"x\">1</var>", "XML012", 1, 15, "only the attribute 'name'");
  ExpectError("<var name=\"\">1</var>", "XML012", 1, 1, "empty name");
  ExpectError("<var name=\"" + std::string(kMaxVarNameSize + 1, 'n') + "\">1</var>", "XML012", 1, 1,
              "longer than 255");
  ExpectError("<var name=\"A\">\n  <b/>1</var>", "XML012", 2, 3, "must not contain elements");
  Roots("<var name=\"" + std::string(kMaxVarNameSize, 'n') + "\">1</var>");
}

TEST(WazuhXmlErrors, VariableReferenceTooLong) {
  std::string name(kMaxVarNameSize, 'n');
  auto roots = Roots("<var name=\"" + name + "\">1</var><e>$" + name + "</e>");
  EXPECT_EQ(roots[0].text, "1");
  ExpectError("<var name=\"A\">1</var><e>$" + name + "n</e>", "XML013", 1, 25, "longer than 255");
}

TEST(WazuhXmlErrors, NestingTooDeep) {
  std::string deep;
  for (int i = 0; i < 1024; ++i) deep += "<a>";
  for (int i = 0; i < 1024; ++i) deep += "</a>";
  Roots(deep);
  ExpectError(deep.substr(0, 3 * 1024) + "<b/>", "XML014", 1, 3 * 1024 + 1,
              "nested deeper than 1024");
}

TEST(WazuhXmlErrors, NulByte) {
  ExpectError(std::string("<a>x\0y</a>", 10), "XML015", 1, 5, "NUL byte");
}

TEST(WazuhXmlErrors, FirstErrorOnly) {
  Result r = ParseText("<a b></a>\n</x>\n<c");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags.error_count(), 1);
  EXPECT_TRUE(r.doc.roots.empty());
  EXPECT_EQ(r.doc.path, "t.xml");
}

TEST(WazuhXmlErrors, RendersAsFileLineColumn) {
  Result r = ParseText("<a b c=\"1\"/>");
  EXPECT_EQ(r.diags.RenderAll(),
            "t.xml:1:4: error[XML008]: attribute 'b' has no value ('=' must follow its name)\n");
}

// ---------------------------------------------------------------------------------------------
// Files

TEST(WazuhXmlFile, ReadsAFile) {
  std::string path =
      (std::filesystem::temp_directory_path() / "tripline_wazuh_xml_test.xml").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "<decoder name=\"x\">\n  <prematch>^x</prematch>\n</decoder>\n";
  }
  Document doc;
  Diagnostics diags;
  ASSERT_TRUE(ParseFile(path, &doc, &diags)) << diags.RenderAll();
  EXPECT_EQ(doc.path, path);
  ASSERT_EQ(doc.roots.size(), 1u);
  EXPECT_EQ(doc.roots[0].children[0].text, "^x");
  std::remove(path.c_str());
}

TEST(WazuhXmlFile, DirectoryIsAnError) {
  Document doc;
  Diagnostics diags;
  EXPECT_FALSE(ParseFile(std::filesystem::temp_directory_path().string(), &doc, &diags));
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].code, "XML001");
}

TEST(WazuhXmlFile, MissingFileIsAnError) {
  Document doc;
  Diagnostics diags;
  EXPECT_FALSE(ParseFile("/nonexistent/dir/rules.xml", &doc, &diags));
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].code, "XML001");
  EXPECT_EQ(diags.items()[0].loc.file, "/nonexistent/dir/rules.xml");
  EXPECT_NE(diags.items()[0].message.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace tripline::xml
