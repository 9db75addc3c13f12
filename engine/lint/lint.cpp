// Lint checks (lint/lint.h). Each check walks the compiled rule tree of RuleSet; the tree
// semantics are those of docs/wazuh-semantics.md §4.3-§4.4, the lists those of §8.

#include "lint/lint.h"

#include <strings.h>

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace tripline::lint {

namespace {

using rules::FieldCheck;
using rules::ListCheck;
using rules::Rule;
using rules::RuleSet;

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// The keys of a list, parsed from its text file as CdbList parses it and checked against the
// loaded list: every key must be found and the count must agree, otherwise nullopt (the check
// that needs the keys is then skipped rather than risk a false warning).
std::optional<std::vector<std::string>> ListKeys(const std::string& file, const lists::CdbList& list) {
  std::string text;
  if (!ReadFile(file, &text)) return std::nullopt;
  std::set<std::string> keys;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    const size_t cut = line.find_first_of(std::string_view("\r\0", 2));
    if (cut != std::string_view::npos) line = line.substr(0, cut);
    const size_t quote = line.find('"');
    const size_t colon = line.find(':');
    std::string key;
    if (quote != std::string_view::npos && colon != std::string_view::npos && colon > quote) {
      const size_t close = line.find('"', quote + 1);
      if (close == std::string_view::npos) continue;
      if (line.find(':', close) == std::string_view::npos) continue;
      key.assign(line.substr(quote + 1, close - quote - 1));
    } else {
      if (colon == std::string_view::npos) continue;
      key.assign(line.substr(0, colon));
    }
    if (list.Find(key) != nullptr) keys.insert(std::move(key));
  }
  if (keys.size() != list.size()) return std::nullopt;
  return std::vector<std::string>(keys.begin(), keys.end());
}

// Why a tree node can never be evaluated to a match (empty = it can).
struct DeadReason {
  std::string code;
  std::string message;
};

class Linter {
 public:
  Linter(const Ruleset& ruleset, Diagnostics* diags)
      : ruleset_(ruleset), rules_(*ruleset.rules()), diags_(diags) {
    parent_.assign(rules_.nodes().size(), -1);
    for (size_t n = 0; n < rules_.nodes().size(); ++n) {
      for (uint32_t c : rules_.nodes()[n].children) parent_[c] = static_cast<int>(n);
    }
    nodes_of_.resize(rules_.rules().size());
    for (size_t n = 0; n < rules_.nodes().size(); ++n) {
      nodes_of_[rules_.nodes()[n].rule].push_back(static_cast<uint32_t>(n));
    }
  }

  void Run() {
    DeadRules();
    Shadowed();
    NumericBands();
    UnusedLists();
  }

 private:
  struct Restriction {  // the event's field F is a key of `list` (from rule `rule_id`)
    std::string field;
    const lists::CdbList* list;
    std::string path;
    int rule_id;
  };
  struct FieldRef {
    const FieldCheck* check;
    int rule_id;
  };

  const Rule& RuleOf(uint32_t node) const { return *rules_.rules()[rules_.nodes()[node].rule]; }

  void Warn(const std::string& code, const Rule& r, const std::string& message) {
    SourceLoc loc = r.loc;
    if (loc.file.empty()) loc.file = r.file;
    diags_->Warning(code, loc, message);
  }

  const std::vector<std::string>* KeysOf(const ListCheck& l) {
    auto it = keys_.find(l.list);
    if (it == keys_.end()) {
      std::optional<std::vector<std::string>> keys;
      const std::string file = ruleset_.lists().Resolve(l.path);
      if (!file.empty()) keys = ListKeys(file, *l.list);
      it = keys_.emplace(l.list, std::move(keys)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // A field check that no key of a restricting list matches: the node can never match.
  std::optional<DeadReason> Contradiction(const FieldRef& f, const Restriction& res) {
    if (!SameName(f.check->name, res.field)) return std::nullopt;
    ListCheck probe;
    probe.list = res.list;
    probe.path = res.path;
    const std::vector<std::string>* keys = KeysOf(probe);
    if (keys == nullptr) return std::nullopt;
    for (const std::string& k : *keys) {
      if (f.check->pattern.Matches(k.c_str())) return std::nullopt;
    }
    std::string where = res.rule_id == f.rule_id ? "its own" : "rule " + std::to_string(res.rule_id) + "'s";
    DeadReason d;
    d.code = "LNT001";
    d.message = "rule " + std::to_string(f.rule_id) + " can never fire: its <field name=\"" + f.check->name +
                "\"> " + std::string(match::PatternTypeName(f.check->pattern.type())) + " '" +
                f.check->pattern.text() + "' matches no key of " + res.path + " (" +
                std::to_string(keys->size()) + " keys), and " + where + " <list field=\"" + res.field +
                "\"> requires the value to be one of them";
    return d;
  }

  // Depth-first over the tree, carrying the list restrictions and field checks of the path.
  void Walk(uint32_t node, std::vector<Restriction>* res, std::vector<FieldRef>* fields, bool parent_dead) {
    const Rule& r = RuleOf(node);
    const size_t res_mark = res->size(), field_mark = fields->size();
    for (const ListCheck& l : r.lists) {
      if (l.field != rules::ListField::kDynamic || l.list == nullptr) continue;
      if (l.lookup != lists::Lookup::kMatchKey && l.lookup != lists::Lookup::kMatchKeyValue) continue;
      res->push_back({l.dynamic_name, l.list, l.path, r.id});
    }
    for (const FieldCheck& f : r.fields) fields->push_back({&f, r.id});

    std::optional<DeadReason> own;
    // New field checks against every restriction of the path, new restrictions against every
    // field check of the path.
    for (size_t i = field_mark; i < fields->size() && !own; ++i) {
      for (size_t j = 0; j < res->size() && !own; ++j) own = Contradiction((*fields)[i], (*res)[j]);
    }
    for (size_t j = res_mark; j < res->size() && !own; ++j) {
      for (size_t i = 0; i < field_mark && !own; ++i) own = Contradiction((*fields)[i], (*res)[j]);
    }
    if (!own && r.level == 0 && r.has_search_function()) {
      own = DeadReason{"LNT005", "composite rule " + std::to_string(r.id) +
                                     " has level 0 and can never fire: a previous event counts only "
                                     "while its 'matched' level is below the rule's level (0 >= 0)"};
    }
    if (!own && r.if_matched_sid != 0) {
      const Rule* m = rules_.FindRule(r.if_matched_sid);
      if (m != nullptr && dead_rule_.count(m->index) != 0) {
        own = DeadReason{"LNT003", "rule " + std::to_string(r.id) + " can never fire: its if_matched_sid rule " +
                                       std::to_string(m->id) + " can never fire, so no previous event is ever counted"};
      }
    }
    if (own) {
      node_reason_[node] = *own;
    } else if (parent_dead) {
      node_reason_[node] = DeadReason{"LNT002", ""};
    }
    const bool dead = own || parent_dead;
    if (dead) dead_node_.insert(node);
    for (uint32_t c : rules_.nodes()[node].children) Walk(c, res, fields, dead);
    res->resize(res_mark);
    fields->resize(field_mark);
  }

  void DeadRules() {
    // Iterate: a dead if_matched_sid rule makes its composite rules dead, which may be the
    // if_matched_sid rules of others.
    for (int round = 0; round < 8; ++round) {
      dead_node_.clear();
      node_reason_.clear();
      std::vector<Restriction> res;
      std::vector<FieldRef> fields;
      for (uint32_t root : rules_.roots()) Walk(root, &res, &fields, false);
      std::set<uint32_t> dead;
      for (size_t i = 0; i < nodes_of_.size(); ++i) {
        if (nodes_of_[i].empty()) continue;
        bool all = true;
        for (uint32_t n : nodes_of_[i]) all = all && dead_node_.count(n) != 0;
        if (all) dead.insert(static_cast<uint32_t>(i));
      }
      if (dead == dead_rule_) break;
      dead_rule_ = std::move(dead);
    }
    for (uint32_t i : dead_rule_) {
      const Rule& r = *rules_.rules()[i];
      // The most specific reason among the rule's occurrences.
      const DeadReason* best = nullptr;
      uint32_t best_node = 0;
      for (uint32_t n : nodes_of_[i]) {
        auto it = node_reason_.find(n);
        if (it == node_reason_.end()) continue;
        if (best == nullptr || (best->code == "LNT002" && it->second.code != "LNT002")) {
          best = &it->second;
          best_node = n;
        }
      }
      if (best == nullptr) continue;
      if (best->code != "LNT002") {
        Warn(best->code, r, best->message);
        continue;
      }
      int p = parent_[best_node];
      while (p >= 0 && dead_node_.count(static_cast<uint32_t>(p)) != 0 && parent_[p] >= 0 &&
             dead_node_.count(static_cast<uint32_t>(parent_[p])) != 0) {
        p = parent_[p];
      }
      const std::string cause = p >= 0 ? std::to_string(RuleOf(static_cast<uint32_t>(p)).id) : "?";
      Warn("LNT002", r, "rule " + std::to_string(r.id) + " can never fire: it is only reached below rule " +
                            cause + ", which can never fire");
    }
  }

  static bool SamePattern(const std::optional<match::Pattern>& a, const std::optional<match::Pattern>& b) {
    if (!a) return true;  // `a` has no such check
    return b && a->type() == b->type() && a->negate() == b->negate() && a->text() == b->text();
  }

  // True when every event that passes `c`'s checks also passes `s`'s, and `s` then always
  // returns a rule (so `c`, a later sibling, is never tried).
  static bool AlwaysWinsOver(const Rule& s, const Rule& c) {
    if (&s == &c || s.noalert || s.context || s.check_diff || s.if_fts || s.has_search_function()) return false;
    if (s.decoded_as != 0 && s.decoded_as != c.decoded_as) return false;
    if (s.srcip || s.dstip) return false;  // address lists are not compared
    const std::optional<match::Pattern> Rule::*kPatterns[] = {
        &Rule::match,  &Rule::regex,    &Rule::program_name, &Rule::id_pattern, &Rule::system_name,
        &Rule::protocol, &Rule::action, &Rule::url,          &Rule::location,   &Rule::user,
        &Rule::srcgeoip, &Rule::dstgeoip, &Rule::data,       &Rule::extra_data, &Rule::hostname,
        &Rule::srcport, &Rule::dstport, &Rule::status};
    for (auto p : kPatterns) {
      if (!SamePattern(s.*p, c.*p)) return false;
    }
    for (const FieldCheck& f : s.fields) {
      bool found = false;
      for (const FieldCheck& g : c.fields) {
        found = found || (SameName(f.name, g.name) && f.pattern.type() == g.pattern.type() &&
                          f.pattern.negate() == g.pattern.negate() && f.pattern.text() == g.pattern.text());
      }
      if (!found) return false;
    }
    for (const ListCheck& l : s.lists) {
      if (l.check_value) return false;
      bool found = false;
      for (const ListCheck& m : c.lists) {
        found = found || (l.field == m.field && l.lookup == m.lookup && l.list == m.list && !m.check_value &&
                          (l.field != rules::ListField::kDynamic || SameName(l.dynamic_name, m.dynamic_name)));
      }
      if (!found) return false;
    }
    if (s.compiled_rule != rules::CompiledRule::kNone && s.compiled_rule != c.compiled_rule) return false;
    if (s.maxsize > c.maxsize) return false;
    if (!s.day_time.empty() && s.day_time != c.day_time) return false;
    if (s.week_day && (!c.week_day || *s.week_day != *c.week_day)) return false;
    return true;
  }

  void Shadowed() {
    std::map<uint32_t, std::pair<const Rule*, const Rule*>> shadow_of;  // node -> (sibling, parent)
    for (size_t n = 0; n < rules_.nodes().size(); ++n) {
      const std::vector<uint32_t>& kids = rules_.nodes()[n].children;
      for (size_t j = 1; j < kids.size(); ++j) {
        const Rule& c = RuleOf(kids[j]);
        for (size_t i = 0; i < j; ++i) {
          const Rule& s = RuleOf(kids[i]);
          if (AlwaysWinsOver(s, c)) {
            shadow_of[kids[j]] = {&s, &RuleOf(static_cast<uint32_t>(n))};
            break;
          }
        }
      }
    }
    for (size_t i = 0; i < nodes_of_.size(); ++i) {
      if (nodes_of_[i].empty() || dead_rule_.count(static_cast<uint32_t>(i)) != 0) continue;
      const std::pair<const Rule*, const Rule*>* any = nullptr;
      bool all = true;
      for (uint32_t n : nodes_of_[i]) {
        auto it = shadow_of.find(n);
        if (it != shadow_of.end()) {
          any = &it->second;
        } else if (dead_node_.count(n) == 0) {
          all = false;
        }
      }
      if (!all || any == nullptr) continue;
      const Rule& r = *rules_.rules()[i];
      const Rule& s = *any->first;
      const bool bare = s.fields.empty() && s.lists.empty() && !s.match && !s.regex && !s.program_name &&
                        s.decoded_as == 0 && !s.user && !s.id_pattern && !s.url && !s.action && !s.status &&
                        !s.hostname && !s.location && !s.data && !s.extra_data && !s.protocol && !s.system_name &&
                        !s.srcport && !s.dstport && s.compiled_rule == rules::CompiledRule::kNone &&
                        s.maxsize == 0 && s.day_time.empty() && !s.week_day;
      Warn("LNT004", r, "rule " + std::to_string(r.id) + " can never fire: its earlier sibling rule " +
                            std::to_string(s.id) + " under rule " + std::to_string(any->second->id) + " has " +
                            (bare ? "no conditions" : "only conditions this rule also has") +
                            ", so it always matches first");
    }
  }

  // "0|1|2|3": numbers joined by '|', no anchors.
  static bool IsNumericAlternation(const std::string& text, std::vector<std::string>* alts) {
    alts->clear();
    std::string cur;
    for (char ch : text) {
      if (ch >= '0' && ch <= '9') {
        cur.push_back(ch);
      } else if (ch == '|' && !cur.empty()) {
        alts->push_back(cur);
        cur.clear();
      } else {
        return false;
      }
    }
    if (cur.empty()) return false;
    alts->push_back(cur);
    return alts->size() >= 2;
  }

  void CheckBand(const Rule& r, const std::string& what, const match::Pattern& p) {
    if (p.negate() || (p.type() != match::PatternType::kOsRegex && p.type() != match::PatternType::kOsMatch)) return;
    std::vector<std::string> alts;
    if (!IsNumericAlternation(p.text(), &alts)) return;
    std::set<std::string> set(alts.begin(), alts.end());
    std::string ex1 = "1" + alts[0];
    if (set.count(ex1) != 0) ex1 = alts[0] + "0";
    // A fractional value such as "5.7" (printed "5.700000") also contains a digit.
    const std::string examples = alts[0].size() == 1 ? "'" + ex1 + "' or '5." + alts[0] + "'" : "'" + ex1 + "'";
    std::string fix;
    for (const std::string& a : alts) fix += (fix.empty() ? "^" : "|^") + a + "$";
    Warn("LNT006", r, "rule " + std::to_string(r.id) + ": " + what + " " +
                          std::string(match::PatternTypeName(p.type())) + " '" + p.text() +
                          "' is an unanchored alternation of numbers: it matches any value that contains one of "
                          "them, so " + examples + " also match; anchor it ('" + fix + "')");
  }

  void NumericBands() {
    for (const auto& rp : rules_.rules()) {
      const Rule& r = *rp;
      for (const FieldCheck& f : r.fields) CheckBand(r, "<field name=\"" + f.name + "\">", f.pattern);
      const std::pair<const char*, const std::optional<match::Pattern> Rule::*> kNamed[] = {
          {"<id>", &Rule::id_pattern}, {"<status>", &Rule::status}, {"<srcport>", &Rule::srcport},
          {"<dstport>", &Rule::dstport}, {"<data>", &Rule::data}, {"<extra_data>", &Rule::extra_data}};
      for (const auto& [name, member] : kNamed) {
        if (r.*member) CheckBand(r, name, *(r.*member));
      }
    }
  }

  void UnusedLists() {
    std::set<const lists::CdbList*> used;
    for (const auto& rp : rules_.rules()) {
      for (const ListCheck& l : rp->lists) used.insert(l.list);
    }
    for (const std::string& name : ruleset_.lists().Names()) {
      const std::string path = "etc/lists/" + name;
      const lists::CdbList* list = ruleset_.lists().Find(path);
      if (list == nullptr || used.count(list) != 0) continue;
      SourceLoc loc;
      loc.file = ruleset_.lists().Resolve(path);
      diags_->Warning("LNT007", loc, "list '" + path + "' is loaded but no rule uses it");
    }
  }

  const Ruleset& ruleset_;
  const RuleSet& rules_;
  Diagnostics* diags_;
  std::vector<int> parent_;
  std::vector<std::vector<uint32_t>> nodes_of_;  // by rule index
  std::map<const lists::CdbList*, std::optional<std::vector<std::string>>> keys_;
  std::set<uint32_t> dead_node_;
  std::map<uint32_t, DeadReason> node_reason_;
  std::set<uint32_t> dead_rule_;  // rule indices
};

// LNT008: an <?xml ...?> declaration at the top of a decoder or rule file.
void XmlDeclarations(const std::vector<std::string>& files, Diagnostics* diags) {
  for (const std::string& file : files) {
    std::string text;
    if (!ReadFile(file, &text)) continue;
    size_t i = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
    int line = 1, col = 1;
    for (; i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    if (text.compare(i, 2, "<?") != 0) continue;
    diags->Warning("LNT008", SourceLoc{file, line, col},
                   "XML declaration '<?...?>': tripline skips it, Wazuh's XML reader does not accept it; "
                   "remove it so the file also loads in Wazuh");
  }
}

}  // namespace

void LintRuleset(const Ruleset& ruleset, Diagnostics* diags) {
  if (ruleset.rules() != nullptr) {
    Linter linter(ruleset, diags);
    linter.Run();
  }
  XmlDeclarations(ruleset.files().decoder_files, diags);
  XmlDeclarations(ruleset.files().rule_files, diags);
}

}  // namespace tripline::lint
