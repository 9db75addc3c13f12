// Rule: one compiled Wazuh rule (RuleInfo in analysisd, docs/wazuh-semantics.md §4.1-4.2) as the
// rules layer keeps it after loading. Rules are built by RuleSet::Load and never change after it
// returns; the per-session counters (firedtimes, ignore timer) and every correlation memory live
// in rules::Session, keyed by Rule::index.
// Immutable after loading; reading a Rule from many threads at once is safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "decode/decoder.h"
#include "lists/cdb_list.h"
#include "match/ip_list.h"
#include "match/os_match.h"
#include "match/os_regex.h"
#include "match/pattern.h"

namespace tripline::rules {

// Rule category = decoder type the rule applies to (docs §4.5). Only syslog, firewall, ids,
// web-log, squid, windows and ossec can be written in <category>.
using Category = DecoderType;

// Wazuh's FIELD_* bit numbers, used by same_* / different_* (docs §5.4 step 6). kFieldUser is
// dstuser (same_user compares dstuser).
enum CorrelationField : uint8_t {
  kFieldSrcIp = 0,
  kFieldId,
  kFieldDstIp,
  kFieldSrcPort,
  kFieldDstPort,
  kFieldSrcUser,
  kFieldUser,
  kFieldProtocol,
  kFieldAction,
  kFieldUrl,
  kFieldData,
  kFieldExtraData,
  kFieldStatus,
  kFieldSystemName,
  kFieldSrcGeoIp,
  kFieldDstGeoIp,
  kFieldLocation,
  kCorrelationFieldCount
};

// <compiled_rule> functions (docs §4.2).
enum class CompiledRule : uint8_t {
  kNone,
  kIsSimpleHttpRequest,
  kIsValidCrawler,
  kCompSrcUserDstUser,
  kCheckIdSize,
  kCompMswinTargetUserCallerUserDiff,
};

// Runs a <compiled_rule> function on an event (true for kNone).
bool RunCompiledRule(CompiledRule c, const Event& ev);

// Event field a <list field="..."> looks up (docs §8).
enum class ListField : uint8_t {
  kSrcIp, kSrcPort, kDstIp, kDstPort, kUser, kUrl, kId, kHostname, kProgramName,
  kStatus, kAction, kProtocol, kSystemName, kData, kExtraData, kDynamic,
};

struct ListCheck {
  ListField field = ListField::kSrcIp;
  std::string dynamic_name;                 // field name when field == kDynamic
  lists::Lookup lookup = lists::Lookup::kMatchKey;
  std::optional<match::OsMatch> check_value;
  const lists::CdbList* list = nullptr;     // owned by the list registry; outlives the RuleSet
  std::string path;                         // the element text
};

// The event's value that list check `l` looks up, or nullptr when the event has none. <user>
// lists take srcuser first, then dstuser (the reverse of the <user> pattern).
const char* ListCheckValue(const ListCheck& l, const Event& ev);

// <field name="N">: a pattern on the first dynamic field named N (case-insensitive).
struct FieldCheck {
  std::string name;
  match::Pattern pattern;
};

// Which previous-event memory the rule's correlation search walks (docs §5.4).
enum class SearchKind : uint8_t {
  kNone,    // not a correlation rule (or check_diff)
  kSid,     // if_matched_sid: the matched rule's sid list
  kGroup,   // if_matched_group: the rule's own group list
  kEvents,  // if_matched_regex / bare context: the whole last-events list
};

// <ignore> / <check_if_ignored> key parts (FTS_* bits of fts.c).
enum IgnoreBit : uint16_t {
  kIgnoreName = 1u << 0,
  kIgnoreId = 1u << 1,
  kIgnoreUser = 1u << 2,
  kIgnoreSrcIp = 1u << 3,
  kIgnoreDstIp = 1u << 4,
  kIgnoreLocation = 1u << 5,
  kIgnoreData = 1u << 6,
  kIgnoreDynamic = 1u << 7,
};

struct MitreBlock {
  std::string tactic_id;
  std::string technique_id;
};

struct Rule {
  // --- identity ---
  int id = 0;
  uint32_t index = 0;       // position in RuleSet::rules(); keys every session memory
  int level = 0;            // final level: 0..16, or 99 for level 0 with accuracy="0"
  std::string description;  // <description> pieces concatenated; first '\n' of each piece -> ' '
  std::string group;        // "<group name>" + every <group> text, all '\n' removed (docs §4.1)
  std::string info;         // every <info> text concatenated
  std::string cve;          // every <cve> text concatenated
  std::vector<std::string> mitre_ids;     // old <mitre><id> format, duplicates removed
  std::vector<MitreBlock> mitre_blocks;   // <tacticID>/<techniqueID> pairs, duplicates removed
  std::string file;         // file the (last) definition came from
  SourceLoc loc;            // where the (last) <rule> element starts

  // --- attributes ---
  int maxsize = 0;          // rule needs strlen(log) >= maxsize
  int frequency = 0;        // internal F = frequency attribute - 2 (0 when absent; docs §5.2)
  int timeframe = 360;      // seconds
  int ignore_time = 0;      // ignore="S": post-fire suppression window (docs §4.5, §5.6)
  bool noalert = false;
  Category category = Category::kSyslog;
  int decoded_as = 0;       // decoder id, 0 = any

  // --- options and alert flags (docs §4.2 <options>, §6.1 rule.mail) ---
  bool mail = false;        // DO_MAILALERT: level >= email_alert_level or alert_by_email,
                            // minus no_email_alert (the value the alert's rule.mail shows)
  bool log_alert = false;   // DO_LOGALERT (analysisd only; logtest ignores it)
  bool no_ar = false;
  bool no_full_log = false;
  bool no_counter = false;  // omit rule.firedtimes

  // --- check groups (docs §4.4) ---
  bool packet_info = false;       // P: srcip/dstip/srcport/dstport checks
  bool extra_info = false;        // E: compiled rule, user, geoip, maxsize, time, weekday, data,
                                  //    extra_data, hostname, status, check_diff
  bool same_extra_info = false;   // S (no semantic effect; kept for fidelity)

  // --- patterns (null = no check) ---
  std::optional<match::Pattern> match, regex, program_name, id_pattern, system_name, protocol,
      action, url, location, user, srcgeoip, dstgeoip, data, extra_data, hostname, srcport,
      dstport, status;
  std::optional<match::IpList> srcip, dstip;
  bool srcip_negate = false;
  bool dstip_negate = false;
  std::vector<FieldCheck> fields;
  std::vector<ListCheck> lists;
  CompiledRule compiled_rule = CompiledRule::kNone;
  std::string day_time;                       // Wazuh's stored form, e.g. ".06:0021:00"; "" = none
  std::optional<std::array<bool, 7>> week_day;  // index 0 = Sunday
  bool if_fts = false;

  // --- correlation (docs §5) ---
  bool context = false;           // any if_matched_* / check_diff / bare if_matched_sid
  bool check_diff = false;
  bool global_frequency = false;
  uint32_t same_fields_mask = 0;       // bits of CorrelationField
  uint32_t different_fields_mask = 0;
  std::vector<std::string> same_dynamic;       // <same_field> texts
  std::vector<std::string> different_dynamic;  // <different_field>/<not_same_field> texts
  int if_matched_sid = 0;
  std::optional<match::OsMatch> if_matched_group;
  std::string if_matched_group_text;
  std::optional<match::OsRegex> if_matched_regex;
  uint16_t ignore_mask = 0;                  // <ignore>
  std::vector<std::string> ignore_fields;
  uint16_t check_if_ignored_mask = 0;        // <check_if_ignored>
  std::vector<std::string> check_if_ignored_fields;

  // --- links made by the loader (indices into the session's correlation lists) ---
  SearchKind search = SearchKind::kNone;
  int search_list = -1;   // list the search walks (kSid: the matched rule's sid list; kGroup: own)
  int sid_list = -1;      // this rule's own sid list (exists iff some rule has if_matched_sid=id)
  std::vector<int> group_feeds;  // group lists this rule's events go to (may repeat, docs §4.3)

  // --- tree attachment inputs (kept for overwrite checks and inspection) ---
  std::optional<std::string> if_sid;    // explicit, or implied by if_matched_sid
  std::optional<std::string> if_group;  // explicit or implied by if_matched_group; cleared after
                                        // attachment, as analysisd does
  std::optional<std::string> if_level;

  // True when alerts for this rule carry rule.frequency (docs §6.1: a search function exists).
  bool has_search_function() const { return search != SearchKind::kNone; }
  // The JSON rule.frequency value (F + 2).
  int frequency_value() const { return frequency + 2; }
};

}  // namespace tripline::rules
