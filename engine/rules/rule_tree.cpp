// The tree step of RuleSet::Load (rules_list.c: OS_AddChild, _AddtoRule, _OS_AddRule,
// OS_AddRuleInfo, OS_MarkID, OS_MarkGroup, _setlevels) and the RuleSet accessors.
// docs/wazuh-semantics.md §4.3. The parents and correlation targets of a rule are found from
// the loader's tree index (RuleLoadOptions::tree_index) or by the plain walks of the C code;
// both give the same tree, built in the same order.

#include <algorithm>
#include <functional>

#include "match/regex_tables.h"
#include "rules/rule_loader.h"

namespace tripline::rules {

using load_internal::AtoiSat;
using namespace codes;

uint32_t RuleLoader::NewNode(uint32_t rule, int parent) {
  set_->nodes_.push_back(RuleSet::Node{rule, {}});
  const auto n = static_cast<uint32_t>(set_->nodes_.size() - 1);
  parent_.push_back(parent);
  nodes_of_rule_[rule].push_back(n);
  return n;
}

void RuleLoader::InsertChild(int parent, uint32_t rule) {
  uint32_t n = NewNode(rule, parent);  // may reallocate nodes_: take the list reference afterwards
  std::vector<uint32_t>& list = parent < 0 ? set_->roots_ : set_->nodes_[parent].children;
  const int level = LevelOf(rule);
  size_t pos = 0;
  while (pos < list.size() && !(level > LevelOf(set_->nodes_[list[pos]].rule))) ++pos;
  list.insert(list.begin() + static_cast<long>(pos), n);
}

const std::vector<uint32_t>& RuleLoader::RulesOfId(int id) const {
  static const std::vector<uint32_t> kNone;
  auto it = rules_of_id_.find(id);
  return it == rules_of_id_.end() ? kNone : it->second;
}

void RuleLoader::NewStampGeneration() {
  if (++stamp_generation_ == 0) {  // wrapped: forget every old stamp
    std::fill(node_stamp_.begin(), node_stamp_.end(), 0);
    std::fill(rule_stamp_.begin(), rule_stamp_.end(), 0);
    stamp_generation_ = 1;
  }
  node_stamp_.resize(set_->nodes_.size(), 0);
  rule_stamp_.resize(set_->rules_.size(), 0);
}

void RuleLoader::StampWithAncestors(uint32_t node) {
  for (int a = static_cast<int>(node); a >= 0 && node_stamp_[a] != stamp_generation_;
       a = parent_[a]) {
    node_stamp_[a] = stamp_generation_;
  }
}

std::vector<Rule*> RuleLoader::RulesOfIdInDfsOrder(int id) {
  std::vector<uint32_t> in_tree;  // rules of the id that have nodes
  for (uint32_t r : RulesOfId(id)) {
    if (!nodes_of_rule_[r].empty()) in_tree.push_back(r);
  }
  if (in_tree.empty()) return {};
  if (in_tree.size() == 1) return {set_->rules_[in_tree[0]].get()};
  NewStampGeneration();
  for (uint32_t r : in_tree) {
    for (uint32_t n : nodes_of_rule_[r]) StampWithAncestors(n);
  }
  std::vector<uint32_t> ordered;
  CollectStamped(-1, id, &ordered);
  std::vector<Rule*> out;
  for (uint32_t n : ordered) out.push_back(set_->rules_[set_->nodes_[n].rule].get());
  return out;
}

void RuleLoader::CollectStamped(int owner, int id, std::vector<uint32_t>* out) const {
  for (uint32_t n : owner < 0 ? set_->roots_ : set_->nodes_[owner].children) {
    if (node_stamp_[n] != stamp_generation_) continue;
    if (rule_id_[set_->nodes_[n].rule] == id) out->push_back(n);
    CollectStamped(static_cast<int>(n), id, out);
  }
}

uint32_t RuleLoader::GroupKey(const std::string& group) {
  auto [it, inserted] = group_keys_.try_emplace(group, static_cast<uint32_t>(group_texts_.size()));
  if (inserted) {
    group_texts_.push_back(&it->first);
    std::string lowered = group;
    for (char& c : lowered) {
      c = static_cast<char>(match::kAsciiLower[static_cast<unsigned char>(c)]);
    }
    group_lowered_.push_back(std::move(lowered));
    rules_of_group_.emplace_back();
  }
  return it->second;
}

void RuleLoader::SetGroupKey(uint32_t rule, uint32_t key) {
  std::erase(rules_of_group_[group_key_[rule]], rule);
  group_key_[rule] = key;
  rules_of_group_[key].push_back(rule);
}

bool RuleLoader::AddToSid(int sid, Rule* rule) {
  const std::vector<uint32_t>& rules = RulesOfId(sid);
  size_t nodes = 0;
  for (uint32_t r : rules) nodes += nodes_of_rule_[r].size();
  if (nodes == 0) return false;
  if (nodes == 1) {  // the walk always reaches the only node of the sid
    for (uint32_t r : rules) {
      if (nodes_of_rule_[r].empty()) continue;
      const uint32_t n = nodes_of_rule_[r].front();
      rule->category = set_->rules_[r]->category;
      InsertChild(static_cast<int>(n), rule->index);
    }
    return true;
  }
  NewStampGeneration();
  for (uint32_t r : rules) {
    for (uint32_t n : nodes_of_rule_[r]) StampWithAncestors(n);
  }
  return WalkSid(-1, sid, rule);
}

bool RuleLoader::StampedChild(int owner, size_t i, bool* end, uint32_t* node) const {
  const std::vector<uint32_t>& list =
      owner < 0 ? set_->roots_ : set_->nodes_[owner].children;  // InsertChild may reallocate
  *end = i >= list.size();
  if (*end) return false;
  *node = list[i];
  // Nodes made during the walk are never stamped.
  return *node < node_stamp_.size() && node_stamp_[*node] == stamp_generation_;
}

bool RuleLoader::WalkSid(int owner, int sid, Rule* rule) {
  bool found = false;
  bool end = false;
  uint32_t n = 0;
  for (size_t i = 0; !end; ++i) {
    if (!StampedChild(owner, i, &end, &n)) continue;
    const Rule& candidate = *set_->rules_[set_->nodes_[n].rule];
    if (candidate.id == sid) {
      rule->category = candidate.category;
      InsertChild(static_cast<int>(n), rule->index);
      return true;
    }
    if (WalkSid(static_cast<int>(n), sid, rule)) found = true;
  }
  return found;
}

bool RuleLoader::AddToMatching(AttachMode mode, int level, const std::string* group, Rule* rule) {
  NewStampGeneration();
  auto take = [&](uint32_t r) {
    if (rule_id_[r] == rule->id) return;  // never under itself
    rule_stamp_[r] = stamp_generation_;
    for (uint32_t n : nodes_of_rule_[r]) StampWithAncestors(n);
  };
  if (mode == AttachMode::kGroup) {
    std::vector<bool>& memo = word_match_memo_[*group];
    if (memo.size() < group_texts_.size()) {
      const match::WordPattern pattern(*group);
      for (size_t k = memo.size(); k < group_texts_.size(); ++k) {
        memo.push_back(pattern.MatchLowered(group_lowered_[k]));
      }
    }
    for (size_t k = 0; k < memo.size(); ++k) {
      if (!memo[k]) continue;
      for (uint32_t r : rules_of_group_[k]) take(r);
    }
  } else {
    for (uint32_t r = 0; r < set_->rules_.size(); ++r) {
      if (rule_level_[r] >= level) take(r);
    }
  }
  bool found = false;
  WalkMatching(-1, rule, &found);
  return found;
}

void RuleLoader::WalkMatching(int owner, Rule* rule, bool* found) {
  bool end = false;
  uint32_t n = 0;
  for (size_t i = 0; !end; ++i) {
    if (!StampedChild(owner, i, &end, &n)) continue;
    if (rule_stamp_[set_->nodes_[n].rule] == stamp_generation_) {
      InsertChild(static_cast<int>(n), rule->index);
      *found = true;
    }
    if (!set_->nodes_[n].children.empty()) WalkMatching(static_cast<int>(n), rule, found);
  }
}

bool RuleLoader::AddToCategory(Rule* rule) {
  for (uint32_t n : set_->roots_) {
    if (rule->category != set_->rules_[set_->nodes_[n].rule]->category) continue;
    InsertChild(static_cast<int>(n), rule->index);
    return true;
  }
  return false;
}

bool RuleLoader::PlainAddToRule(AttachMode mode, int sid, int level, const std::string* group,
                                int owner, Rule* rule) {
  bool found = false;
  for (size_t i = 0;; ++i) {
    const std::vector<uint32_t>& list =
        owner < 0 ? set_->roots_ : set_->nodes_[owner].children;  // InsertChild may reallocate
    if (i >= list.size()) break;
    const uint32_t n = list[i];
    const Rule& candidate = *set_->rules_[set_->nodes_[n].rule];
    switch (mode) {
      case AttachMode::kSid:
        if (candidate.id == sid) {
          rule->category = candidate.category;
          InsertChild(static_cast<int>(n), rule->index);
          return true;
        }
        break;
      case AttachMode::kGroup:
        if (match::WordMatch(*group, candidate.group) && candidate.id != rule->id) {
          InsertChild(static_cast<int>(n), rule->index);
          found = true;
        }
        break;
      case AttachMode::kLevel:
        if (candidate.level >= level && candidate.id != rule->id) {
          InsertChild(static_cast<int>(n), rule->index);
          found = true;
        }
        break;
    }
    if (!set_->nodes_[n].children.empty() &&
        PlainAddToRule(mode, sid, level, group, static_cast<int>(n), rule)) {
      found = true;
    }
  }
  return found;
}

template <typename F>
void RuleLoader::PlainForEachNode(F&& f) const {
  // Depth-first, parent before children, siblings in order (the C traversal order).
  std::function<void(const std::vector<uint32_t>&)> walk = [&](const std::vector<uint32_t>& l) {
    for (size_t i = 0; i < l.size(); ++i) {
      uint32_t n = l[i];
      f(n);
      if (!set_->nodes_[n].children.empty()) walk(set_->nodes_[n].children);
    }
  };
  walk(set_->roots_);
}

bool RuleLoader::AddChild(Rule* rule) {
  const std::string rule_str = std::to_string(rule->id);
  if (rule->if_sid) {
    const std::string& s = *rule->if_sid;
    bool id_found = false, added = false;
    size_t i = 0;
    do {
      char c = i < s.size() ? s[i] : '\0';
      if (c == ',' || c == ' ') {
        id_found = false;
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '\0') {
        if (!id_found) {
          id_found = true;
          int parent = AtoiSat(s.c_str() + i);
          // sid 0 (a trailing separator) attaches by category, as _AddtoRule(0, ...) does.
          const bool attached =
              parent == 0        ? AddToCategory(rule)
              : opts_.tree_index ? AddToSid(parent, rule)
                                 : PlainAddToRule(AttachMode::kSid, parent, 0, nullptr, -1, rule);
          if (!attached) {
            if (rule->if_matched_sid != 0) {
              Warn(kWarnIfMatchedSid, current_loc_,
                   "(7620): Signature ID '" + std::to_string(parent) +
                       "' was not found. Invalid 'if_matched_sid'.Rule '" + rule_str +
                       "' will be ignored.");
              return false;
            }
            Warn(kWarnIfSidNotFound, current_loc_,
                 "(7617): Signature ID '" + std::to_string(parent) +
                     "' was not found and will be ignored in the 'if_sid' option of rule '" +
                     rule_str + "'.");
          } else {
            added = true;
          }
        }
      } else {
        Warn(kWarnIfSidInvalid, current_loc_,
             std::string("(7607): Invalid '") +
                 (rule->if_matched_sid != 0 ? "if_matched_sid" : "if_sid") +
                 "'. Signature ID must be an integer. Rule '" + rule_str + "' will be ignored.");
        return added;
      }
    } while (i++ < s.size());
    if (!added) {
      Warn(kWarnIfSidEmpty, current_loc_,
           "(7619): Empty 'if_sid' value. Rule '" + rule_str + "' will be ignored.");
      return false;
    }
    return true;
  }
  if (rule->if_level) {
    int ilevel = AtoiSat(rule->if_level->c_str());
    if (ilevel == 0) {
      Warn(kWarnIfLevel, current_loc_,
           "(7609): Invalid 'if_level' value: '" + *rule->if_level + "'. Rule '" + rule_str +
               "' will be ignored.");
      return false;
    }
    ilevel = std::min(ilevel, INT_MAX / 100) * 100;
    const bool attached = opts_.tree_index
                              ? AddToMatching(AttachMode::kLevel, ilevel, nullptr, rule)
                              : PlainAddToRule(AttachMode::kLevel, 0, ilevel, nullptr, -1, rule);
    if (!attached) {
      Warn(kWarnIfLevel, current_loc_,
           "(7608): Level ID '" + std::to_string(ilevel) +
               "' was not found. Invalid 'if_level'. Rule '" + rule_str + "' will be ignored.");
      return false;
    }
    return true;
  }
  if (rule->if_group) {
    const std::string* group = &*rule->if_group;
    const bool attached = opts_.tree_index
                              ? AddToMatching(AttachMode::kGroup, 0, group, rule)
                              : PlainAddToRule(AttachMode::kGroup, 0, 0, group, -1, rule);
    if (!attached) {
      Warn(kWarnIfGroup, current_loc_,
           "(7610): Group '" + *rule->if_group +
               "' was not found. Invalid 'if_group'. Rule '" + rule_str + "' will be ignored.");
      return false;
    }
    return true;
  }
  if (!AddToCategory(rule)) {
    Warn(kWarnCategory, current_loc_,
         "(7611): Category was not found. Invalid 'category'. Rule '" + rule_str +
             "' will be ignored.");
    return false;
  }
  return true;
}

Rule* RuleLoader::FindFirstInTree(int id) {
  if (!opts_.tree_index) {
    Rule* found = nullptr;
    PlainForEachNode([&](uint32_t n) {
      Rule* r = set_->rules_[set_->nodes_[n].rule].get();
      if (found == nullptr && r->id == id) found = r;
    });
    return found;
  }
  const std::vector<Rule*> rules = RulesOfIdInDfsOrder(id);
  return rules.empty() ? nullptr : rules.front();
}

void RuleLoader::Overwrite(Rule* e, Rule* n) {
  const std::string sid = std::to_string(e->id);
  auto kept = [&](const char* what) {
    Warn(kWarnOverwriteKept, current_loc_,
         std::string("(7605): It is not possible to overwrite '") + what + "' value in rule '" +
             sid + "'. The original value is retained.");
  };
  // Warnings for the tree links that cannot change (rules_list.c OS_AddRuleInfo).
  if (n->if_sid && n->if_matched_sid == 0 && (!e->if_sid || *e->if_sid != *n->if_sid)) {
    kept("if_sid");
  }
  if (n->if_group && !n->if_matched_group && (!e->if_group || *e->if_group != *n->if_group)) {
    kept("if_group");
  }
  if (n->if_level && (!e->if_level || *e->if_level != *n->if_level)) {
    kept("if_level");
  }
  if (n->if_matched_group &&
      (!e->if_matched_group || e->if_matched_group_text != n->if_matched_group_text)) {
    kept("if_matched_group");
  }
  if (n->if_matched_sid != 0 &&
      (e->if_matched_sid == 0 || e->if_matched_sid != n->if_matched_sid)) {
    kept("if_matched_sid");
  }

  // Everything else is replaced; position, children, if_* and correlation lists stay.
  e->level = n->level;
  rule_level_[e->index] = e->level;
  e->maxsize = n->maxsize;
  e->frequency = n->frequency;
  e->timeframe = n->timeframe;
  e->context = n->context;
  e->ignore_time = n->ignore_time;
  e->ignore_mask = n->ignore_mask;
  e->ignore_fields = std::move(n->ignore_fields);
  e->check_if_ignored_mask = n->check_if_ignored_mask;
  e->check_if_ignored_fields = std::move(n->check_if_ignored_fields);
  // alert_opts
  e->noalert = n->noalert;
  e->mail = n->mail;
  e->log_alert = n->log_alert;
  e->no_ar = n->no_ar;
  e->no_full_log = n->no_full_log;
  e->no_counter = n->no_counter;
  e->if_fts = n->if_fts;
  e->packet_info = n->packet_info;
  e->extra_info = n->extra_info;
  e->same_extra_info = n->same_extra_info;
  // context_opts
  e->check_diff = n->check_diff;
  e->global_frequency = n->global_frequency;
  e->same_fields_mask = n->same_fields_mask;
  e->different_fields_mask = n->different_fields_mask;
  e->category = n->category;
  e->decoded_as = n->decoded_as;
  e->group = std::move(n->group);
  SetGroupKey(e->index, GroupKey(e->group));
  e->match = std::move(n->match);
  e->regex = std::move(n->regex);
  e->day_time = std::move(n->day_time);
  e->week_day = n->week_day;
  e->srcip = std::move(n->srcip);
  e->srcip_negate = n->srcip_negate;
  e->dstip = std::move(n->dstip);
  e->dstip_negate = n->dstip_negate;
  // srcgeoip/dstgeoip are only replaced in GeoIP builds (LIBGEOIP_ENABLED); Wazuh packages
  // are built without it, so the original patterns stay.
  e->srcport = std::move(n->srcport);
  e->dstport = std::move(n->dstport);
  e->user = std::move(n->user);
  e->url = std::move(n->url);
  e->id_pattern = std::move(n->id_pattern);
  e->status = std::move(n->status);
  e->hostname = std::move(n->hostname);
  e->program_name = std::move(n->program_name);
  e->data = std::move(n->data);
  e->extra_data = std::move(n->extra_data);
  e->location = std::move(n->location);
  e->system_name = std::move(n->system_name);
  e->protocol = std::move(n->protocol);
  e->fields = std::move(n->fields);
  e->action = std::move(n->action);
  e->description = std::move(n->description);
  e->info = std::move(n->info);
  e->cve = std::move(n->cve);
  e->lists = std::move(n->lists);
  e->if_matched_regex = std::move(n->if_matched_regex);
  e->compiled_rule = n->compiled_rule;
  e->file = std::move(n->file);
  e->loc = n->loc;
  e->same_dynamic = std::move(n->same_dynamic);
  e->different_dynamic = std::move(n->different_dynamic);
  e->mitre_ids = std::move(n->mitre_ids);
  e->mitre_blocks = std::move(n->mitre_blocks);
}

void RuleLoader::MarkId(Rule* rule) {
  if (!opts_.tree_index) {
    PlainForEachNode([&](uint32_t n) {
      Rule* target = set_->rules_[set_->nodes_[n].rule].get();
      if (target->id != rule->if_matched_sid) return;
      if (target->sid_list < 0) target->sid_list = set_->list_count_++;
      rule->search_list = target->sid_list;
    });
    return;
  }
  for (Rule* target : RulesOfIdInDfsOrder(rule->if_matched_sid)) {
    if (target->sid_list < 0) target->sid_list = set_->list_count_++;
    rule->search_list = target->sid_list;
  }
}

void RuleLoader::MarkGroup(Rule* rule) {
  rule->search_list = set_->list_count_++;
  if (!opts_.tree_index) {
    PlainForEachNode([&](uint32_t n) {
      Rule* target = set_->rules_[set_->nodes_[n].rule].get();
      if (rule->if_matched_group->Match(target->group.c_str())) {
        target->group_feeds.push_back(rule->search_list);  // once per occurrence, as in C
      }
    });
    return;
  }
  // The C walk adds the list once per node of a matching rule; every addition of this call
  // is the same list, so the order of the nodes does not matter, only their number. Rules
  // with the same group text share one match.
  for (size_t k = 0; k < rules_of_group_.size(); ++k) {
    const std::vector<uint32_t>& rules = rules_of_group_[k];
    if (rules.empty() || !rule->if_matched_group->Match(group_texts_[k]->c_str())) continue;
    for (uint32_t r : rules) {
      std::vector<int>& feeds = set_->rules_[r]->group_feeds;
      feeds.insert(feeds.end(), nodes_of_rule_[r].size(), rule->search_list);
    }
  }
}

void RuleLoader::DropLastRule(size_t nodes_before) {
  // The rule may already sit under some parents (a later if_sid failed with 7620): the nodes
  // made for it (the ones from `nodes_before` on) go with it.
  const uint32_t idx = static_cast<uint32_t>(set_->rules_.size() - 1);
  const int id = set_->rules_.back()->id;
  auto made_now = [&](uint32_t c) { return c >= nodes_before; };
  std::vector<int> parents;  // the older nodes (-1: top level) the rule was put under
  for (size_t n = nodes_before; n < set_->nodes_.size(); ++n) {
    if (parent_[n] < static_cast<int>(nodes_before)) parents.push_back(parent_[n]);
  }
  std::sort(parents.begin(), parents.end());
  parents.erase(std::unique(parents.begin(), parents.end()), parents.end());
  for (int p : parents) std::erase_if(p < 0 ? set_->roots_ : set_->nodes_[p].children, made_now);
  std::vector<uint32_t>& same_id = rules_of_id_[id];
  std::erase(same_id, idx);
  if (same_id.empty()) rules_of_id_.erase(id);
  set_->nodes_.resize(nodes_before);
  parent_.resize(nodes_before);
  auto it = set_->by_id_.find(id);
  if (it != set_->by_id_.end() && it->second == idx) set_->by_id_.erase(it);
  set_->rules_.pop_back();
  rule_id_.pop_back();
  rule_level_.pop_back();
  std::erase(rules_of_group_[group_key_.back()], idx);
  group_key_.pop_back();
  nodes_of_rule_.pop_back();
}

void RuleLoader::AttachRule(std::unique_ptr<Rule> owned, bool overwrite) {
  Rule* rule = owned.get();
  rule->index = static_cast<uint32_t>(set_->rules_.size());
  auto keep = [&]() {
    set_->rules_.push_back(std::move(owned));
    set_->by_id_.emplace(rule->id, rule->index);
    rule_id_.push_back(rule->id);
    rule_level_.push_back(rule->level);
    group_key_.push_back(GroupKey(rule->group));
    rules_of_group_[group_key_.back()].push_back(rule->index);
    nodes_of_rule_.emplace_back();
    rules_of_id_[rule->id].push_back(rule->index);
  };

  if (rule->id < 10) {
    keep();
    InsertChild(-1, rule->index);
  } else if (overwrite) {
    Rule* existing = FindFirstInTree(rule->id);
    if (existing != nullptr) {
      Overwrite(existing, rule);
      return;  // the new definition lives on inside the existing rule
    }
    keep();
    const size_t nodes_before = set_->nodes_.size();
    if (!AddChild(rule)) {
      DropLastRule(nodes_before);
      return;
    }
  } else {
    keep();
    const size_t nodes_before = set_->nodes_.size();
    if (!AddChild(rule)) {
      DropLastRule(nodes_before);
      return;
    }
  }

  rule->if_group.reset();  // analysisd frees it after attaching

  if (rule->if_matched_sid != 0 && !overwrite) {
    rule->search = SearchKind::kSid;
    MarkId(rule);
  } else if (rule->if_matched_group && !overwrite) {
    rule->search = SearchKind::kGroup;
    MarkGroup(rule);
  } else if (rule->context && !overwrite) {
    if (rule->check_diff) {
      rule->context = false;
    } else {
      rule->search = SearchKind::kEvents;
    }
  }
}

void RuleLoader::Finish() {
  // _setlevels(): internal levels back to 0..16 (99 stays for level 0 with accuracy 0).
  for (auto& r : set_->rules_) {
    if (r->level == 9900) {
      r->level = 0;
    } else if (r->level >= 100) {
      r->level /= 100;
    }
  }
}

// ---- RuleSet ----------------------------------------------------------------------------------

std::unique_ptr<RuleSet> RuleSet::Load(const std::vector<std::string>& files,
                                       const DecoderSet& decoders, const ListResolver& lists,
                                       const RuleLoadOptions& opts, Diagnostics* diags) {
  auto set = std::unique_ptr<RuleSet>(new RuleSet());
  RuleLoadOptions o = opts;
  if (o.default_timeframe < 60) o.default_timeframe = 60;
  if (o.default_timeframe > 3600) o.default_timeframe = 3600;
  const int errors_before = diags->error_count();
  RuleLoader loader(set.get(), decoders, lists, o, diags);
  for (const std::string& f : files) loader.LoadFile(f);
  loader.Finish();
  loader.BuildFtsSpecs();
  if (diags->error_count() > errors_before) return nullptr;
  return set;
}

const Rule* RuleSet::FindRule(int id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : rules_[it->second].get();
}

const FtsSpec& RuleSet::FtsFor(const Decoder* decoder) const {
  if (decoder == nullptr) return no_fts_;
  auto it = fts_.find(decoder);
  return it == fts_.end() ? no_fts_ : it->second;
}

std::string RuleSet::DumpTree() const {
  std::string out;
  std::function<void(const std::vector<uint32_t>&, int)> walk =
      [&](const std::vector<uint32_t>& list, int depth) {
        for (uint32_t n : list) {
          const Rule& r = *rules_[nodes_[n].rule];
          out.append(static_cast<size_t>(depth) * 2, ' ');
          out += std::to_string(r.id) + "(" + std::to_string(r.level) + ")\n";
          walk(nodes_[n].children, depth + 1);
        }
      };
  walk(roots_, 0);
  return out;
}

}  // namespace tripline::rules
