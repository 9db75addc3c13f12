// cJSON-compatible parser and printers: acceptance rules, decoding, number and string output.
#include "json/cjson.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>

#include "base/limit_counters.h"

namespace tripline::json {
namespace {

// Parses and prints compactly; "<fail>" when cJSON would reject the text.
std::string Roundtrip(std::string_view text, bool require_null_terminated = false) {
  Value v;
  if (!Parse(text, &v, nullptr, require_null_terminated)) return "<fail>";
  return PrintUnformatted(v);
}

std::string Formatted(std::string_view text) {
  Value v;
  if (!Parse(text, &v)) return "<fail>";
  return Print(v);
}

TEST(CjsonParse, TrailingBytesAcceptedUnlessNullTerminationRequired) {
  Document doc;
  ASSERT_TRUE(doc.Parse(R"({"a":1} trailing garbage)"));
  EXPECT_EQ(doc.parse_end(), 7u);
  EXPECT_TRUE(doc.root().IsObject());
  EXPECT_FALSE(doc.Parse(R"({"a":1} x)", /*require_null_terminated=*/true));
  EXPECT_FALSE(doc.root());
  ASSERT_TRUE(doc.Parse("{\"a\":1} \t\r\n", /*require_null_terminated=*/true));
  EXPECT_EQ(doc.parse_end(), 11u);
  EXPECT_EQ(Roundtrip(R"({"a":1}{"b":2})"), R"({"a":1})");
}

TEST(CjsonParse, TextEndsAtFirstNul) {
  std::string text("{\"a\":1}\0xyz", 11);
  EXPECT_EQ(Roundtrip(text, true), R"({"a":1})");
  EXPECT_EQ(Roundtrip(std::string("{\"a\":\0", 6)), "<fail>");
}

TEST(CjsonParse, ViewsNeedNoTerminator) {
  // The parser never reads past the view (checked under AddressSanitizer).
  for (std::string text : {R"({"a":"bcdefghijklmnopq","n":12)", R"({"a":"bcdefghijklmnopq\)",
                           R"("\u00)", R"([1,2,3.5e)", R"({"k":"v"})", "nul", "\"abcdefghij\""}) {
    std::unique_ptr<char[]> buf(new char[text.size()]);
    std::memcpy(buf.get(), text.data(), text.size());
    Document doc;
    bool ok = doc.Parse(std::string_view(buf.get(), text.size()));
    EXPECT_EQ(ok, Document().Parse(text.c_str())) << text;
  }
}

TEST(CjsonParse, WhitespaceIsAnyByteUpTo0x20AndBomIsSkipped) {
  EXPECT_EQ(Roundtrip("\x01\x02 [\x1f"
                      "1\x7f]"),
            "<fail>");  // 0x7f is not whitespace
  EXPECT_EQ(Roundtrip("\x01\x02 [\x1f"
                      "1\x10]"),
            "[1]");
  EXPECT_EQ(Roundtrip("\xEF\xBB\xBF{}"), "{}");
  EXPECT_EQ(Roundtrip("\xEF\xBB\xBF"
                      "1"),
            "1");
  EXPECT_EQ(Roundtrip("\xEF\xBB\xBF"), "<fail>");
}

TEST(CjsonParse, Literals) {
  EXPECT_EQ(Roundtrip("null"), "null");
  EXPECT_EQ(Roundtrip("true"), "true");
  EXPECT_EQ(Roundtrip("false"), "false");
  EXPECT_EQ(Roundtrip("nul"), "<fail>");
  EXPECT_EQ(Roundtrip("True"), "<fail>");
  EXPECT_EQ(Roundtrip("nullx"), "null");  // trailing bytes
}

TEST(CjsonParse, StructuralErrors) {
  for (const char* bad : {"",           " ",          "[1,]",        "[,1]",     "[1 2]",   "{,}",
                          R"({"a" 1})", R"({"a":})",  R"({"a":1,})", "{a:1}",    "{'a':1}", "[",
                          "{",          R"({"a")",    "]",           "+1",       ".5",      "-",
                          "[1}",        R"({"a":1])", "\"abc",       "\"abc\\\""}) {
    EXPECT_EQ(Roundtrip(bad), "<fail>") << bad;
  }
}

TEST(CjsonParse, NestingLimitIs1000) {
  std::string ok = std::string(1000, '[') + std::string(1000, ']');
  std::string deep = std::string(1001, '[') + std::string(1001, ']');
  Document doc;
  EXPECT_TRUE(doc.Parse(ok));
  EXPECT_FALSE(doc.Parse(deep));
  std::string objs;
  for (int i = 0; i < 1000; ++i) objs += "{\"a\":";
  objs += "1" + std::string(1000, '}');
  EXPECT_TRUE(doc.Parse(objs));
  std::string mixed = "[" + objs + "]";
  EXPECT_FALSE(doc.Parse(mixed));
}

TEST(CjsonParse, TooDeepIsReportedAndCounted) {
  Document doc;
  const uint64_t before = LimitHits(LimitCounter::kJsonTooDeep);
  EXPECT_FALSE(doc.Parse(std::string(1001, '[') + std::string(1001, ']')));
  EXPECT_TRUE(doc.too_deep());
  EXPECT_EQ(LimitHits(LimitCounter::kJsonTooDeep), before + 1);
  EXPECT_FALSE(doc.Parse("[1,"));  // another failure is not "too deep"
  EXPECT_FALSE(doc.too_deep());
  EXPECT_TRUE(doc.Parse(std::string(1000, '[') + std::string(1000, ']')));
  EXPECT_FALSE(doc.too_deep());
  // A 1 MB text of open brackets fails at the limit without deeper recursion.
  EXPECT_FALSE(doc.Parse(std::string(1 << 20, '[')));
  EXPECT_TRUE(doc.too_deep());
  EXPECT_EQ(LimitHits(LimitCounter::kJsonTooDeep), before + 2);
}

TEST(CjsonParse, NumbersFollowStrtod) {
  Document doc;
  struct Case {
    const char* text;
    double value;
    size_t end;
  };
  for (const Case& c :
       {Case{"0", 0, 1}, Case{"-3", -3, 2}, Case{"1e3", 1000, 3}, Case{"1.5", 1.5, 3},
        Case{"01", 1, 2}, Case{"1.", 1, 2}, Case{"1e5e5", 1e5, 3}, Case{"1e", 1, 1},
        Case{"1e+", 1, 1}, Case{"-0.5E-1", -0.05, 7}, Case{"12345678901", 12345678901.0, 11},
        Case{"1.5.3", 1.5, 3}, Case{"0x1F", 0, 1}}) {
    ASSERT_TRUE(doc.Parse(c.text)) << c.text;
    EXPECT_EQ(doc.root().type(), Type::kNumber) << c.text;
    EXPECT_EQ(doc.root().number(), c.value) << c.text;
    EXPECT_EQ(doc.parse_end(), c.end) << c.text;
  }
  EXPECT_FALSE(doc.Parse("-e5"));
  // No length limit on the digit run (cJSON 1.7.18 allocates the strtod buffer).
  std::string long_number(70, '1');
  ASSERT_TRUE(doc.Parse(long_number + "]"));
  EXPECT_EQ(doc.parse_end(), 70u);
  EXPECT_EQ(Roundtrip("[" + long_number + "]"), "[1.1111111111111112e+69]");
}

TEST(CjsonParse, ValueintSaturates) {
  Document doc;
  ASSERT_TRUE(doc.Parse("[2147483647, 2147483648, -2147483648, -2147483649, 1e300, 2.9, -2.9]"));
  std::vector<int> ints;
  for (Element e = doc.root().first_child(); e; e = e.next()) ints.push_back(e.valueint());
  EXPECT_EQ(ints, (std::vector<int>{INT_MAX, INT_MAX, INT_MIN, INT_MIN, INT_MAX, 2, -2}));
}

TEST(CjsonParse, StringEscapes) {
  Document doc;
  ASSERT_TRUE(doc.Parse(R"("a\"b\\c\/d\b\f\n\r\t")"));
  EXPECT_EQ(doc.root().string(), "a\"b\\c/d\b\f\n\r\t");
  ASSERT_TRUE(doc.Parse(R"("\u00e9\u20AC\uD83D\uDE00")"));
  EXPECT_EQ(doc.root().string(), "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  ASSERT_TRUE(doc.Parse("\"raw \x01\x1f\xff bytes\""));  // control bytes and invalid UTF-8 kept
  EXPECT_EQ(doc.root().string(), "raw \x01\x1f\xff bytes");
  for (const char* bad : {R"("\x")", R"("\uDC00")", R"("\uD800")", R"("\uD800\u0041")",
                          R"("\uD800x\uDC00")", R"("\u12")", R"("\')"}) {
    EXPECT_FALSE(doc.Parse(bad)) << bad;
  }
}

TEST(CjsonParse, DecodedNulEndsTheString) {
  Document doc;
  ASSERT_TRUE(doc.Parse(R"({"k\u0000ey":"ab\u0000cd","x":"\uZZZZtail"})"));
  Element a = doc.root().first_child();
  EXPECT_EQ(a.key(), "k");
  EXPECT_EQ(a.string(), "ab");
  EXPECT_EQ(a.next().string(), "");  // invalid hex decodes as U+0000
}

TEST(CjsonParse, DuplicateKeysKeptInOrderAndLookupIsCaseInsensitive) {
  Value v;
  ASSERT_TRUE(Parse(R"({"Key":1,"key":2,"KEY":3})", &v));
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(PrintUnformatted(v), R"({"Key":1,"key":2,"KEY":3})");
  ASSERT_NE(v.GetObjectItem("kEy"), nullptr);
  EXPECT_EQ(v.GetObjectItem("kEy")->number(), 1);
  ASSERT_NE(v.GetObjectItemCaseSensitive("key"), nullptr);
  EXPECT_EQ(v.GetObjectItemCaseSensitive("key")->number(), 2);
  EXPECT_EQ(v.GetObjectItemCaseSensitive("kEy"), nullptr);
  Document doc;
  ASSERT_TRUE(doc.Parse(R"({"Key":1,"key":2})"));
  EXPECT_EQ(doc.root().GetObjectItem("KEY").number(), 1);
  EXPECT_FALSE(doc.root().GetObjectItem("other"));
}

TEST(CjsonPrint, UnformattedNumbers) {
  // -0 prints as 0: cJSON 1.7.16+ prints a value equal to its valueint with "%d".
  EXPECT_EQ(Roundtrip("[1.0, 1e20, 1.5, -3, 0.1, 12345678901, 2147483648, -0, 1e300, 5e-324]"),
            "[1,1e+20,1.5,-3,0.1,12345678901,2147483648,0,1e+300,4.94065645841247e-324]");
  // 0.30000000000000004 reads back within DBL_EPSILON from "0.3", so 15 digits are kept.
  EXPECT_EQ(Roundtrip("[3.141592653589793, 0.30000000000000004, 1481719450000, 1e400]"),
            "[3.1415926535897931,0.3,1481719450000,null]");
  std::string s;
  AppendNumber(100, &s);
  AppendNumber(-2147483648.0, &s);
  AppendNumber(123.456, &s);
  EXPECT_EQ(s, "100-2147483648123.456");
}

TEST(CjsonPrint, FormattedNestedArraysAndObjects) {
  EXPECT_EQ(Formatted(R"([1,"x",{"o":2}])"), "[1, \"x\", {\n\t\t\"o\":\t2\n\t}]");
  EXPECT_EQ(Formatted("[]"), "[]");
  EXPECT_EQ(Formatted("{}"), "{\n}");
  EXPECT_EQ(Formatted(R"({"a":{}})"), "{\n\t\"a\":\t{\n\t}\n}");
  EXPECT_EQ(Formatted(R"({"a":[1,[2,3],{"b":[]}],"c":null})"),
            "{\n\t\"a\":\t[1, [2, 3], {\n\t\t\t\"b\":\t[]\n\t\t}],\n\t\"c\":\tnull\n}");
  EXPECT_EQ(Formatted(R"([[{"k":true}],{"x":{"y":false}}])"),
            "[[{\n\t\t\t\"k\":\ttrue\n\t\t}], {\n\t\t\"x\":\t{\n\t\t\t\"y\":\tfalse\n\t\t}\n\t}]");
}

TEST(CjsonPrint, ElementAndValuePrintersAgree) {
  const char* text = R"({"a":[1,"x",{"o":2}],"b":{"c":1.25,"d":[]},"e":"\u0001"})";
  Document doc;
  ASSERT_TRUE(doc.Parse(text));
  Value v = doc.root().ToValue();
  std::string from_doc, from_value;
  AppendFormatted(doc.root(), &from_doc);
  AppendFormatted(v, &from_value);
  EXPECT_EQ(from_doc, from_value);
  from_doc.clear();
  AppendUnformatted(doc.root(), &from_doc);
  EXPECT_EQ(from_doc, PrintUnformatted(v));
  EXPECT_EQ(from_doc, R"({"a":[1,"x",{"o":2}],"b":{"c":1.25,"d":[]},"e":"\u0001"})");
}

TEST(CjsonPrint, StringEscaping) {
  std::string out;
  AppendQuoted("q\" b\\ s/ \b\f\n\r\t \x01\x1f\x7f \xC3\xA9\xFF", &out);
  EXPECT_EQ(out, "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001f\x7f \xC3\xA9\xFF\"");
  out.clear();
  AppendQuoted(std::string_view("ab\0cd", 5), &out);  // a C string ends at NUL
  EXPECT_EQ(out, "\"ab\"");
  EXPECT_EQ(PrintUnformatted(Value::String(std::string_view("x\0y", 3))), "\"x\"");
}

TEST(CjsonValue, BuildAndEdit) {
  Value root = Value::Object();
  root.AddStringToObject("s", "v");
  root.AddNumberToObject("n", 2.5);
  root.AddBoolToObject("b", false);
  Value& arr = root.AddItemToObject("arr", Value::Array());
  arr.AddItemToArray(Value::Null());
  arr.AddItemToArray(Value::Object());
  EXPECT_EQ(PrintUnformatted(root), R"({"s":"v","n":2.5,"b":false,"arr":[null,{}]})");
  EXPECT_TRUE(root.DeleteItemFromObject("N"));
  EXPECT_FALSE(root.DeleteItemFromObject("n"));
  EXPECT_EQ(PrintUnformatted(root), R"({"s":"v","b":false,"arr":[null,{}]})");
  EXPECT_EQ(Print(root), "{\n\t\"s\":\t\"v\",\n\t\"b\":\tfalse,\n\t\"arr\":\t[null, {\n\t\t}]\n}");
}

TEST(CjsonWriter, CompactOutputWithCommas) {
  std::string line = "prefix:";
  Writer w(&line);
  w.BeginObject();
  w.Key("rule");
  w.BeginObject();
  w.Key("level");
  w.Number(5);
  w.Key("groups");
  w.BeginArray();
  w.String("a\"b");
  w.String("c");
  w.EndArray();
  w.EndObject();
  w.Key("empty");
  w.BeginArray();
  w.EndArray();
  w.Key("x");
  w.Null();
  w.Key("t");
  w.Bool(true);
  Value data;
  ASSERT_TRUE(Parse(R"({"k":[1.5,"v"]})", &data));
  w.Key("data");
  WriteValue(data, &w);
  w.Key("raw");
  w.Raw("[1]");
  w.EndObject();
  EXPECT_EQ(line,
            R"(prefix:{"rule":{"level":5,"groups":["a\"b","c"]},"empty":[],"x":null,"t":true,)"
            R"("data":{"k":[1.5,"v"]},"raw":[1]})");
}

// Random documents and mutations of them: whatever parses must print, re-parse and print the
// same again, and the Document and Value printers must agree.
TEST(CjsonFuzz, PrintParseRoundtripIsStable) {
  std::mt19937 rng(7);
  const char* pieces[] = {"{",
                          "}",
                          "[",
                          "]",
                          ",",
                          ":",
                          "\"",
                          "\\",
                          "\\u00e9",
                          "\\uD83D\\uDE00",
                          "\\u0000",
                          "null",
                          "true",
                          "false",
                          "-",
                          "0",
                          "1.5",
                          "1e20",
                          "-0",
                          "12345678901",
                          " ",
                          "\t",
                          "\x01",
                          "\xc3\xa9",
                          "\"k\"",
                          "\"k\":",
                          "abcdefghijklmnop",
                          "/"};
  Document doc;
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int n = 1 + rng() % 24;
    for (int j = 0; j < n; ++j) text += pieces[rng() % (sizeof(pieces) / sizeof(*pieces))];
    if (!doc.Parse(text)) continue;
    ++parsed;
    std::string compact, formatted;
    AppendUnformatted(doc.root(), &compact);
    AppendFormatted(doc.root(), &formatted);
    Value v;
    size_t end = 0;
    ASSERT_TRUE(Parse(compact, &v, &end, true)) << text;
    EXPECT_EQ(end, compact.size());
    EXPECT_EQ(PrintUnformatted(v), compact) << text;
    EXPECT_EQ(Print(v), formatted) << text;
    Value again;
    ASSERT_TRUE(Parse(formatted, &again, nullptr, true)) << formatted;
    EXPECT_EQ(PrintUnformatted(again), compact) << text;
  }
  EXPECT_GT(parsed, 1000);
}

}  // namespace
}  // namespace tripline::json
