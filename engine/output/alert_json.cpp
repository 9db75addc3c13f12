#include "output/alert_json.h"

#include <cstdio>
#include <cstring>

#include "decode/decoder.h"
#include "json/alert_fields.h"

namespace tripline::output {

std::string FormatTimestamp(const timespec& ts) {
  struct tm tm_local;
  localtime_r(&ts.tv_sec, &tm_local);
  char date[32], zone[16];
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm_local);
  strftime(zone, sizeof zone, "%z", &tm_local);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%03ld%s", date, ts.tv_nsec / 1000000, zone);
  return out;
}

std::string_view PredecoderHostname(std::string_view s) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() < 17) return {};
  if (!upper(s[0]) || !lower(s[1]) || !lower(s[2]) || s[3] != ' ') return {};
  if (!(s[4] == ' ' || (s[4] >= '0' && s[4] <= '3')) || !digit(s[5]) || s[6] != ' ') return {};
  if (!digit(s[7]) || !digit(s[8]) || s[9] != ':' || !digit(s[10]) || !digit(s[11]) || s[12] != ':' ||
      !digit(s[13]) || !digit(s[14]) || s[15] != ' ') {
    return {};
  }
  size_t end = 16;
  while (end < s.size() && s[end] != ' ' && s[end] != '\0') ++end;
  return end > 16 ? s.substr(16, end - 16) : std::string_view();
}

std::string_view GroupArrayOf(std::string_view* token) {
  static constexpr std::pair<std::string_view, std::string_view> kCompliance[] = {
      {"pci_dss_", "pci_dss"}, {"cis_", "cis"},     {"gdpr_", "gdpr"},
      {"gpg13_", "gpg13"},     {"hipaa_", "hipaa"}, {"nist_800_53_", "nist_800_53"},
      {"tsc_", "tsc"}};
  for (const auto& [prefix, name] : kCompliance) {
    if (token->substr(0, prefix.size()) == prefix) {
      token->remove_prefix(prefix.size());
      return name;
    }
  }
  return "groups";
}

namespace {

// Splits the group string into rule.groups and the compliance arrays (W_ParseJSON).
void AddGroups(std::string_view groups, json::Value* rule) {
  if (groups.size() > 1023) groups = groups.substr(0, 1023);
  size_t start = 0;
  while (start < groups.size()) {
    size_t comma = groups.find(',', start);
    if (comma == std::string_view::npos) comma = groups.size();
    std::string_view token = groups.substr(start, comma - start);
    start = comma + 1;
    if (token.empty()) continue;
    const std::string_view array = GroupArrayOf(&token);
    json::Value* arr = rule->GetObjectItemCaseSensitive(array);
    if (arr == nullptr) arr = &rule->AddItemToObject(array, json::Value::Array());
    arr->AddItemToArray(json::Value::String(token));
  }
}

json::Value BuildRule(const RuleView& r, const OutputOptions& opts) {
  json::Value rule = json::Value::Object();
  if (r.level != 0) rule.AddNumberToObject("level", r.level);
  rule.AddStringToObject("description", r.description);
  rule.AddStringToObject("id", r.id);
  if (!r.cve.empty()) rule.AddStringToObject("cve", r.cve);
  if (!r.info.empty()) rule.AddStringToObject("info", r.info);
  if (r.has_frequency) rule.AddNumberToObject("frequency", r.frequency);
  if (!r.no_counter) rule.AddNumberToObject("firedtimes", r.firedtimes);
  rule.AddBoolToObject("mail", r.mail);
  AddGroups(r.groups, &rule);
  if (r.level == 0 && opts.logtest) rule.AddNumberToObject("level", 0);
  return rule;
}

}  // namespace

json::Value BuildOutput(const Event& ev, const RuleView* rule, const OutputOptions& opts,
                        std::string_view timestamp, std::string_view alert_id) {
  json::Value root = json::Value::Object();
  root.AddStringToObject("timestamp", timestamp);
  if (rule) root.AddItemToObject("rule", BuildRule(*rule, opts));
  {
    json::Value agent = json::Value::Object();
    agent.AddStringToObject("id", ev.agent_id);
    root.AddItemToObject("agent", std::move(agent));
  }
  {
    json::Value manager = json::Value::Object();
    manager.AddStringToObject("name", opts.manager_name);
    root.AddItemToObject("manager", std::move(manager));
  }
  root.AddStringToObject("id", alert_id);
  if (rule && rule->previous_output.size() >= 2 && !rule->previous_output[1].empty()) {
    std::string joined;
    for (size_t i = 0; i < rule->previous_output.size(); ++i) {
      if (i) joined += '\n';
      joined += rule->previous_output[i];
    }
    root.AddStringToObject("previous_output", joined);
  }
  if (!(rule && rule->no_full_log)) root.AddStringToObject("full_log", ev.full_log);
  if (ev.has_program_name || ev.has_timestamp) {
    json::Value pre = json::Value::Object();
    if (ev.has_program_name) pre.AddStringToObject("program_name", ev.program_name);
    if (ev.has_timestamp) pre.AddStringToObject("timestamp", ev.timestamp);
    root.AddItemToObject("predecoder", std::move(pre));
  }
  {
    json::Value dec = json::Value::Object();
    if (const Decoder* d = ev.decoder) {
      if (d->accumulate) dec.AddNumberToObject("accumulate", 1);
      if (!d->parent.empty()) dec.AddStringToObject("parent", d->parent);
      dec.AddStringToObject("name", d->name);
      if (!d->ftscomment.empty()) dec.AddStringToObject("ftscomment", d->ftscomment);
    }
    root.AddItemToObject("decoder", std::move(dec));
  }
  if (rule && !rule->previous_log.empty()) root.AddStringToObject("previous_log", rule->previous_log);
  {
    json::Value data = json::Value::Object();
    const Decoder* d = ev.decoder;
    bool dynamic = d != nullptr && d->name.compare(0, 9, "syscheck_") != 0;
    json::FillDataObject(ev, dynamic, &data);
    if (data.size() > 0) root.AddItemToObject("data", std::move(data));
  }

  // W_ParseJSON additions.
  const std::string& loc = ev.location;
  const bool paren = !loc.empty() && loc[0] == '(';
  json::Value* agent = root.GetObjectItemCaseSensitive("agent");
  if (paren) {
    agent->AddStringToObject("name", ev.hostname);
  } else if (ev.agent_id == "000") {
    agent->AddStringToObject("name", opts.manager_name);
  }
  std::string_view host = PredecoderHostname(ev.full_log);
  if (!host.empty()) {
    json::Value* pre = root.GetObjectItemCaseSensitive("predecoder");
    if (pre == nullptr) pre = &root.AddItemToObject("predecoder", json::Value::Object());
    pre->AddStringToObject("hostname", host);
    agent = root.GetObjectItemCaseSensitive("agent");
  }
  if (paren) {
    size_t close = loc.find(") ");
    if (close != std::string::npos) {
      size_t start = close + 2;
      size_t dash = loc.find('-', start);
      std::string ip = loc.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
      if (ip != "any") agent->AddStringToObject("ip", ip);
    }
  }
  if (paren) {
    size_t gt = loc.find('>');
    root.AddStringToObject("location", gt == std::string::npos ? std::string_view() : std::string_view(loc).substr(gt + 1));
  } else {
    root.AddStringToObject("location", loc);
  }
  return root;
}

}  // namespace tripline::output

namespace tripline::output {

std::string FormatAlertsLog(const Event& ev, const RuleView& rule, std::string_view alert_id, const timespec& ts) {
  std::string out;
  out += "** Alert ";
  out += alert_id;
  out += ':';
  out += rule.mail ? " mail " : "";
  out += " - ";
  out += rule.groups;
  out += '\n';
  struct tm tm_local;
  localtime_r(&ts.tv_sec, &tm_local);
  char date[40];
  strftime(date, sizeof date, "%Y %b %d %H:%M:%S", &tm_local);
  out += date;
  out += ' ';
  if (!ev.location.empty() && ev.location[0] == '(') {
    out += ev.location;
  } else {
    out += ev.hostname;
    out += "->";
    out += ev.location;
  }
  out += '\n';
  out += "Rule: " + rule.id + " (level " + std::to_string(rule.level) + ") -> '" + rule.description + "'\n";
  static constexpr std::pair<StaticField, const char*> kLines[] = {
      {kSrcIp, "Src IP: "}, {kSrcPort, "Src Port: "}, {kDstIp, "Dst IP: "}, {kDstPort, "Dst Port: "}, {kDstUser, "User: "}};
  for (const auto& [field, label] : kLines) {
    if (ev.HasStatic(field)) {
      out += label;
      out += ev.statics[field];
      out += '\n';
    }
  }
  out += ev.full_log;
  out += '\n';
  const bool dynamic = ev.decoder != nullptr && ev.decoder->name.compare(0, 9, "syscheck_") != 0;
  for (size_t i = 0; dynamic && i < ev.dynamic_count; ++i) {
    const DynamicField& f = ev.dynamics[i];
    if (f.value.empty()) continue;
    out += f.name;
    out += ": ";
    out += f.value;
    out += '\n';
  }
  for (size_t i = 0; i < rule.previous_output.size(); ++i) {
    out += rule.previous_output[i];
    out += '\n';
  }
  out += '\n';
  return out;
}

}  // namespace tripline::output
