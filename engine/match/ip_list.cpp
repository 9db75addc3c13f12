// IpList (docs §3.8): entry syntax as Wazuh's OS_IsValidIP accepts it, evaluation as
// OS_IPFoundList.
#include "match/ip_list.h"

#include <arpa/inet.h>

#include <cstring>

namespace tripline::match {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// One IPv4 octet as Wazuh's regex writes it: 0-255 without leading zeros.
bool IsOctet(std::string_view s) {
  if (s.empty() || s.size() > 3) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  if (s.size() > 1 && s[0] == '0') return false;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v <= 255;
}

// a.b.c.d with strict octets; writes the 4 bytes in network order.
bool ParseStrictIpv4(std::string_view s, uint8_t out[4]) {
  int part = 0;
  while (part < 4) {
    size_t dot = part < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return false;
    std::string_view octet = s.substr(0, dot);
    if (!IsOctet(octet)) return false;
    int v = 0;
    for (char c : octet) v = v * 10 + (c - '0');
    out[part++] = static_cast<uint8_t>(v);
    s.remove_prefix(part < 4 ? dot + 1 : dot);
  }
  return s.empty();
}

// An IPv4 CIDR length as the regex `3[0-2]|[1-2]?[0-9]` accepts it (0-32, no leading zero).
bool ParseIpv4Cidr(std::string_view s, int* bits) {
  if (s.empty() || s.size() > 2) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  if (s.size() == 2 && s[0] == '0') return false;
  int v = s.size() == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
  if (v > 32) return false;
  *bits = v;
  return true;
}

// An IPv6 prefix as `12[0-8]|1[0-1][0-9]|[0-9]?[0-9]` accepts it (0-128).
bool ParseIpv6Prefix(std::string_view s, int* bits) {
  if (s.empty() || s.size() > 3) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  if (s.size() == 3 && (s[0] != '1' || v > 128)) return false;
  *bits = v;
  return true;
}

void PrefixMask(int bits, std::array<uint8_t, 16>* mask) {
  mask->fill(0);
  for (int i = 0; i < 16 && bits > 0; ++i) {
    int take = bits > 8 ? 8 : bits;
    (*mask)[i] = static_cast<uint8_t>(0xFF00 >> take);
    bits -= take;
  }
}

bool StartsWithFfff(std::string_view s) {
  if (s.size() < 7 || s.substr(0, 2) != "::" || s[6] != ':') return false;
  for (size_t i = 2; i < 6; ++i) {
    if (s[i] != 'f' && s[i] != 'F') return false;
  }
  return true;
}

}  // namespace

bool IpList::Add(std::string_view entry, std::string* error) {
  auto fail = [&](const char* why) {
    if (error) *error = std::string(why) + ": '" + std::string(entry) + "'";
    return false;
  };
  Entry e;
  std::string_view text = entry;
  if (!text.empty() && text.front() == '!') {
    e.negated = true;
    text.remove_prefix(1);
  }
  if (text == "any") {
    e.any = true;
    entries_.push_back(e);
    return true;
  }

  // IPv4, optionally written as ::ffff:a.b.c.d, with /nn or /m.m.m.m.
  std::string_view v4 = StartsWithFfff(text) ? text.substr(7) : text;
  size_t slash = v4.find('/');
  uint8_t addr4[4];
  if (ParseStrictIpv4(v4.substr(0, slash), addr4)) {
    uint8_t mask4[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    if (slash != std::string_view::npos) {
      std::string_view m = v4.substr(slash + 1);
      int bits = 0;
      if (ParseIpv4Cidr(m, &bits)) {
        std::array<uint8_t, 16> full;
        PrefixMask(bits, &full);
        std::memcpy(mask4, full.data(), 4);
      } else if (!ParseStrictIpv4(m, mask4)) {
        return fail("invalid IPv4 mask");
      }
    }
    for (int i = 0; i < 4; ++i) {
      e.addr[i] = addr4[i] & mask4[i];
      e.mask[i] = mask4[i];
    }
    entries_.push_back(e);
    return true;
  }

  // IPv6: hexadecimal groups only (no embedded IPv4, no zone), optional /0..128; "::" takes no
  // prefix.
  slash = text.find('/');
  std::string_view addr = text.substr(0, slash);
  if (addr.empty()) return fail("invalid IP address");
  for (char c : addr) {
    if (!IsHex(c) && c != ':') return fail("invalid IP address");
  }
  int bits = 128;
  if (slash != std::string_view::npos) {
    if (addr == "::") return fail("invalid IP address");
    if (!ParseIpv6Prefix(text.substr(slash + 1), &bits)) return fail("invalid IPv6 prefix");
  }
  std::string addr_str(addr);
  uint8_t raw[16];
  if (inet_pton(AF_INET6, addr_str.c_str(), raw) != 1) return fail("invalid IP address");
  e.v6 = true;
  PrefixMask(bits, &e.mask);
  for (int i = 0; i < 16; ++i) e.addr[i] = raw[i] & e.mask[i];
  entries_.push_back(e);
  return true;
}

bool IpList::Contains(const char* value) const {
  if (value == nullptr) return false;
  uint8_t raw[16] = {};
  bool v6 = false;
  if (inet_pton(AF_INET, value, raw) != 1) {
    if (inet_pton(AF_INET6, value, raw) != 1) return false;
    v6 = true;
  }
  bool hit = true;
  for (const Entry& e : entries_) {
    if (e.negated) hit = false;  // sticky for every later entry
    bool inside = false;
    if (e.any) {
      inside = v6;  // Wazuh's `any` holds only an all-zero IPv6 network; IPv4 would crash there
    } else if (e.v6 == v6) {
      const int n = v6 ? 16 : 4;
      inside = true;
      for (int i = 0; i < n && inside; ++i) inside = (raw[i] & e.mask[i]) == e.addr[i];
    }
    if (inside) return hit;
  }
  return !hit;
}

}  // namespace tripline::match
