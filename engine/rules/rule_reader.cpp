// The read and link steps of RuleSet::Load: one <rule> element -> one compiled Rule, validated
// as rules.c (Rules_OP_ReadRules, getattributes, loadmemory) does. docs/wazuh-semantics.md
// §4.1, §4.2, §4.6, §8.

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "rules/rule_loader.h"
#include "rules/time_window.h"

namespace tripline::rules {

using load_internal::AtoiSat;
using load_internal::IEquals;
using namespace codes;

namespace {

constexpr size_t kMaxPiece = 2048;  // OS_SIZE_2048 of loadmemory()

// OS_StrIsNum: every byte a digit (the empty string counts as numeric).
bool StrIsNum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// sscanf("%Nd") on an all-digit string: the first `width` digits; no change when empty.
void ScanWidth(std::string_view s, size_t width, int* out) {
  if (!s.empty()) *out = AtoiSat(std::string(s.substr(0, width)).c_str());
}

SourceLoc LocOf(const std::string& file, const xml::Node& n) { return {file, n.line, n.column}; }
SourceLoc LocOf(const std::string& file, const xml::Attr& a) { return {file, a.line, a.column}; }

// What an element inside <rule> is, after Wazuh's chain of name comparisons.
enum class Elem {
  kPattern, kDecodedAs, kCve, kInfo, kTime, kWeekday, kGroup, kDescription, kSrcIp, kDstIp,
  kField, kList, kCompiledRule, kCategory, kIfSid, kIfLevel, kIfGroup, kIfMatchedRegex,
  kIfMatchedGroup, kIfMatchedSid, kSameOrDifferent, kSameAgent, kCheckDiff, kIfFts,
  kNotSameAgent, kGlobalFrequency, kSameField, kDifferentField, kOptions, kIgnore,
  kCheckIfIgnored, kMitre, kUnknown,
};

// Elements holding a pattern, in the order rules.c compiles them (protocol and system_name come
// after if_matched_group/if_matched_regex there).
struct PatternSpec {
  std::string_view name;  // element name (case-insensitive) and the tag of compile errors
  match::PatternType default_type;
  bool packet_info;  // sets DO_PACKETINFO
  bool extra_info;   // sets DO_EXTRAINFO
  std::optional<match::Pattern> Rule::*member;
};
constexpr PatternSpec kPatterns[] = {
    {"regex", match::PatternType::kOsRegex, false, false, &Rule::regex},
    {"match", match::PatternType::kOsMatch, false, false, &Rule::match},
    {"id", match::PatternType::kOsMatch, false, false, &Rule::id_pattern},
    {"srcport", match::PatternType::kOsMatch, true, false, &Rule::srcport},
    {"dstport", match::PatternType::kOsMatch, true, false, &Rule::dstport},
    {"status", match::PatternType::kOsMatch, false, true, &Rule::status},
    {"hostname", match::PatternType::kOsMatch, false, true, &Rule::hostname},
    {"data", match::PatternType::kOsMatch, false, true, &Rule::data},
    {"extra_data", match::PatternType::kOsMatch, false, true, &Rule::extra_data},
    {"program_name", match::PatternType::kOsMatch, false, false, &Rule::program_name},
    {"user", match::PatternType::kOsMatch, false, true, &Rule::user},
    {"srcgeoip", match::PatternType::kOsMatch, false, true, &Rule::srcgeoip},
    {"dstgeoip", match::PatternType::kOsMatch, false, true, &Rule::dstgeoip},
    {"url", match::PatternType::kOsMatch, false, false, &Rule::url},
    {"location", match::PatternType::kOsMatch, false, false, &Rule::location},
    {"action", match::PatternType::kString, false, false, &Rule::action},
    {"protocol", match::PatternType::kOsMatch, false, false, &Rule::protocol},
    {"system_name", match::PatternType::kOsMatch, false, false, &Rule::system_name},
};
constexpr size_t kPatternCount = std::size(kPatterns);
constexpr size_t kFirstLatePattern = 16;  // protocol, system_name

// same_* / different_* elements (rules.c; some names compare case-sensitively).
struct FieldElement {
  std::string_view name;
  bool case_sensitive;
  bool different;
  int bit;          // CorrelationField
  bool sets_extra;  // sets SAME_EXTRAINFO
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

struct Classified {
  Elem elem = Elem::kUnknown;
  size_t pattern = 0;                  // kPattern: index into kPatterns
  const FieldElement* field = nullptr; // kSameOrDifferent
};

Classified Classify(const std::string& name) {
  struct Entry {
    std::string_view name;
    Elem elem;
  };
  for (size_t i = 0; i < kPatternCount; ++i) {
    if (IEquals(name, kPatterns[i].name)) return {Elem::kPattern, i, nullptr};
  }
  static constexpr Entry kNamed[] = {
      {"decoded_as", Elem::kDecodedAs},   {"cve", Elem::kCve},
      {"info", Elem::kInfo},              {"time", Elem::kTime},
      {"weekday", Elem::kWeekday},        {"group", Elem::kGroup},
      {"description", Elem::kDescription}, {"srcip", Elem::kSrcIp},
      {"dstip", Elem::kDstIp},            {"field", Elem::kField},
      {"list", Elem::kList},              {"compiled_rule", Elem::kCompiledRule},
      {"category", Elem::kCategory},      {"if_sid", Elem::kIfSid},
      {"if_level", Elem::kIfLevel},       {"if_group", Elem::kIfGroup},
      {"if_matched_regex", Elem::kIfMatchedRegex},
      {"if_matched_group", Elem::kIfMatchedGroup},
      {"if_matched_sid", Elem::kIfMatchedSid},
  };
  for (const Entry& e : kNamed) {
    if (IEquals(name, e.name)) return {e.elem, 0, nullptr};
  }
  for (const FieldElement& f : kFieldElements) {
    if (f.case_sensitive ? name == f.name : IEquals(name, f.name)) {
      return {Elem::kSameOrDifferent, 0, &f};
    }
  }
  static constexpr Entry kLater[] = {
      {"same_agent", Elem::kSameAgent},          {"check_diff", Elem::kCheckDiff},
      {"if_fts", Elem::kIfFts},                  {"not_same_agent", Elem::kNotSameAgent},
      {"global_frequency", Elem::kGlobalFrequency}, {"same_field", Elem::kSameField},
      {"not_same_field", Elem::kDifferentField}, {"different_field", Elem::kDifferentField},
      {"options", Elem::kOptions},               {"ignore", Elem::kIgnore},
      {"check_if_ignored", Elem::kCheckIfIgnored}, {"mitre", Elem::kMitre},
  };
  for (const Entry& e : kLater) {
    if (IEquals(name, e.name)) return {e.elem, 0, nullptr};
  }
  return {};
}

// PCRE2 "^[\d, ]+$": one or more of [0-9, ], optionally followed by a final '\n'.
bool IfSidSyntaxValid(std::string_view s) {
  if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == ',' || c == ' '; });
}

// OS_StrBreak(',', text, max) and the word trimming of <ignore> / <fts>: leading spaces
// skipped, the word cut at its first space.
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

// Names <field name="..."> may not use (w_check_attr_field_name).
constexpr const char* kStaticFieldNames[] = {
    "srcip", "dstip", "srcgeoip", "dstgeoip", "srcport", "dstport", "user", "srcuser", "dstuser",
    "url", "id", "data", "extra_data", "status", "protocol", "system_name", "action"};

}  // namespace

// A pattern element being collected: repeated elements concatenate, the last negate/type win.
struct PatternDraft {
  bool present = false;
  std::string text;
  bool negate = false;
  match::PatternType type = match::PatternType::kOsMatch;
  const xml::Node* element = nullptr;  // the last one (its document outlives the draft)
};

struct RuleLoader::Draft {
  std::unique_ptr<Rule> rule = std::make_unique<Rule>();
  std::string file;
  std::string id_text;  // the rule id, for messages
  bool ok = true;       // false after an error that Wazuh reports but does not stop on
  std::array<PatternDraft, kPatternCount> patterns;
  std::string if_sid, if_level, if_group, if_matched_regex, if_matched_group;
  bool has_if_sid = false, has_if_level = false, has_if_group = false;
  bool has_if_matched_regex = false, has_if_matched_group = false;
  const xml::Node* if_matched_regex_element = nullptr;  // the last ones
  const xml::Node* if_matched_group_element = nullptr;
  bool has_description = false, has_info = false, has_cve = false, has_group = true;
  bool mitre_deprecated = false, mitre_new_format = false;
};

// ---- file level -------------------------------------------------------------------------------

void RuleLoader::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error(kErrFile, {path, 0, 0}, "(1103): Could not open file '" + path + "'.");
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string content = ss.str();
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
    int index = 0;
    for (const xml::Node& child : root.children) {
      const int j = index++;
      if (!IEquals(child.name, "rule")) {
        Error(kErrNotRule, LocOf(path, child),
              "Invalid configuration. '" + child.name + "' is not a valid element.");
        continue;
      }
      bool overwrite = false;
      std::unique_ptr<Rule> rule = ReadRule(child, root.attrs[0].value, path, j, &overwrite);
      if (!rule) continue;
      current_loc_ = rule->loc;
      AttachRule(std::move(rule), overwrite);
    }
  }
}

// ---- attributes -------------------------------------------------------------------------------

bool RuleLoader::ReadAttributes(const xml::Node& rule, const std::string& file, Attributes* a) {
  a->timeframe = opts_.default_timeframe;
  for (const xml::Attr& attr : rule.attrs) {
    const std::string& v = attr.value;
    auto loc = [&] { return LocOf(file, attr); };  // for messages only
    auto fail = [&](std::string msg) {
      Error(kErrRuleAttr, loc(), std::move(msg));
      return false;
    };
    if (IEquals(attr.name, "id")) {
      if (!StrIsNum(v) || v.size() > 6) {
        return fail("rules_op: Invalid rule id: " + v + ". Must be integer (max 6 digits)");
      }
      ScanWidth(v, 6, &a->id);
    } else if (IEquals(attr.name, "level")) {
      if (StrIsNum(v)) {  // a non-numeric level is silently ignored (then "no level")
        a->level = AtoiSat(v.c_str());
        if (a->level < 0 || a->level > 16) {
          return fail("rules_op: Invalid level: " + std::to_string(a->level) +
                      ". Must be an integer between 0 and 16.");
        }
      }
    } else if (IEquals(attr.name, "maxsize")) {
      if (!StrIsNum(v)) return fail("rules_op: Invalid maxsize: " + v + ". Must be integer");
      ScanWidth(v, 4, &a->maxsize);
    } else if (IEquals(attr.name, "timeframe")) {
      if (!StrIsNum(v)) {
        return fail("rules_op: Invalid timeframe: " + v + ". Must be integer (max 5 digits)");
      }
      ScanWidth(v, 5, &a->timeframe);
    } else if (IEquals(attr.name, "frequency")) {
      if (!StrIsNum(v)) return fail("rules_op: Invalid frequency: " + v + ". Must be integer");
      a->frequency = AtoiSat(v.c_str());
      if (a->frequency < 2 || a->frequency > 9999) {
        return fail("rules_op: Invalid frequency: " + std::to_string(a->frequency) +
                    ". Must be higher than 1 and lower than 10000.");
      }
      a->frequency -= 2;
    } else if (IEquals(attr.name, "accuracy")) {
      if (!StrIsNum(v)) return fail("rules_op: Invalid accuracy: " + v + ". Must be integer");
      ScanWidth(v, 4, &a->accuracy);
    } else if (IEquals(attr.name, "ignore")) {
      if (!StrIsNum(v)) {
        return fail("rules_op: Invalid ignore_time: " + v + ". Must be integer (max 6 digits)");
      }
      ScanWidth(v, 6, &a->ignore_time);
    } else if (IEquals(attr.name, "noalert")) {
      if (v == "0" || v == "1") {
        a->noalert = v == "1";
      } else {
        Warn(kWarnAttrValue, loc(), "Invalid value for attribute 'noalert'");
      }
    } else if (IEquals(attr.name, "overwrite")) {
      if (v != "yes" && v != "no") {
        return fail("rules_op: Invalid overwrite: " + v + ". Can only by 'yes' or 'no'.");
      }
      a->overwrite = v == "yes";
    } else {
      return fail("rules_op: Invalid attribute \"" + attr.name +
                  "\". Only id, level, maxsize, accuracy, noalert, ignore, frequency and "
                  "timeframe are allowed.");
    }
  }
  return true;
}

// ---- element helpers ------------------------------------------------------------------------------

void RuleLoader::Append(Draft& d, std::string* at, bool* present, const std::string& piece,
                        const xml::Node& element) {
  // loadmemory(): the first piece must be < 2048 bytes; later, both the text so far and the
  // new piece at most 2048.
  bool too_long = !*present ? piece.size() >= kMaxPiece
                            : (at->size() > kMaxPiece || piece.size() > kMaxPiece);
  if (too_long) {
    Error(kErrSize, LocOf(d.file, element),
          "(1104): Maximum string size reached for: " + piece + ".");
    d.ok = false;
    at->clear();
    *present = false;
    return;
  }
  at->append(piece);
  *present = true;
}

bool RuleLoader::NegateOf(const xml::Node& n, Draft& d) {
  const std::string* v = n.FindAttr("negate");
  if (v == nullptr) return false;
  if (IEquals(*v, "yes")) return true;
  if (!IEquals(*v, "no")) {
    Warn(kWarnAttrValue, LocOf(d.file, n),
         "(7600): Invalid value '" + *v + "' for attribute 'negate' in rule " + d.id_text + ".");
  }
  return false;
}

match::PatternType RuleLoader::TypeOf(const xml::Node& n, match::PatternType def, Draft& d) {
  const std::string* v = n.FindAttr("type");
  if (v == nullptr) return def;
  std::optional<match::PatternType> t = match::ParsePatternType(*v);
  if (t && *t != match::PatternType::kString) return *t;
  Warn(kWarnAttrValue, LocOf(d.file, n),
       "(7600): Invalid value '" + *v + "' for attribute 'type' in rule " + d.id_text + ".");
  return def;
}

// ---- the rule ---------------------------------------------------------------------------------

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
  const std::string id_text = std::to_string(a.id);
  if (set_->by_id_.count(a.id) != 0) {
    if (!a.overwrite) {
      Warn(kWarnDuplicate, rule_loc,
           "(7612): Rule ID '" + id_text +
               "' is duplicated. Only the first occurrence will be considered.");
      return nullptr;
    }
  } else if (a.overwrite) {
    Warn(kWarnOverwriteMissing, rule_loc,
         "(7613): Rule ID '" + id_text +
             "' does not exist but 'overwrite' is set to 'yes'. Still, the rule will be loaded.");
    a.overwrite = false;
  }
  *overwrite = a.overwrite;

  // zerorulemember(): every rule read this far counts for the last-events pruning bound.
  set_->max_frequency_ = std::max(set_->max_frequency_, a.frequency);

  Draft d;
  d.file = file;
  d.id_text = id_text;
  Rule& r = *d.rule;
  r.id = a.id;
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
          "Rule '" + id_text +
              "' without any option. It may lead to false positives and some other problems "
              "for the system. Exiting.");
    return nullptr;
  }

  for (const xml::Node& opt : node.children) {
    Step step = ReadElement(opt, d);
    if (step == Step::kFatal) return nullptr;
    if (step == Step::kSkipRule) return nullptr;  // the warning was given; later elements unread
  }
  if (d.has_if_sid && !IfSidSyntaxValid(d.if_sid)) {
    Warn(kWarnIfSidInvalid, rule_loc,
         "(7618): Invalid 'if_sid' value: '" + d.if_sid + "'. Rule '" + id_text +
             "' will be ignored.");
    return nullptr;
  }
  if (!d.has_description) {
    Error(kErrDescription, rule_loc, "No such description at rule '" + id_text + "'.");
    return nullptr;
  }
  const bool correlation_options =
      r.check_diff || r.global_frequency || r.same_fields_mask != 0 ||
      !r.same_dynamic.empty() || r.different_fields_mask != 0 || !r.different_dynamic.empty() ||
      r.frequency != 0;
  if (correlation_options && !r.context) {
    Error(kErrContext, rule_loc,
          "Invalid use of frequency/context options. Missing if_matched on rule '" + id_text +
              "'.");
    return nullptr;
  }

  // Implicit parents (§4.2).
  if (d.has_if_matched_group && !a.overwrite && !d.has_if_sid && !d.has_if_group) {
    d.if_group = d.if_matched_group;
    d.has_if_group = true;
  }
  if (r.if_matched_sid != 0 && !d.has_if_sid && !d.has_if_group && !a.overwrite) {
    d.if_sid = std::to_string(r.if_matched_sid);
    d.has_if_sid = true;
  }
  if (d.has_if_sid) r.if_sid = d.if_sid;
  if (d.has_if_group) r.if_group = d.if_group;
  if (d.has_if_level) r.if_level = d.if_level;

  if (!Compile(d)) return nullptr;
  // The group string never keeps newlines (§4.1).
  r.group.erase(std::remove(r.group.begin(), r.group.end(), '\n'), r.group.end());
  if (!d.ok) return nullptr;
  return std::move(d.rule);
}

bool RuleLoader::Compile(Draft& d) {
  Rule& r = *d.rule;
  auto compile = [&](size_t i) {
    PatternDraft& p = d.patterns[i];
    if (!p.present) return true;
    std::optional<match::Pattern>& out = r.*kPatterns[i].member;
    out.emplace();
    std::string err;
    if (out->Compile(p.type, p.text, p.negate, 0, &err)) return true;
    // rules.c names the protocol pattern by its text instead of the tag.
    const std::string tag =
        kPatterns[i].member == &Rule::protocol ? p.text : std::string(kPatterns[i].name);
    Error(kErrPattern, LocOf(d.file, *p.element),
          "(5107): Syntax error on tag '" + tag + "' in rule " + d.id_text + ": " + err);
    return false;
  };
  for (size_t i = 0; i < kFirstLatePattern; ++i) {
    if (!compile(i)) return false;
  }
  if (d.has_if_matched_group) {
    r.if_matched_group.emplace();
    r.if_matched_group_text = d.if_matched_group;
    std::string err;
    if (!r.if_matched_group->Compile(d.if_matched_group, &err)) {
      Error(kErrPattern, LocOf(d.file, *d.if_matched_group_element),
            "(1450): Syntax error on regex: '" + d.if_matched_group + "': " + err + ".");
      return false;
    }
  }
  if (d.has_if_matched_regex) {
    r.if_matched_regex.emplace();
    std::string err;
    if (!r.if_matched_regex->Compile(d.if_matched_regex, 0, &err)) {
      Error(kErrPattern, LocOf(d.file, *d.if_matched_regex_element),
            "(1450): Syntax error on regex: '" + d.if_matched_regex + "': " + err + ".");
      return false;
    }
  }
  for (size_t i = kFirstLatePattern; i < kPatternCount; ++i) {
    if (!compile(i)) return false;
  }
  return true;
}

RuleLoader::Step RuleLoader::ReadElement(const xml::Node& opt, Draft& d) {
  Rule& r = *d.rule;
  auto loc = [&] { return LocOf(d.file, opt); };  // for messages only
  const std::string& text = opt.text;
  const Classified c = Classify(opt.name);
  switch (c.elem) {
    case Elem::kPattern: {
      const PatternSpec& spec = kPatterns[c.pattern];
      PatternDraft& p = d.patterns[c.pattern];
      Append(d, &p.text, &p.present, text, opt);
      p.negate = NegateOf(opt, d);
      p.type = TypeOf(opt, spec.default_type, d);
      p.element = &opt;
      r.packet_info = r.packet_info || spec.packet_info;
      r.extra_info = r.extra_info || spec.extra_info;
      return Step::kNext;
    }
    case Elem::kDecodedAs:
      r.decoded_as = decoders_.IdOf(text);
      if (r.decoded_as == 0) {
        Error(kErrDecoder, loc(), "Invalid decoder name: '" + text + "'.");
        return Step::kFatal;
      }
      return Step::kNext;
    case Elem::kCve:
      Append(d, &r.cve, &d.has_cve, text, opt);
      return Step::kNext;
    case Elem::kInfo:
      // get_info_attributes() looks at the first attribute only.
      if (!opt.attrs.empty()) {
        const xml::Attr& at = opt.attrs.front();
        if (!IEquals(at.name, "type")) {
          Error(kErrInfo, LocOf(d.file, at),
                "rules_op: Element info has invalid attribute \"" + at.name + "\"");
          d.ok = false;
        } else if (at.value != "text" && at.value != "link" && at.value != "cve" &&
                   at.value != "osvdb") {
          Error(kErrInfo, LocOf(d.file, at),
                "rules_op: Element info attribute \"" + at.name + "\" has invalid value \"" +
                    at.value + "\"");
          d.ok = false;
        }
      }
      Append(d, &r.info, &d.has_info, text, opt);
      return Step::kNext;
    case Elem::kTime: {
      std::optional<std::string> t = ParseTimeRange(text);
      if (!t) {
        Error(kErrValue, loc(),
              "(1274): Invalid configuration. Element '" + opt.name + "': " + text + ".");
        return Step::kFatal;
      }
      r.day_time = *t;
      r.extra_info = true;
      return Step::kNext;
    }
    case Elem::kWeekday: {
      std::optional<std::array<bool, 7>> days = ParseWeekdays(text);
      if (!days) {
        Error(kErrValue, loc(),
              "(1241): Invalid day format: '" + text +
                  "'. (1274): Invalid configuration. Element '" + opt.name + "': " + text + ".");
        return Step::kFatal;
      }
      r.week_day = *days;
      r.extra_info = true;
      return Step::kNext;
    }
    case Elem::kGroup:
      Append(d, &r.group, &d.has_group, text, opt);
      return Step::kNext;
    case Elem::kDescription: {
      std::string piece = text;
      size_t nl = piece.find('\n');
      if (nl != std::string::npos) piece[nl] = ' ';  // only the first newline of each piece
      Append(d, &r.description, &d.has_description, piece, opt);
      return Step::kNext;
    }
    case Elem::kSrcIp:
    case Elem::kDstIp: {
      const bool src = c.elem == Elem::kSrcIp;
      std::optional<match::IpList>& list = src ? r.srcip : r.dstip;
      if (!list) list.emplace();
      std::string err;
      if (!list->Add(text, &err)) {
        Error(kErrValue, loc(), "(1237): Invalid ip address: '" + text + "'.");
        return Step::kFatal;
      }
      (src ? r.srcip_negate : r.dstip_negate) = NegateOf(opt, d);
      r.packet_info = true;
      return Step::kNext;
    }
    case Elem::kField:
      return ReadField(opt, d);
    case Elem::kList:
      return ReadList(opt, d);
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
      for (const auto& f : kCompiled) {
        if (text == f.name) r.compiled_rule = f.f;
      }
      if (r.compiled_rule == CompiledRule::kNone) {
        Error(kErrValue, loc(), "Compiled rule not found: '" + text + "'");
        return Step::kFatal;
      }
      r.extra_info = true;
      return Step::kNext;
    }
    case Elem::kCategory: {
      std::optional<DecoderType> cat = ParseDecoderType(text);
      if (!cat || *cat == DecoderType::kHostInfo) {
        Error(kErrValue, loc(), "(1273): Invalid category '" + text + "' chosen.");
        return Step::kFatal;
      }
      r.category = *cat;
      return Step::kNext;
    }
    case Elem::kIfSid:
      Append(d, &d.if_sid, &d.has_if_sid, text, opt);
      return Step::kNext;
    case Elem::kIfLevel:
      if (!StrIsNum(text)) {
        Warn(kWarnIfLevel, loc(),
             "(7609): Invalid 'if_level' value: '" + text + "'. Rule '" + d.id_text +
                 "' will be ignored.");
        return Step::kSkipRule;
      }
      Append(d, &d.if_level, &d.has_if_level, text, opt);
      return Step::kNext;
    case Elem::kIfGroup:
      Append(d, &d.if_group, &d.has_if_group, text, opt);
      return Step::kNext;
    case Elem::kIfMatchedRegex:
      r.context = true;
      Append(d, &d.if_matched_regex, &d.has_if_matched_regex, text, opt);
      d.if_matched_regex_element = &opt;
      return Step::kNext;
    case Elem::kIfMatchedGroup:
      r.context = true;
      Append(d, &d.if_matched_group, &d.has_if_matched_group, text, opt);
      d.if_matched_group_element = &opt;
      return Step::kNext;
    case Elem::kIfMatchedSid:
      r.context = true;
      if (!StrIsNum(text)) {
        Warn(kWarnIfMatchedSid, loc(),
             "(7615): Invalid 'if_matched_sid' value: '" + text + "'. Rule '" + d.id_text +
                 "' will be ignored.");
        return Step::kSkipRule;
      }
      r.if_matched_sid = AtoiSat(text.c_str());
      return Step::kNext;
    case Elem::kSameOrDifferent:
      (c.field->different ? r.different_fields_mask : r.same_fields_mask) |= 1u << c.field->bit;
      r.same_extra_info = r.same_extra_info || c.field->sets_extra;
      return Step::kNext;
    case Elem::kSameAgent:
    case Elem::kNotSameAgent:
      Warn(kWarnDeprecated, loc(),
           std::string("Detected a deprecated field option for rule, ") +
               (c.elem == Elem::kSameAgent ? "same_agent" : "not_same_agent") +
               " is not longer available.");
      return Step::kNext;
    case Elem::kCheckDiff:
      r.context = true;
      r.check_diff = true;
      r.extra_info = true;
      return Step::kNext;
    case Elem::kIfFts:
      r.if_fts = true;
      return Step::kNext;
    case Elem::kGlobalFrequency:
      r.global_frequency = true;
      return Step::kNext;
    case Elem::kSameField:
      r.same_dynamic.push_back(text);
      return Step::kNext;
    case Elem::kDifferentField:
      r.different_dynamic.push_back(text);
      return Step::kNext;
    case Elem::kOptions:
      return ReadOptions(opt, d);
    case Elem::kIgnore:
    case Elem::kCheckIfIgnored:
      return ReadIgnore(opt, c.elem == Elem::kCheckIfIgnored, d);
    case Elem::kMitre:
      ReadMitre(opt, d);
      return Step::kNext;
    case Elem::kUnknown:
      break;
  }
  Error(kErrInvalidOption, loc(), "Invalid option '" + opt.name + "' for rule '" + d.id_text + "'.");
  return Step::kFatal;
}

RuleLoader::Step RuleLoader::ReadField(const xml::Node& opt, Draft& d) {
  Rule& r = *d.rule;
  auto loc = [&] { return LocOf(d.file, opt); };  // for messages only
  if (r.fields.size() >= opts_.decoder_order_size) {
    Error(kErrField, loc(),
          "Rule " + d.id_text + " has exceeded the maximum number of allowed fields");
    return Step::kFatal;
  }
  const std::string* name = opt.FindAttr("name");
  if (name == nullptr) {
    Error(kErrField, loc(),
          "Failure to read rule " + d.id_text + ". No such attribute 'name' for field.");
    return Step::kFatal;
  }
  for (const char* s : kStaticFieldNames) {
    if (IEquals(*name, s)) {
      Error(kErrField, loc(),
            "Failure to read rule " + d.id_text + ". Field '" + *name + "' is static.");
      return Step::kFatal;
    }
  }
  if (name->size() >= kMaxPiece) {
    Error(kErrSize, loc(), "(1104): Maximum string size reached for: " + *name + ".");
    d.ok = false;
  }
  const match::PatternType type = TypeOf(opt, match::PatternType::kOsRegex, d);
  const bool negate = NegateOf(opt, d);
  FieldCheck field;
  field.name = *name;
  std::string err;
  if (!field.pattern.Compile(type, opt.text, negate, 0, &err)) {
    Error(kErrPattern, loc(),
          "(5107): Syntax error on tag '" + *name + "' in rule " + d.id_text + ": " + err);
    return Step::kFatal;
  }
  r.fields.push_back(std::move(field));
  return Step::kNext;
}

RuleLoader::Step RuleLoader::ReadList(const xml::Node& opt, Draft& d) {
  auto loc = [&] { return LocOf(d.file, opt); };  // for messages only
  if (opt.attrs.empty()) {
    Error(kErrList, loc(),
          "List must have a correctly formatted field attribute. (1274): Invalid configuration. "
          "Element '" + opt.name + "': " + opt.text + ".");
    return Step::kFatal;
  }
  static constexpr struct {
    const char* name;
    ListField field;
  } kListFields[] = {
      {"srcip", ListField::kSrcIp},       {"srcport", ListField::kSrcPort},
      {"dstip", ListField::kDstIp},       {"dstport", ListField::kDstPort},
      {"user", ListField::kUser},         {"url", ListField::kUrl},
      {"id", ListField::kId},             {"hostname", ListField::kHostname},
      {"program_name", ListField::kProgramName}, {"status", ListField::kStatus},
      {"action", ListField::kAction},     {"protocol", ListField::kProtocol},
      {"system_name", ListField::kSystemName}, {"data", ListField::kData},
      {"extra_data", ListField::kExtraData},
  };
  ListCheck check;
  bool has_field = false;
  for (const xml::Attr& at : opt.attrs) {
    const SourceLoc aloc = LocOf(d.file, at);
    if (IEquals(at.name, "lookup")) {
      std::optional<lists::Lookup> lookup = lists::ParseLookup(at.value);
      if (!lookup) {
        Error(kErrList, aloc, "List match lookup=\"" + at.value + "\" is not valid.");
        return Step::kFatal;
      }
      check.lookup = *lookup;
    } else if (IEquals(at.name, "field")) {
      has_field = true;
      check.field = ListField::kDynamic;
      for (const auto& f : kListFields) {
        if (IEquals(at.value, f.name)) {
          check.field = f.field;
          break;
        }
      }
      if (check.field == ListField::kDynamic) {  // trimmed to its first word
        size_t b = at.value.find_first_not_of(' ');
        std::string name = b == std::string::npos ? "" : at.value.substr(b);
        name.resize(std::min(name.size(), name.find(' ')));
        check.dynamic_name = name;
      }
    } else if (IEquals(at.name, "check_value")) {
      check.check_value.emplace();
      std::string err;
      if (!check.check_value->Compile(at.value, &err)) {
        Error(kErrList, aloc, "(1450): Syntax error on regex: '" + at.value + "': " + err + ".");
        return Step::kFatal;
      }
    } else {
      Error(kErrList, aloc, "List field=\"" + at.value + "\" is not valid");
      return Step::kFatal;
    }
  }
  if (!has_field) {
    Error(kErrList, loc(), "List requires the field=\"\" attribute");
    return Step::kFatal;
  }
  check.path = opt.text;
  check.list = lists_ ? lists_(opt.text) : nullptr;
  if (check.list == nullptr) {
    Warn(kWarnListNotLoaded, loc(),
         "(7616): List '" + opt.text + "' could not be loaded. Rule '" + d.id_text +
             "' will be ignored.");
    return Step::kSkipRule;
  }
  d.rule->lists.push_back(std::move(check));
  return Step::kNext;
}

RuleLoader::Step RuleLoader::ReadOptions(const xml::Node& opt, Draft& d) {
  Rule& r = *d.rule;
  const std::string& v = opt.text;
  if (v == "alert_by_email") {
    r.mail = true;
  } else if (v == "no_email_alert") {
    // alert_opts &= 0xfff - DO_MAILALERT, when set: also clears NO_COUNTER (0x1000).
    if (r.mail) r.mail = r.no_counter = false;
  } else if (v == "log_alert") {
    r.log_alert = true;
  } else if (v == "no_log") {
    if (r.log_alert) r.log_alert = r.no_counter = false;
  } else if (v == "no_ar") {
    r.no_ar = true;
  } else if (v == "no_full_log") {
    r.no_full_log = true;
  } else if (v == "no_counter") {
    r.no_counter = true;
  } else {
    Error(kErrValue, LocOf(d.file, opt),
          "(1235): Invalid value for element 'options': " + v + ". Invalid option '" + opt.name +
              "' for rule '" + d.id_text + "'.");
    return Step::kFatal;
  }
  return Step::kNext;
}

RuleLoader::Step RuleLoader::ReadIgnore(const xml::Node& opt, bool check_if_ignored, Draft& d) {
  Rule& r = *d.rule;
  const char* what = check_if_ignored ? "check_if_ignored" : "ignore";
  uint16_t& mask = check_if_ignored ? r.check_if_ignored_mask : r.ignore_mask;
  std::vector<std::string>& names = check_if_ignored ? r.check_if_ignored_fields : r.ignore_fields;
  names.clear();  // a later element replaces the dynamic names (the mask accumulates)
  const std::vector<std::string> words = BreakWords(opt.text, opts_.decoder_order_size);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.empty()) {
      Error(kErrValue, LocOf(d.file, opt),
            std::string("Wrong ") + what + " option: '" + opt.text + "'");
      return Step::kFatal;
    }
    static constexpr struct {
      const char* name;
      uint16_t bit;
    } kKeys[] = {{"user", kIgnoreUser},         {"srcip", kIgnoreSrcIp}, {"dstip", kIgnoreDstIp},
                 {"id", kIgnoreId},             {"location", kIgnoreLocation},
                 {"data", kIgnoreData},         {"name", kIgnoreName}};
    uint16_t bit = kIgnoreDynamic;
    for (const auto& k : kKeys) {
      if (w == k.name) bit = k.bit;
    }
    mask |= bit;
    if (bit == kIgnoreDynamic) names.push_back(w);
  }
  return Step::kNext;
}

void RuleLoader::ReadMitre(const xml::Node& opt, Draft& d) {
  Rule& r = *d.rule;
  const SourceLoc loc = LocOf(d.file, opt);
  const std::string& id = d.id_text;
  if (opt.children.empty()) {
    Warn(kWarnMitre, loc, "Empty Mitre information for rule '" + id + "'");
    return;
  }
  bool failure = false, id_flag = false, tactic_flag = false, technique_flag = false;
  int tactics = 0, techniques = 0;
  for (const xml::Node& m : opt.children) {
    const SourceLoc mloc = LocOf(d.file, m);
    if (IEquals(m.name, "id") || IEquals(m.name, "techniqueID")) {
      if (m.text.empty()) {
        Warn(kWarnMitre, mloc, "No Mitre Technique ID found for rule '" + id + "'");
        failure = true;
      } else if (IEquals(m.name, "id")) {
        id_flag = true;
      } else {
        technique_flag = true;
        ++techniques;
      }
    } else if (IEquals(m.name, "tacticID")) {
      if (m.text.empty()) {
        Warn(kWarnMitre, mloc, "No Mitre Tactic ID found for rule '" + id + "'");
        failure = true;
      } else {
        tactic_flag = true;
        ++tactics;
      }
    } else {
      // Wazuh logs an ERROR here and keeps loading; logtest then fails the request.
      Error(kErrMitre, mloc, "Invalid option '" + m.name + "' for rule '" + id + "'");
      d.ok = false;
      failure = true;
    }
  }
  if (failure) return;
  const std::string mixed_old_dropped =
      "Rule '" + id + "' combined old and new Mitre formats, the old Mitre Technique format "
      "will be discarded.";
  if (id_flag) {
    if (tactic_flag || technique_flag) {
      Warn(kWarnMitre, loc,
           "Rule '" + id + "' combined old and new Mitre formats in the same block. The Mitre "
           "block will be discarded.");
      return;
    }
    if (d.mitre_new_format) {
      Warn(kWarnMitre, loc, mixed_old_dropped);
      r.mitre_ids.clear();
      return;
    }
    d.mitre_deprecated = true;
  } else if (tactic_flag && technique_flag) {
    if (tactics > 1 || techniques > 1) {
      Warn(kWarnMitre, loc,
           "In rule '" + id + "' is not allowed to join more than one Mitre techniqueID or "
           "tacticID in the same block. The Mitre block will be discarded.");
      return;
    }
    d.mitre_new_format = true;
    if (d.mitre_deprecated) {
      Warn(kWarnMitre, loc, mixed_old_dropped);
      r.mitre_ids.clear();
      d.mitre_deprecated = false;
    }
  } else if (technique_flag) {
    Warn(kWarnMitre, loc, "Mitre tacticID should be defined in rule '" + id + "'");
    return;
  } else if (tactic_flag) {
    Warn(kWarnMitre, loc, "Mitre techniqueID should be defined in rule '" + id + "'");
    return;
  }

  std::optional<std::string> tactic, technique;
  for (const xml::Node& m : opt.children) {
    if (IEquals(m.name, "id")) {
      if (std::find(r.mitre_ids.begin(), r.mitre_ids.end(), m.text) == r.mitre_ids.end()) {
        r.mitre_ids.push_back(m.text);
      }
    } else if (IEquals(m.name, "tacticID")) {
      tactic = m.text;
    } else if (IEquals(m.name, "techniqueID")) {
      technique = m.text;
    }
  }
  if (tactic && technique) {
    for (const MitreBlock& b : r.mitre_blocks) {
      if (b.tactic_id == *tactic && b.technique_id == *technique) return;
    }
    r.mitre_blocks.push_back({*tactic, *technique});
  }
}

// ---- decoders' <fts> ----------------------------------------------------------------------------

void RuleLoader::BuildFtsSpecs() {
  static constexpr struct {
    const char* name;
    uint16_t bit;
  } kKeys[] = {{"dstuser", FtsSpec::kDstUser}, {"user", FtsSpec::kDstUser},
               {"srcuser", FtsSpec::kSrcUser}, {"srcip", FtsSpec::kSrcIp},
               {"dstip", FtsSpec::kDstIp},     {"id", FtsSpec::kId},
               {"location", FtsSpec::kLocation}, {"data", FtsSpec::kData},
               {"extra_data", FtsSpec::kData}, {"system_name", FtsSpec::kSystemName},
               {"name", FtsSpec::kName}};
  for (const auto& dec : decoders_.decoders()) {
    FtsSpec spec;
    spec.dynamic_by_order.assign(dec->order.size(), false);
    if (!dec->fts.empty()) {
      for (const std::string& w : BreakWords(dec->fts, SIZE_MAX)) {
        uint16_t bit = 0;
        for (const auto& k : kKeys) {
          if (w == k.name) bit = k.bit;
        }
        if (bit != 0) {
          spec.mask |= bit;
          continue;
        }
        for (size_t i = 0; i < dec->order.size(); ++i) {  // a dynamic field of <order>
          if (!dec->order[i].is_static && IEquals(dec->order[i].name, w)) {
            spec.dynamic_by_order[i] = true;
            spec.mask |= FtsSpec::kDynamic;
            break;
          }
        }
      }
    }
    set_->fts_.emplace(dec.get(), std::move(spec));
  }
}

}  // namespace tripline::rules
