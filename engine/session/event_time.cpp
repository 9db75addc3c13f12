#include "session/event_time.h"

#include <cctype>
#include <cmath>
#include <cstring>
#include <strings.h>

namespace tripline {

namespace {

struct Civil {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// A cursor over the text being parsed.
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool AtEnd() const { return i >= s.size(); }
  char Peek(size_t k = 0) const { return i + k < s.size() ? s[i + k] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  // Exactly n digits.
  bool Digits(int n, int* out) {
    int v = 0;
    for (int k = 0; k < n; ++k) {
      char c = Peek(static_cast<size_t>(k));
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      v = v * 10 + (c - '0');
    }
    i += static_cast<size_t>(n);
    *out = v;
    return true;
  }
  // A day of month written in two bytes: "09", " 9" (BSD syslog) or "9" followed by a space.
  bool Day(int* out) {
    if (Peek() == ' ' && std::isdigit(static_cast<unsigned char>(Peek(1)))) {
      ++i;
      *out = Peek() - '0';
      ++i;
      return true;
    }
    if (Digits(2, out)) return true;
    if (std::isdigit(static_cast<unsigned char>(Peek())) && Peek(1) == ' ') {
      *out = Peek() - '0';
      ++i;
      return true;
    }
    return false;
  }
  bool Month(int* out) {
    static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};
    if (i + 3 > s.size()) return false;
    for (int m = 0; m < 12; ++m) {
      if (strncasecmp(s.data() + i, kMonths[m], 3) == 0) {
        i += 3;
        *out = m + 1;
        return true;
      }
    }
    return false;
  }
  bool WeekDay() {
    static constexpr const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    if (i + 3 > s.size()) return false;
    for (const char* d : kDays) {
      if (strncasecmp(s.data() + i, d, 3) == 0) {
        i += 3;
        return true;
      }
    }
    return false;
  }
  bool Clock(Civil* c) {
    return Digits(2, &c->hour) && Eat(':') && Digits(2, &c->minute) && Eat(':') &&
           Digits(2, &c->second);
  }
  void SkipFraction() {
    if (Peek() == '.' || Peek() == ',') {
      ++i;
      while (std::isdigit(static_cast<unsigned char>(Peek()))) ++i;
    }
  }
  // "Z", "±hh:mm", "±hhmm" or "±hh"; false (cursor unchanged) when none.
  bool Zone(int* offset) {
    if (Peek() == 'Z' || Peek() == 'z') {
      ++i;
      *offset = 0;
      return true;
    }
    if (Peek() != '+' && Peek() != '-') return false;
    const size_t start = i;
    const int sign = Peek() == '-' ? -1 : 1;
    ++i;
    int hh = 0, mm = 0;
    if (!Digits(2, &hh)) {
      i = start;
      return false;
    }
    if (Eat(':')) {
      if (!Digits(2, &mm)) {
        i = start;
        return false;
      }
    } else {
      Digits(2, &mm);  // optional
    }
    if (hh > 23 || mm > 59) {
      i = start;
      return false;
    }
    *offset = sign * (hh * 3600 + mm * 60);
    return true;
  }
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Valid(const Civil& c) {
  return c.year >= 1 && c.year <= 9999 && c.month >= 1 && c.month <= 12 && c.day >= 1 &&
         c.day <= DaysInMonth(c.year, c.month) && c.hour <= 23 && c.minute <= 59 &&
         c.second <= 60;
}

int64_t ToEpoch(const Civil& c) {
  return EpochFromCivil(c.year, c.month, c.day, c.hour, c.minute, c.second);
}

int YearOf(int64_t epoch) {
  // civil_from_days (H. Hinnant).
  int64_t z = (epoch >= 0 ? epoch : epoch - 86399) / 86400 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<int>(m <= 2 ? y + 1 : y);
}

// Puts a year-less civil time in the latest of R+1, R, R-1 that is at most `tolerance` after the
// reference (header comment).
bool InferYear(Civil c, int offset, int64_t reference, int64_t tolerance, int64_t* out) {
  const int r = YearOf(reference);
  for (int y = r + 1; y >= r - 1; --y) {
    c.year = y;
    if (!Valid(c)) continue;
    const int64_t t = ToEpoch(c) - offset;
    if (t <= reference + tolerance) {
      *out = t;
      return true;
    }
  }
  return false;
}

bool Finish(const Civil& c, int offset, int64_t* out) {
  if (!Valid(c)) return false;
  *out = ToEpoch(c) - offset;
  return true;
}

// Epoch seconds written as digits with an optional fraction (squid), nothing else but spaces.
bool ParseEpochText(std::string_view s, int64_t* out) {
  size_t i = 0;
  int64_t v = 0;
  int digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    if (++digits > 15) return false;
    v = v * 10 + (s[i++] - '0');
  }
  if (digits < 9) return false;  // not plausibly an epoch time
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i != s.size()) return false;
  *out = v >= 1000000000000LL ? v / 1000 : v;
  return true;
}

}  // namespace

const char* TimeOriginName(TimeOrigin origin) {
  switch (origin) {
    case TimeOrigin::kNone: return "none";
    case TimeOrigin::kCaller: return "caller";
    case TimeOrigin::kHeader: return "header";
    case TimeOrigin::kJsonField: return "json-field";
  }
  return "none";
}

int64_t EpochFromCivil(int year, int month, int day, int hour, int minute, int second) {
  // days_from_civil (H. Hinnant).
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = month > 2 ? month - 3 : month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

bool ParseTimestamp(std::string_view text, int64_t reference, const EventTimeOptions& opts,
                    int64_t* out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (!text.empty() && text.front() == '[') text.remove_prefix(1);  // apache
  const int def = opts.default_utc_offset;
  Civil c;

  // ISO 8601 family: YYYY-MM-DD[T ]hh:mm:ss[.f|,f][zone]  (1b, 1c, 1e, JSON values).
  {
    Cursor k{text};
    if (k.Digits(4, &c.year) && k.Eat('-') && k.Digits(2, &c.month) && k.Eat('-') &&
        k.Digits(2, &c.day) && (k.Eat('T') || k.Eat('t') || k.Eat(' ')) && k.Clock(&c)) {
      k.SkipFraction();
      int offset = def;
      k.Zone(&offset);
      return Finish(c, offset, out);
    }
  }
  // 1d: YYYY Mmm dd hh:mm:ss
  {
    Cursor k{text};
    c = Civil();
    if (k.Digits(4, &c.year) && k.Eat(' ') && k.Month(&c.month) && k.Eat(' ') && k.Day(&c.day) &&
        k.Eat(' ') && k.Clock(&c)) {
      return Finish(c, def, out);
    }
  }
  // 2 / 5: Ddd Mmm dd hh:mm:ss yyyy
  {
    Cursor k{text};
    c = Civil();
    if (k.WeekDay() && k.Eat(' ') && k.Month(&c.month) && k.Eat(' ') && k.Day(&c.day) &&
        k.Eat(' ') && k.Clock(&c) && k.Eat(' ') && k.Digits(4, &c.year)) {
      return Finish(c, def, out);
    }
  }
  // 1a: Mmm dd hh:mm:ss (no year)
  {
    Cursor k{text};
    c = Civil();
    if (k.Month(&c.month) && k.Eat(' ') && k.Day(&c.day) && k.Eat(' ') && k.Clock(&c)) {
      return InferYear(c, def, reference, opts.future_tolerance, out);
    }
  }
  // 4: MM/DD/YYYY-hh:mm:ss  and  3: MM/DD-hh:mm:ss (no year)
  {
    Cursor k{text};
    c = Civil();
    if (k.Digits(2, &c.month) && k.Eat('/') && k.Digits(2, &c.day)) {
      if (k.Eat('/')) {
        if (k.Digits(4, &c.year) && k.Eat('-') && k.Clock(&c)) return Finish(c, def, out);
        return false;
      }
      if (k.Eat('-') && k.Clock(&c)) {
        return InferYear(c, def, reference, opts.future_tolerance, out);
      }
      return false;
    }
  }
  // 7: epoch seconds (squid), also numeric strings in JSON.
  return ParseEpochText(text, out);
}

bool EventTimeExtractor::FromJsonField(std::string_view text, int64_t reference, int64_t* out) {
  if (opts_.time_field.empty()) return false;
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  if (start >= text.size() || text[start] != '{') return false;
  if (!doc_.Parse(text.substr(start))) return false;
  json::Element e = doc_.root();
  std::string_view path = opts_.time_field;
  while (e && e.IsObject()) {
    const size_t dot = path.find('.');
    e = e.GetObjectItem(path.substr(0, dot));
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  if (!e) return false;
  if (e.type() == json::Type::kString) return ParseTimestamp(e.string(), reference, opts_, out);
  if (e.type() == json::Type::kNumber) {
    const double v = e.number();
    if (!std::isfinite(v) || v < 0 || v > 1e16) return false;
    const int64_t n = static_cast<int64_t>(v);
    *out = n >= 1000000000000LL ? n / 1000 : n;
    return true;
  }
  return false;
}

TimeOrigin EventTimeExtractor::Extract(const int64_t* caller_time, const Event& ev,
                                       int64_t reference, int64_t* out) {
  if (caller_time != nullptr) {
    *out = *caller_time;
    return TimeOrigin::kCaller;
  }
  if (ev.has_timestamp && ParseTimestamp(ev.timestamp, reference, opts_, out)) {
    return TimeOrigin::kHeader;
  }
  // Wazuh leaves `YYYY-MM-DDThh:mm:ssZ host ...` (no fraction, 'Z') unrecognised as a header;
  // its leading ISO 8601 time is still the event's time.
  if (!ev.has_timestamp && ev.full_log.size() > 19 && ev.full_log[4] == '-' &&
      ev.full_log[10] == 'T') {
    const size_t space = ev.full_log.find(' ');
    if (ParseTimestamp(std::string_view(ev.full_log).substr(0, space), reference, opts_, out)) {
      return TimeOrigin::kHeader;
    }
  }
  if (FromJsonField(ev.log(), reference, out)) return TimeOrigin::kJsonField;
  return TimeOrigin::kNone;
}

}  // namespace tripline
