// CDB list text format and lookups (docs/wazuh-semantics.md §8).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "base/limit_counters.h"
#include "lists/cdb_list.h"

namespace tripline::lists {
namespace {

using std::string_literals::operator""s;

CdbList Load(std::string_view text) {
  CdbList list;
  list.LoadText(text);
  return list;
}

std::string ValueOf(const CdbList& list, std::string_view key) {
  const std::string* v = list.Find(key);
  return v == nullptr ? "<absent>" : *v;
}

// ---- Parsing ---------------------------------------------------------------------------------

TEST(CdbListParse, KeyBeforeFirstColonValueAfterIt) {
  CdbList list = Load("audit-wazuh-w:write\nk:v:w\n10.1.:net\n");
  EXPECT_EQ(list.size(), 3u);
  EXPECT_EQ(ValueOf(list, "audit-wazuh-w"), "write");
  EXPECT_EQ(ValueOf(list, "k"), "v:w");
  EXPECT_EQ(ValueOf(list, "10.1."), "net");
}

TEST(CdbListParse, EmptyKeysAndValuesAllowed) {
  CdbList list = Load("1.2.3.4:\n:only value\n");
  EXPECT_EQ(ValueOf(list, "1.2.3.4"), "");
  EXPECT_EQ(ValueOf(list, ""), "only value");
}

TEST(CdbListParse, LinesWithoutColonSkipped) {
  CdbList list = Load("no colon here\n\n# comment:is a key\nx:1\n");
  EXPECT_EQ(list.size(), 2u);
  EXPECT_EQ(list.record_count(), 2u);
  EXPECT_EQ(ValueOf(list, "# comment"), "is a key");  // no comments in the format
  EXPECT_EQ(list.Find("no colon here"), nullptr);
}

TEST(CdbListParse, NoTrimmingAndCaseSensitiveKeys) {
  CdbList list = Load(" Key : Value \n");
  EXPECT_EQ(ValueOf(list, " Key "), " Value ");
  EXPECT_EQ(list.Find("Key"), nullptr);
  EXPECT_EQ(list.Find(" key "), nullptr);
}

TEST(CdbListParse, QuotedKeyMayHoldColons) {
  CdbList list = Load("\"2001:db8::1\":v6\nxx\"a:b\"yy:zz\n\"k\" : \"v\"\n");
  EXPECT_EQ(ValueOf(list, "2001:db8::1"), "v6");
  // Bytes before the opening quote and between the closing quote and ':' are ignored.
  EXPECT_EQ(ValueOf(list, "a:b"), "zz");
  EXPECT_EQ(ValueOf(list, "k"), "v");
}

TEST(CdbListParse, QuotedKeyWithoutColonAfterItIsSkipped) {
  // The ':' inside the quotes makes the key quoted; none follows the closing quote.
  CdbList list = Load("\"a:b\"\n\"unterminated:x\n");
  EXPECT_EQ(list.size(), 0u);
}

TEST(CdbListParse, QuoteAfterTheFirstColonIsNotAKeyQuote) {
  CdbList list = Load("key:some \"quoted\" text\nk2:\"open\n");
  // The value is the text between its first two quotes; an unclosed quote skips the line.
  EXPECT_EQ(ValueOf(list, "key"), "quoted");
  EXPECT_EQ(list.Find("k2"), nullptr);
  EXPECT_EQ(list.size(), 1u);
}

TEST(CdbListParse, UnquotedKeyWithALaterQuotedValueColon) {
  // First '"' before first ':' makes the key quoted: "b:c" has no closing quote -> skipped.
  CdbList list = Load("a\"b:c\nab:c\"d\"e\n");
  EXPECT_EQ(list.Find("a\"b"), nullptr);
  EXPECT_EQ(ValueOf(list, "ab"), "d");
  EXPECT_EQ(list.size(), 1u);
}

TEST(CdbListParse, FirstDuplicateWins) {
  CdbList list = Load("h:SmokeLoader\nh:Gh0stRAT\n");
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list.record_count(), 2u);
  EXPECT_EQ(ValueOf(list, "h"), "SmokeLoader");
}

TEST(CdbListParse, CarriageReturnAndNewlineCutTheLine) {
  CdbList list = Load("a:1\r\nb:2\rc:3\nd:4");
  EXPECT_EQ(ValueOf(list, "a"), "1");
  EXPECT_EQ(ValueOf(list, "b"), "2");  // everything after the first '\r' is dropped
  EXPECT_EQ(list.Find("c"), nullptr);
  EXPECT_EQ(ValueOf(list, "d"), "4");  // last line without '\n'
}

TEST(CdbListParse, NulEndsTheLine) {
  CdbList list = Load("a:1\0junk:2\nb:2\n"s);
  EXPECT_EQ(ValueOf(list, "a"), "1");
  EXPECT_EQ(list.Find("junk"), nullptr);
  EXPECT_EQ(ValueOf(list, "b"), "2");
}

TEST(CdbListParse, LongLinesAreSplitEvery65534Bytes) {
  std::string key(kMaxListLine - 2, 'k');
  // Line 1: exactly 65534 bytes before its '\n' -> "kkk...:v" then an empty line.
  // Line 2: 65534 bytes of 'x' then ":tail": the tail becomes a line of its own.
  std::string text = key + ":v\n" + std::string(kMaxListLine, 'x') + ":tail\n";
  CdbList list = Load(text);
  EXPECT_EQ(ValueOf(list, key), "v");
  EXPECT_EQ(ValueOf(list, ""), "tail");
  EXPECT_EQ(list.size(), 2u);
}

TEST(CdbListParse, SplitLinesAreCounted) {
  const uint64_t before = LimitHits(LimitCounter::kListLineSplit);
  Load(std::string(kMaxListLine - 2, 'k') + ":\n");  // 65534 bytes with the '\n': one read
  Load(std::string(kMaxListLine, 'k'));               // 65534 bytes up to the end: one read
  EXPECT_EQ(LimitHits(LimitCounter::kListLineSplit), before);
  // A 1 MB line is read as 17 pieces: 16 splits.
  CdbList list = Load(std::string(1 << 20, 'x') + ":v\n");
  EXPECT_EQ(LimitHits(LimitCounter::kListLineSplit), before + 16);
  EXPECT_EQ(list.size(), 1u);
}

TEST(CdbListParse, LoadReplacesPreviousEntries) {
  CdbList list = Load("a:1\n");
  list.LoadText("b:2\n");
  EXPECT_EQ(list.Find("a"), nullptr);
  EXPECT_EQ(list.size(), 1u);
}

TEST(CdbListParse, LoadFileErrors) {
  CdbList list;
  std::string error;
  EXPECT_FALSE(list.LoadFile("/nonexistent/list", &error));
  EXPECT_NE(error.find("/nonexistent/list"), std::string::npos);
}

// ---- Lookups ---------------------------------------------------------------------------------

TEST(CdbListLookup, ParseLookupNames) {
  EXPECT_EQ(ParseLookup("match_key"), Lookup::kMatchKey);
  EXPECT_EQ(ParseLookup("NOT_MATCH_KEY"), Lookup::kNotMatchKey);
  EXPECT_EQ(ParseLookup("Match_Key_Value"), Lookup::kMatchKeyValue);
  EXPECT_EQ(ParseLookup("address_match_key"), Lookup::kAddressMatchKey);
  EXPECT_EQ(ParseLookup("not_address_match_key"), Lookup::kNotAddressMatchKey);
  EXPECT_EQ(ParseLookup("address_match_key_value"), Lookup::kAddressMatchKeyValue);
  EXPECT_EQ(ParseLookup("match"), std::nullopt);
  EXPECT_EQ(ParseLookup("match_key "), std::nullopt);
  EXPECT_EQ(ParseLookup(""), std::nullopt);
}

TEST(CdbListLookup, MatchKeyIsExact) {
  CdbList list = Load("root:\nAdmin:x\n");
  EXPECT_TRUE(list.Check(Lookup::kMatchKey, "root", nullptr));
  EXPECT_FALSE(list.Check(Lookup::kMatchKey, "Root", nullptr));
  EXPECT_FALSE(list.Check(Lookup::kMatchKey, "roo", nullptr));
  EXPECT_FALSE(list.Check(Lookup::kMatchKey, "root2", nullptr));
  EXPECT_FALSE(list.Check(Lookup::kNotMatchKey, "root", nullptr));
  EXPECT_TRUE(list.Check(Lookup::kNotMatchKey, "admin", nullptr));
}

TEST(CdbListLookup, EmptyValueMatchesEmptyKey) {
  EXPECT_FALSE(Load("a:1\n").Check(Lookup::kMatchKey, "", nullptr));
  EXPECT_TRUE(Load(":1\n").Check(Lookup::kMatchKey, "", nullptr));
}

TEST(CdbListLookup, MissingFieldFailsEveryLookup) {
  CdbList list = Load("a:1\n");
  for (Lookup l : {Lookup::kMatchKey, Lookup::kNotMatchKey, Lookup::kMatchKeyValue,
                   Lookup::kAddressMatchKey, Lookup::kNotAddressMatchKey,
                   Lookup::kAddressMatchKeyValue}) {
    EXPECT_FALSE(list.Check(l, nullptr, nullptr)) << static_cast<int>(l);
  }
}

TEST(CdbListLookup, AddressMatchKeyTriesPrefixesEndingInDot) {
  CdbList list = Load("192.168.:lan\n10.1.2.3:host\n172.16.0.1:exact\n");
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKey, "192.168.1.5", nullptr));
  EXPECT_EQ(*list.FindAddress("192.168.1.5"), "lan");
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKey, "10.1.2.3", nullptr));
  // Not CIDR: "10.1.2.30" has no "10.1.2.3" prefix ending in '.'.
  EXPECT_FALSE(list.Check(Lookup::kAddressMatchKey, "10.1.2.30", nullptr));
  // Only prefixes ending in '.' are tried, never "172.16.0.1" inside "172.16.0.15".
  EXPECT_FALSE(list.Check(Lookup::kAddressMatchKey, "172.16.0.15", nullptr));
  EXPECT_TRUE(list.Check(Lookup::kNotAddressMatchKey, "172.16.0.15", nullptr));
  EXPECT_FALSE(list.Check(Lookup::kNotAddressMatchKey, "192.168.200.1", nullptr));
  // Byte-wise, so anything with dots works, and no prefix without a dot is tried.
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKey, "192.168.x", nullptr));
  EXPECT_FALSE(list.Check(Lookup::kAddressMatchKey, "192", nullptr));
}

TEST(CdbListLookup, AddressLookupOfAHugeDottedValueIsLinear) {
  // A 64 KB value made of dots tries only the prefixes no longer than the longest key: the
  // same results as trying every prefix, in one pass.
  CdbList list = Load("10.:net\n10.1.2.3:host\n");
  std::string value(65000, '.');
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(list.FindAddress(value), nullptr);
    EXPECT_TRUE(list.Check(Lookup::kNotAddressMatchKey, value.c_str(), nullptr));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(ValueOf(list, "10.1.2.3"), "host");
  const std::string* v = list.FindAddress("10." + std::string(65000, '.'));
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(*v, "net");
  v = list.FindAddress("10.1.2.3");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(*v, "host");
}

TEST(CdbListLookup, AddressPrefersExactThenLongestPrefix) {
  CdbList list = Load("10.:a\n10.1.:b\n10.1.2.3:c\n");
  EXPECT_EQ(*list.FindAddress("10.1.2.3"), "c");
  EXPECT_EQ(*list.FindAddress("10.1.2.4"), "b");
  EXPECT_EQ(*list.FindAddress("10.2.2.4"), "a");
  EXPECT_EQ(list.FindAddress("11.1.2.3"), nullptr);
}

TEST(CdbListLookup, MatchKeyValueWithoutCheckValueNeverMatches) {
  CdbList list = Load("audit-wazuh-w:write\n");
  EXPECT_FALSE(list.Check(Lookup::kMatchKeyValue, "audit-wazuh-w", nullptr));
}

TEST(CdbListLookup, AddressMatchKeyValueWithoutCheckValueAlwaysPasses) {
  CdbList list = Load("10.1.:x\n");
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKeyValue, "10.1.2.3", nullptr));
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKeyValue, "11.1.2.3", nullptr));
}

}  // namespace
}  // namespace tripline::lists
