// RuleLoader: the builder behind RuleSet::Load (internal to the rules layer; include it only
// from engine/rules/*.cpp). rule_reader.cpp holds the read and link steps (rules.c
// Rules_OP_ReadRules), rule_tree.cpp the tree step (rules_list.c). See rule_set.h for the order
// in which they run, and docs/diagnostics.md ("Rules") for every diagnostic code.
// Not thread-safe: one loader builds one RuleSet.
#pragma once

#include <strings.h>

#include <climits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/rule_set.h"
#include "xml/wazuh_xml.h"

namespace tripline::rules {

namespace load_internal {

inline bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// C atoi with saturation instead of undefined overflow.
inline int AtoiSat(const char* s) {
  while (*s == ' ' || (*s >= '\t' && *s <= '\r')) ++s;
  bool neg = false;
  if (*s == '+' || *s == '-') neg = (*s++ == '-');
  long long v = 0;
  while (*s >= '0' && *s <= '9') {
    v = v * 10 + (*s++ - '0');
    if (v > INT_MAX) v = INT_MAX;
  }
  return static_cast<int>(neg ? -v : v);
}

}  // namespace load_internal

class RuleLoader {
 public:
  RuleLoader(RuleSet* set, const DecoderSet& decoders, const ListResolver& lists,
             const RuleLoadOptions& opts, Diagnostics* diags)
      : set_(set), decoders_(decoders), lists_(lists), opts_(opts), diags_(diags) {}

  // Reads one rule file; every rule goes through read, link and tree steps in document order.
  void LoadFile(const std::string& path);
  // After the last file: levels back to 0..16 (_setlevels).
  void Finish();
  // Parses every decoder's <fts> for the first-time-seen check.
  void BuildFtsSpecs();

 private:
  struct Attributes {  // getattributes()
    int id = -1, level = -1, maxsize = 0, timeframe = 0, frequency = 0, accuracy = 1;
    int ignore_time = 0;
    bool noalert = false, overwrite = false;
  };
  struct Draft;  // a <rule> being read (rule_reader.cpp)
  enum class Step { kNext, kSkipRule, kFatal };

  // --- read + link (rule_reader.cpp) ---
  bool ReadAttributes(const xml::Node& rule, const std::string& file, Attributes* a);
  // Returns the compiled rule, or nullptr when it is skipped (a warning) or invalid (an error).
  std::unique_ptr<Rule> ReadRule(const xml::Node& node, const std::string& group_name,
                                 const std::string& file, int index_in_group, bool* overwrite);
  Step ReadElement(const xml::Node& opt, Draft& d);
  Step ReadField(const xml::Node& opt, Draft& d);
  Step ReadList(const xml::Node& opt, Draft& d);
  Step ReadIgnore(const xml::Node& opt, bool check_if_ignored, Draft& d);
  Step ReadOptions(const xml::Node& opt, Draft& d);
  void ReadMitre(const xml::Node& opt, Draft& d);
  bool Compile(Draft& d);
  // loadmemory(): appends a piece of repeated element text, with Wazuh's size limits; an error
  // points at `element`.
  void Append(Draft& d, std::string* at, bool* present, const std::string& piece,
              const xml::Node& element);
  bool NegateOf(const xml::Node& n, Draft& d);
  match::PatternType TypeOf(const xml::Node& n, match::PatternType def, Draft& d);

  // --- tree (rule_tree.cpp) ---
  void AttachRule(std::unique_ptr<Rule> rule, bool overwrite);
  void DropLastRule(size_t nodes_before);  // undoes the attachment of a rule that failed
  enum class AttachMode { kSid, kLevel, kGroup };
  uint32_t NewNode(uint32_t rule, int parent);
  void InsertChild(int parent, uint32_t rule);  // parent -1 = top level
  // The _AddtoRule walks below visit only stamped nodes: the nodes they look for and their
  // ancestors (a subtree without any of them is one the C walk goes through for nothing).
  // The i-th child of `owner` (-1: the roots), read from the list as it is now: false when it
  // is past the end (*end set) or not stamped in this generation, else true with *node.
  bool StampedChild(int owner, size_t i, bool* end, uint32_t* node) const;
  // _AddtoRule by sid: under each node of `sid` the C walk reaches (it stops, in each list,
  // at the first node of the sid and does not go below it).
  bool AddToSid(int sid, Rule* rule);
  bool WalkSid(int owner, int sid, Rule* rule);
  // _AddtoRule by level or group: under every node whose rule passes the test, in the order
  // of the C walk.
  bool AddToMatching(AttachMode mode, int level, const std::string* group, Rule* rule);
  void WalkMatching(int owner, Rule* rule, bool* found);
  // _AddtoRule by category: under the first top-level rule of the rule's category.
  bool AddToCategory(Rule* rule);
  // The plain walks (RuleLoadOptions::tree_index off): _AddtoRule over every node, and every
  // node depth first for OS_MarkID, OS_MarkGroup and the overwrite lookup.
  bool PlainAddToRule(AttachMode mode, int sid, int level, const std::string* group, int owner,
                      Rule* rule);
  template <typename F>
  void PlainForEachNode(F&& f) const;
  int LevelOf(uint32_t rule) const {  // internal level while loading
    return opts_.tree_index ? rule_level_[rule] : set_->rules_[rule]->level;
  }
  void NewStampGeneration();
  void StampWithAncestors(uint32_t node);
  // The rule of each node of id `id`, in depth-first (C traversal) order; one entry when all
  // those nodes are of one rule (the callers' steps repeat idempotently on the same rule).
  std::vector<Rule*> RulesOfIdInDfsOrder(int id);
  // Rule indices with id `id` (empty when none).
  const std::vector<uint32_t>& RulesOfId(int id) const;
  void CollectStamped(int owner, int id, std::vector<uint32_t>* out) const;
  bool AddChild(Rule* rule);
  Rule* FindFirstInTree(int id);
  void Overwrite(Rule* existing, Rule* fresh);
  void MarkId(Rule* rule);
  void MarkGroup(Rule* rule);
  uint32_t GroupKey(const std::string& group);  // interns a Rule::group text
  void SetGroupKey(uint32_t rule, uint32_t key);

  void Warn(const char* code, const SourceLoc& loc, std::string msg) {
    diags_->Warning(code, loc, std::move(msg));
  }
  void Error(const char* code, const SourceLoc& loc, std::string msg) {
    diags_->Error(code, loc, std::move(msg));
  }

  RuleSet* set_;
  const DecoderSet& decoders_;
  const ListResolver& lists_;
  RuleLoadOptions opts_;
  Diagnostics* diags_;
  SourceLoc current_loc_;  // the <rule> being attached (tree warnings point at it)

  // Tree index, kept in step with set_->nodes_ and set_->rules_ so attaching a rule does not
  // walk the whole tree. The RuleSet keeps only the child lists.
  std::vector<int> parent_;                                      // by node; -1 = top level
  std::vector<std::vector<uint32_t>> nodes_of_rule_;             // by rule index, creation order
  std::unordered_map<int, std::vector<uint32_t>> rules_of_id_;   // rule indices (several: id < 10)
  std::vector<int> rule_id_;                                     // by rule index
  std::vector<int> rule_level_;                                  // by rule index, internal level
  std::vector<uint32_t> group_key_;                              // by rule index
  std::unordered_map<std::string, uint32_t> group_keys_;         // distinct Rule::group texts
  std::vector<const std::string*> group_texts_;                  // by group key
  std::vector<std::string> group_lowered_;                       // by group key, ASCII-lowercased
  std::vector<std::vector<uint32_t>> rules_of_group_;            // by group key: rule indices
  // WordMatch(if_group text, group text) by group key, filled up to the keys known so far.
  std::unordered_map<std::string, std::vector<bool>> word_match_memo_;
  // Stamps of the current walk (== stamp_generation_): nodes to visit, and (AddToMatching)
  // the rules that pass its test.
  std::vector<uint32_t> node_stamp_;  // by node
  std::vector<uint32_t> rule_stamp_;  // by rule index
  uint32_t stamp_generation_ = 0;
};

// Diagnostic codes (docs/diagnostics.md, "Rules").
namespace codes {
inline constexpr const char* kErrFile = "RUL001";          // unreadable file / no root element
inline constexpr const char* kErrRoot = "RUL002";          // root is not <group name="...">
inline constexpr const char* kErrGroupEmpty = "RUL003";    // <group> without any <rule>
inline constexpr const char* kErrNotRule = "RUL004";       // element in <group> is not <rule>
inline constexpr const char* kErrRuleAttr = "RUL005";      // invalid or missing <rule> attribute
inline constexpr const char* kErrNoOptions = "RUL006";     // <rule> without child elements
inline constexpr const char* kErrInvalidOption = "RUL007"; // unknown rule element
inline constexpr const char* kErrValue = "RUL008";         // invalid element value
inline constexpr const char* kErrDecoder = "RUL009";       // unknown decoder in <decoded_as>
inline constexpr const char* kErrPattern = "RUL010";       // pattern does not compile
inline constexpr const char* kErrDescription = "RUL011";   // missing <description>
inline constexpr const char* kErrContext = "RUL012";       // correlation option without context
inline constexpr const char* kErrSize = "RUL013";          // element text too long
inline constexpr const char* kErrList = "RUL014";          // malformed <list>
inline constexpr const char* kErrField = "RUL015";         // malformed <field>
inline constexpr const char* kErrMitre = "RUL016";         // unknown element inside <mitre>
inline constexpr const char* kErrInfo = "RUL017";          // invalid <info> attribute

inline constexpr const char* kWarnDuplicate = "RUL101";        // 7612
inline constexpr const char* kWarnOverwriteMissing = "RUL102"; // 7613
inline constexpr const char* kWarnAttrValue = "RUL103";        // 7600, noalert value
inline constexpr const char* kWarnListNotLoaded = "RUL104";    // 7616
inline constexpr const char* kWarnIfSidInvalid = "RUL105";     // 7618 / 7607
inline constexpr const char* kWarnIfSidNotFound = "RUL106";    // 7617
inline constexpr const char* kWarnIfSidEmpty = "RUL107";       // 7619
inline constexpr const char* kWarnIfMatchedSid = "RUL108";     // 7615 / 7620
inline constexpr const char* kWarnIfLevel = "RUL109";          // 7609 / 7608
inline constexpr const char* kWarnIfGroup = "RUL110";          // 7610
inline constexpr const char* kWarnCategory = "RUL111";         // 7611
inline constexpr const char* kWarnOverwriteKept = "RUL112";    // 7605
inline constexpr const char* kWarnDeprecated = "RUL113";       // same_agent / not_same_agent
inline constexpr const char* kWarnMitre = "RUL114";            // mitre block dropped
}  // namespace codes

}  // namespace tripline::rules
