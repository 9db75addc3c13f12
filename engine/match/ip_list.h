// IpList: <srcip>/<dstip> address lists as Wazuh evaluates them (docs §3.8): IPv4 with /nn or
// dotted masks, ::ffff:a.b.c.d as IPv4, IPv6 with /0..128, `any`, a leading '!' whose negation is
// sticky for every later entry. Immutable after loading; Contains() is thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::match {

class IpList {
 public:
  // Adds one entry (one address, optionally with '!' and a mask). Returns false and sets
  // *error for an invalid address or mask.
  bool Add(std::string_view entry, std::string* error);

  // Wazuh's OS_IPFoundList on a NUL-terminated event value; false when the value is not an
  // address. A family mismatch counts as "not in the network". `any` is what Wazuh builds for
  // it, an all-zero IPv6 network: it holds every IPv6 address and no IPv4 one (Wazuh would
  // dereference NULL there).
  bool Contains(const char* value) const;

  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    bool negated = false;
    bool any = false;
    bool v6 = false;
    std::array<uint8_t, 16> addr{};
    std::array<uint8_t, 16> mask{};
  };
  std::vector<Entry> entries_;
};

}  // namespace tripline::match
