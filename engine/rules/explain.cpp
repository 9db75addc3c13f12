// Explain: a reporting re-evaluation of one rule's stateless checks (rules/explain.h). The
// order and semantics follow Session::CheckConditions (session.cpp); keep the two in step.

#include "rules/explain.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "rules/time_window.h"

namespace tripline::rules {

namespace {

std::string Quote(const char* v) {
  if (v == nullptr) return "(absent)";
  return "'" + std::string(v) + "'";
}

std::string Describe(const match::Pattern& p) {
  std::string s(match::PatternTypeName(p.type()));
  if (p.negate()) s += " negate";
  return s + " '" + p.text() + "'";
}

const char* ListFieldName(ListField f) {
  switch (f) {
    case ListField::kSrcIp: return "srcip";
    case ListField::kSrcPort: return "srcport";
    case ListField::kDstIp: return "dstip";
    case ListField::kDstPort: return "dstport";
    case ListField::kUser: return "user";
    case ListField::kUrl: return "url";
    case ListField::kId: return "id";
    case ListField::kHostname: return "hostname";
    case ListField::kProgramName: return "program_name";
    case ListField::kStatus: return "status";
    case ListField::kAction: return "action";
    case ListField::kProtocol: return "protocol";
    case ListField::kSystemName: return "system_name";
    case ListField::kData: return "data";
    case ListField::kExtraData: return "extra_data";
    case ListField::kDynamic: return "";
  }
  return "";
}

const char* LookupName(lists::Lookup l) {
  switch (l) {
    case lists::Lookup::kMatchKey: return "match_key";
    case lists::Lookup::kNotMatchKey: return "not_match_key";
    case lists::Lookup::kMatchKeyValue: return "match_key_value";
    case lists::Lookup::kAddressMatchKey: return "address_match_key";
    case lists::Lookup::kNotAddressMatchKey: return "not_address_match_key";
    case lists::Lookup::kAddressMatchKeyValue: return "address_match_key_value";
  }
  return "?";
}

// Records one check; returns its outcome so callers can stop at the first failure.
class Recorder {
 public:
  explicit Recorder(CheckReport* report) : report_(report) {}

  bool Add(const std::string& what, bool ok, const char* ok_word = "match",
           const char* fail_word = "no match") {
    std::string line = what + ": " + (ok ? ok_word : fail_word);
    report_->checks.push_back(line);
    if (!ok && report_->passed) {
      report_->passed = false;
      report_->failure = line;
    }
    return ok;
  }
  bool Pattern(const std::string& name, const std::optional<match::Pattern>& p, const char* v) {
    if (!p) return true;
    return Add(name + ": " + Quote(v) + " vs " + Describe(*p), p->Matches(v));
  }
  void Note(const std::string& line) {
    report_->checks.push_back(line);
    report_->has_stateful = true;
  }

 private:
  CheckReport* report_;
};

CheckReport ExplainChecksImpl(const Rule& r, const Event& ev, const EventTime& time) {
  CheckReport report;
  Recorder rec(&report);
  const int decoder_id = ev.decoder != nullptr ? ev.decoder->id : 0;
  if (r.decoded_as != 0) {
    const std::string name = ev.decoder != nullptr ? "'" + ev.decoder->name + "'" : "(none)";
    if (!rec.Add("decoded_as: event decoder " + name + " (id " + std::to_string(decoder_id) +
                     ") vs decoder id " + std::to_string(r.decoded_as),
                 r.decoded_as == decoder_id)) {
      return report;
    }
  }
  const char* program = ev.has_program_name ? ev.program_name.c_str() : nullptr;
  if (!rec.Pattern("program_name", r.program_name, program)) return report;
  if (!rec.Pattern("id", r.id_pattern, ev.Static(kId))) return report;
  if (!rec.Pattern("system_name", r.system_name, ev.Static(kSystemName))) return report;
  if (!rec.Pattern("protocol", r.protocol, ev.Static(kProtocol))) return report;
  if (!rec.Pattern("match (log)", r.match, ev.log())) return report;
  if (!rec.Pattern("regex (log)", r.regex, ev.log())) return report;
  if (!rec.Pattern("action", r.action, ev.Static(kAction))) return report;
  if (!rec.Pattern("url", r.url, ev.Static(kUrl))) return report;
  if (!rec.Pattern("location", r.location, ev.location.c_str())) return report;
  for (const FieldCheck& f : r.fields) {
    const DynamicField* d = ev.FindDynamic(f.name);
    const char* v = d != nullptr ? d->value.c_str() : nullptr;
    if (!rec.Add("field " + f.name + ": " + Quote(v) + " vs " + Describe(f.pattern), f.pattern.Matches(v))) {
      return report;
    }
  }
  if (r.packet_info) {
    auto ip = [&](const char* name, const std::optional<match::IpList>& list, bool negate,
                  StaticField f) {
      if (!list) return true;
      const char* v = ev.Static(f);
      const bool in = v != nullptr && list->Contains(v);
      return rec.Add(std::string(name) + ": " + Quote(v) + (negate ? " not in" : " in") + " the rule's list",
                     v != nullptr && in != negate, "yes", "no");
    };
    if (!ip("srcip", r.srcip, r.srcip_negate, kSrcIp)) return report;
    if (!ip("dstip", r.dstip, r.dstip_negate, kDstIp)) return report;
    if (!rec.Pattern("srcport", r.srcport, ev.Static(kSrcPort))) return report;
    if (!rec.Pattern("dstport", r.dstport, ev.Static(kDstPort))) return report;
  }
  if (r.extra_info) {
    if (r.compiled_rule != CompiledRule::kNone &&
        !rec.Add("compiled_rule", RunCompiledRule(r.compiled_rule, ev), "true", "false")) {
      return report;
    }
    if (r.user) {
      const char* dst = ev.Static(kDstUser);
      const char* v = dst != nullptr ? dst : ev.Static(kSrcUser);
      if (!rec.Pattern(dst != nullptr ? "user (dstuser)" : "user (srcuser)", r.user, v)) return report;
    }
    if (!rec.Pattern("srcgeoip", r.srcgeoip, nullptr)) return report;
    if (!rec.Pattern("dstgeoip", r.dstgeoip, nullptr)) return report;
    if (r.maxsize != 0) {
      const size_t len = std::strlen(ev.log());
      if (!rec.Add("maxsize: log length " + std::to_string(len) + " >= " + std::to_string(r.maxsize),
                   len >= static_cast<size_t>(r.maxsize), "yes", "no")) {
        return report;
      }
    }
    if (!r.day_time.empty()) {
      char hhmm[16];
      std::snprintf(hhmm, sizeof hhmm, "%02d:%02d:%02d", time.hour % 100, time.minute % 100,
                    time.second % 100);
      if (!rec.Add("time: " + std::string(hhmm, 5) + " vs '" + r.day_time + "'",
                   TimeInRange(hhmm, r.day_time), "in range", "out of range")) {
        return report;
      }
    }
    if (r.week_day) {
      const int wd = time.weekday;
      if (!rec.Add("weekday: day " + std::to_string(wd) + " (0 = Sunday)",
                   wd >= 0 && wd <= 6 && (*r.week_day)[static_cast<size_t>(wd)], "allowed",
                   "not allowed")) {
        return report;
      }
    }
    if (!rec.Pattern("data", r.data, ev.Static(kData))) return report;
    if (!rec.Pattern("extra_data", r.extra_data, ev.Static(kExtraData))) return report;
    if (!rec.Pattern("hostname", r.hostname, ev.hostname.c_str())) return report;
    if (!rec.Pattern("status", r.status, ev.Static(kStatus))) return report;
    if (r.check_diff) rec.Note("check_diff: stateful, not evaluated in explain");
  }
  if (r.if_fts) rec.Note("if_fts: stateful (first time seen), not evaluated in explain");
  for (const ListCheck& l : r.lists) {
    const char* v = ListCheckValue(l, ev);
    const std::string name = l.field == ListField::kDynamic ? l.dynamic_name : ListFieldName(l.field);
    const bool ok = v != nullptr && l.list != nullptr &&
                    l.list->Check(l.lookup, v, l.check_value ? &*l.check_value : nullptr);
    if (!rec.Add("list " + name + ": " + Quote(v) + " lookup " + LookupName(l.lookup) + " in " + l.path, ok)) {
      return report;
    }
  }
  if (r.context && !r.check_diff && r.search != SearchKind::kNone) {
    std::string what = "correlation (";
    if (r.if_matched_sid != 0) what += "if_matched_sid " + std::to_string(r.if_matched_sid);
    if (r.search == SearchKind::kGroup) what += "if_matched_group '" + r.if_matched_group_text + "'";
    if (r.search == SearchKind::kEvents) what += "if_matched_regex / previous events";
    what += ", needs " + std::to_string(r.frequency + 1) + " matching previous event(s) within " +
            std::to_string(r.timeframe) + " s): not evaluated in explain";
    rec.Note(what);
  }
  return report;
}

// Node index -> parent node index (-1 for top-level nodes).
std::vector<int> ParentsOf(const RuleSet& rules) {
  std::vector<int> parent(rules.nodes().size(), -1);
  for (size_t n = 0; n < rules.nodes().size(); ++n) {
    for (uint32_t c : rules.nodes()[n].children) parent[c] = static_cast<int>(n);
  }
  return parent;
}

// True when `rule_index` occurs in the subtree of `node`.
bool InSubtree(const RuleSet& rules, uint32_t node, uint32_t rule_index) {
  const RuleSet::Node& n = rules.nodes()[node];
  if (n.rule == rule_index) return true;
  for (uint32_t c : n.children) {
    if (InSubtree(rules, c, rule_index)) return true;
  }
  return false;
}

}  // namespace

CheckReport ExplainChecks(const Rule& rule, const Event& ev, const EventTime& time) {
  return ExplainChecksImpl(rule, ev, time);
}

std::vector<std::string> ExplainRule(const RuleSet& rules, const Event& ev, const EventTime& time,
                                     const Rule& target, const Rule* matched, size_t max_paths) {
  std::vector<std::string> out;
  const auto& all = rules.rules();
  auto id_of = [&](uint32_t node) { return all[rules.nodes()[node].rule]->id; };
  std::string head = "explain rule " + std::to_string(target.id) + ": ";
  if (matched == nullptr) {
    head += "the event matched no rule";
  } else if (matched == &target) {
    head += "MATCHED (the event's rule)";
  } else {
    head += "not the event's rule (the event matched rule " + std::to_string(matched->id) + ")";
  }
  out.push_back(head);

  const std::vector<int> parent = ParentsOf(rules);
  std::vector<uint32_t> occurrences;
  for (size_t n = 0; n < rules.nodes().size(); ++n) {
    if (rules.nodes()[n].rule == target.index) occurrences.push_back(static_cast<uint32_t>(n));
  }
  if (occurrences.empty()) {
    out.push_back("  the rule is not in the tree");
    return out;
  }
  const DecoderType type = ev.decoder != nullptr ? ev.decoder->type : DecoderType::kSyslog;
  for (size_t k = 0; k < occurrences.size() && k < max_paths; ++k) {
    std::vector<uint32_t> path;
    for (int n = static_cast<int>(occurrences[k]); n >= 0; n = parent[n]) path.push_back(static_cast<uint32_t>(n));
    std::reverse(path.begin(), path.end());
    std::string title = "  path";
    for (uint32_t n : path) title += (n == path.front() ? " " : " > ") + std::to_string(id_of(n));
    out.push_back(title + ":");

    const Rule& root = *all[rules.nodes()[path.front()].rule];
    if (root.category != type) {
      out.push_back("    rule " + std::to_string(root.id) + ": category " +
                    std::string(DecoderTypeName(root.category)) + " vs event type " +
                    std::string(DecoderTypeName(type)) + ": not tried (the path stops here)");
      continue;
    }
    for (size_t i = 0; i < path.size(); ++i) {
      const Rule& r = *all[rules.nodes()[path[i]].rule];
      // Earlier siblings are tried first; say which of them may take the event.
      if (i > 0) {
        for (uint32_t sib : rules.nodes()[path[i - 1]].children) {
          if (sib == path[i]) break;
          const Rule& s = *all[rules.nodes()[sib].rule];
          if (matched != nullptr && InSubtree(rules, sib, matched->index)) {
            out.push_back("    earlier sibling rule " + std::to_string(s.id) + " is tried first and matched (the event's rule " +
                          std::to_string(matched->id) + " is in its subtree)");
            continue;
          }
          CheckReport sr = ExplainChecksImpl(s, ev, time);
          if (sr.passed) {
            out.push_back("    earlier sibling rule " + std::to_string(s.id) + " is tried first: its stateless checks pass" +
                          std::string(s.noalert ? " (noalert: transparent unless a child matches)" : "") +
                          std::string(sr.has_stateful ? " (stateful checks not evaluated)" : ""));
          }
        }
      }
      CheckReport rep = ExplainChecksImpl(r, ev, time);
      std::string line = "    rule " + std::to_string(r.id) + " (level " + std::to_string(r.level) +
                         (r.noalert ? ", noalert" : "") + "):";
      if (rep.checks.empty()) {
        out.push_back(line + " no conditions: passes");
      } else {
        out.push_back(line);
        for (const std::string& c : rep.checks) out.push_back("      " + c);
      }
      if (!rep.passed) {
        out.push_back("    => rule " + std::to_string(r.id) + " fails at: " + rep.failure);
        if (i + 1 < path.size()) {
          out.push_back("    rule " + std::to_string(target.id) + ": not reached (rule " + std::to_string(r.id) +
                        " failed)");
        }
        break;
      }
      if (i + 1 == path.size()) {
        std::string verdict = "    => every stateless check of rule " + std::to_string(target.id) + " passes";
        if (rep.has_stateful) verdict += "; stateful/correlation checks were not evaluated";
        if (matched == &target) {
          verdict += "; the rule matched";
        } else if (target.noalert) {
          verdict += "; the rule is noalert (it only leads to its children)";
        } else if (matched != nullptr) {
          verdict += "; the event's rule is " + std::to_string(matched->id) +
                     " (an earlier sibling, a child, or a correlation check decided)";
        }
        out.push_back(verdict);
      }
    }
  }
  if (occurrences.size() > max_paths) {
    out.push_back("  (" + std::to_string(occurrences.size() - max_paths) + " more tree path(s) not shown)");
  }
  return out;
}

}  // namespace tripline::rules
