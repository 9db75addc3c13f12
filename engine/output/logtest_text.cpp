#include "output/logtest_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tripline::output {

namespace {

// Python repr() of a str decoded from UTF-8 JSON text.
std::string PythonRepr(const std::string& s) {
  bool has_single = s.find('\'') != std::string::npos;
  bool has_double = s.find('"') != std::string::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0xA0) {
      // U+0080..U+00A0 are not printable in Python.
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i + 1]));
      out += buf;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

// Python repr() of a float: the shortest text that reads back to the same double.
std::string PythonFloat(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[40];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // buf is d.ddde±XX with the shortest mantissa; lay it out as Python does.
  std::string s(buf);
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  bool neg = mant[0] == '-';
  if (neg) mant.erase(0, 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 16) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    out += eb;
  } else if (exp < 0) {
    out += "0." + std::string(-exp - 1, '0') + digits;
  } else if (static_cast<int>(digits.size()) <= exp + 1) {
    out += digits + std::string(exp + 1 - digits.size(), '0') + ".0";
  } else {
    out += digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
  }
  return out;
}

std::string PythonNumber(double d) {
  // cJSON prints integral values within int range as integers, which json.loads reads as int.
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  return PythonFloat(d);
}

std::string Repr(const json::Value& v);

std::string Repr(const json::Value& v) {
  switch (v.type()) {
    case json::Type::kString: return PythonRepr(v.string());
    case json::Type::kNumber: return PythonNumber(v.number());
    case json::Type::kTrue: return "True";
    case json::Type::kFalse: return "False";
    case json::Type::kNull: return "None";
    case json::Type::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < v.items().size(); ++i) {
        if (i) out += ", ";
        out += Repr(v.items()[i]);
      }
      return out + "]";
    }
    case json::Type::kObject: {
      // json.loads keeps the last of duplicate keys, at the first key's position.
      std::string out = "{";
      bool first = true;
      const auto& items = v.items();
      for (size_t i = 0; i < items.size(); ++i) {
        bool later = false;
        for (size_t j = 0; j < i; ++j) later |= items[j].name() == items[i].name();
        if (later) continue;
        const json::Value* last = &items[i];
        for (size_t j = i + 1; j < items.size(); ++j) {
          if (items[j].name() == items[i].name()) last = &items[j];
        }
        if (!first) out += ", ";
        first = false;
        out += PythonRepr(items[i].name()) + ": " + Repr(*last);
      }
      return out + "}";
    }
  }
  return "";
}

// show_phase_info: `first` keys in that order, then the rest sorted, dicts flattened.
void PhaseInfo(const json::Value& obj, const std::vector<std::string>& first, const std::string& prefix,
               std::vector<std::string>* lines) {
  std::vector<const json::Value*> rest;
  for (const std::string& key : first) {
    if (const json::Value* v = obj.GetObjectItemCaseSensitive(key)) {
      lines->push_back("\t" + key + ": '" + PythonStr(*v) + "'");
    }
  }
  for (const json::Value& item : obj.items()) {
    if (std::find(first.begin(), first.end(), item.name()) == first.end()) rest.push_back(&item);
  }
  std::stable_sort(rest.begin(), rest.end(),
                   [](const json::Value* a, const json::Value* b) { return a->name() < b->name(); });
  for (const json::Value* item : rest) {
    if (item->IsObject()) {
      PhaseInfo(*item, {}, prefix + item->name() + ".", lines);
    } else {
      lines->push_back("\t" + prefix + item->name() + ": '" + PythonStr(*item) + "'");
    }
  }
}

}  // namespace

std::string PythonStr(const json::Value& v) {
  if (v.IsString()) return v.string();
  return Repr(v);
}

std::vector<std::string> LogtestTextLines(const json::Value& output, const std::vector<std::string>* rules_debug,
                                          bool alert) {
  std::vector<std::string> lines;
  lines.push_back("**Phase 1: Completed pre-decoding.");
  if (const json::Value* full = output.GetObjectItemCaseSensitive("full_log")) {
    lines.push_back("\tfull event: '" + PythonStr(*full) + "'");
  }
  if (const json::Value* pre = output.GetObjectItemCaseSensitive("predecoder")) {
    PhaseInfo(*pre, {"timestamp", "hostname", "program_name"}, "", &lines);
  }
  lines.push_back("");
  lines.push_back("**Phase 2: Completed decoding.");
  const json::Value* dec = output.GetObjectItemCaseSensitive("decoder");
  if (dec && dec->size() > 0) {
    PhaseInfo(*dec, {"name", "parent"}, "", &lines);
    if (const json::Value* data = output.GetObjectItemCaseSensitive("data")) PhaseInfo(*data, {}, "", &lines);
  } else {
    lines.push_back("\tNo decoder matched.");
  }
  if (rules_debug) {
    lines.push_back("");
    lines.push_back("**Rule debugging:");
    for (const std::string& m : *rules_debug) lines.push_back((!m.empty() && m[0] == '*' ? "\t\t" : "\t") + m);
  }
  if (const json::Value* rule = output.GetObjectItemCaseSensitive("rule")) {
    lines.push_back("");
    lines.push_back("**Phase 3: Completed filtering (rules).");
    PhaseInfo(*rule, {"id", "level", "description", "groups", "firedtimes"}, "", &lines);
  }
  if (alert) lines.push_back("**Alert to be generated.");
  return lines;
}

}  // namespace tripline::output
