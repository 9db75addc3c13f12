#include "deliver/config.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "json/cjson.h"

namespace tripline::deliver {
namespace {

bool ReadSecretFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  *out = s;
  return true;
}

std::string ScalarText(const json::Value& v) {
  if (v.IsString()) return v.string();
  if (v.IsNumber()) return std::to_string(static_cast<long long>(v.number()));
  return "";
}

bool ParseSink(const json::Value& o, size_t index, SinkConfig* s, std::string* error) {
  const std::string where = "sinks[" + std::to_string(index) + "]";
  if (!o.IsObject()) {
    *error = where + ": not an object";
    return false;
  }
  static const std::map<std::string, SinkType> kTypes = {{"webhook", SinkType::kWebhook},
                                                         {"thehive", SinkType::kTheHive},
                                                         {"alerts_json", SinkType::kAlertsJson},
                                                         {"alerts_log", SinkType::kAlertsLog},
                                                         {"stdout", SinkType::kStdout}};
  const json::Value* type = o.GetObjectItemCaseSensitive("type");
  if (!type || !type->IsString() || !kTypes.count(type->string())) {
    *error = where + ": \"type\" must be one of webhook, thehive, alerts_json, alerts_log, stdout";
    return false;
  }
  s->type = kTypes.at(type->string());
  std::string api_key_env = s->type == SinkType::kTheHive ? "THEHIVE_API_KEY" : "";
  std::string api_key_file;
  for (const json::Value& m : o.items()) {
    const std::string& k = m.name();
    auto str = [&](std::string* dst) {
      if (!m.IsString()) {
        *error = where + "." + k + ": must be a string";
        return false;
      }
      *dst = m.string();
      return true;
    };
    auto num = [&](int64_t* dst) {
      if (!m.IsNumber() || m.number() < 0) {
        *error = where + "." + k + ": must be a non-negative number";
        return false;
      }
      *dst = static_cast<int64_t>(m.number());
      return true;
    };
    auto list = [&](std::vector<std::string>* dst) {
      if (!m.IsArray()) {
        *error = where + "." + k + ": must be an array";
        return false;
      }
      for (const json::Value& e : m.items()) dst->push_back(ScalarText(e));
      return true;
    };
    int64_t n = 0;
    bool ok = true;
    if (k == "type") {
    } else if (k == "name") {
      ok = str(&s->name);
    } else if (k == "path") {
      ok = str(&s->path);
    } else if (k == "url") {
      ok = str(&s->url);
    } else if (k == "url_env") {
      std::string env;
      ok = str(&env);
      const char* v = ok ? std::getenv(env.c_str()) : nullptr;
      if (ok && (!v || !*v)) {
        *error = where + ".url_env: environment variable " + env + " is not set";
        return false;
      }
      if (ok) s->url = v;
    } else if (k == "api_key") {
      *error = where + ".api_key: secrets are not read from the configuration; use api_key_env or api_key_file";
      return false;
    } else if (k == "api_key_env") {
      ok = str(&api_key_env);
    } else if (k == "api_key_file") {
      ok = str(&api_key_file);
    } else if (k == "auth_header") {
      ok = str(&s->auth_header);
    } else if (k == "auth_scheme") {
      ok = str(&s->auth_scheme);
    } else if (k == "organisation") {
      ok = str(&s->organisation);
    } else if (k == "ca_file") {
      ok = str(&s->ca_file);
    } else if (k == "insecure") {
      s->insecure = m.IsTrue();
    } else if (k == "min_level") {
      ok = num(&n);
      s->filter.min_level = static_cast<int>(n);
    } else if (k == "rule_ids") {
      ok = list(&s->filter.rule_ids);
    } else if (k == "groups") {
      ok = list(&s->filter.groups);
    } else if (k == "location") {
      ok = str(&s->filter.location);
    } else if (k == "timeout_ms") {
      ok = num(&s->timeout_ms);
    } else if (k == "connect_timeout_ms") {
      ok = num(&s->connect_timeout_ms);
    } else if (k == "backoff_initial_ms") {
      ok = num(&s->backoff_initial_ms);
    } else if (k == "backoff_max_ms") {
      ok = num(&s->backoff_max_ms);
    } else if (k == "retry_after_max_ms") {
      ok = num(&s->retry_after_max_ms);
    } else if (k == "spool_dir") {
      ok = str(&s->spool.dir);
    } else if (k == "spool_max_bytes") {
      ok = num(&n);
      s->spool.max_bytes = static_cast<uint64_t>(n);
    } else if (k == "spool_segment_bytes") {
      ok = num(&n);
      s->spool.segment_bytes = static_cast<uint64_t>(n);
    } else if (k == "spool_fsync") {
      std::string f;
      ok = str(&f);
      if (ok && f == "always") {
        s->spool.fsync = FsyncPolicy::kAlways;
      } else if (ok && f == "interval") {
        s->spool.fsync = FsyncPolicy::kInterval;
      } else if (ok) {
        *error = where + ".spool_fsync: must be \"interval\" or \"always\"";
        return false;
      }
    } else if (k == "thehive_type") {
      ok = str(&s->thehive.type);
    } else if (k == "thehive_source") {
      ok = str(&s->thehive.source);
    } else if (k == "tlp") {
      ok = num(&n);
      s->thehive.tlp = static_cast<int>(n);
    } else if (k == "pap") {
      ok = num(&n);
      s->thehive.pap = static_cast<int>(n);
    } else {
      *error = where + ": unknown key \"" + k + "\"";
      return false;
    }
    if (!ok) return false;
  }
  if (s->is_network()) {
    if (s->url.empty()) {
      *error = where + ": a " + std::string(SinkTypeName(s->type)) + " sink needs \"url\" or \"url_env\"";
      return false;
    }
    if (!api_key_file.empty()) {
      if (!ReadSecretFile(api_key_file, &s->api_key)) {
        *error = where + ".api_key_file: cannot read " + api_key_file;
        return false;
      }
    } else if (!api_key_env.empty()) {
      const char* v = std::getenv(api_key_env.c_str());
      if (v) s->api_key = v;
      if (s->type == SinkType::kTheHive && s->api_key.empty()) {
        *error = where + ": the TheHive API key variable " + api_key_env + " is not set";
        return false;
      }
    }
  } else if ((s->type == SinkType::kAlertsJson || s->type == SinkType::kAlertsLog) && s->path.empty()) {
    *error = where + ": a " + std::string(SinkTypeName(s->type)) + " sink needs \"path\"";
    return false;
  }
  return true;
}

}  // namespace

std::string_view SinkTypeName(SinkType t) {
  switch (t) {
    case SinkType::kWebhook: return "webhook";
    case SinkType::kTheHive: return "thehive";
    case SinkType::kAlertsJson: return "alerts_json";
    case SinkType::kAlertsLog: return "alerts_log";
    case SinkType::kStdout: return "stdout";
  }
  return "?";
}

AlertInfo ParseAlertInfo(std::string_view line, int level, std::string_view log_text) {
  AlertInfo a;
  a.line = line;
  a.log_text = log_text;
  a.level = level;
  json::Value v;
  if (!json::Parse(line, &v) || !v.IsObject()) return a;
  if (const json::Value* rule = v.GetObjectItemCaseSensitive("rule"); rule && rule->IsObject()) {
    if (const json::Value* id = rule->GetObjectItemCaseSensitive("id")) a.rule_id = ScalarText(*id);
    if (const json::Value* g = rule->GetObjectItemCaseSensitive("groups"); g && g->IsArray()) {
      for (const json::Value& e : g->items()) a.groups.push_back(ScalarText(e));
    }
  }
  if (const json::Value* loc = v.GetObjectItemCaseSensitive("location"); loc && loc->IsString()) {
    a.location = loc->string();
  }
  return a;
}

bool AlertFilter::Matches(const AlertInfo& a) const {
  if (a.level < min_level) return false;
  if (!rule_ids.empty()) {
    bool any = false;
    for (const std::string& id : rule_ids) any = any || id == a.rule_id;
    if (!any) return false;
  }
  if (!groups.empty()) {
    bool any = false;
    for (const std::string& g : groups) {
      for (const std::string& ag : a.groups) any = any || g == ag;
    }
    if (!any) return false;
  }
  if (!location.empty()) {
    bool any = false;
    size_t start = 0;
    while (start <= location.size()) {
      size_t bar = location.find('|', start);
      if (bar == std::string::npos) bar = location.size();
      std::string part = location.substr(start, bar - start);
      if (!part.empty() && a.location.find(part) != std::string::npos) any = true;
      start = bar + 1;
    }
    if (!any) return false;
  }
  return true;
}

std::string SinkConfig::EndpointUrl() const {
  if (type != SinkType::kTheHive) return url;
  std::string u = url;
  const std::string suffix = "/api/v1/alert";
  if (u.size() >= suffix.size() && u.compare(u.size() - suffix.size(), suffix.size(), suffix) == 0) return u;
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u + suffix;
}

bool FinalizeSinks(std::vector<SinkConfig>* sinks, const std::string& default_spool_root, std::string* error) {
  std::map<std::string, int> count;
  for (const SinkConfig& s : *sinks) {
    if (s.name.empty()) ++count[std::string(SinkTypeName(s.type))];
  }
  std::map<std::string, int> seq;
  std::set<std::string> names, dirs;
  for (SinkConfig& s : *sinks) {
    if (s.name.empty()) {
      std::string t(SinkTypeName(s.type));
      s.name = count[t] > 1 ? t + "-" + std::to_string(++seq[t]) : t;
    }
    if (!names.insert(s.name).second) {
      *error = "two sinks are named " + s.name;
      return false;
    }
    if (s.is_network()) {
      if (s.spool.dir.empty()) s.spool.dir = default_spool_root + "/" + s.name;
      if (!dirs.insert(s.spool.dir).second) {
        *error = "two sinks use the spool directory " + s.spool.dir;
        return false;
      }
    }
  }
  return true;
}

bool ParseSinksConfig(std::string_view text, std::vector<SinkConfig>* out, std::string* error) {
  json::Value root;
  if (!json::Parse(text, &root) || !root.IsObject()) {
    *error = "the sinks configuration is not a JSON object";
    return false;
  }
  const json::Value* sinks = root.GetObjectItemCaseSensitive("sinks");
  if (!sinks || !sinks->IsArray()) {
    *error = "the sinks configuration has no \"sinks\" array";
    return false;
  }
  for (size_t i = 0; i < sinks->items().size(); ++i) {
    SinkConfig s;
    if (!ParseSink(sinks->items()[i], i, &s, error)) return false;
    out->push_back(std::move(s));
  }
  return true;
}

bool ParseSinkSpec(std::string_view spec, SinkConfig* out, std::string* error) {
  size_t colon = spec.find(':');
  std::string type(spec.substr(0, colon));
  std::string target = colon == std::string_view::npos ? "" : std::string(spec.substr(colon + 1));
  if (type == "stdout") {
    out->type = SinkType::kStdout;
    return true;
  }
  if (target.empty()) {
    *error = "--sink " + type + " needs a target (TYPE:URL or TYPE:PATH)";
    return false;
  }
  if (type == "webhook" || type == "thehive") {
    out->type = type == "webhook" ? SinkType::kWebhook : SinkType::kTheHive;
    out->url = target;
    if (out->type == SinkType::kTheHive) {
      const char* key = std::getenv("THEHIVE_API_KEY");
      if (!key || !*key) {
        *error = "--sink thehive: the API key is read from THEHIVE_API_KEY, which is not set";
        return false;
      }
      out->api_key = key;
    }
    return true;
  }
  if (type == "alerts_json" || type == "alerts_log") {
    out->type = type == "alerts_json" ? SinkType::kAlertsJson : SinkType::kAlertsLog;
    out->path = target;
    return true;
  }
  *error = "--sink: unknown sink type '" + type + "' (webhook, thehive, alerts_json, alerts_log, stdout)";
  return false;
}

std::string RedactUrl(std::string_view url) {
  size_t scheme = url.find("://");
  size_t host_start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t host_end = url.find_first_of("/?#", host_start);
  std::string_view authority = url.substr(host_start, host_end == std::string_view::npos ? url.npos : host_end - host_start);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string out(url.substr(0, host_start));
  out += authority;
  if (host_end != std::string_view::npos) out += "/...";
  return out;
}

std::string Redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  size_t pos = 0;
  while ((pos = text.find(secret, pos)) != std::string::npos) {
    text.replace(pos, secret.size(), "***");
    pos += 3;
  }
  return text;
}

}  // namespace tripline::deliver
