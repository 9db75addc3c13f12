#include "json/writer.h"

#include <cfloat>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tripline::json {

namespace {

// 1 for bytes that cJSON escapes, 2 for NUL (end of a C string), 0 for bytes copied raw.
constexpr unsigned char kEscapeClass[256] = {
    2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  // 0x00
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  // 0x10
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x20: '"'
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x30
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 0x40
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,  // 0x50: '\\'
};

// Nonzero when one of the 8 bytes of w is below 0x20, '"' or '\\' (SWAR bit tricks; may flag a
// plain byte only when a real one is present too, which just falls back to the byte loop).
uint64_t NeedsEscape8(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  uint64_t below_space = (w - kOnes * 0x20) & ~w;
  uint64_t q = w ^ (kOnes * '"');
  uint64_t bs = w ^ (kOnes * '\\');
  return (below_space | ((q - kOnes) & ~q) | ((bs - kOnes) & ~bs)) & kHighs;
}

// cJSON's compare_double.
bool CloseEnough(double a, double b) {
  double max_val = std::fabs(a) > std::fabs(b) ? std::fabs(a) : std::fabs(b);
  return std::fabs(a - b) <= max_val * DBL_EPSILON;
}

}  // namespace

bool AppendEscaped(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* p = s.data();
  const char* end = p + s.size();
  const char* run = p;
  for (; p < end; ++p) {
    // Skip 8 plain bytes at a time: none below 0x20, none '"' or '\\'.
    while (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      if (NeedsEscape8(w)) break;
      p += 8;
    }
    if (p == end) break;
    unsigned char c = static_cast<unsigned char>(*p);
    unsigned char cls = kEscapeClass[c];
    if (cls == 0) continue;
    out->append(run, p - run);
    run = p + 1;
    if (cls == 2) return false;  // NUL: the C string ends here (the run before it is out)
    char esc[6] = {'\\', 0, 0, 0, 0, 0};
    switch (c) {
      case '"':
        esc[1] = '"';
        break;
      case '\\':
        esc[1] = '\\';
        break;
      case '\b':
        esc[1] = 'b';
        break;
      case '\f':
        esc[1] = 'f';
        break;
      case '\n':
        esc[1] = 'n';
        break;
      case '\r':
        esc[1] = 'r';
        break;
      case '\t':
        esc[1] = 't';
        break;
      default:
        esc[1] = 'u';
        esc[2] = '0';
        esc[3] = '0';
        esc[4] = kHex[c >> 4];
        esc[5] = kHex[c & 0xf];
        out->append(esc, 6);
        continue;
    }
    out->append(esc, 2);
  }
  out->append(run, end - run);
  return true;
}

void AppendQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  AppendEscaped(s, out);
  out->push_back('"');
}

void AppendNumber(double d, std::string* out) {
  char buf[32];
  if (std::isnan(d) || std::isinf(d)) {
    out->append("null");
    return;
  }
  int vi = SaturateToInt(d);
  if (d == static_cast<double>(vi)) {
    auto res = std::to_chars(buf, buf + sizeof(buf), vi);
    out->append(buf, res.ptr - buf);
    return;
  }
  int len = std::snprintf(buf, sizeof(buf), "%1.15g", d);
  double test = std::strtod(buf, nullptr);
  if (!CloseEnough(test, d)) len = std::snprintf(buf, sizeof(buf), "%1.17g", d);
  out->append(buf, static_cast<size_t>(len));
}

void Writer::Key(std::string_view key) {
  if (need_comma_) out_->push_back(',');
  AppendQuoted(key, out_);
  out_->push_back(':');
  need_comma_ = false;
}

void Writer::String(std::string_view value) {
  BeforeValue();
  AppendQuoted(value, out_);
}

void Writer::Number(double value) {
  BeforeValue();
  AppendNumber(value, out_);
}

void Writer::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void Writer::Null() {
  BeforeValue();
  out_->append("null");
}

void Writer::Raw(std::string_view json) {
  BeforeValue();
  out_->append(json);
}

}  // namespace tripline::json
