// IpList (docs §3.8): entry syntax, masks, sticky '!', families.
#include "match/ip_list.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tripline::match {
namespace {

IpList List(const std::vector<std::string>& entries) {
  IpList list;
  for (const auto& e : entries) {
    std::string error;
    EXPECT_TRUE(list.Add(e, &error)) << e << ": " << error;
  }
  return list;
}

TEST(IpList, AcceptedEntrySyntax) {
  for (const char* ok : {"1.2.3.4", "10.0.0.0/8", "10.0.0.0/0", "10.0.0.0/32", "192.168.0.0/255.255.0.0",
                         "0.0.0.0", "!10.0.0.1", "::ffff:1.2.3.4", "::FFFF:1.2.3.4/24", "any", "!any",
                         "2001:db8::1", "2001:db8::/32", "2001:0db8:0000:0000:0000:0000:0000:0001/128", "::1",
                         "::", "fe80::/10", "1::", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "::1/05"}) {
    IpList list;
    std::string error;
    EXPECT_TRUE(list.Add(ok, &error)) << ok << ": " << error;
    EXPECT_FALSE(list.empty());
  }
}

TEST(IpList, RejectedEntrySyntax) {
  for (const char* bad : {"", "!", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/08",
                          "1.2.3.4/", "1.2.3.4/255.255.0", "host.example", "1.2.3.4 ", " 1.2.3.4",
                          "2001:db8::1/129", "2001:db8::g", "::/0", "::1.2.3.4", "fe80::1%eth0", "1:::2",
                          "ANY"}) {
    IpList list;
    std::string error;
    EXPECT_FALSE(list.Add(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(IpList, NetworksAndMasks) {
  const IpList list = List({"10.0.0.0/8"});
  EXPECT_TRUE(list.Contains("10.1.2.3"));
  EXPECT_FALSE(list.Contains("11.1.2.3"));
  EXPECT_TRUE(List({"192.168.1.77/255.255.255.0"}).Contains("192.168.1.5"));
  EXPECT_FALSE(List({"192.168.1.77/255.255.255.0"}).Contains("192.168.2.5"));
  EXPECT_TRUE(List({"1.2.3.4"}).Contains("1.2.3.4"));
  EXPECT_FALSE(List({"1.2.3.4"}).Contains("1.2.3.5"));
  EXPECT_TRUE(List({"0.0.0.0/0"}).Contains("8.8.8.8"));
  EXPECT_TRUE(List({"::ffff:10.0.0.0/8"}).Contains("10.9.9.9"));  // treated as IPv4
  EXPECT_TRUE(List({"2001:db8::/32"}).Contains("2001:db8:1::5"));
  EXPECT_FALSE(List({"2001:db8::/32"}).Contains("2001:db9::5"));
  EXPECT_TRUE(List({"::1"}).Contains("0:0:0:0:0:0:0:1"));
}

TEST(IpList, EventValueMustBeAnAddress) {
  const IpList list = List({"0.0.0.0/0"});
  EXPECT_FALSE(list.Contains(nullptr));
  EXPECT_FALSE(list.Contains(""));
  EXPECT_FALSE(list.Contains("host"));
  EXPECT_FALSE(list.Contains("1.2.3.4/8"));
  EXPECT_FALSE(list.Contains(" 1.2.3.4"));
  EXPECT_FALSE(List({"!1.2.3.4"}).Contains("junk"));  // not an address: false even when negated
}

TEST(IpList, NegationIsSticky) {
  EXPECT_FALSE(List({"!10.0.0.0/8", "1.1.1.1"}).Contains("1.1.1.1"));  // the spec's example
  EXPECT_FALSE(List({"!10.0.0.0/8"}).Contains("10.1.1.1"));
  EXPECT_TRUE(List({"!10.0.0.0/8"}).Contains("11.1.1.1"));
  EXPECT_TRUE(List({"1.1.1.1", "!10.0.0.0/8"}).Contains("1.1.1.1"));
  EXPECT_FALSE(List({"1.1.1.1", "!10.0.0.0/8"}).Contains("10.0.0.1"));
  EXPECT_TRUE(List({"1.1.1.1", "!10.0.0.0/8"}).Contains("2.2.2.2"));  // no hit: !hit
  EXPECT_FALSE(List({"1.1.1.1", "2.2.2.2"}).Contains("3.3.3.3"));
}

TEST(IpList, FamilyMismatchIsNotInTheNetwork) {
  EXPECT_FALSE(List({"10.0.0.0/8"}).Contains("::1"));
  EXPECT_FALSE(List({"::0/0"}).Contains("10.0.0.1"));
  EXPECT_FALSE(List({"2001:db8::/32"}).Contains("10.0.0.1"));
  EXPECT_FALSE(List({"10.0.0.0/8"}).Contains("::ffff:10.0.0.1"));  // an IPv6 event value
  EXPECT_TRUE(List({"!2001:db8::/32"}).Contains("10.0.0.1"));     // no hit with '!': true
}

TEST(IpList, AnyIsAnAllZeroIpv6Network) {
  EXPECT_TRUE(List({"any"}).Contains("2001:db8::1"));
  EXPECT_FALSE(List({"any"}).Contains("10.0.0.1"));  // Wazuh dereferences NULL here
  EXPECT_FALSE(List({"!any"}).Contains("::1"));
}

}  // namespace
}  // namespace tripline::match
