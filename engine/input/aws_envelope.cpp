#include "input/aws_envelope.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace tripline::input {
namespace {

using json::Type;
using json::Value;

// A value carrying a member name (Value has no name setter).
Value Named(std::string_view name, Value v) {
  Value tmp = Value::Object();
  tmp.AddItemToObject(name, std::move(v));
  return std::move(tmp.items()[0]);
}

// Python dict assignment: replaces in place (keeping the position) or appends.
void SetMember(Value* obj, std::string_view name, Value v) {
  for (Value& m : obj->items()) {
    if (m.name() == name) {
      m = Named(name, std::move(v));
      return;
    }
  }
  obj->AddItemToObject(name, std::move(v));
}

Value* Member(Value* obj, std::string_view name) {
  if (obj == nullptr || !obj->IsObject()) return nullptr;
  return obj->GetObjectItemCaseSensitive(name);
}

// remove_none_fields: recursive through dicts, not lists.
void RemoveNulls(Value* obj) {
  auto& items = obj->items();
  std::vector<Value> kept;
  kept.reserve(items.size());
  for (Value& m : items) {
    if (m.IsNull()) continue;
    if (m.IsObject()) RemoveNulls(&m);
    kept.push_back(std::move(m));
  }
  items = std::move(kept);
}

// single_element_list_to_dictionary: a one-element list becomes its element (not walked).
void FlattenSingleLists(Value* obj) {
  for (Value& m : obj->items()) {
    if (m.IsArray() && m.size() == 1) {
      std::string name = m.name();
      Value element = std::move(m.items()[0]);
      m = Named(name, std::move(element));
    } else if (m.IsObject()) {
      FlattenSingleLists(&m);
    }
  }
}

// The common envelope: {"integration":"aws","aws":{"log_info":{...}, event...}} (get_alert_msg).
Value Envelope(Value event, const AwsFileInfo& info) {
  Value msg = Value::Object();
  msg.AddStringToObject("integration", "aws");
  Value aws = Value::Object();
  Value log_info = Value::Object();
  log_info.AddStringToObject("aws_account_alias", "");
  log_info.AddStringToObject("log_file", info.log_file);
  log_info.AddStringToObject("s3bucket", "");
  aws.AddItemToObject("log_info", std::move(log_info));
  RemoveNulls(&event);
  for (Value& m : event.items()) {
    std::string name = m.name();
    SetMember(&aws, name, std::move(m));
  }
  msg.AddItemToObject("aws", std::move(aws));
  return msg;
}

// AWSBucket.reformat_msg.
void GenericReformat(Value* msg) {
  FlattenSingleLists(msg);
  Value* aws = Member(msg, "aws");
  Value* ip = Member(aws, "sourceIPAddress");
  if (ip != nullptr && ip->IsString() && WazuhIpRegexMatch(ip->string())) {
    SetMember(aws, "source_ip_address", Value::String(ip->string()));
  }
  Value* tags = Member(aws, "tags");
  if (tags != nullptr && !tags->IsObject()) {
    Value wrapped = Value::Object();
    wrapped.AddItemToObject("value", std::move(*tags));
    *tags = Named("tags", std::move(wrapped));
  }
}

std::string PythonFloatRepr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  std::string sign;
  if (s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  size_t e = s.find('e');
  int exp = std::atoi(s.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (s[i] != '.') digits += s[i];
  }
  std::string out;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      size_t int_len = static_cast<size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out = digits + std::string(int_len - digits.size(), '0') + ".0";
      } else {
        out = digits.substr(0, int_len) + "." + digits.substr(int_len);
      }
    } else {
      out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof(eb), "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out += eb;
  }
  return sign + out;
}

void AppendPythonStringRepr(std::string_view s, std::string* out) {
  char quote = (s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos)
                   ? '"'
                   : '\'';
  out->push_back(quote);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char esc[8];
    if (c == '\\' || c == static_cast<unsigned char>(quote)) {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(esc, sizeof(esc), "\\x%02x", c);
      out->append(esc);
    } else if (c == 0xc2 && i + 1 < s.size() &&
               ((static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                 static_cast<unsigned char>(s[i + 1]) <= 0xa0) ||
                static_cast<unsigned char>(s[i + 1]) == 0xad)) {
      // U+0080..U+00A0 and U+00AD are not printable for Python.
      std::snprintf(esc, sizeof(esc), "\\x%02x", static_cast<unsigned char>(s[i + 1]));
      out->append(esc);
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back(quote);
}

void AppendPythonRepr(const Value& v, std::string* out) {
  switch (v.type()) {
    case Type::kNull:
      out->append("None");
      break;
    case Type::kTrue:
      out->append("True");
      break;
    case Type::kFalse:
      out->append("False");
      break;
    case Type::kNumber: {
      double d = v.number();
      if (std::trunc(d) == d && std::fabs(d) < 9.2e18) {
        out->append(std::to_string(static_cast<long long>(d)));
      } else {
        out->append(PythonFloatRepr(d));
      }
      break;
    }
    case Type::kString:
      AppendPythonStringRepr(v.string(), out);
      break;
    case Type::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.items()) {
        if (!first) out->append(", ");
        first = false;
        AppendPythonRepr(e, out);
      }
      out->push_back(']');
      break;
    }
    case Type::kObject: {
      // A Python dict keeps one entry per key: the first position, the last value.
      out->push_back('{');
      bool first = true;
      const auto& items = v.items();
      for (size_t i = 0; i < items.size(); ++i) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; ++j) seen = items[j].name() == items[i].name();
        if (seen) continue;
        const Value* last = &items[i];
        for (size_t j = i + 1; j < items.size(); ++j) {
          if (items[j].name() == items[i].name()) last = &items[j];
        }
        if (!first) out->append(", ");
        first = false;
        AppendPythonStringRepr(items[i].name(), out);
        out->append(": ");
        AppendPythonRepr(*last, out);
      }
      out->push_back('}');
      break;
    }
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// \d+ at i, then the rest of the pattern (backtracking).
bool MatchFrom(std::string_view s, size_t i, int step) {
  // Pattern steps: 0 \d+, 1 '\.', 2 \d+, 3 '.', 4 \d+, 5 '.', 6 \d+.
  if (step == 7) return true;
  if (step == 1) return i < s.size() && s[i] == '.' && MatchFrom(s, i + 1, 2);
  if (step == 3 || step == 5) return i < s.size() && s[i] != '\n' && MatchFrom(s, i + 1, step + 1);
  size_t j = i;
  while (j < s.size() && IsDigit(s[j])) ++j;
  for (; j > i; --j) {
    if (MatchFrom(s, j, step + 1)) return true;
  }
  return false;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

AwsFileInfo AwsFileInfoForPath(const std::string& path) {
  AwsFileInfo info;
  size_t pos = path.find("AWSLogs/");
  if (pos != std::string::npos) {
    info.log_file = path.substr(pos);
    size_t start = pos + 8;
    auto component = [&](size_t from) {
      size_t slash = path.find('/', from);
      return slash == std::string::npos ? std::string() : path.substr(from, slash - from);
    };
    std::string account = component(start);
    if (account.rfind("o-", 0) == 0) account = component(start + account.size() + 1);
    bool digits = !account.empty();
    for (char c : account) digits = digits && IsDigit(c);
    if (digits) info.account_from_path = account;
  } else {
    size_t slash = path.find_last_of('/');
    info.log_file = slash == std::string::npos ? path : path.substr(slash + 1);
  }
  return info;
}

std::string CloudTrailMessage(Value record, const AwsFileInfo& info) {
  std::string account = info.account_from_path;
  if (account.empty()) {
    const Value* r = record.GetObjectItemCaseSensitive("recipientAccountId");
    if (r != nullptr && r->IsString()) account = r->string();
  }
  SetMember(&record, "source", Value::String("cloudtrail"));
  Value msg = Envelope(std::move(record), info);
  Value* aws = Member(&msg, "aws");
  SetMember(aws, "aws_account_id", Value::String(account));
  GenericReformat(&msg);
  for (const char* field : {"additionalEventData", "responseElements", "requestParameters"}) {
    Value* v = Member(aws, field);
    if (v != nullptr && !v->IsObject()) {
      Value wrapped = Value::Object();
      wrapped.AddStringToObject("string", PythonStr(*v));
      *v = Named(field, std::move(wrapped));
    }
  }
  Value* dat = Member(Member(aws, "requestParameters"), "disableApiTermination");
  if (dat != nullptr && dat->IsBool()) {
    Value wrapped = Value::Object();
    wrapped.AddBoolToObject("value", dat->IsTrue());
    *dat = Named("disableApiTermination", std::move(wrapped));
  }
  return json::PrintUnformatted(msg);
}

std::string VpcFlowMessage(const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                           const AwsFileInfo& info) {
  Value record = Value::Object();
  std::string account = info.account_from_path;
  for (const auto& [name, value] : fields) {
    std::string key(name);
    for (char& c : key) {
      if (c == '-') c = '_';
    }
    if (account.empty() && key == "account_id" && value != "-") account = std::string(value);
    long long secs = 0;
    if ((key == "start" || key == "end") &&
        std::from_chars(value.data(), value.data() + value.size(), secs).ptr ==
            value.data() + value.size() &&
        !value.empty()) {
      SetMember(&record, key, Value::String(EpochToIso(secs)));
    } else {
      SetMember(&record, key, Value::String(value));
    }
  }
  SetMember(&record, "source", Value::String("vpc"));
  Value msg = Envelope(std::move(record), info);
  SetMember(Member(&msg, "aws"), "aws_account_id", Value::String(account));
  GenericReformat(&msg);
  return json::PrintUnformatted(msg);
}

void GuardDutyMessages(Value finding, std::string_view source, const AwsFileInfo& info,
                       std::vector<std::string>* out) {
  SetMember(&finding, "source", Value::String(source));
  Value msg = Envelope(std::move(finding), info);
  Value* aws = Member(&msg, "aws");
  Value* details =
      Member(Member(Member(Member(aws, "service"), "action"), "portProbeAction"), "portProbeDetails");
  if (source == "guardduty" && details != nullptr && details->IsArray() && details->size() > 1) {
    std::vector<Value> list = std::move(details->items());
    for (Value& d : list) {
      *details = Named("portProbeDetails", std::move(d));
      out->push_back(json::PrintUnformatted(msg));
    }
    return;
  }
  GenericReformat(&msg);
  out->push_back(json::PrintUnformatted(msg));
}

std::string PythonStr(const Value& v) {
  if (v.IsString()) return v.string();
  std::string out;
  AppendPythonRepr(v, &out);
  return out;
}

bool WazuhIpRegexMatch(std::string_view s) { return MatchFrom(s, 0, 0); }

size_t ParseIsoTimePrefix(std::string_view s, int64_t* epoch_ms) {
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') ||
      !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &sec)) {
    return 0;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return 0;
  size_t i = 19;
  int64_t ms = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',') && i + 1 < s.size() && IsDigit(s[i + 1])) {
    ++i;
    int n = 0;
    while (i < s.size() && IsDigit(s[i])) {
      if (n < 3) ms = ms * 10 + (s[i] - '0');
      ++n;
      ++i;
    }
    for (; n < 3; ++n) ms *= 10;
  }
  int64_t offset_min = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    size_t j = i + 1;
    if (Digits(s, j, 2, &oh)) {
      j += 2;
      if (j < s.size() && s[j] == ':') ++j;
      if (Digits(s, j, 2, &om)) {
        offset_min = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
        i = j + 2;
      }
    }
  }
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
  *epoch_ms = secs * 1000 + ms;
  return i;
}

bool ParseTimeValue(const Value& v, int64_t* epoch_ms) {
  if (v.IsString()) {
    return !v.string().empty() && ParseIsoTimePrefix(v.string(), epoch_ms) == v.string().size();
  }
  if (v.IsNumber() && std::isfinite(v.number())) {
    double n = v.number();
    *epoch_ms = static_cast<int64_t>(n > 1e11 ? n : n * 1000);
    return true;
  }
  return false;
}

std::string EpochToIso(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rem = seconds - days * 86400;
  // civil_from_days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

}  // namespace tripline::input
