// Byte tables shared by the OS_Match and OS_Regex ports: ASCII lowercasing (bytes >= 0x80 are
// left alone) and the membership of every byte in each OS_Regex class code (docs §3.4).
// Compile-time constants; safe to read from any thread.
#pragma once

#include <array>

namespace tripline::match {

inline constexpr std::array<unsigned char, 256> kAsciiLower = [] {
  std::array<unsigned char, 256> t{};
  for (int b = 0; b < 256; ++b) t[b] = static_cast<unsigned char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
  return t;
}();

// kRegexClass[code][byte]: does class `code` (the byte stored after '\' in the OS_Regex byte
// code) match `byte`? Codes: 1 \d, 2 \w, 3 \s, 4 \p, 5 \(, 6 \), 7 \\, 8 \D, 9 \W, 10 \S,
// 11 \., 12 \t, 13 \$, 14 \|, 15 \<. Code 0 matches nothing.
inline constexpr int kRegexClassCount = 16;
inline constexpr std::array<std::array<bool, 256>, kRegexClassCount> kRegexClass = [] {
  std::array<std::array<bool, 256>, kRegexClassCount> t{};
  constexpr const char* kPunct = "!\"#$%&'()*+,-.:;<=>?[]{|}";
  for (int b = 0; b < 256; ++b) {
    const bool digit = b >= '0' && b <= '9';
    const bool alpha = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    const bool word = digit || alpha || b == '-' || b == '@' || b == '_';
    bool punct = false;
    for (const char* c = kPunct; *c; ++c) punct = punct || b == static_cast<unsigned char>(*c);
    t[1][b] = digit;
    t[2][b] = word;
    t[3][b] = b == ' ';
    t[4][b] = punct;
    t[5][b] = b == '(';
    t[6][b] = b == ')';
    t[7][b] = b == '\\';
    t[8][b] = !digit;
    t[9][b] = !word;
    t[10][b] = b != ' ';
    t[11][b] = true;
    t[12][b] = b == '\t';
    t[13][b] = b == '$';
    t[14][b] = b == '|';
    t[15][b] = b == '<';
  }
  return t;
}();

}  // namespace tripline::match
