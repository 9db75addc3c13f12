#include "rules/time_window.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <strings.h>

namespace tripline::rules {

namespace {

// C atoi with saturation instead of undefined overflow.
int AtoiSat(const char* s) {
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  bool neg = false;
  if (*s == '+' || *s == '-') neg = (*s++ == '-');
  long long v = 0;
  while (std::isdigit(static_cast<unsigned char>(*s))) {
    v = v * 10 + (*s++ - '0');
    if (v > 1000000000LL) v = 1000000000LL;
  }
  return static_cast<int>(neg ? -v : v);
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

const char* SkipSpaces(const char* s) {
  while (*s == ' ') ++s;
  return s;
}

// Port of validate_op.c __gethour. `s` points into a buffer padded with NULs so the look-ahead
// reads of the original stay in bounds. Writes "HH:MM" (or longer, as snprintf would) to *out.
const char* GetHour(const char* s, std::string* out) {
  int size = 0;
  int hour = AtoiSat(s);
  if (hour < 0 || hour >= 24) return nullptr;
  while (IsDigit(*s)) {
    ++size;
    ++s;
  }
  if (size > 2) return nullptr;
  int minute = 0;
  if (*s == ':') {
    ++s;
    if ((!IsDigit(s[0]) || !IsDigit(s[1])) && IsDigit(s[2])) return nullptr;
    minute = AtoiSat(s);
    // The original always skips two bytes; never step past the terminator here.
    for (int i = 0; i < 2 && *s != '\0'; ++i) ++s;
  }
  s = SkipSpaces(s);
  auto format = [&](int h) -> bool {
    char buf[32];
    int n = std::snprintf(buf, sizeof(buf), "%02d:%02d", h, minute);
    if (n < 0 || n >= 7) return false;  // ossec_hour is 7 bytes
    out->assign(buf, static_cast<size_t>(n));
    return true;
  };
  if (*s == 'a' || *s == 'A') {
    ++s;
    if (*s == 'm' || *s == 'M') {
      if (hour == 12) hour = 0;
      if (!format(hour)) return nullptr;
      return s + 1;
    }
    return nullptr;
  }
  if (*s == 'p' || *s == 'P') {
    ++s;
    if (*s == 'm' || *s == 'M') {
      if (hour == 12) hour = 0;
      hour += 12;
      if (hour < 0 || hour >= 24) return nullptr;
      if (!format(hour)) return nullptr;
      return s + 1;
    }
    return nullptr;
  }
  if (!format(hour)) return nullptr;
  return s;
}

}  // namespace

std::optional<std::string> ParseTimeRange(std::string_view text) {
  std::string buf(text);
  buf.append(4, '\0');  // look-ahead padding (see GetHour)
  const char* s = SkipSpaces(buf.c_str());
  bool negate = false;
  if (*s == '!') {
    negate = true;
    s = SkipSpaces(s + 1);
  }
  std::string first, second;
  s = GetHour(s, &first);
  if (s == nullptr) return std::nullopt;
  s = SkipSpaces(s);
  if (*s != '-') return std::nullopt;
  s = SkipSpaces(s + 1);
  s = GetHour(s, &second);
  if (s == nullptr) return std::nullopt;
  s = SkipSpaces(s);
  if (*s != '\0') return std::nullopt;
  std::string stored;
  if (first > second) {  // strcmp(first, second) > 0
    stored = "!" + second + first;
  } else {
    stored = (negate ? "!" : ".") + first + second;
  }
  if (stored.size() > 15) stored.resize(15);  // snprintf into 16 bytes
  return stored;
}

bool TimeInRange(const char* now_hhmm, const std::string& stored) {
  // Padded copy so the two 5-byte comparisons never read past the stored string.
  char t[17] = {0};
  std::memcpy(t, stored.data(), stored.size() < 16 ? stored.size() : 16);
  bool truth = t[0] != '!';
  const char* from = t + 1;
  const char* to = t + 6;
  if (std::strncmp(now_hhmm, from, 5) >= 0 && std::strncmp(now_hhmm, to, 5) <= 0) return truth;
  return !truth;
}

std::optional<std::array<bool, 7>> ParseWeekdays(std::string_view text) {
  static constexpr const char* kDays[] = {"sunday", "sun", "monday",   "mon",     "tuesday",
                                          "tue",    "wednesday", "wed", "thursday", "thu",
                                          "friday", "fri",    "saturday", "sat",  "weekdays",
                                          "weekends"};
  static constexpr int kDayIndex[] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8};
  std::string buf(text);
  const char* s = SkipSpaces(buf.c_str());
  // A leading '!' is not skipped by the original parser, so the first name fails to match.
  std::array<bool, 7> days{};
  while (*s != '\0') {
    size_t i = 0;
    for (; i < std::size(kDays); ++i) {
      if (strncasecmp(s, kDays[i], std::strlen(kDays[i])) == 0) {
        int d = kDayIndex[i];
        if (d == 7) {
          for (int k = 1; k <= 5; ++k) days[k] = true;
        } else if (d == 8) {
          days[0] = days[6] = true;
        } else {
          days[d] = true;
        }
        break;
      }
    }
    if (i == std::size(kDays)) return std::nullopt;
    s += std::strlen(kDays[i]);
    if (*s == ' ' || *s == ',') {
      while (*s == ' ' || *s == ',') ++s;
      continue;
    }
    if (*s == '\0') break;
    return std::nullopt;
  }
  bool any = false;
  for (bool d : days) any = any || d;
  if (!any) return std::nullopt;
  return days;
}

}  // namespace tripline::rules
