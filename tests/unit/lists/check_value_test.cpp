// The two lookups that test the found value with the rule's check_value OS_Match pattern.
#include <gtest/gtest.h>

#include <string>

#include "lists/cdb_list.h"
#include "match/os_match.h"

namespace tripline::lists {
namespace {

match::OsMatch Pattern(std::string_view p) {
  match::OsMatch m;
  std::string error;
  EXPECT_TRUE(m.Compile(p, &error)) << error;
  return m;
}

CdbList Load(std::string_view text) {
  CdbList list;
  list.LoadText(text);
  return list;
}

TEST(CdbListCheckValue, MatchKeyValueTestsTheValue) {
  // As the stock auditd rules: <list lookup="match_key_value" check_value="write">.
  CdbList list = Load("audit-wazuh-w:write\naudit-wazuh-r:read\n");
  match::OsMatch write = Pattern("write");
  EXPECT_TRUE(list.Check(Lookup::kMatchKeyValue, "audit-wazuh-w", &write));
  EXPECT_FALSE(list.Check(Lookup::kMatchKeyValue, "audit-wazuh-r", &write));
  EXPECT_FALSE(list.Check(Lookup::kMatchKeyValue, "audit-wazuh-x", &write));
  // OS_Match is case-insensitive, and matches substrings unless anchored.
  match::OsMatch upper = Pattern("RIT");
  EXPECT_TRUE(list.Check(Lookup::kMatchKeyValue, "audit-wazuh-w", &upper));
  match::OsMatch anchored = Pattern("^rit");
  EXPECT_FALSE(list.Check(Lookup::kMatchKeyValue, "audit-wazuh-w", &anchored));
  match::OsMatch either = Pattern("read|write");
  EXPECT_TRUE(list.Check(Lookup::kMatchKeyValue, "audit-wazuh-r", &either));
}

TEST(CdbListCheckValue, MatchKeyValueIsNotAnAddressLookup) {
  CdbList list = Load("10.1.:bad\n");
  match::OsMatch bad = Pattern("bad");
  EXPECT_FALSE(list.Check(Lookup::kMatchKeyValue, "10.1.2.3", &bad));
  EXPECT_TRUE(list.Check(Lookup::kMatchKeyValue, "10.1.", &bad));
}

TEST(CdbListCheckValue, AddressMatchKeyValueIsInverted) {
  CdbList list = Load("10.1.:bad\n10.2.:good\n");
  match::OsMatch bad = Pattern("bad");
  // Found, and the value matches: the rule does NOT pass.
  EXPECT_FALSE(list.Check(Lookup::kAddressMatchKeyValue, "10.1.2.3", &bad));
  // Found, value does not match: passes.
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKeyValue, "10.2.3.4", &bad));
  // Not found at all: passes.
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKeyValue, "11.1.1.1", &bad));
}

TEST(CdbListCheckValue, AddressMatchKeyValueStopsAtTheFirstKeyFound) {
  // The exact key is found first; its value decides, the matching network is not looked at.
  CdbList list = Load("10.1.2.3:good\n10.1.:bad\n");
  match::OsMatch bad = Pattern("bad");
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKeyValue, "10.1.2.3", &bad));
  EXPECT_FALSE(list.Check(Lookup::kAddressMatchKeyValue, "10.1.2.4", &bad));
}

TEST(CdbListCheckValue, OtherLookupsIgnoreCheckValue) {
  CdbList list = Load("k:v\n");
  match::OsMatch nomatch = Pattern("zzz");
  EXPECT_TRUE(list.Check(Lookup::kMatchKey, "k", &nomatch));
  EXPECT_FALSE(list.Check(Lookup::kNotMatchKey, "k", &nomatch));
  EXPECT_TRUE(list.Check(Lookup::kAddressMatchKey, "k", &nomatch));
}

}  // namespace
}  // namespace tripline::lists
