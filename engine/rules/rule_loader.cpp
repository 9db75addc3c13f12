// RuleSet::Load: the Wazuh rule file reader (rules.c Rules_OP_ReadRules) and tree builder
// (rules_list.c), see docs/wazuh-semantics.md §4.1-4.3 and the "Rules" section of
// docs/diagnostics.md for every diagnostic code.

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

#include "rules/rule_set.h"
#include "rules/time_window.h"
#include "xml/wazuh_xml.h"

namespace tripline::rules {

namespace {

constexpr size_t kMaxPiece = 2048;  // OS_SIZE_2048 of loadmemory()

// Diagnostic codes (docs/diagnostics.md, "Rules").
constexpr const char* kErrFile = "RUL001";          // file unreadable / no root element
constexpr const char* kErrRoot = "RUL002";          // root element is not <group name="...">
constexpr const char* kErrGroupEmpty = "RUL003";    // <group> without any <rule>
constexpr const char* kErrNotRule = "RUL004";       // element inside <group> is not <rule>
constexpr const char* kErrRuleAttr = "RUL005";      // invalid or missing <rule> attribute
constexpr const char* kErrNoOptions = "RUL006";     // <rule> without child elements
constexpr const char* kErrInvalidOption = "RUL007"; // unknown rule element
constexpr const char* kErrValue = "RUL008";         // invalid element value
constexpr const char* kErrDecoder = "RUL009";       // unknown decoder in <decoded_as>
constexpr const char* kErrPattern = "RUL010";       // pattern does not compile
constexpr const char* kErrDescription = "RUL011";   // missing <description>
constexpr const char* kErrContext = "RUL012";       // frequency/same_*/... without if_matched_*
constexpr const char* kErrSize = "RUL013";          // element text too long
constexpr const char* kErrList = "RUL014";          // malformed <list>
constexpr const char* kErrField = "RUL015";         // malformed <field>
constexpr const char* kErrMitre = "RUL016";         // unknown element inside <mitre>
constexpr const char* kErrInfo = "RUL017";          // invalid <info> attribute

constexpr const char* kWarnDuplicate = "RUL101";        // 7612
constexpr const char* kWarnOverwriteMissing = "RUL102"; // 7613
constexpr const char* kWarnAttrValue = "RUL103";        // 7600 negate/type, noalert value
constexpr const char* kWarnListNotLoaded = "RUL104";    // 7616
constexpr const char* kWarnIfSidInvalid = "RUL105";     // 7618 / 7607
constexpr const char* kWarnIfSidNotFound = "RUL106";    // 7617
constexpr const char* kWarnIfSidEmpty = "RUL107";       // 7619
constexpr const char* kWarnIfMatchedSid = "RUL108";     // 7615 / 7620
constexpr const char* kWarnIfLevel = "RUL109";          // 7609 / 7608
constexpr const char* kWarnIfGroup = "RUL110";          // 7610
constexpr const char* kWarnCategory = "RUL111";         // 7611
constexpr const char* kWarnOverwriteKept = "RUL112";    // 7605
constexpr const char* kWarnDeprecated = "RUL113";       // same_agent / not_same_agent
constexpr const char* kWarnMitre = "RUL114";            // mitre block dropped

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// OS_StrIsNum: every byte a digit (the empty string counts as numeric).
bool StrIsNum(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// atoi over a digit run (saturating instead of overflowing).
int AtoiSat(const char* s) {
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  bool neg = false;
  if (*s == '+' || *s == '-') neg = (*s++ == '-');
  long long v = 0;
  while (*s >= '0' && *s <= '9') {
    v = v * 10 + (*s++ - '0');
    if (v > INT_MAX) v = INT_MAX;
  }
  return static_cast<int>(neg ? -v : v);
}

// sscanf("%Nd") on an all-digit string: the first `width` digits; false when there are none.
bool ScanWidth(std::string_view s, size_t width, int* out) {
  if (s.empty()) return false;
  *out = AtoiSat(std::string(s.substr(0, width)).c_str());
  return true;
}

SourceLoc LocOf(const std::string& file, const xml::Node& n) { return {file, n.line, n.column}; }
SourceLoc LocOf(const std::string& file, const xml::Attr& a) { return {file, a.line, a.column}; }

// A pattern element being collected: repeated elements concatenate, the last negate/type win.
struct PatternDraft {
  bool present = false;
  std::string text;
  bool negate = false;
  match::PatternType type = match::PatternType::kOsMatch;
  SourceLoc loc;
};

// Same-field element table entry.
struct FieldElement {
  const char* name;
  bool case_sensitive;
  bool different;  // different_* / not_same_* (else same_*)
  int bit;         // CorrelationField, or -1 for the dynamic lists
  bool sets_extra; // sets SAME_EXTRAINFO
};

constexpr FieldElement kFieldElements[] = {
    {"same_source_ip", false, false, kFieldSrcIp, false},
    {"same_srcip", false, false, kFieldSrcIp, false},
    {"same_dstip", false, false, kFieldDstIp, true},
    {"same_src_port", false, false, kFieldSrcPort, true},
    {"same_srcport", false, false, kFieldSrcPort, true},
    {"same_dst_port", false, false, kFieldDstPort, true},
    {"same_dstport", false, false, kFieldDstPort, true},
    {"same_protocol", false, false, kFieldProtocol, true},
    {"same_action", false, false, kFieldAction, true},
    {"same_id", true, false, kFieldId, true},
    {"same_url", true, false, kFieldUrl, true},
    {"same_data", true, false, kFieldData, true},
    {"same_extra_data", true, false, kFieldExtraData, true},
    {"same_status", true, false, kFieldStatus, true},
    {"same_system_name", true, false, kFieldSystemName, true},
    {"same_srcgeoip", true, false, kFieldSrcGeoIp, true},
    {"same_dstgeoip", true, false, kFieldDstGeoIp, true},
    {"same_location", false, false, kFieldLocation, true},
    {"same_srcuser", false, false, kFieldSrcUser, true},
    {"same_user", false, false, kFieldUser, true},
    {"different_srcip", true, true, kFieldSrcIp, true},
    {"not_same_source_ip", true, true, kFieldSrcIp, true},
    {"different_dstip", false, true, kFieldDstIp, true},
    {"different_src_port", false, true, kFieldSrcPort, true},
    {"different_srcport", false, true, kFieldSrcPort, true},
    {"different_dst_port", false, true, kFieldDstPort, true},
    {"different_dstport", false, true, kFieldDstPort, true},
    {"different_protocol", true, true, kFieldProtocol, true},
    {"different_action", true, true, kFieldAction, true},
    {"different_id", true, true, kFieldId, true},
    {"not_same_id", true, true, kFieldId, true},
    {"different_url", true, true, kFieldUrl, true},
    {"different_data", true, true, kFieldData, true},
    {"different_extra_data", true, true, kFieldExtraData, true},
    {"different_status", true, true, kFieldStatus, true},
    {"different_system_name", true, true, kFieldSystemName, true},
    {"different_srcgeoip", true, true, kFieldSrcGeoIp, true},
    {"different_dstgeoip", true, true, kFieldDstGeoIp, true},
    {"different_srcuser", false, true, kFieldSrcUser, true},
    {"different_user", false, true, kFieldUser, true},
    {"not_same_user", false, true, kFieldUser, true},
    {"different_location", false, true, kFieldLocation, true},
};

// Names <field name="..."> may not use (w_check_attr_field_name).
constexpr const char* kStaticFieldNames[] = {
    "srcip", "dstip", "srcgeoip", "dstgeoip", "srcport", "dstport", "user", "srcuser", "dstuser",
    "url", "id", "data", "extra_data", "status", "protocol", "system_name", "action"};

// What an element inside <rule> is, after Wazuh's if/else chain of name comparisons.
enum class Elem {
  kRegex, kMatch, kDecodedAs, kCve, kInfo, kTime, kWeekday, kGroup, kDescription, kSrcIp,
  kDstIp, kUser, kSrcGeoIp, kDstGeoIp, kId, kSrcPort, kDstPort, kStatus, kHostname, kData,
  kExtraData, kProgramName, kAction, kSystemName, kProtocol, kLocation, kField, kList, kUrl,
  kCompiledRule, kCategory, kIfSid, kIfLevel, kIfGroup, kIfMatchedRegex, kIfMatchedGroup,
  kIfMatchedSid, kSameOrDifferent, kSameAgent, kCheckDiff, kIfFts, kNotSameAgent,
  kGlobalFrequency, kSameField, kDifferentField, kOptions, kIgnore, kCheckIfIgnored, kMitre,
  kUnknown,
};

Elem Classify(const std::string& name, const FieldElement** field) {
  struct Entry {
    const char* name;
    Elem elem;
  };
  // Case-insensitive names tried before the same_/different_ block (rules.c order).
  static constexpr Entry kFirst[] = {
      {"regex", Elem::kRegex},           {"match", Elem::kMatch},
      {"decoded_as", Elem::kDecodedAs},  {"cve", Elem::kCve},
      {"info", Elem::kInfo},             {"time", Elem::kTime},
      {"weekday", Elem::kWeekday},       {"group", Elem::kGroup},
      {"description", Elem::kDescription}, {"srcip", Elem::kSrcIp},
      {"dstip", Elem::kDstIp},           {"user", Elem::kUser},
      {"srcgeoip", Elem::kSrcGeoIp},     {"dstgeoip", Elem::kDstGeoIp},
      {"id", Elem::kId},                 {"srcport", Elem::kSrcPort},
      {"dstport", Elem::kDstPort},       {"status", Elem::kStatus},
      {"hostname", Elem::kHostname},     {"data", Elem::kData},
      {"extra_data", Elem::kExtraData},  {"program_name", Elem::kProgramName},
      {"action", Elem::kAction},         {"system_name", Elem::kSystemName},
      {"protocol", Elem::kProtocol},     {"location", Elem::kLocation},
      {"field", Elem::kField},           {"list", Elem::kList},
      {"url", Elem::kUrl},               {"compiled_rule", Elem::kCompiledRule},
      {"category", Elem::kCategory},     {"if_sid", Elem::kIfSid},
      {"if_level", Elem::kIfLevel},      {"if_group", Elem::kIfGroup},
      {"if_matched_regex", Elem::kIfMatchedRegex},
      {"if_matched_group", Elem::kIfMatchedGroup},
      {"if_matched_sid", Elem::kIfMatchedSid},
  };
  for (const Entry& e : kFirst) {
    if (IEquals(name, e.name)) return e.elem;
  }
  for (const FieldElement& f : kFieldElements) {
    bool eq = f.case_sensitive ? name == f.name : IEquals(name, f.name);
    if (eq) {
      *field = &f;
      return Elem::kSameOrDifferent;
    }
  }
  static constexpr Entry kLast[] = {
      {"same_agent", Elem::kSameAgent},        {"check_diff", Elem::kCheckDiff},
      {"if_fts", Elem::kIfFts},                {"not_same_agent", Elem::kNotSameAgent},
      {"global_frequency", Elem::kGlobalFrequency}, {"same_field", Elem::kSameField},
      {"not_same_field", Elem::kDifferentField}, {"different_field", Elem::kDifferentField},
      {"options", Elem::kOptions},             {"ignore", Elem::kIgnore},
      {"check_if_ignored", Elem::kCheckIfIgnored}, {"mitre", Elem::kMitre},
  };
  for (const Entry& e : kLast) {
    if (IEquals(name, e.name)) return e.elem;
  }
  return Elem::kUnknown;
}

// PCRE2 "^[\d, ]+$": one or more of [0-9, ], optionally followed by a final '\n'.
bool IfSidSyntaxValid(std::string_view s) {
  if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == ',' || c == ' ')) return false;
  }
  return true;
}

// OS_StrBreak(',', text, max) followed by the word trimming of <ignore> / <fts>.
std::vector<std::string> BreakWords(const std::string& text, size_t max_pieces) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (pieces.size() + 1 < max_pieces) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) break;
    pieces.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  pieces.push_back(text.substr(start));
  for (std::string& p : pieces) {
    size_t b = p.find_first_not_of(' ');
    if (b == std::string::npos) {
      p.clear();
      continue;
    }
    size_t e = p.find(' ', b);
    p = p.substr(b, e == std::string::npos ? std::string::npos : e - b);
  }
  return pieces;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

class RuleLoader {
 public:
  RuleLoader(RuleSet* set, const DecoderSet& decoders, const ListResolver& lists,
             const RuleLoadOptions& opts, Diagnostics* diags)
      : set_(set), decoders_(decoders), lists_(lists), opts_(opts), diags_(diags) {}

  void LoadFile(const std::string& path);
  void Finish();
  void BuildFtsSpecs();

 private:
  // Per-rule attributes (getattributes).
  struct Attributes {
    int id = -1, level = -1, maxsize = 0, timeframe = 0, frequency = 0, accuracy = 1;
    int ignore_time = 0;
    bool noalert = false, overwrite = false;
  };

  bool ReadAttributes(const xml::Node& rule, const std::string& file, Attributes* a);
  // read + link steps. Returns the rule, or nullptr when it is skipped (warning) or invalid
  // (error). *fatal tells the two apart.
  std::unique_ptr<Rule> ReadRule(const xml::Node& node, const std::string& group_name,
                                 const std::string& file, int index_in_group, bool* overwrite);
  // tree step.
  void AttachRule(std::unique_ptr<Rule> rule, bool overwrite);
  // Undoes keep() of the last rule after a failed attachment.
  void DropLastRule(size_t nodes_before);

  // rules_list.c helpers.
  enum class AttachMode { kSid, kLevel, kGroup, kCategory };
  uint32_t NewNode(uint32_t rule);
  void InsertChild(int parent, uint32_t rule);  // parent -1 = top level
  bool AddToRule(AttachMode mode, int sid, int level, const std::string* group, int owner,
                 Rule* rule);
  bool AddChild(Rule* rule);
  Rule* FindFirstInTree(int id) const;
  void Overwrite(Rule* existing, Rule* fresh);
  void MarkId(Rule* rule);
  void MarkGroup(Rule* rule);
  template <typename F>
  void ForEachNode(F&& f) const;

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
};

template <typename F>
void RuleLoader::ForEachNode(F&& f) const {
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

// ---- file level -------------------------------------------------------------------------------

void RuleLoader::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error(kErrFile, {path, 0, 0}, "(1103): Could not open file '" + path + "'.");
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string content = ss.str();
  xml::Document doc;
  if (!xml::Parse(path, content, &doc, diags_)) return;
  if (content.empty()) return;  // an empty file is accepted
  if (doc.roots.empty()) {
    Error(kErrFile, {path, 0, 0}, "(1202): Configuration error at '" + path + "'.");
    return;
  }

  // Every root element is checked before any rule is read, as rules.c does.
  bool roots_ok = true;
  for (const xml::Node& root : doc.roots) {
    if (!IEquals(root.name, "group")) {
      Error(kErrRoot, LocOf(path, root),
            "rules_op: Invalid root element \"" + root.name + "\".Only \"group\" is allowed");
      roots_ok = false;
    } else if (root.attrs.size() != 1 || !IEquals(root.attrs[0].name, "name")) {
      Error(kErrRoot, LocOf(path, root),
            "rules_op: Invalid root element '" + root.name + "'.Only the group name is allowed");
      roots_ok = false;
    }
  }
  if (!roots_ok) return;

  for (const xml::Node& root : doc.roots) {
    if (root.children.empty()) {
      Error(kErrGroupEmpty, LocOf(path, root), "Group '" + root.name + "' without any rule.");
      continue;
    }
    const std::string& group_name = root.attrs[0].value;
    int j = 0;
    for (const xml::Node& child : root.children) {
      int index = j++;
      if (!IEquals(child.name, "rule")) {
        Error(kErrNotRule, LocOf(path, child),
              "Invalid configuration. '" + child.name + "' is not a valid element.");
        continue;
      }
      bool overwrite = false;
      std::unique_ptr<Rule> rule = ReadRule(child, group_name, path, index, &overwrite);
      if (!rule) continue;
      current_loc_ = rule->loc;
      AttachRule(std::move(rule), overwrite);
    }
  }
}

// ---- read step --------------------------------------------------------------------------------

bool RuleLoader::ReadAttributes(const xml::Node& rule, const std::string& file, Attributes* a) {
  a->timeframe = opts_.default_timeframe;
  for (const xml::Attr& attr : rule.attrs) {
    const std::string& v = attr.value;
    SourceLoc loc = LocOf(file, attr);
    if (IEquals(attr.name, "id")) {
      if (StrIsNum(v) && v.size() <= 6) {
        ScanWidth(v, 6, &a->id);
      } else {
        Error(kErrRuleAttr, loc,
              "rules_op: Invalid rule id: " + v + ". Must be integer (max 6 digits)");
        return false;
      }
    } else if (IEquals(attr.name, "level")) {
      if (StrIsNum(v)) {  // a non-numeric level is silently ignored (then "no level")
        a->level = AtoiSat(v.c_str());
        if (a->level < 0 || a->level > 16) {
          Error(kErrRuleAttr, loc,
                "rules_op: Invalid level: " + std::to_string(a->level) +
                    ". Must be an integer between 0 and 16.");
          return false;
        }
      }
    } else if (IEquals(attr.name, "maxsize")) {
      if (!StrIsNum(v)) {
        Error(kErrRuleAttr, loc, "rules_op: Invalid maxsize: " + v + ". Must be integer");
        return false;
      }
      ScanWidth(v, 4, &a->maxsize);
    } else if (IEquals(attr.name, "timeframe")) {
      if (!StrIsNum(v)) {
        Error(kErrRuleAttr, loc,
              "rules_op: Invalid timeframe: " + v + ". Must be integer (max 5 digits)");
        return false;
      }
      ScanWidth(v, 5, &a->timeframe);
    } else if (IEquals(attr.name, "frequency")) {
      if (!StrIsNum(v)) {
        Error(kErrRuleAttr, loc, "rules_op: Invalid frequency: " + v + ". Must be integer");
        return false;
      }
      a->frequency = AtoiSat(v.c_str());
      if (a->frequency < 2 || a->frequency > 9999) {
        Error(kErrRuleAttr, loc,
              "rules_op: Invalid frequency: " + std::to_string(a->frequency) +
                  ". Must be higher than 1 and lower than 10000.");
        return false;
      }
      a->frequency -= 2;
    } else if (IEquals(attr.name, "accuracy")) {
      if (!StrIsNum(v)) {
        Error(kErrRuleAttr, loc, "rules_op: Invalid accuracy: " + v + ". Must be integer");
        return false;
      }
      ScanWidth(v, 4, &a->accuracy);
    } else if (IEquals(attr.name, "ignore")) {
      if (!StrIsNum(v)) {
        Error(kErrRuleAttr, loc,
              "rules_op: Invalid ignore_time: " + v + ". Must be integer (max 6 digits)");
        return false;
      }
      ScanWidth(v, 6, &a->ignore_time);
    } else if (IEquals(attr.name, "noalert")) {
      if (v == "0") {
        a->noalert = false;
      } else if (v == "1") {
        a->noalert = true;
      } else {
        Warn(kWarnAttrValue, loc, "Invalid value for attribute 'noalert'");
      }
    } else if (IEquals(attr.name, "overwrite")) {
      if (v == "yes") {
        a->overwrite = true;
      } else if (v == "no") {
        a->overwrite = false;
      } else {
        Error(kErrRuleAttr, loc,
              "rules_op: Invalid overwrite: " + v + ". Can only by 'yes' or 'no'.");
        return false;
      }
    } else {
      Error(kErrRuleAttr, loc,
            "rules_op: Invalid attribute \"" + attr.name +
                "\". Only id, level, maxsize, accuracy, noalert, ignore, frequency and "
                "timeframe are allowed.");
      return false;
    }
  }
  return true;
}

std::unique_ptr<Rule> RuleLoader::ReadRule(const xml::Node& node, const std::string& group_name,
                                           const std::string& file, int index_in_group,
                                           bool* overwrite) {
  const SourceLoc rule_loc = LocOf(file, node);
  if (node.attrs.empty()) {
    Error(kErrRuleAttr, rule_loc,
          "Invalid rule '" + std::to_string(index_in_group) +
              "'. You must specify an ID and a level at least.");
    return nullptr;
  }
  Attributes a;
  if (!ReadAttributes(node, file, &a)) return nullptr;
  if (a.id == -1 || a.level == -1) {
    Error(kErrRuleAttr, rule_loc,
          "No rule id or level specified for rule '" + std::to_string(index_in_group) + "'.");
    return nullptr;
  }
  if (set_->by_id_.count(a.id) != 0) {
    if (!a.overwrite) {
      Warn(kWarnDuplicate, rule_loc,
           "(7612): Rule ID '" + std::to_string(a.id) +
               "' is duplicated. Only the first occurrence will be considered.");
      return nullptr;
    }
  } else if (a.overwrite) {
    Warn(kWarnOverwriteMissing, rule_loc,
         "(7613): Rule ID '" + std::to_string(a.id) +
             "' does not exist but 'overwrite' is set to 'yes'. Still, the rule will be loaded.");
    a.overwrite = false;
  }
  *overwrite = a.overwrite;

  // zerorulemember(): every rule read this far counts for the last-events pruning bound.
  if (a.frequency > set_->max_frequency_) set_->max_frequency_ = a.frequency;

  auto rule = std::make_unique<Rule>();
  Rule& r = *rule;
  const int sid = a.id;
  r.id = sid;
  r.loc = rule_loc;
  r.file = file;
  r.maxsize = a.maxsize;
  r.frequency = a.frequency;
  r.timeframe = a.timeframe;
  r.ignore_time = a.ignore_time;
  r.noalert = a.noalert;
  r.mail = opts_.email_alert_level <= a.level;
  r.log_alert = opts_.log_alert_level <= a.level;
  // Internal level while loading (§4.3): level 0 -> 99, then x100 unless accuracy="0".
  r.level = a.level == 0 ? 99 : a.level;
  if (a.accuracy != 0) r.level *= 100;
  if (r.maxsize > 0) r.extra_info = true;
  r.group = group_name;

  if (node.children.empty()) {
    Error(kErrNoOptions, rule_loc,
          "Rule '" + std::to_string(sid) +
              "' without any option. It may lead to false positives and some other problems "
              "for the system. Exiting.");
    return nullptr;
  }

  const std::string rule_str = std::to_string(sid);
  bool ok = true;  // false after a non-fatal error (loading goes on, the set is rejected)
  auto append = [&](std::string* at, bool* present, const std::string& piece,
                    const SourceLoc& loc) {
    // loadmemory(): the first piece must be < 2048 bytes, later ones and the total so far
    // at most 2048.
    bool too_long = !*present ? piece.size() >= kMaxPiece
                              : (at->size() > kMaxPiece || piece.size() > kMaxPiece);
    if (too_long) {
      Error(kErrSize, loc, "(1104): Maximum string size reached for: " + piece + ".");
      ok = false;
      at->clear();
      *present = false;
      return;
    }
    at->append(piece);
    *present = true;
  };
  auto negate_of = [&](const xml::Node& n) {
    const std::string* v = n.FindAttr("negate");
    if (v == nullptr) return false;
    if (IEquals(*v, "yes")) return true;
    if (!IEquals(*v, "no")) {
      Warn(kWarnAttrValue, LocOf(file, n),
           "(7600): Invalid value '" + *v + "' for attribute 'negate' in rule " + rule_str + ".");
    }
    return false;
  };
  auto type_of = [&](const xml::Node& n, match::PatternType def) {
    const std::string* v = n.FindAttr("type");
    if (v == nullptr) return def;
    std::optional<match::PatternType> t = match::ParsePatternType(*v);
    if (t && *t != match::PatternType::kString) return *t;
    Warn(kWarnAttrValue, LocOf(file, n),
         "(7600): Invalid value '" + *v + "' for attribute 'type' in rule " + rule_str + ".");
    return def;
  };
  auto add_pattern = [&](PatternDraft* d, const xml::Node& n, match::PatternType def) {
    bool present = d->present;
    append(&d->text, &present, n.text, LocOf(file, n));
    d->present = present;
    d->negate = negate_of(n);
    d->type = type_of(n, def);
    d->loc = LocOf(file, n);
  };

  PatternDraft regex, match, user, srcgeoip, dstgeoip, id, srcport, dstport, status, hostname,
      data, extra_data, program_name, action, system_name, protocol, location, url;
  std::string if_matched_regex, if_matched_group;
  bool has_if_matched_regex = false, has_if_matched_group = false;
  SourceLoc if_matched_regex_loc, if_matched_group_loc;
  std::string if_sid, if_level, if_group;
  bool has_description = false, has_if_sid = false, has_if_level = false, has_if_group = false;
  bool has_info = false, has_cve = false, group_present = true;
  bool mitre_deprecated = false, mitre_new_format = false;
  bool skip = false;

  for (const xml::Node& opt : node.children) {
    const SourceLoc loc = LocOf(file, opt);
    const std::string& text = opt.text;
    const FieldElement* fe = nullptr;
    switch (Classify(opt.name, &fe)) {
      case Elem::kRegex:
        add_pattern(&regex, opt, match::PatternType::kOsRegex);
        break;
      case Elem::kMatch:
        add_pattern(&match, opt, match::PatternType::kOsMatch);
        break;
      case Elem::kDecodedAs:
        r.decoded_as = decoders_.IdOf(text);
        if (r.decoded_as == 0) {
          Error(kErrDecoder, loc, "Invalid decoder name: '" + text + "'.");
          return nullptr;
        }
        break;
      case Elem::kCve:
        append(&r.cve, &has_cve, text, loc);
        break;
      case Elem::kInfo: {
        for (const xml::Attr& at : opt.attrs) {
          if (IEquals(at.name, "type")) {
            if (at.value != "text" && at.value != "link" && at.value != "cve" &&
                at.value != "osvdb") {
              Error(kErrInfo, LocOf(file, at),
                    "rules_op: Element info attribute \"" + at.name + "\" has invalid value \"" +
                        at.value + "\"");
              ok = false;
            }
          } else {
            Error(kErrInfo, LocOf(file, at),
                  "rules_op: Element info has invalid attribute \"" + at.name + "\"");
            ok = false;
          }
          break;  // get_info_attributes returns on the first attribute
        }
        append(&r.info, &has_info, text, loc);
        break;
      }
      case Elem::kTime: {
        std::optional<std::string> t = ParseTimeRange(text);
        if (!t) {
          Error(kErrValue, loc,
                "(1274): Invalid configuration. Element '" + opt.name + "': " + text + ".");
          return nullptr;
        }
        r.day_time = *t;
        r.extra_info = true;
        break;
      }
      case Elem::kWeekday: {
        std::optional<std::array<bool, 7>> d = ParseWeekdays(text);
        if (!d) {
          Error(kErrValue, loc,
                "(1241): Invalid day format: '" + text + "'. (1274): Invalid configuration. "
                "Element '" + opt.name + "': " + text + ".");
          return nullptr;
        }
        r.week_day = *d;
        r.extra_info = true;
        break;
      }
      case Elem::kGroup:
        append(&r.group, &group_present, text, loc);
        break;
      case Elem::kDescription: {
        std::string piece = text;
        size_t nl = piece.find('\n');
        if (nl != std::string::npos) piece[nl] = ' ';
        append(&r.description, &has_description, piece, loc);
        break;
      }
      case Elem::kSrcIp:
      case Elem::kDstIp: {
        bool is_src = Classify(opt.name, &fe) == Elem::kSrcIp;
        std::optional<match::IpList>& list = is_src ? r.srcip : r.dstip;
        if (!list) list.emplace();
        std::string err;
        if (!list->Add(text, &err)) {
          Error(kErrValue, loc, "(1237): Invalid ip address: '" + text + "'.");
          return nullptr;
        }
        (is_src ? r.srcip_negate : r.dstip_negate) = negate_of(opt);
        r.packet_info = true;
        break;
      }
      case Elem::kUser:
        add_pattern(&user, opt, match::PatternType::kOsMatch);
        r.extra_info = true;
        break;
      case Elem::kSrcGeoIp:
        add_pattern(&srcgeoip, opt, match::PatternType::kOsMatch);
        r.extra_info = true;
        break;
      case Elem::kDstGeoIp:
        add_pattern(&dstgeoip, opt, match::PatternType::kOsMatch);
        r.extra_info = true;
        break;
      case Elem::kId:
        add_pattern(&id, opt, match::PatternType::kOsMatch);
        break;
      case Elem::kSrcPort:
        add_pattern(&srcport, opt, match::PatternType::kOsMatch);
        r.packet_info = true;
        break;
      case Elem::kDstPort:
        add_pattern(&dstport, opt, match::PatternType::kOsMatch);
        r.packet_info = true;
        break;
      case Elem::kStatus:
        add_pattern(&status, opt, match::PatternType::kOsMatch);
        r.extra_info = true;
        break;
      case Elem::kHostname:
        add_pattern(&hostname, opt, match::PatternType::kOsMatch);
        r.extra_info = true;
        break;
      case Elem::kData:
        add_pattern(&data, opt, match::PatternType::kOsMatch);
        r.extra_info = true;
        break;
      case Elem::kExtraData:
        add_pattern(&extra_data, opt, match::PatternType::kOsMatch);
        r.extra_info = true;
        break;
      case Elem::kProgramName:
        add_pattern(&program_name, opt, match::PatternType::kOsMatch);
        break;
      case Elem::kAction:
        add_pattern(&action, opt, match::PatternType::kString);
        break;
      case Elem::kSystemName:
        add_pattern(&system_name, opt, match::PatternType::kOsMatch);
        break;
      case Elem::kProtocol:
        add_pattern(&protocol, opt, match::PatternType::kOsMatch);
        break;
      case Elem::kLocation:
        add_pattern(&location, opt, match::PatternType::kOsMatch);
        break;
      case Elem::kField: {
        if (r.fields.size() >= opts_.decoder_order_size) {
          Error(kErrField, loc,
                "Rule " + rule_str + " has exceeded the maximum number of allowed fields");
          return nullptr;
        }
        const std::string* name = opt.FindAttr("name");
        if (name == nullptr) {
          Error(kErrField, loc,
                "Failure to read rule " + rule_str + ". No such attribute 'name' for field.");
          return nullptr;
        }
        for (const char* s : kStaticFieldNames) {
          if (IEquals(*name, s)) {
            Error(kErrField, loc,
                  "Failure to read rule " + rule_str + ". Field '" + *name + "' is static.");
            return nullptr;
          }
        }
        if (name->size() >= kMaxPiece) {
          Error(kErrSize, loc, "(1104): Maximum string size reached for: " + *name + ".");
          ok = false;
        }
        match::PatternType type = type_of(opt, match::PatternType::kOsRegex);
        bool neg = negate_of(opt);
        FieldCheck fc;
        fc.name = *name;
        std::string err;
        if (!fc.pattern.Compile(type, text, neg, 0, &err)) {
          Error(kErrPattern, loc,
                "(5107): Syntax error on tag '" + *name + "' in rule " + rule_str + ": " + err);
          return nullptr;
        }
        r.fields.push_back(std::move(fc));
        break;
      }
      case Elem::kList: {
        if (opt.attrs.empty()) {
          Error(kErrList, loc,
                "List must have a correctly formatted field attribute. (1274): Invalid "
                "configuration. Element '" + opt.name + "': " + text + ".");
          return nullptr;
        }
        ListCheck lc;
        bool has_field = false;
        for (const xml::Attr& at : opt.attrs) {
          SourceLoc aloc = LocOf(file, at);
          if (IEquals(at.name, "lookup")) {
            std::optional<lists::Lookup> lk = lists::ParseLookup(at.value);
            if (!lk) {
              Error(kErrList, aloc, "List match lookup=\"" + at.value + "\" is not valid.");
              return nullptr;
            }
            lc.lookup = *lk;
          } else if (IEquals(at.name, "field")) {
            struct {
              const char* name;
              ListField f;
            } static constexpr kListFields[] = {
                {"srcip", ListField::kSrcIp},       {"srcport", ListField::kSrcPort},
                {"dstip", ListField::kDstIp},       {"dstport", ListField::kDstPort},
                {"user", ListField::kUser},         {"url", ListField::kUrl},
                {"id", ListField::kId},             {"hostname", ListField::kHostname},
                {"program_name", ListField::kProgramName}, {"status", ListField::kStatus},
                {"action", ListField::kAction},     {"protocol", ListField::kProtocol},
                {"system_name", ListField::kSystemName}, {"data", ListField::kData},
                {"extra_data", ListField::kExtraData},
            };
            has_field = true;
            lc.field = ListField::kDynamic;
            for (const auto& lf : kListFields) {
              if (IEquals(at.value, lf.name)) {
                lc.field = lf.f;
                break;
              }
            }
            if (lc.field == ListField::kDynamic) {
              size_t b = at.value.find_first_not_of(' ');
              std::string dn = b == std::string::npos ? "" : at.value.substr(b);
              size_t e = dn.find(' ');
              if (e != std::string::npos) dn.resize(e);
              lc.dynamic_name = dn;
            }
          } else if (IEquals(at.name, "check_value")) {
            lc.check_value.emplace();
            std::string err;
            if (!lc.check_value->Compile(at.value, &err)) {
              Error(kErrList, aloc,
                    "(1450): Syntax error on regex: '" + at.value + "': " + err + ".");
              return nullptr;
            }
          } else {
            Error(kErrList, aloc, "List field=\"" + at.value + "\" is not valid");
            return nullptr;
          }
        }
        if (!has_field) {
          Error(kErrList, loc, "List requires the field=\"\" attribute");
          return nullptr;
        }
        lc.path = text;
        lc.list = lists_ ? lists_(text) : nullptr;
        if (lc.list == nullptr) {
          Warn(kWarnListNotLoaded, loc,
               "(7616): List '" + text + "' could not be loaded. Rule '" + rule_str +
                   "' will be ignored.");
          skip = true;
          break;
        }
        r.lists.push_back(std::move(lc));
        break;
      }
      case Elem::kUrl:
        add_pattern(&url, opt, match::PatternType::kOsMatch);
        break;
      case Elem::kCompiledRule: {
        static constexpr struct {
          const char* name;
          CompiledRule f;
        } kCompiled[] = {
            {"comp_srcuser_dstuser", CompiledRule::kCompSrcUserDstUser},
            {"check_id_size", CompiledRule::kCheckIdSize},
            {"comp_mswin_targetuser_calleruser_diff",
             CompiledRule::kCompMswinTargetUserCallerUserDiff},
            {"is_simple_http_request", CompiledRule::kIsSimpleHttpRequest},
            {"is_valid_crawler", CompiledRule::kIsValidCrawler},
        };
        r.compiled_rule = CompiledRule::kNone;
        for (const auto& c : kCompiled) {
          if (text == c.name) r.compiled_rule = c.f;
        }
        if (r.compiled_rule == CompiledRule::kNone) {
          Error(kErrValue, loc, "Compiled rule not found: '" + text + "'");
          return nullptr;
        }
        r.extra_info = true;
        break;
      }
      case Elem::kCategory: {
        std::optional<DecoderType> c = ParseDecoderType(text);
        if (!c || *c == DecoderType::kHostInfo) {
          Error(kErrValue, loc, "(1273): Invalid category '" + text + "' chosen.");
          return nullptr;
        }
        r.category = *c;
        break;
      }
      case Elem::kIfSid:
        append(&if_sid, &has_if_sid, text, loc);
        break;
      case Elem::kIfLevel:
        if (!StrIsNum(text)) {
          Warn(kWarnIfLevel, loc,
               "(7609): Invalid 'if_level' value: '" + text + "'. Rule '" + rule_str +
                   "' will be ignored.");
          skip = true;
          break;
        }
        append(&if_level, &has_if_level, text, loc);
        break;
      case Elem::kIfGroup:
        append(&if_group, &has_if_group, text, loc);
        break;
      case Elem::kIfMatchedRegex:
        r.context = true;
        append(&if_matched_regex, &has_if_matched_regex, text, loc);
        if_matched_regex_loc = loc;
        break;
      case Elem::kIfMatchedGroup:
        r.context = true;
        append(&if_matched_group, &has_if_matched_group, text, loc);
        if_matched_group_loc = loc;
        break;
      case Elem::kIfMatchedSid:
        r.context = true;
        if (!StrIsNum(text)) {
          Warn(kWarnIfMatchedSid, loc,
               "(7615): Invalid 'if_matched_sid' value: '" + text + "'. Rule '" + rule_str +
                   "' will be ignored.");
          skip = true;
          break;
        }
        r.if_matched_sid = AtoiSat(text.c_str());
        break;
      case Elem::kSameOrDifferent:
        if (fe->different) {
          r.different_fields_mask |= 1u << fe->bit;
        } else {
          r.same_fields_mask |= 1u << fe->bit;
        }
        if (fe->sets_extra) r.same_extra_info = true;
        break;
      case Elem::kSameAgent:
        Warn(kWarnDeprecated, loc,
             "Detected a deprecated field option for rule, same_agent is not longer available.");
        break;
      case Elem::kNotSameAgent:
        Warn(kWarnDeprecated, loc,
             "Detected a deprecated field option for rule, not_same_agent is not longer "
             "available.");
        break;
      case Elem::kCheckDiff:
        r.context = true;
        r.check_diff = true;
        r.extra_info = true;
        break;
      case Elem::kIfFts:
        r.if_fts = true;
        break;
      case Elem::kGlobalFrequency:
        r.global_frequency = true;
        break;
      case Elem::kSameField:
        r.same_dynamic.push_back(text);
        break;
      case Elem::kDifferentField:
        r.different_dynamic.push_back(text);
        break;
      case Elem::kOptions:
        if (text == "alert_by_email") {
          r.mail = true;
        } else if (text == "no_email_alert") {
          // alert_opts &= 0xfff - DO_MAILALERT also clears NO_COUNTER (0x1000).
          if (r.mail) {
            r.mail = false;
            r.no_counter = false;
          }
        } else if (text == "log_alert") {
          r.log_alert = true;
        } else if (text == "no_log") {
          if (r.log_alert) {
            r.log_alert = false;
            r.no_counter = false;
          }
        } else if (text == "no_ar") {
          r.no_ar = true;
        } else if (text == "no_full_log") {
          r.no_full_log = true;
        } else if (text == "no_counter") {
          r.no_counter = true;
        } else {
          Error(kErrValue, loc,
                "(1235): Invalid value for element 'options': " + text +
                    ". Invalid option '" + opt.name + "' for rule '" + rule_str + "'.");
          return nullptr;
        }
        break;
      case Elem::kIgnore:
      case Elem::kCheckIfIgnored: {
        bool is_ignore = Classify(opt.name, &fe) == Elem::kIgnore;
        const char* what = is_ignore ? "ignore" : "check_if_ignored";
        uint16_t& mask = is_ignore ? r.ignore_mask : r.check_if_ignored_mask;
        std::vector<std::string>& names = is_ignore ? r.ignore_fields : r.check_if_ignored_fields;
        names.clear();
        std::vector<std::string> words = BreakWords(text, opts_.decoder_order_size);
        for (size_t i = 0; i < words.size(); ++i) {
          const std::string& w = words[i];
          if (w.empty()) {
            Error(kErrValue, loc, std::string("Wrong ") + what + " option: '" + text + "'");
            return nullptr;
          }
          if (w == "user") {
            mask |= kIgnoreUser;
          } else if (w == "srcip") {
            mask |= kIgnoreSrcIp;
          } else if (w == "dstip") {
            mask |= kIgnoreDstIp;
          } else if (w == "id") {
            mask |= kIgnoreId;
          } else if (w == "location") {
            mask |= kIgnoreLocation;
          } else if (w == "data") {
            mask |= kIgnoreData;
          } else if (w == "name") {
            mask |= kIgnoreName;
          } else {
            if (i >= opts_.decoder_order_size) {
              Error(kErrValue, loc, std::string("Too many dynamic fields for ") + what + ".");
              return nullptr;
            }
            mask |= kIgnoreDynamic;
            names.push_back(w);
          }
        }
        break;
      }
      case Elem::kMitre: {
        if (opt.children.empty()) {
          Warn(kWarnMitre, loc, "Empty Mitre information for rule '" + rule_str + "'");
          break;
        }
        bool failure = false, id_flag = false, tactic_flag = false, technique_flag = false;
        int tactic_n = 0, technique_n = 0;
        for (const xml::Node& m : opt.children) {
          SourceLoc mloc = LocOf(file, m);
          if (IEquals(m.name, "id")) {
            if (m.text.empty()) {
              Warn(kWarnMitre, mloc, "No Mitre Technique ID found for rule '" + rule_str + "'");
              failure = true;
            } else {
              id_flag = true;
            }
          } else if (IEquals(m.name, "tacticID")) {
            if (m.text.empty()) {
              Warn(kWarnMitre, mloc, "No Mitre Tactic ID found for rule '" + rule_str + "'");
              failure = true;
            } else {
              tactic_flag = true;
              ++tactic_n;
            }
          } else if (IEquals(m.name, "techniqueID")) {
            if (m.text.empty()) {
              Warn(kWarnMitre, mloc, "No Mitre Technique ID found for rule '" + rule_str + "'");
              failure = true;
            } else {
              technique_flag = true;
              ++technique_n;
            }
          } else {
            // Wazuh logs an ERROR here and keeps loading; logtest then fails the request.
            Error(kErrMitre, mloc, "Invalid option '" + m.name + "' for rule '" + rule_str + "'");
            ok = false;
            failure = true;
          }
        }
        if (!failure) {
          if (id_flag) {
            if (tactic_flag || technique_flag) {
              Warn(kWarnMitre, loc,
                   "Rule '" + rule_str +
                       "' combined old and new Mitre formats in the same block. The Mitre "
                       "block will be discarded.");
              failure = true;
            } else if (mitre_new_format) {
              Warn(kWarnMitre, loc,
                   "Rule '" + rule_str +
                       "' combined old and new Mitre formats, the old Mitre Technique format "
                       "will be discarded.");
              r.mitre_ids.clear();
              failure = true;
            } else {
              mitre_deprecated = true;
            }
          } else if (tactic_flag && technique_flag) {
            if (tactic_n > 1 || technique_n > 1) {
              Warn(kWarnMitre, loc,
                   "In rule '" + rule_str +
                       "' is not allowed to join more than one Mitre techniqueID or tacticID in "
                       "the same block. The Mitre block will be discarded.");
              failure = true;
            } else {
              mitre_new_format = true;
              if (mitre_deprecated) {
                Warn(kWarnMitre, loc,
                     "Rule '" + rule_str +
                         "' combined old and new Mitre formats, the old Mitre Technique format "
                         "will be discarded.");
                r.mitre_ids.clear();
                mitre_deprecated = false;
              }
            }
          } else if (!tactic_flag && technique_flag) {
            Warn(kWarnMitre, loc, "Mitre tacticID should be defined in rule '" + rule_str + "'");
            failure = true;
          } else if (tactic_flag && !technique_flag) {
            Warn(kWarnMitre, loc,
                 "Mitre techniqueID should be defined in rule '" + rule_str + "'");
            failure = true;
          }
        }
        if (!failure) {
          std::string tactic, technique;
          bool has_tactic = false, has_technique = false;
          for (const xml::Node& m : opt.children) {
            if (IEquals(m.name, "id")) {
              bool seen = false;
              for (const std::string& s : r.mitre_ids) seen = seen || s == m.text;
              if (!seen) r.mitre_ids.push_back(m.text);
            } else if (IEquals(m.name, "tacticID")) {
              tactic = m.text;
              has_tactic = true;
            } else if (IEquals(m.name, "techniqueID")) {
              technique = m.text;
              has_technique = true;
            }
          }
          if (has_tactic && has_technique) {
            bool seen = false;
            for (const MitreBlock& b : r.mitre_blocks) {
              seen = seen || (b.technique_id == technique && b.tactic_id == tactic);
            }
            if (!seen) r.mitre_blocks.push_back({tactic, technique});
          }
        }
        break;
      }
      case Elem::kUnknown:
        Error(kErrInvalidOption, loc,
              "Invalid option '" + opt.name + "' for rule '" + rule_str + "'.");
        return nullptr;
    }
    if (skip) break;  // the element loop stops at the first "rule will be ignored" warning
  }

  if (has_if_sid && !IfSidSyntaxValid(if_sid)) {
    skip = true;
    Warn(kWarnIfSidInvalid, rule_loc,
         "(7618): Invalid 'if_sid' value: '" + if_sid + "'. Rule '" + rule_str +
             "' will be ignored.");
  }
  if (skip) return nullptr;

  if (!has_description) {
    Error(kErrDescription, rule_loc, "No such description at rule '" + rule_str + "'.");
    return nullptr;
  }
  if ((r.check_diff || r.global_frequency || r.same_fields_mask != 0 ||
       !r.same_dynamic.empty() || r.different_fields_mask != 0 ||
       !r.different_dynamic.empty() || r.frequency != 0) &&
      !r.context) {
    Error(kErrContext, rule_loc,
          "Invalid use of frequency/context options. Missing if_matched on rule '" + rule_str +
              "'.");
    return nullptr;
  }

  // Implicit parents (§4.2).
  if (has_if_matched_group && !a.overwrite && !has_if_sid && !has_if_group) {
    if_group = if_matched_group;
    has_if_group = true;
  }
  if (r.if_matched_sid != 0 && !has_if_sid && !has_if_group && !a.overwrite) {
    if_sid = std::to_string(r.if_matched_sid);
    has_if_sid = true;
  }
  if (has_if_sid) r.if_sid = if_sid;
  if (has_if_group) r.if_group = if_group;
  if (has_if_level) r.if_level = if_level;

  // Compile every pattern, in rules.c's order.
  auto compile = [&](PatternDraft& d, std::optional<match::Pattern>* out,
                     const char* tag) -> bool {
    if (!d.present) return true;
    out->emplace();
    std::string err;
    if (!(*out)->Compile(d.type, d.text, d.negate, 0, &err)) {
      Error(kErrPattern, d.loc,
            "(5107): Syntax error on tag '" + std::string(tag) + "' in rule " + rule_str + ": " +
                err);
      return false;
    }
    return true;
  };
  if (!compile(regex, &r.regex, "regex") || !compile(match, &r.match, "match") ||
      !compile(id, &r.id_pattern, "id") || !compile(srcport, &r.srcport, "srcport") ||
      !compile(dstport, &r.dstport, "dstport") || !compile(status, &r.status, "status") ||
      !compile(hostname, &r.hostname, "hostname") || !compile(data, &r.data, "data") ||
      !compile(extra_data, &r.extra_data, "extra_data") ||
      !compile(program_name, &r.program_name, "program_name") ||
      !compile(user, &r.user, "user") || !compile(srcgeoip, &r.srcgeoip, "srcgeoip") ||
      !compile(dstgeoip, &r.dstgeoip, "dstgeoip") || !compile(url, &r.url, "url") ||
      !compile(location, &r.location, "location") || !compile(action, &r.action, "action")) {
    return nullptr;
  }
  if (has_if_matched_group) {
    r.if_matched_group.emplace();
    r.if_matched_group_text = if_matched_group;
    std::string err;
    if (!r.if_matched_group->Compile(if_matched_group, &err)) {
      Error(kErrPattern, if_matched_group_loc,
            "(1450): Syntax error on regex: '" + if_matched_group + "': " + err + ".");
      return nullptr;
    }
  }
  if (has_if_matched_regex) {
    r.if_matched_regex.emplace();
    std::string err;
    if (!r.if_matched_regex->Compile(if_matched_regex, 0, &err)) {
      Error(kErrPattern, if_matched_regex_loc,
            "(1450): Syntax error on regex: '" + if_matched_regex + "': " + err + ".");
      return nullptr;
    }
  }
  // rules.c reports a protocol error with the pattern text in place of the tag name.
  if (!compile(protocol, &r.protocol, protocol.text.c_str()) ||
      !compile(system_name, &r.system_name, "system_name")) {
    return nullptr;
  }

  // The group string never keeps newlines (§4.1).
  r.group.erase(std::remove(r.group.begin(), r.group.end(), '\n'), r.group.end());
  if (!ok) return nullptr;
  return rule;
}

// ---- tree step --------------------------------------------------------------------------------

uint32_t RuleLoader::NewNode(uint32_t rule) {
  set_->nodes_.push_back(RuleSet::Node{rule, {}});
  return static_cast<uint32_t>(set_->nodes_.size() - 1);
}

void RuleLoader::InsertChild(int parent, uint32_t rule) {
  uint32_t n = NewNode(rule);  // may reallocate nodes_: take the list reference afterwards
  std::vector<uint32_t>& list = parent < 0 ? set_->roots_ : set_->nodes_[parent].children;
  const int level = set_->rules_[rule]->level;
  size_t pos = 0;
  while (pos < list.size() && !(level > set_->rules_[set_->nodes_[list[pos]].rule]->level)) ++pos;
  list.insert(list.begin() + static_cast<long>(pos), n);
}

bool RuleLoader::AddToRule(AttachMode mode, int sid, int level, const std::string* group,
                           int owner, Rule* rule) {
  bool found = false;
  for (size_t i = 0;; ++i) {
    const std::vector<uint32_t>& list =
        owner < 0 ? set_->roots_ : set_->nodes_[owner].children;
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
      case AttachMode::kCategory:
        if (rule->category != candidate.category) continue;
        InsertChild(static_cast<int>(n), rule->index);
        return true;
    }
    if (!set_->nodes_[n].children.empty() &&
        AddToRule(mode, sid, level, group, static_cast<int>(n), rule)) {
      found = true;
    }
  }
  return found;
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
          AttachMode mode = parent != 0 ? AttachMode::kSid : AttachMode::kCategory;
          if (!AddToRule(mode, parent, 0, nullptr, -1, rule)) {
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
    ilevel *= 100;
    if (!AddToRule(AttachMode::kLevel, 0, ilevel, nullptr, -1, rule)) {
      Warn(kWarnIfLevel, current_loc_,
           "(7608): Level ID '" + std::to_string(ilevel) +
               "' was not found. Invalid 'if_level'. Rule '" + rule_str + "' will be ignored.");
      return false;
    }
    return true;
  }
  if (rule->if_group) {
    if (!AddToRule(AttachMode::kGroup, 0, 0, &*rule->if_group, -1, rule)) {
      Warn(kWarnIfGroup, current_loc_,
           "(7610): Group '" + *rule->if_group +
               "' was not found. Invalid 'if_group'. Rule '" + rule_str + "' will be ignored.");
      return false;
    }
    return true;
  }
  if (!AddToRule(AttachMode::kCategory, 0, 0, nullptr, -1, rule)) {
    Warn(kWarnCategory, current_loc_,
         "(7611): Category was not found. Invalid 'category'. Rule '" + rule_str +
             "' will be ignored.");
    return false;
  }
  return true;
}

Rule* RuleLoader::FindFirstInTree(int id) const {
  Rule* found = nullptr;
  ForEachNode([&](uint32_t n) {
    Rule* r = set_->rules_[set_->nodes_[n].rule].get();
    if (found == nullptr && r->id == id) found = r;
  });
  return found;
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
  ForEachNode([&](uint32_t n) {
    Rule* target = set_->rules_[set_->nodes_[n].rule].get();
    if (target->id != rule->if_matched_sid) return;
    if (target->sid_list < 0) target->sid_list = set_->list_count_++;
    rule->search_list = target->sid_list;
  });
}

void RuleLoader::MarkGroup(Rule* rule) {
  rule->search_list = set_->list_count_++;
  ForEachNode([&](uint32_t n) {
    Rule* target = set_->rules_[set_->nodes_[n].rule].get();
    if (rule->if_matched_group->Match(target->group.c_str())) {
      target->group_feeds.push_back(rule->search_list);  // once per occurrence, as in C
    }
  });
}

void RuleLoader::DropLastRule(size_t nodes_before) {
  // The rule may already sit under some parents (a later if_sid failed with 7620): the nodes
  // made for it (the ones from `nodes_before` on) go with it.
  const uint32_t idx = static_cast<uint32_t>(set_->rules_.size() - 1);
  const int id = set_->rules_.back()->id;
  auto made_now = [&](uint32_t c) { return c >= nodes_before; };
  for (size_t n = 0; n < nodes_before; ++n) std::erase_if(set_->nodes_[n].children, made_now);
  std::erase_if(set_->roots_, made_now);
  set_->nodes_.resize(nodes_before);
  auto it = set_->by_id_.find(id);
  if (it != set_->by_id_.end() && it->second == idx) set_->by_id_.erase(it);
  set_->rules_.pop_back();
}

void RuleLoader::AttachRule(std::unique_ptr<Rule> owned, bool overwrite) {
  Rule* rule = owned.get();
  rule->index = static_cast<uint32_t>(set_->rules_.size());
  auto keep = [&]() {
    set_->rules_.push_back(std::move(owned));
    set_->by_id_.emplace(rule->id, rule->index);
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

void RuleLoader::BuildFtsSpecs() {
  for (const auto& d : decoders_.decoders()) {
    FtsSpec spec;
    spec.dynamic_by_order.assign(d->order.size(), false);
    if (!d->fts.empty()) {
      for (const std::string& w : BreakWords(d->fts, 1u << 16)) {
        if (w == "dstuser" || w == "user") {
          spec.mask |= FtsSpec::kDstUser;
        } else if (w == "srcuser") {
          spec.mask |= FtsSpec::kSrcUser;
        } else if (w == "srcip") {
          spec.mask |= FtsSpec::kSrcIp;
        } else if (w == "dstip") {
          spec.mask |= FtsSpec::kDstIp;
        } else if (w == "id") {
          spec.mask |= FtsSpec::kId;
        } else if (w == "location") {
          spec.mask |= FtsSpec::kLocation;
        } else if (w == "data" || w == "extra_data") {
          spec.mask |= FtsSpec::kData;
        } else if (w == "system_name") {
          spec.mask |= FtsSpec::kSystemName;
        } else if (w == "name") {
          spec.mask |= FtsSpec::kName;
        } else {
          for (size_t i = 0; i < d->order.size(); ++i) {
            if (!d->order[i].is_static && IEquals(d->order[i].name, w)) {
              spec.dynamic_by_order[i] = true;
              spec.mask |= FtsSpec::kDynamic;
              break;
            }
          }
        }
      }
    }
    set_->fts_.emplace(d.get(), std::move(spec));
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
