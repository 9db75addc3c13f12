#include "output/alert_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include "base/limit_counters.h"
#include "decode/decoder.h"
#include "json/alert_fields.h"
#include "json/cjson.h"
#include "json/writer.h"

namespace tripline::output {

namespace {

std::string_view CutAtNul(std::string_view s) {
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

void AppendKey(std::string_view key, std::string* out) {
  json::AppendQuoted(key, out);
  out->push_back(':');
}

void AppendInt(int v, std::string* out) {
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// "key":"value" preceded by a comma unless first.
void Member(std::string_view key, std::string_view value, bool* first, std::string* out) {
  if (!*first) out->push_back(',');
  *first = false;
  AppendKey(key, out);
  json::AppendQuoted(value, out);
}

void IntMember(std::string_view key, int value, bool* first, std::string* out) {
  if (!*first) out->push_back(',');
  *first = false;
  AppendKey(key, out);
  AppendInt(value, out);
}

// Appends the group arrays: one array per name (GroupArrayOf), in order of first appearance,
// each holding its tokens in order. At most 8 distinct arrays exist.
void AppendGroups(std::string_view groups, std::string* out) {
  if (groups.size() > 1023) groups = groups.substr(0, 1023);
  auto for_each_token = [&](auto&& fn) {
    size_t start = 0;
    while (start < groups.size()) {
      size_t comma = groups.find(',', start);
      if (comma == std::string_view::npos) comma = groups.size();
      std::string_view token = groups.substr(start, comma - start);
      start = comma + 1;
      if (token.empty()) continue;
      const std::string_view array = GroupArrayOf(&token);
      fn(array, token);
    }
  };
  std::array<std::string_view, 8> arrays;
  size_t count = 0;
  for_each_token([&](std::string_view array, std::string_view) {
    if (std::find(arrays.begin(), arrays.begin() + count, array) == arrays.begin() + count) {
      arrays[count++] = array;
    }
  });
  for (size_t k = 0; k < count; ++k) {
    out->push_back(',');
    AppendKey(arrays[k], out);
    out->push_back('[');
    bool first = true;
    for_each_token([&](std::string_view array, std::string_view token) {
      if (array != arrays[k]) return;
      if (!first) out->push_back(',');
      first = false;
      json::AppendQuoted(token, out);
    });
    out->push_back(']');
  }
}

void AppendRule(const RuleView& r, const OutputOptions& opts, std::string_view printed_groups,
                std::string* out) {
  out->push_back('{');
  bool first = true;
  if (r.level != 0) IntMember("level", r.level, &first, out);
  Member("description", r.description, &first, out);
  Member("id", r.id, &first, out);
  if (!r.cve.empty()) Member("cve", r.cve, &first, out);
  if (!r.info.empty()) Member("info", r.info, &first, out);
  if (r.has_frequency) IntMember("frequency", r.frequency, &first, out);
  if (!r.no_counter) IntMember("firedtimes", r.firedtimes, &first, out);
  out->append(",\"mail\":");
  out->append(r.mail ? "true" : "false");
  out->append(printed_groups);
  if (r.level == 0 && opts.logtest) out->append(",\"level\":0");
  out->push_back('}');
}

}  // namespace

void AppendTimestamp(const timespec& ts, std::string* out) {
  struct tm tm_local;
  localtime_r(&ts.tv_sec, &tm_local);
  AppendTimestamp(ts, tm_local, out);
}

void AppendTimestamp(const timespec& ts, const struct tm& tm_local, std::string* out) {
  const int year = tm_local.tm_year + 1900;
  const long ms = ts.tv_nsec / 1000000;
  if (year < 1000 || year > 9999 || ms < 0 || ms > 999 || tm_local.tm_isdst < 0) {
    // Outside the common shape: strftime and snprintf (%z prints nothing when tm_isdst < 0).
    char date[32], zone[16];
    size_t n = strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm_local);
    size_t z = strftime(zone, sizeof zone, "%z", &tm_local);
    out->append(date, n);
    char frac[8];
    int len = std::snprintf(frac, sizeof frac, ".%03ld", ms);
    out->append(frac, static_cast<size_t>(len));
    out->append(zone, z);
    return;
  }
  // "YYYY-MM-DDTHH:MM:SS.mmm+hhmm", as strftime("%Y-%m-%dT%H:%M:%S") + ".%03ld" + "%z".
  char buf[32];
  char* p = buf;
  auto two = [&p](int v) {
    v = ((v % 100) + 100) % 100;
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  two(year / 100);
  two(year % 100);
  *p++ = '-';
  two(tm_local.tm_mon + 1);
  *p++ = '-';
  two(tm_local.tm_mday);
  *p++ = 'T';
  two(tm_local.tm_hour);
  *p++ = ':';
  two(tm_local.tm_min);
  *p++ = ':';
  two(tm_local.tm_sec);
  *p++ = '.';
  *p++ = static_cast<char>('0' + ms / 100);
  two(static_cast<int>(ms % 100));
  long off = tm_local.tm_gmtoff;
  *p++ = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  off /= 60;  // minutes
  const long hours = off / 60;
  if (hours > 99) {  // not a real zone: as strftime, all the hour digits
    auto r = std::to_chars(p, buf + sizeof buf - 2, hours);
    p = r.ptr;
  } else {
    two(static_cast<int>(hours));
  }
  two(static_cast<int>(off % 60));
  out->append(buf, p);
}

std::string_view AlertWriter::PrintedGroups(std::string_view groups) {
  GroupsEntry& e = groups_cache_[std::hash<std::string_view>()(groups) % groups_cache_.size()];
  if (!e.used || e.groups != groups) {
    e.used = true;
    e.groups.assign(groups);
    e.printed.clear();
    AppendGroups(groups, &e.printed);
  }
  return e.printed;
}

int32_t AlertWriter::Add(int32_t parent, std::string_view key, uint8_t kind) {
  auto index = static_cast<int32_t>(nodes_.size());
  Node& n = nodes_.emplace_back();
  n.key = CutAtNul(key);
  n.kind = kind;
  Node& p = nodes_[static_cast<size_t>(parent)];
  if (p.last < 0) {
    p.first = index;
  } else {
    nodes_[static_cast<size_t>(p.last)].next = index;
  }
  p.last = index;
  return index;
}

int32_t AlertWriter::Find(int32_t parent, std::string_view key) const {
  for (int32_t c = nodes_[static_cast<size_t>(parent)].first; c >= 0;
       c = nodes_[static_cast<size_t>(c)].next) {
    if (json::EqualsIgnoreCase(nodes_[static_cast<size_t>(c)].key, key)) return c;
  }
  return -1;
}

// W_JSON_AddField (json/alert_fields.h) over the node tree, with json::kMaxFieldNesting.
void AlertWriter::AddField(std::string_view key, std::string_view value) {
  int32_t root = 0;
  int depth = 0;
  for (size_t dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.')) {
    if (depth++ == json::kMaxFieldNesting) {
      CountLimitHit(LimitCounter::kAlertFieldTooDeep);
      break;  // the rest of the name, dots included, is the leaf key
    }
    std::string_view head = key.substr(0, dot);
    int32_t child = Find(root, head);
    if (child < 0) {
      child = Add(root, head, kObject);
    } else if (nodes_[static_cast<size_t>(child)].kind != kObject) {
      return;  // collision with a non-object: dropped, as Wazuh does
    }
    root = child;
    key.remove_prefix(dot + 1);
  }
  if (Find(root, key) >= 0) return;  // first one wins
  if (!value.empty() && value.front() == '[') {
    json::Value parsed;
    size_t end = 0;
    if (json::Parse(value, &parsed, &end) && end == value.size()) {
      auto begin = static_cast<uint32_t>(raw_.size());
      json::AppendUnformatted(parsed, &raw_);
      int32_t n = Add(root, key, kRaw);
      nodes_[static_cast<size_t>(n)].raw_begin = begin;
      nodes_[static_cast<size_t>(n)].raw_size = static_cast<uint32_t>(raw_.size()) - begin;
      return;
    }
  }
  int32_t n = Add(root, key, kString);
  nodes_[static_cast<size_t>(n)].value = value;
}

void AlertWriter::Print(int32_t node, std::string* out) const {
  const Node& n = nodes_[static_cast<size_t>(node)];
  switch (n.kind) {
    case kString:
      json::AppendQuoted(n.value, out);
      return;
    case kRaw:
      out->append(raw_, n.raw_begin, n.raw_size);
      return;
    default:
      break;
  }
  out->push_back('{');
  for (int32_t c = n.first; c >= 0; c = nodes_[static_cast<size_t>(c)].next) {
    if (c != n.first) out->push_back(',');
    AppendKey(nodes_[static_cast<size_t>(c)].key, out);
    Print(c, out);
  }
  out->push_back('}');
}

void AlertWriter::Append(const Event& ev, const RuleView* rule, const OutputOptions& opts,
                         std::string_view timestamp, std::string_view alert_id, std::string* out) {
  const std::string& loc = ev.location;
  const bool paren = !loc.empty() && loc[0] == '(';
  const std::string_view host = PredecoderHostname(ev.full_log);

  out->append("{\"timestamp\":");
  json::AppendQuoted(timestamp, out);
  if (rule != nullptr) {
    out->append(",\"rule\":");
    AppendRule(*rule, opts, PrintedGroups(rule->groups), out);
  }

  // agent: id, then name (agent events: the agent's host name; local events: the manager),
  // then the agent's address when the location carries one.
  out->append(",\"agent\":{\"id\":");
  json::AppendQuoted(ev.agent_id, out);
  if (paren) {
    out->append(",\"name\":");
    json::AppendQuoted(ev.hostname, out);
  } else if (ev.agent_id == "000") {
    out->append(",\"name\":");
    json::AppendQuoted(opts.manager_name, out);
  }
  if (paren) {
    size_t close = loc.find(") ");
    if (close != std::string::npos) {
      size_t start = close + 2;
      size_t dash = loc.find('-', start);
      std::string_view ip = std::string_view(loc).substr(
          start, dash == std::string::npos ? std::string_view::npos : dash - start);
      if (ip != "any") {
        out->append(",\"ip\":");
        json::AppendQuoted(ip, out);
      }
    }
  }
  out->append("},\"manager\":{\"name\":");
  json::AppendQuoted(opts.manager_name, out);
  out->append("},\"id\":");
  json::AppendQuoted(alert_id, out);

  if (rule != nullptr && rule->previous_output.size() >= 2 && !rule->previous_output[1].empty()) {
    // The entries joined by '\n'; a NUL inside one ends the string, as in cJSON.
    out->append(",\"previous_output\":\"");
    for (size_t i = 0; i < rule->previous_output.size(); ++i) {
      if (i) out->append("\\n");
      if (!json::AppendEscaped(rule->previous_output[i], out)) break;
    }
    out->push_back('"');
  }
  if (!(rule != nullptr && rule->no_full_log)) {
    out->append(",\"full_log\":");
    json::AppendQuoted(ev.full_log, out);
  }
  const bool pre_first = ev.has_program_name || ev.has_timestamp;
  if (pre_first) {
    out->append(",\"predecoder\":{");
    bool first = true;
    if (ev.has_program_name) Member("program_name", ev.program_name, &first, out);
    if (ev.has_timestamp) Member("timestamp", ev.timestamp, &first, out);
    if (!host.empty()) Member("hostname", host, &first, out);
    out->push_back('}');
  }
  out->append(",\"decoder\":{");
  if (const Decoder* d = ev.decoder) {
    bool first = true;
    if (d->accumulate) IntMember("accumulate", 1, &first, out);
    if (!d->parent.empty()) Member("parent", d->parent, &first, out);
    Member("name", d->name, &first, out);
    if (!d->ftscomment.empty()) Member("ftscomment", d->ftscomment, &first, out);
  }
  out->push_back('}');
  if (rule != nullptr && !rule->previous_log.empty()) {
    out->append(",\"previous_log\":");
    json::AppendQuoted(rule->previous_log, out);
  }

  // data: static fields in order, then the dynamic fields nested by '.'.
  nodes_.clear();
  raw_.clear();
  nodes_.emplace_back().kind = kObject;
  for (int f = 0; f < kStaticFieldCount; ++f) {
    auto field = static_cast<StaticField>(f);
    if (!ev.HasStatic(field)) continue;
    int32_t n = Add(0, StaticFieldName(field), kString);
    nodes_[static_cast<size_t>(n)].value = ev.statics[static_cast<size_t>(f)];
  }
  const Decoder* d = ev.decoder;
  if (d != nullptr && d->name.compare(0, 9, "syscheck_") != 0) {
    for (size_t i = 0; i < ev.dynamic_count; ++i) {
      const DynamicField& f = ev.dynamics[i];
      if (!f.value.empty()) AddField(f.name, f.value);
    }
  }
  if (nodes_[0].first >= 0) {
    out->append(",\"data\":");
    Print(0, out);
  }

  if (!pre_first && !host.empty()) {
    out->append(",\"predecoder\":{\"hostname\":");
    json::AppendQuoted(host, out);
    out->push_back('}');
  }
  out->append(",\"location\":");
  if (paren) {
    size_t gt = loc.find('>');
    json::AppendQuoted(gt == std::string::npos ? std::string_view() : std::string_view(loc).substr(gt + 1), out);
  } else {
    json::AppendQuoted(loc, out);
  }
  out->push_back('}');
}

}  // namespace tripline::output
