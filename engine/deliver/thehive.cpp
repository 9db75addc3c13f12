#include "deliver/thehive.h"

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <set>
#include <utility>

#include "json/cjson.h"

namespace tripline::deliver {
namespace {

const json::Value* Path(const json::Value& root, std::initializer_list<const char*> path) {
  const json::Value* v = &root;
  for (const char* p : path) {
    if (!v->IsObject()) return nullptr;
    v = v->GetObjectItemCaseSensitive(p);
    if (!v) return nullptr;
  }
  return v;
}

std::string StringAt(const json::Value& root, std::initializer_list<const char*> path) {
  const json::Value* v = Path(root, path);
  if (!v) return "";
  if (v->IsString()) return v->string();
  if (v->IsNumber()) return std::to_string(static_cast<long long>(v->number()));
  return "";
}

// "2024-05-01T12:00:00.123+0000" (Wazuh's alert timestamp) to milliseconds since the epoch; 0
// when it does not parse.
int64_t TimestampMs(const std::string& ts) {
  int y, mo, d, h, mi, s, ms = 0;
  char sign = '+';
  int off = 0;
  if (std::sscanf(ts.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c%4d", &y, &mo, &d, &h, &mi, &s, &ms, &sign, &off) < 6) {
    return 0;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  int64_t secs = static_cast<int64_t>(timegm(&tm));
  int64_t off_secs = (off / 100) * 3600 + (off % 100) * 60;
  secs += sign == '-' ? off_secs : -off_secs;
  return secs * 1000 + ms;
}

bool IsHex(const std::string& s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return !s.empty();
}

struct ObservableField {
  const char* key;
  const char* data_type;
};

// Alert field names (at any depth under "data", and under "syscheck") that become observables.
constexpr ObservableField kObservableFields[] = {
    {"srcip", "ip"},     {"dstip", "ip"},       {"srcuser", "other"},    {"dstuser", "other"},
    {"url", "url"},      {"md5", "hash"},       {"sha1", "hash"},        {"sha256", "hash"},
    {"md5_after", "hash"}, {"sha1_after", "hash"}, {"sha256_after", "hash"}, {"domain", "domain"},
};

struct Observables {
  json::Value array = json::Value::Array();
  std::set<std::pair<std::string, std::string>> seen;

  void Add(const std::string& data_type, const std::string& data, const std::string& where) {
    if (data.empty() || !seen.emplace(data_type, data).second) return;
    if (data_type == "hash" && !(IsHex(data) && (data.size() == 32 || data.size() == 40 || data.size() == 64))) return;
    json::Value o = json::Value::Object();
    o.AddStringToObject("dataType", data_type);
    o.AddStringToObject("data", data);
    o.AddStringToObject("message", where);
    array.AddItemToArray(std::move(o));
  }

  void Walk(const json::Value& v, const std::string& where) {
    for (const json::Value& m : v.items()) {
      std::string path = where + "." + m.name();
      if (m.IsObject()) {
        Walk(m, path);
        continue;
      }
      for (const ObservableField& f : kObservableFields) {
        if (m.name() != f.key) continue;
        if (m.IsString()) Add(f.data_type, m.string(), path);
        if (m.IsArray()) {
          for (const json::Value& e : m.items()) {
            if (e.IsString()) Add(f.data_type, e.string(), path);
          }
        }
      }
    }
  }
};

}  // namespace

int TheHiveSeverity(int level) {
  if (level <= 3) return 1;
  if (level <= 7) return 2;
  if (level <= 11) return 3;
  return 4;
}

std::string SourceRef(std::string_view alert_line) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : alert_line) {
    h ^= c;
    h *= 1099511628211ull;
  }
  json::Value alert;
  std::string rule_id;
  if (json::Parse(alert_line, &alert) && alert.IsObject()) rule_id = StringAt(alert, {"rule", "id"});
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h));
  return "tl-" + (rule_id.empty() ? std::string("0") : rule_id) + "-" + hex;
}

std::string BuildTheHiveAlert(std::string_view alert_line, const TheHiveOptions& opts) {
  json::Value alert;
  if (!json::Parse(alert_line, &alert) || !alert.IsObject()) return "";
  const std::string rule_id = StringAt(alert, {"rule", "id"});
  const json::Value* level_v = Path(alert, {"rule", "level"});
  const int level = level_v && level_v->IsNumber() ? level_v->valueint() : 0;
  std::string title = StringAt(alert, {"rule", "description"});
  if (title.empty()) title = "tripline alert, rule " + rule_id;

  json::Value out = json::Value::Object();
  out.AddStringToObject("type", opts.type);
  out.AddStringToObject("source", opts.source);
  out.AddStringToObject("sourceRef", SourceRef(alert_line));
  out.AddStringToObject("title", title);
  std::string desc = "**Rule** " + rule_id + " (level " + std::to_string(level) + "): " + title + "\n\n";
  const std::string agent = StringAt(alert, {"agent", "name"});
  if (!agent.empty()) desc += "**Agent** " + agent + "\n\n";
  const std::string location = StringAt(alert, {"location"});
  if (!location.empty()) desc += "**Location** " + location + "\n\n";
  desc += "```json\n" + json::Print(alert) + "\n```\n";
  out.AddStringToObject("description", desc);
  out.AddNumberToObject("severity", TheHiveSeverity(level));
  const int64_t date = TimestampMs(StringAt(alert, {"timestamp"}));
  if (date > 0) out.AddNumberToObject("date", static_cast<double>(date));
  out.AddNumberToObject("tlp", opts.tlp);
  out.AddNumberToObject("pap", opts.pap);

  json::Value tags = json::Value::Array();
  std::set<std::string> seen_tags;
  auto tag = [&](const std::string& t) {
    if (!t.empty() && seen_tags.insert(t).second) tags.AddItemToArray(json::Value::String(t));
  };
  if (!rule_id.empty()) tag("rule:" + rule_id);
  if (const json::Value* groups = Path(alert, {"rule", "groups"}); groups && groups->IsArray()) {
    for (const json::Value& g : groups->items()) {
      if (g.IsString()) tag(g.string());
    }
  }
  if (const json::Value* ids = Path(alert, {"rule", "mitre", "id"}); ids && ids->IsArray()) {
    for (const json::Value& m : ids->items()) {
      if (m.IsString()) tag("mitre:" + m.string());
    }
  }
  out.AddItemToObject("tags", std::move(tags));

  Observables obs;
  if (const json::Value* data = Path(alert, {"data"}); data && data->IsObject()) obs.Walk(*data, "data");
  if (const json::Value* sc = Path(alert, {"syscheck"}); sc && sc->IsObject()) obs.Walk(*sc, "syscheck");
  out.AddItemToObject("observables", std::move(obs.array));
  return json::PrintUnformatted(out);
}

}  // namespace tripline::deliver
