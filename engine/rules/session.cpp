// rules::Session: rule evaluation (rules.c OS_CheckIfRuleMatch), the logtest matching phase
// (logtest.c w_logtest_rulesmatching_phase) and the correlation memories (eventinfo.c,
// eventinfo_list.c, fts.c, dodiff.c, accumulator.c). See docs/wazuh-semantics.md §4.4-§5.

#include "rules/session.h"

#include <time.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <functional>
#include <strings.h>

#include "rules/time_window.h"

namespace tripline::rules {

namespace {

constexpr size_t kMaxLastEvents = 10;        // frequency_count <= 10 -> at most 11 entries
constexpr size_t kTraceMax = 1055;           // RULES_DEBUG_MSG_I_MAX_LEN - 1
constexpr size_t kCommentMax = 1024;         // OS_COMMENT_MAX
constexpr size_t kFtsLineMax = 256;          // OS_FLSIZE
constexpr size_t kDiffMaxLog = 65536;        // OS_SIZE_65536
constexpr int64_t kAccExpire = 120;          // OS_ACM_EXPIRE_ELM
constexpr int kAccPurgeCount = 200;          // OS_ACM_PURGE_COUNT
constexpr size_t kAccMaxValue = 80;          // OS_ACM_MAXELM - 1
constexpr size_t kAccMaxKey = 256;           // OS_ACM_MAXKEY
constexpr size_t kStoredTextReserve = 1024;  // initial capacity of a stored event's texts
constexpr size_t kStoredDynamicsReserve = 32;  // ... and of its dynamic field spans

// Static field behind a same_/different_ bit (nullptr for the GeoIP fields, which a build
// without GeoIP never sets).
bool FieldStatic(int bit, StaticField* f) {
  static constexpr int kMap[] = {kSrcIp, kId,   kDstIp, kSrcPort, kDstPort, kSrcUser,
                                 kDstUser, kProtocol, kAction, kUrl, kData, kExtraData,
                                 kStatus, kSystemName};
  if (bit < 0 || bit >= static_cast<int>(std::size(kMap))) return false;
  *f = static_cast<StaticField>(kMap[bit]);
  return true;
}

// OS_StrHowClosedMatch.
size_t HowClosedMatch(const std::string& a, const std::string& b) {
  size_t count = 0;
  const char* s1 = a.c_str();
  const char* s2 = b.c_str();
  do {
    if (s1[count] != s2[count]) break;
    ++count;
  } while (s1[count] != '\0' && s2[count] != '\0');
  return count;
}

bool StartsWith(const char* s, const char* prefix) {
  return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

// splitmix64's finalizer: spreads every input bit over the whole word.
uint64_t Mix(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

bool RunCompiledRule(CompiledRule c, const Event& ev) {
  switch (c) {
    case CompiledRule::kNone:
      return true;
    case CompiledRule::kCompSrcUserDstUser: {
      const char* src = ev.Static(kSrcUser);
      const char* dst = ev.Static(kDstUser);
      if (src == nullptr || dst == nullptr) return true;
      return std::strcmp(src, dst) == 0;
    }
    case CompiledRule::kCheckIdSize: {
      const char* id = ev.Static(kId);
      return id != nullptr && std::strlen(id) >= 10;
    }
    case CompiledRule::kIsSimpleHttpRequest: {
      const char* url = ev.Static(kUrl);
      if (url == nullptr) return false;
      if (std::strcmp(url, "/") == 0) return true;
      return std::strchr(url, '?') == nullptr;
    }
    case CompiledRule::kIsValidCrawler: {
      const char* log = ev.log();
      static constexpr const char* kBots[] = {"66.249.", "72.14.", "209.85.", "65.55.",
                                              "207.46.", "74.6.",  "72.30.",  "67.195."};
      for (const char* b : kBots) {
        if (StartsWith(log, b)) return true;
      }
      return false;
    }
    case CompiledRule::kCompMswinTargetUserCallerUserDiff: {
      const char* log = ev.log();
      const char* target = std::strstr(log, "Target Account Name");
      const char* caller = std::strstr(log, "Caller User Name");
      if (target == nullptr || caller == nullptr) return false;
      target = std::strchr(target, ':');
      caller = std::strchr(caller, ':');
      if (target == nullptr || caller == nullptr) return false;
      ++target;
      ++caller;
      while (*target != '\0') {
        if (*target != *caller) return true;
        if (*target == '\t' || (*target == ' ' && target[1] == ' ')) break;
        ++target;
        ++caller;
      }
      return false;
    }
  }
  return true;
}

// ---- small containers -------------------------------------------------------------------------

std::string& StringSlots::Append() {
  if (size_ == slots_.size()) slots_.emplace_back();
  std::string& s = slots_[size_++];
  s.clear();
  return s;
}

void StringSlots::SetAndTruncate(size_t i, std::string_view s) {
  size_ = i;
  push_back(s);
}

void MatchResult::PreviousOutput(std::string* out) const {
  out->clear();
  for (size_t i = 0; i < last_events.size(); ++i) {
    if (i != 0) out->push_back('\n');
    out->append(last_events[i]);
  }
}

void Session::RefRing::push_back(Ref r) {
  if (size_ == buf_.size()) {
    std::vector<Ref> grown(buf_.empty() ? 16 : buf_.size() * 2);
    for (size_t i = 0; i < size_; ++i) grown[i] = at(i);
    buf_ = std::move(grown);
    head_ = 0;
  }
  buf_[(head_ + size_) & (buf_.size() - 1)] = r;
  ++size_;
}

void Session::RefRing::pop_front() {
  head_ = (head_ + 1) & (buf_.size() - 1);
  --size_;
}

// ---- correlation list key index -----------------------------------------------------------------

uint64_t Session::HeadMap::Find(uint64_t hash) const {
  if (cells_.empty()) return kNoSeq;
  const size_t m = cells_.size() - 1;
  for (size_t i = SlotOf(hash);; i = (i + 1) & m) {
    if (cells_[i].hash == hash) return cells_[i].seq;
    if (cells_[i].hash == 0) return kNoSeq;
  }
}

size_t Session::HeadMap::SlotOf(uint64_t hash) const {
  return static_cast<size_t>(hash) & (cells_.size() - 1);  // hashes are already mixed
}

uint64_t Session::HeadMap::Exchange(uint64_t hash, uint64_t seq) {
  if ((size_ + 1) * 2 > cells_.size()) Grow();
  const size_t m = cells_.size() - 1;
  for (size_t i = SlotOf(hash);; i = (i + 1) & m) {
    Cell& c = cells_[i];
    if (c.hash == hash) {
      const uint64_t old = c.seq;
      c.seq = seq;
      return old;
    }
    if (c.hash == 0) {
      c.hash = hash;
      c.seq = seq;
      ++size_;
      return kNoSeq;
    }
  }
}

void Session::HeadMap::EraseIf(uint64_t hash, uint64_t seq) {
  if (cells_.empty()) return;
  const size_t m = cells_.size() - 1;
  size_t i = SlotOf(hash);
  while (cells_[i].hash != hash) {
    if (cells_[i].hash == 0) return;
    i = (i + 1) & m;
  }
  if (cells_[i].seq != seq) return;
  // Backward-shift deletion: move later cells of the probe run into the hole when their home
  // slot is not cyclically in (hole, cell].
  for (size_t j = i;;) {
    j = (j + 1) & m;
    if (cells_[j].hash == 0) break;
    const size_t home = SlotOf(cells_[j].hash);
    const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays) continue;
    cells_[i] = cells_[j];
    i = j;
  }
  cells_[i] = Cell{};
  --size_;
}

void Session::HeadMap::Grow() {
  std::vector<Cell> old = std::move(cells_);
  cells_.assign(old.empty() ? 16 : old.size() * 2, Cell{});
  const size_t m = cells_.size() - 1;
  for (const Cell& c : old) {
    if (c.hash == 0) continue;
    size_t i = SlotOf(c.hash);
    while (cells_[i].hash != 0) i = (i + 1) & m;
    cells_[i] = c;
  }
}

void Session::CorrList::Grow() {
  const size_t k = keys.size();
  const size_t cap = refs_.empty() ? 16 : refs_.size() * 2;
  std::vector<Ref> refs(cap);
  std::vector<Link> links(cap * k);
  const uint64_t mask = cap - 1;
  for (uint64_t seq = front_; seq != end_; ++seq) {
    refs[seq & mask] = refs_[seq & mask_];
    for (size_t i = 0; i < k; ++i) links[(seq & mask) * k + i] = links_[(seq & mask_) * k + i];
  }
  refs_ = std::move(refs);
  links_ = std::move(links);
  mask_ = mask;
  heads_.resize(k);
}

void Session::CorrList::PushBack(Ref r, int64_t time, const uint64_t* hashes) {
  if (size() == refs_.size()) Grow();
  if (end_ != front_ && time < last_time_) disorder_ = end_ - 1;
  last_time_ = time;
  const uint64_t seq = end_++;
  refs_[seq & mask_] = r;
  for (size_t k = 0; k < keys.size(); ++k) {
    Link& l = links_[(seq & mask_) * keys.size() + k];
    l.hash = hashes[k];
    l.prev = l.hash != 0 ? heads_[k].Exchange(l.hash, seq) : kNoSeq;
  }
}

void Session::CorrList::PopFront() {
  const uint64_t seq = front_++;
  for (size_t k = 0; k < keys.size(); ++k) {
    // The oldest entry is the only one of its chain when it is still the chain's head.
    const Link& l = links_[(seq & mask_) * keys.size() + k];
    if (l.hash != 0) heads_[k].EraseIf(l.hash, seq);
  }
}

EventTime EventTime::FromEpoch(int64_t epoch_seconds) {
  EventTime t;
  t.now = epoch_seconds;
  time_t tt = static_cast<time_t>(epoch_seconds);
  struct tm tm_local {};
  if (localtime_r(&tt, &tm_local) != nullptr) {
    t.hour = tm_local.tm_hour;
    t.minute = tm_local.tm_min;
    t.second = tm_local.tm_sec;
    t.weekday = tm_local.tm_wday;
  }
  return t;
}

// ---- stateless checks ----------------------------------------------------------------------

const char* ListCheckValue(const ListCheck& l, const Event& ev) {
  const char* v = nullptr;
  const char* program = ev.has_program_name ? ev.program_name.c_str() : nullptr;
  switch (l.field) {
    case ListField::kSrcIp: v = ev.Static(kSrcIp); break;
    case ListField::kSrcPort: v = ev.Static(kSrcPort); break;
    case ListField::kDstIp: v = ev.Static(kDstIp); break;
    case ListField::kDstPort: v = ev.Static(kDstPort); break;
    case ListField::kUser:  // srcuser first, then dstuser (the reverse of <user>)
      v = ev.Static(kSrcUser) != nullptr ? ev.Static(kSrcUser) : ev.Static(kDstUser);
      break;
    case ListField::kUrl: v = ev.Static(kUrl); break;
    case ListField::kId: v = ev.Static(kId); break;
    case ListField::kHostname: v = ev.hostname.c_str(); break;
    case ListField::kProgramName: v = program; break;
    case ListField::kStatus: v = ev.Static(kStatus); break;
    case ListField::kAction: v = ev.Static(kAction); break;
    case ListField::kProtocol: v = ev.Static(kProtocol); break;
    case ListField::kSystemName: v = ev.Static(kSystemName); break;
    case ListField::kData: v = ev.Static(kData); break;
    case ListField::kExtraData: v = ev.Static(kExtraData); break;
    case ListField::kDynamic: {
      const DynamicField* d = ev.FindDynamic(l.dynamic_name);
      v = d != nullptr ? d->value.c_str() : nullptr;
      break;
    }
  }
  return v;
}

namespace {

// What the stateless checks of a rule read.
struct Conditions {
  const Event* ev;
  const char* hhmm;   // "HH:MM:SS" local time of day, for <time>
  int weekday;        // local day of week, for <weekday>
  int decoder_id;
};

// §4.4 steps 1-14 up to (not including) check_diff: every check that reads only the event and
// its local time. Pure; thread-safe.
bool PreChecks(const Rule& r, const Conditions& c) {
  const Event& ev = *c.ev;
  if (r.decoded_as != 0 && r.decoded_as != c.decoder_id) return false;
  const char* program = ev.has_program_name ? ev.program_name.c_str() : nullptr;
  if (r.program_name && !r.program_name->Matches(program)) return false;
  if (r.id_pattern && !r.id_pattern->Matches(ev.Static(kId))) return false;
  if (r.system_name && !r.system_name->Matches(ev.Static(kSystemName))) return false;
  if (r.protocol && !r.protocol->Matches(ev.Static(kProtocol))) return false;
  if (r.match && !r.match->Matches(ev.log())) return false;
  if (r.regex && !r.regex->Matches(ev.log())) return false;
  if (r.action && !r.action->Matches(ev.Static(kAction))) return false;
  if (r.url && !r.url->Matches(ev.Static(kUrl))) return false;
  if (r.location && !r.location->Matches(ev.location.c_str())) return false;
  for (const FieldCheck& f : r.fields) {
    const DynamicField* d = ev.FindDynamic(f.name);
    if (!f.pattern.Matches(d != nullptr ? d->value.c_str() : nullptr)) return false;
  }

  if (r.packet_info) {
    if (r.srcip) {
      const char* v = ev.Static(kSrcIp);
      if (v == nullptr || r.srcip->Contains(v) == r.srcip_negate) return false;
    }
    if (r.dstip) {
      const char* v = ev.Static(kDstIp);
      if (v == nullptr || r.dstip->Contains(v) == r.dstip_negate) return false;
    }
    if (r.srcport && !r.srcport->Matches(ev.Static(kSrcPort))) return false;
    if (r.dstport && !r.dstport->Matches(ev.Static(kDstPort))) return false;
  }

  if (r.extra_info) {
    if (!RunCompiledRule(r.compiled_rule, ev)) return false;
    if (r.user) {
      // dstuser when set (srcuser is then not consulted), else srcuser (§4.4 step 13).
      const char* dst = ev.Static(kDstUser);
      if (!r.user->Matches(dst != nullptr ? dst : ev.Static(kSrcUser))) return false;
    }
    // GeoIP fields are never set in a build without GeoIP.
    if (r.srcgeoip && !r.srcgeoip->Matches(nullptr)) return false;
    if (r.dstgeoip && !r.dstgeoip->Matches(nullptr)) return false;
    if (r.maxsize != 0 && std::strlen(ev.log()) < static_cast<size_t>(r.maxsize)) return false;
    if (!r.day_time.empty() && !TimeInRange(c.hhmm, r.day_time)) return false;
    if (r.week_day) {
      int wd = c.weekday;
      if (wd < 0 || wd > 6 || !(*r.week_day)[static_cast<size_t>(wd)]) return false;
    }
    if (r.data && !r.data->Matches(ev.Static(kData))) return false;
    if (r.extra_data && !r.extra_data->Matches(ev.Static(kExtraData))) return false;
    if (r.hostname && !r.hostname->Matches(ev.hostname.c_str())) return false;
    if (r.status && !r.status->Matches(ev.Static(kStatus))) return false;
  }
  return true;
}

// §4.4 step 15: the CDB list checks, which Wazuh runs after check_diff and if_fts. Pure;
// thread-safe.
bool ListChecks(const Rule& r, const Conditions& c) {
  for (const ListCheck& l : r.lists) {
    const char* v = ListCheckValue(l, *c.ev);
    if (v == nullptr) return false;
    if (!l.list->Check(l.lookup, v, l.check_value ? &*l.check_value : nullptr)) return false;
  }
  return true;
}

// True when the outcome of the rule depends on session state: check_diff, if_fts or a
// correlation search.
bool IsStateful(const Rule& r) {
  return (r.extra_info && r.check_diff) || r.if_fts ||
         (r.context && !r.check_diff && r.search != SearchKind::kNone);
}

void FormatHhmm(const EventTime& t, char (&out)[16]) {
  const int v[3] = {t.hour % 100, t.minute % 100, t.second % 100};
  if (v[0] < 0 || v[1] < 0 || v[2] < 0) {
    std::snprintf(out, sizeof(out), "%02d:%02d:%02d", v[0], v[1], v[2]);
    return;
  }
  // "%02d:%02d:%02d" without the formatted-output machinery (every event, every rule walk).
  char* p = out;
  for (int i = 0; i < 3; ++i) {
    if (i != 0) *p++ = ':';
    *p++ = static_cast<char>('0' + v[i] / 10);
    *p++ = static_cast<char>('0' + v[i] % 10);
  }
  *p = '\0';
}

}  // namespace

// ---- prematch -----------------------------------------------------------------------------

void Prematch::Clear() {
  path_.clear();
  definite_ = false;
  winner_ = parent_ = nullptr;
}

// Walks the tree as Session::CheckRule does until it meets a rule whose outcome depends on
// session state (one that passes its stateless checks and has check_diff, if_fts or a
// correlation search): it records that rule's stateless outcome and stops there, leaving
// every later rule to the serial walk. Returns kMatch when a rule matched (no state involved),
// kNoMatch or kStopped.
int Prematch::Walk(const RuleSet& rules, uint32_t node_index, uint32_t position,
                   const void* conditions) {
  const Conditions& c = *static_cast<const Conditions*>(conditions);
  const RuleSet::Node& node = rules.nodes()[node_index];
  const Rule& r = *rules.rules()[node.rule];
  if (!PreChecks(r, c)) return kNoMatch;
  if (IsStateful(r)) {
    stop_lists_pass_ = ListChecks(r, c);
    definite_ = false;
    path_.push_back({node_index, position});
    return kStopped;
  }
  if (!ListChecks(r, c)) return kNoMatch;
  for (uint32_t i = 0; i < node.children.size(); ++i) {
    const int hit = Walk(rules, node.children[i], i, conditions);
    if (hit == kMatch) {
      // As CheckRule: the parent is the innermost ancestor of the winner.
      if (parent_ == nullptr) parent_ = &r;
      return kMatch;
    }
    if (hit == kStopped) {
      path_.push_back({node_index, position});
      return kStopped;
    }
  }
  if (r.noalert) return kNoMatch;  // transparent: the next sibling is tried
  winner_ = &r;
  return kMatch;
}

void Prematch::Compute(const RuleSet& rules, const Event& ev, const EventTime& time) {
  Clear();
  definite_ = true;
  char hhmm[16];
  FormatHhmm(time, hhmm);
  const Conditions c{&ev, hhmm, time.weekday, ev.decoder != nullptr ? ev.decoder->id : 0};
  const DecoderType type = ev.decoder != nullptr ? ev.decoder->type : DecoderType::kSyslog;
  const std::vector<uint32_t>& roots = rules.roots();
  for (uint32_t i = 0; i < roots.size(); ++i) {
    const Rule& root = *rules.rules()[rules.nodes()[roots[i]].rule];
    if (root.category != type) continue;
    if (Walk(rules, roots[i], i, &c) != kNoMatch) break;
  }
  std::reverse(path_.begin(), path_.end());  // recorded while unwinding: make it root first
}

// ---- session ----------------------------------------------------------------------------------

Session::Session(const RuleSet& rules, const SessionOptions& opts)
    : rules_(rules),
      opts_(opts),
      firedtimes_(rules.rules().size(), 0),
      time_ignored_(rules.rules().size(), 0),
      lists_(static_cast<size_t>(rules.correlation_list_count())) {
  if (opts_.memory_size < 2048) opts_.memory_size = 2048;
  opts_.fts_list_size = std::clamp<size_t>(opts_.fts_list_size, 12, 512);
  opts_.fts_min_size_for_str = std::clamp<size_t>(opts_.fts_min_size_for_str, 6, 128);
  search_key_.assign(rules.rules().size(), -1);
  if (!opts_.search_index) return;
  size_t max_keys = 0;
  for (const auto& rule : rules.rules()) {
    const Rule& r = *rule;
    if ((r.search != SearchKind::kSid && r.search != SearchKind::kGroup) || r.search_list < 0) {
      continue;
    }
    SearchKey key{!r.global_frequency, r.same_fields_mask, r.same_dynamic};
    if (!key.agent && key.mask == 0 && key.dynamic.empty()) continue;  // nothing to index
    std::vector<SearchKey>& keys = lists_[static_cast<size_t>(r.search_list)].keys;
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) it = keys.insert(keys.end(), std::move(key));
    search_key_[r.index] = static_cast<int>(it - keys.begin());
    max_keys = std::max(max_keys, keys.size());
  }
  hashes_.resize(max_keys);
}

const MatchResult& Session::Process(const Event& ev, const EventTime& event_time, bool trace,
                                    const Prematch* pre, EventCopy* copy) {
  ++counters_.events;
  const EventTime* time_ptr = &event_time;
  if (opts_.time_mode == TimeMode::kEvent) {
    // Event time: never go back, so every memory stays time-ordered (docs/limits.md).
    if (has_newest_time_ && event_time.now < newest_time_) {
      clamped_time_ = event_time;
      clamped_time_.now = newest_time_;
      time_ptr = &clamped_time_;
      ++counters_.late_clamped;
    }
  }
  const EventTime& time = *time_ptr;
  if (!has_newest_time_ || time.now > newest_time_) newest_time_ = time.now;
  has_newest_time_ = true;

  MatchResult& res = result_;
  res.rule = nullptr;
  res.parent = nullptr;
  res.firedtimes = 0;
  res.stored = res.ignored = res.alert = false;
  res.description.clear();
  res.last_events.clear();
  res.has_previous_log = false;
  res.previous_log.clear();
  res.rules_debug.clear();

  Eval e;
  e.ev = &ev;
  e.time = &time;
  e.type = ev.decoder != nullptr ? ev.decoder->type : DecoderType::kSyslog;
  e.decoder_id = ev.decoder != nullptr ? ev.decoder->id : 0;
  e.trace = trace;
  e.pre = trace ? nullptr : pre;

  // Top level: every template rule of the event's category, in order; the first hit wins.
  const Rule* matched = nullptr;
  if (e.pre != nullptr && e.pre->definite()) {
    // No state involved: the prematch walk already is the serial walk's outcome.
    matched = e.pre->winner();
    e.parent = e.pre->parent();
    if (matched != nullptr) ++firedtimes_[matched->index];
  } else {
    FormatHhmm(time, e.hhmm);  // for the <time> checks of the walk
    if (e.pre != nullptr && !e.pre->path().empty()) {
      matched = Resume(e);
    } else {
      for (uint32_t n : rules_.roots()) {
        const Rule& root = *rules_.rules()[rules_.nodes()[n].rule];
        if (root.category != e.type) continue;
        matched = CheckRule(n, e);
        if (matched != nullptr) break;
      }
    }
  }
  if (matched == nullptr) return res;

  res.rule = matched;
  res.parent = e.parent;
  res.firedtimes = firedtimes_[matched->index];
  ExpandDescription(*matched, ev);

  // w_logtest_rulesmatching_phase after a match.
  if (matched->level == 0) return res;
  if (matched->ignore_time != 0) {
    int64_t& armed = time_ignored_[matched->index];
    if (armed == 0) {
      armed = time.now;
    } else if (time.now - armed < matched->ignore_time) {
      res.ignored = true;  // reported with alert=false, not stored, timer not re-armed
      return res;
    } else {
      armed = 0;
    }
  }
  // <check_if_ignored>: logtest never writes the ignore file and a stored line ends in '\n'
  // while the key does not, so the check never suppresses anything (§5.6).
  Store(*matched, ev, e, copy);
  res.stored = true;
  res.alert = opts_.log_alert_level <= matched->level;
  return res;
}

// The rest of the walk from where the prematch stopped, as the recursion of CheckRule from the
// roots would go on from there: the stop node, its later siblings, then at each ancestor
// (whose own checks passed and which has no state) the ancestor itself unless noalert, then
// its later siblings; the roots of another category are skipped.
const Rule* Session::Resume(Eval& e) {
  const std::vector<Prematch::PathStep>& path = e.pre->path();
  const auto& nodes = rules_.nodes();
  const auto& rules = rules_.rules();
  // The stop rule's stateless outcome is known; everything after it is evaluated in full.
  e.known_rule = rules[nodes[path.back().node].rule].get();
  e.known_lists_pass = e.pre->stop_lists_pass();
  const size_t stop = path.size() - 1;
  for (size_t k = stop + 1; k-- > 0;) {
    const std::vector<uint32_t>& list = k == 0 ? rules_.roots() : nodes[path[k - 1].node].children;
    const Rule* enclosing = k == 0 ? nullptr : rules[nodes[path[k - 1].node].rule].get();
    for (size_t j = k == stop ? path[k].position : path[k].position + 1; j < list.size(); ++j) {
      if (k == 0 && rules[nodes[list[j]].rule]->category != e.type) continue;
      const Rule* hit = CheckRule(list[j], e);
      if (hit != nullptr) {
        if (enclosing != nullptr && e.parent == nullptr) e.parent = enclosing;
        return hit;
      }
    }
    // No child of `enclosing` matched: it matches itself unless it is noalert.
    if (enclosing != nullptr && !enclosing->noalert) {
      ++firedtimes_[enclosing->index];
      if (k >= 2 && e.parent == nullptr) e.parent = rules[nodes[path[k - 2].node].rule].get();
      return enclosing;
    }
  }
  return nullptr;
}

const Rule* Session::CheckRule(uint32_t node_index, Eval& e) {
  const RuleSet::Node& node = rules_.nodes()[node_index];
  const Rule& r = *rules_.rules()[node.rule];
  if (e.trace) {
    std::string& line = result_.rules_debug.Append();
    line.append("Trying rule: ").append(std::to_string(r.id)).append(" - ").append(r.description);
    if (line.size() > kTraceMax) line.resize(kTraceMax);
  }
  if (!CheckConditions(r, e)) return nullptr;

  // Context: the correlation search is the last check (§4.4 step 16).
  if (r.context && !r.check_diff && r.search != SearchKind::kNone) {
    if (!Search(r, e)) {
      result_.last_events.clear();
      return nullptr;
    }
  }

  if (e.trace) {
    std::string& line = result_.rules_debug.Append();
    line.append("*Rule ").append(std::to_string(r.id)).append(" matched");
  }
  if (!node.children.empty()) {
    if (e.trace) result_.rules_debug.push_back("*Trying child rules");
    for (uint32_t child : node.children) {
      const Rule* hit = CheckRule(child, e);
      if (hit != nullptr) {
        if (e.parent == nullptr) e.parent = &r;
        return hit;
      }
    }
  }
  if (r.noalert) return nullptr;  // transparent: the caller tries the next sibling
  ++firedtimes_[r.index];
  return &r;
}

bool Session::CheckConditions(const Rule& r, Eval& e) {
  // Stateless checks, evaluated here unless known: resuming after a prematch (Resume), the stop
  // rule's stateless checks are known to pass, and its list checks known to pass or fail.
  const bool known = e.known_rule == &r;
  if (known) e.known_rule = nullptr;
  const Conditions c{e.ev, e.hhmm, e.time->weekday, e.decoder_id};
  if (!known && !PreChecks(r, c)) return false;
  // Stateful checks, in Wazuh's order (check_diff ends the extra_info block, then if_fts).
  if (r.extra_info && r.check_diff && !CheckDiff(r, e)) return false;
  if (r.if_fts && !CheckFts(e)) return false;
  return known ? e.known_lists_pass : ListChecks(r, c);
}

// ---- first time seen (fts.c) -------------------------------------------------------------------

bool Session::CheckFts(const Eval& e) {
  const Event& ev = *e.ev;
  const FtsSpec& spec = rules_.FtsFor(ev.decoder);
  if (spec.mask == 0) return false;

  std::string& key = fts_key_;
  key.clear();
  auto part = [&](uint16_t bit, const char* value) {
    key.push_back(' ');
    if ((spec.mask & bit) != 0 && value != nullptr) key.append(value);
  };
  key.append(ev.decoder->name);
  part(FtsSpec::kId, ev.Static(kId));
  part(FtsSpec::kDstUser, ev.Static(kDstUser));
  part(FtsSpec::kSrcUser, ev.Static(kSrcUser));
  part(FtsSpec::kSrcIp, ev.Static(kSrcIp));
  part(FtsSpec::kDstIp, ev.Static(kDstIp));
  part(FtsSpec::kData, ev.Static(kData));
  part(FtsSpec::kSystemName, ev.Static(kSystemName));
  part(FtsSpec::kLocation, ev.location.c_str());
  if (key.size() > kFtsLineMax - 1) key.resize(kFtsLineMax - 1);  // snprintf(_line, OS_FLSIZE)
  const std::vector<OrderItem>& order = ev.decoder->order;
  for (size_t i = 0; i < spec.dynamic_by_order.size() && i < order.size(); ++i) {
    if (!spec.dynamic_by_order[i]) continue;
    const DynamicField* d = ev.FindDynamic(order[i].name);
    if (d == nullptr) continue;
    key.push_back(' ');
    key.append(d->value.c_str());
    if (key.size() > kFtsLineMax) key.resize(kFtsLineMax);
  }

  if (fts_store_.count(key) != 0) return false;

  bool listed = false;
  if (ev.decoder->type == DecoderType::kIds) {
    // From the 3rd similar recent key on, the key is cut to fts_min_size_for_str.
    int similar = 0;
    for (auto it = fts_recent_.rbegin(); it != fts_recent_.rend(); ++it) {
      if (HowClosedMatch(*it, key) > opts_.fts_min_size_for_str) {
        if (++similar > 2) {
          if (key.size() > opts_.fts_min_size_for_str) key.resize(opts_.fts_min_size_for_str);
          break;
        }
      }
    }
    fts_recent_.push_back(key);
    if (fts_recent_.size() > opts_.fts_list_size) fts_recent_.pop_front();
    listed = true;
  }
  if (!fts_store_.insert(key).second) {
    if (listed && !fts_recent_.empty()) fts_recent_.pop_back();
    return false;
  }
  fts_order_.push_back(key);
  if (fts_order_.size() > opts_.max_fts_entries) {
    fts_store_.erase(fts_order_.front());
    fts_order_.pop_front();
    ++counters_.fts_evicted;
  }
  return true;
}

// ---- check_diff (dodiff.c) ---------------------------------------------------------------------

bool Session::CheckDiff(const Rule& r, const Eval& e) {
  const Event& ev = *e.ev;
  std::string_view host = ev.hostname;
  if (!host.empty() && host[0] == '(') {
    host.remove_prefix(1);
    size_t close = host.find(')');
    if (close != std::string_view::npos) host = host.substr(0, close);
  }
  const char* log = ev.log();
  if (std::strlen(log) >= kDiffMaxLog) return false;

  std::string& key = diff_key_;
  key.assign(std::to_string(r.id)).push_back(' ');
  key.append(host.data(), host.size());
  auto it = diff_store_.find(key);
  if (it == diff_store_.end()) {
    if (diff_store_.size() >= opts_.max_diff_entries && !diff_order_.empty()) {
      diff_store_.erase(diff_order_.front());
      diff_order_.pop_front();
      ++counters_.diff_evicted;
    }
    diff_store_.emplace(key, log);
    diff_order_.push_back(key);
    return false;  // first sight: stored, the rule fails
  }
  if (it->second == log) return false;
  result_.previous_log.assign(it->second);
  result_.has_previous_log = true;
  it->second.assign(log);
  result_.last_events.SetAndTruncate(0, "Previous output:");
  result_.last_events.SetAndTruncate(1, result_.previous_log);
  return true;
}

// ---- correlation search (eventinfo.c Search_Last*) ---------------------------------------------

const char* EventCopy::Dynamic(std::string_view name) const {
  for (size_t i = 0; i < dynamic_count; ++i) {
    const std::string_view n = view(dynamics[i].first);
    if (n.size() == name.size() && strncasecmp(n.data(), name.data(), name.size()) == 0) {
      return c_str(dynamics[i].second);
    }
  }
  return nullptr;
}

Session::StoredEvent* Session::Resolve(const Ref& ref) {
  StoredEvent& s = slots_[ref.slot];
  return s.generation == ref.generation ? &s : nullptr;
}

bool Session::Candidate(const Rule& r, const StoredEvent& s, const Event& ev) const {
  if (!r.global_frequency) {
    if (!s.has_agent_id || ev.agent_id.empty() || s.view(s.agent_id) != ev.agent_id) return false;
  }
  auto stored_static = [&](int bit) -> const char* {
    if (bit == kFieldLocation) return s.c_str(s.location);
    StaticField f;
    if (!FieldStatic(bit, &f)) return nullptr;
    return (s.static_set >> f) & 1u ? s.c_str(s.statics[f]) : nullptr;
  };
  auto event_static = [&](int bit) -> const char* {
    if (bit == kFieldLocation) return ev.location.c_str();
    StaticField f;
    if (!FieldStatic(bit, &f)) return nullptr;
    return ev.Static(f);
  };
  // same_id, same_srcip and every other same_*: both present and equal.
  for (int bit = 0; bit < kCorrelationFieldCount; ++bit) {
    if ((r.same_fields_mask >> bit & 1u) == 0) continue;
    const char* a = stored_static(bit);
    const char* b = event_static(bit);
    if (a == nullptr || b == nullptr || std::strcmp(a, b) != 0) return false;
  }
  if (!r.same_dynamic.empty()) {
    if (ev.dynamic_count == 0 || s.dynamic_count == 0) return false;
    for (const std::string& name : r.same_dynamic) {
      const DynamicField* mine = ev.FindDynamic(name);
      if (mine == nullptr) return false;
      const char* theirs = s.Dynamic(name);
      if (theirs == nullptr || std::strcmp(mine->value.c_str(), theirs) != 0) {
        return false;
      }
    }
  }
  if (!r.different_dynamic.empty()) {
    if (ev.dynamic_count == 0 && s.dynamic_count == 0) return false;
    for (const std::string& name : r.different_dynamic) {
      const DynamicField* mine = ev.FindDynamic(name);
      if (mine == nullptr) continue;
      const char* theirs = s.Dynamic(name);
      if (theirs != nullptr && std::strcmp(mine->value.c_str(), theirs) == 0) {
        return false;
      }
    }
  }
  // different_*: skip when both present and equal (missing counts as different).
  for (int bit = 0; bit < kCorrelationFieldCount; ++bit) {
    if ((r.different_fields_mask >> bit & 1u) == 0) continue;
    const char* a = stored_static(bit);
    const char* b = event_static(bit);
    if (a != nullptr && b != nullptr && std::strcmp(a, b) == 0) return false;
  }
  return true;
}

namespace {

// How Candidate() reads the key values of the current event ...
struct EventValues {
  const Event& ev;
  std::string_view agent() const { return ev.agent_id; }
  const char* location() const { return ev.location.c_str(); }
  const char* field(StaticField f) const { return ev.Static(f); }
  const char* dynamic(const std::string& name) const {
    const DynamicField* d = ev.FindDynamic(name);
    return d != nullptr ? d->value.c_str() : nullptr;
  }
};

}  // namespace

// ... and of a stored one.
struct Session::StoredValues {
  const StoredEvent& s;
  std::string_view agent() const { return s.has_agent_id ? s.view(s.agent_id) : ""; }
  const char* location() const { return s.c_str(s.location); }
  const char* field(StaticField f) const {
    return (s.static_set >> f) & 1u ? s.c_str(s.statics[f]) : nullptr;
  }
  const char* dynamic(const std::string& name) const { return s.Dynamic(name); }
};

template <typename Values>
uint64_t Session::KeyHash(const SearchKey& key, const Values& v) {
  // Candidate() compares agent_id as std::string and every other value with strcmp (up to the
  // first NUL), so equal values hash equal.
  const std::hash<std::string_view> hash;
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  if (key.agent) {
    const std::string_view agent = v.agent();
    if (agent.empty()) return 0;
    h = Mix(h ^ hash(agent));
  }
  for (uint32_t m = key.mask; m != 0; m &= m - 1) {
    const int bit = std::countr_zero(m);
    const char* value = nullptr;
    StaticField f;
    if (bit == kFieldLocation) {
      value = v.location();
    } else if (FieldStatic(bit, &f)) {
      value = v.field(f);
    }
    if (value == nullptr) return 0;
    h = Mix((h + static_cast<uint64_t>(bit)) ^ hash(std::string_view(value)));
  }
  for (const std::string& name : key.dynamic) {
    const char* value = v.dynamic(name);
    if (value == nullptr) return 0;
    h = Mix((h + kCorrelationFieldCount) ^ hash(std::string_view(value)));
  }
  return h == 0 ? 1 : h;
}

bool Session::TimeOrdered(CorrList& list) {
  // Pairs older than the newest out-of-order pair do not matter once its older entry is
  // evicted: every older entry is evicted too (eviction is oldest-first).
  const uint64_t d = list.disorder();
  return d == kNoSeq || d < list.front() || Resolve(list.ref(d)) == nullptr;
}

bool Session::Search(const Rule& r, Eval& e) {
  const Event& ev = *e.ev;
  const int64_t now = e.time->now;
  StringSlots& last = result_.last_events;
  int count = 0;
  StoredEvent* first = nullptr;

  if (r.search == SearchKind::kSid || r.search == SearchKind::kGroup) {
    if (r.search_list < 0) return false;  // "No sid search."
    CorrList& list = lists_[static_cast<size_t>(r.search_list)];
    enum class Step { kNext, kNoMatch, kMatch };
    // §5.4 steps 1 and 3-10 for one list entry.
    auto visit = [&](StoredEvent* s) -> Step {
      if (now - s->time > r.timeframe) return Step::kNoMatch;
      if (!Candidate(r, *s, ev)) return Step::kNext;
      if (s->matched >= r.level) return Step::kNoMatch;
      if (static_cast<size_t>(count) <= kMaxLastEvents &&
          last.size() == static_cast<size_t>(count)) {
        last.push_back(s->view(s->full_log));
      }
      if (count < r.frequency) {
        ++count;
        if (first == nullptr) first = s;
        return Step::kNext;
      }
      e.matched = r.level;
      if (first != nullptr) first->matched = r.level;
      return Step::kMatch;
    };

    const int key = search_key_[r.index];
    if (key >= 0 && TimeOrdered(list)) {
      // Key index. The plain walk below stops at the first entry that is evicted or older than
      // the timeframe; in a time-ordered list those entries form the oldest part of the list,
      // so it visits every candidate newer than them, newest first, and nothing else has an
      // effect. A candidate has the current event's key values, hence its key hash: the chain
      // holds every candidate, in the same order, and stops at the same place.
      const size_t k = static_cast<size_t>(key);
      const uint64_t hash = KeyHash(list.keys[k], EventValues{ev});
      if (hash == 0) return false;  // a required value is missing: no entry can qualify
      for (uint64_t seq = list.Head(k, hash); seq != kNoSeq && seq >= list.front();
           seq = list.link(seq, k).prev) {
        StoredEvent* s = Resolve(list.ref(seq));
        if (s == nullptr) return false;  // evicted, and so is every older entry
        const Step step = visit(s);
        if (step != Step::kNext) return step == Step::kMatch;
      }
      return false;
    }

    for (uint64_t seq = list.end(); seq-- > list.front();) {
      StoredEvent* s = Resolve(list.ref(seq));
      if (s == nullptr) {
        // Evicted: this entry and every older one are gone (eviction is oldest-first).
        while (list.front() <= seq) list.PopFront();
        break;
      }
      const Step step = visit(s);
      if (step != Step::kNext) return step == Step::kMatch;
    }
    return false;
  }

  // kEvents: the whole last-events list, same decoder type, if_matched_regex on the old log.
  for (size_t i = order_.size(); i-- > 0;) {
    StoredEvent* s = Resolve(order_.at(i));
    if (s == nullptr) continue;
    if (now - s->time > r.timeframe) return false;
    if (s->type != e.type) continue;
    if (r.if_matched_regex && r.if_matched_regex->Match(s->c_str(s->log)) == nullptr) continue;
    if (!Candidate(r, *s, ev)) continue;
    if (s->matched >= r.level) return false;
    if (count < r.frequency) {
      if (static_cast<size_t>(count) <= kMaxLastEvents &&
          last.size() == static_cast<size_t>(count)) {
        last.push_back(s->view(s->full_log));
      }
      ++count;
      if (first == nullptr) first = s;
      continue;
    }
    e.matched = r.level;
    if (first != nullptr) first->matched = r.level;
    return true;
  }
  return false;
}

// ---- storing (logtest.c + eventinfo_list.c OS_AddEvent) ----------------------------------------

void EventCopy::Assign(const Event& ev) {
  if (dynamics.empty()) {
    // A new copy: room for a typical event, so recycled copies rarely need to grow.
    text.reserve(kStoredTextReserve);
    dynamics.resize(kStoredDynamicsReserve);
  }
  has_agent_id = !ev.agent_id.empty();
  // Texts: grow the buffer (with headroom) once, before copying.
  const std::string_view log_text = ev.log();
  size_t need = ev.agent_id.size() + ev.location.size() + log_text.size() + ev.full_log.size() + 4;
  for (int f = 0; f < kStaticFieldCount; ++f) {
    if (ev.HasStatic(static_cast<StaticField>(f))) need += ev.statics[f].size() + 1;
  }
  for (size_t i = 0; i < ev.dynamic_count; ++i) {
    need += ev.dynamics[i].name.size() + ev.dynamics[i].value.size() + 2;
  }
  if (need > text.capacity()) text.reserve(2 * need);
  text.clear();
  auto put = [this](std::string_view v) {
    Span sp{static_cast<uint32_t>(text.size()), static_cast<uint32_t>(v.size())};
    text.append(v);
    text.push_back('\0');
    return sp;
  };
  agent_id = put(ev.agent_id);
  location = put(ev.location);
  log = put(log_text);
  full_log = put(ev.full_log);
  static_set = ev.static_set;
  for (int f = 0; f < kStaticFieldCount; ++f) {
    if (ev.HasStatic(static_cast<StaticField>(f))) statics[f] = put(ev.statics[f]);
  }
  if (dynamics.size() < ev.dynamic_count) dynamics.resize(2 * ev.dynamic_count);
  for (size_t i = 0; i < ev.dynamic_count; ++i) {
    dynamics[i].first = put(ev.dynamics[i].name);
    dynamics[i].second = put(ev.dynamics[i].value);
  }
  dynamic_count = ev.dynamic_count;
}

void EventCopy::Swap(EventCopy& other) noexcept {
  std::swap(*this, other);
}

void Session::Store(const Rule& r, const Event& ev, const Eval& e, EventCopy* copy) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slots_.emplace_back();
    slot = static_cast<uint32_t>(slots_.size() - 1);
  }
  StoredEvent& s = slots_[slot];
  s.time = e.time->now;
  s.matched = e.matched;
  s.type = e.type;
  if (copy != nullptr) {
    s.Swap(*copy);
  } else {
    s.Assign(ev);
  }
  const Ref ref{slot, s.generation};

  auto push = [&](CorrList& list) {
    while (list.size() != 0 && Resolve(list.ref(list.front())) == nullptr) list.PopFront();
    for (size_t k = 0; k < list.keys.size(); ++k) {
      hashes_[k] = KeyHash(list.keys[k], StoredValues{s});
    }
    list.PushBack(ref, s.time, hashes_.data());
  };
  if (r.sid_list >= 0) {
    push(lists_[static_cast<size_t>(r.sid_list)]);
  } else {
    for (int g : r.group_feeds) push(lists_[static_cast<size_t>(g)]);
  }
  order_.push_back(ref);

  if (order_.size() > opts_.memory_size) {
    // Free at least 10, and keep freeing while the oldest is older than the largest frequency
    // (a unit mix-up of the original, kept), never the newest.
    const int64_t max_freq = rules_.max_frequency();
    size_t freed = 0;
    while (order_.size() > 1) {
      const StoredEvent& oldest = slots_[order_.at(0).slot];
      if (!(freed < 10 || s.time - oldest.time > max_freq)) break;
      FreeOldest();
      ++freed;
    }
  }
}

void Session::FreeOldest() {
  const uint32_t slot = order_.at(0).slot;
  order_.pop_front();
  ++slots_[slot].generation;
  free_slots_.push_back(slot);
  ++counters_.last_events_evicted;
}

// ---- description (eventinfo.c ParseRuleComment) ------------------------------------------------

void Session::ExpandDescription(const Rule& r, const Event& ev) {
  const std::string& comment = r.description;
  std::string& out = result_.description;
  out.clear();
  std::string_view orig(comment.c_str());  // strncpy: up to the first NUL ...
  if (orig.size() > kCommentMax) orig = orig.substr(0, kCommentMax);  // ... and 1024 bytes
  size_t n = 0;
  size_t str = 0;
  while (true) {
    size_t tok = orig.find("$(", str);
    if (tok == std::string_view::npos) break;
    size_t z = tok - str;
    if (n + z >= kCommentMax) {
      out.assign(comment);
      return;
    }
    out.append(orig.substr(str, z));
    n += z;
    size_t var = tok + 2;
    size_t end = orig.find(')', var);
    if (end == std::string_view::npos) {  // "$(" without ')' stays literally
      str = tok;
      break;
    }
    std::string_view name = orig.substr(var, end - var);
    str = end + 1;

    const char* field = nullptr;
    struct Named {
      const char* name;
      StaticField f;
    };
    static constexpr Named kStatics[] = {
        {"dstuser", kDstUser}, {"srcuser", kSrcUser},   {"srcip", kSrcIp},
        {"dstip", kDstIp},     {"srcport", kSrcPort},   {"dstport", kDstPort},
        {"protocol", kProtocol}, {"action", kAction},   {"id", kId},
        {"url", kUrl},         {"data", kData},         {"status", kStatus},
        {"extra_data", kExtraData}, {"system_name", kSystemName}};
    bool is_static = false;
    for (const Named& s : kStatics) {
      if (name == s.name) {
        field = ev.Static(s.f);
        is_static = true;
        break;
      }
    }
    if (!is_static) {
      if (name == "program_name") {
        field = ev.has_program_name ? ev.program_name.c_str() : nullptr;
      } else if (name == "hostname") {
        field = ev.hostname.c_str();
      } else {
        const DynamicField* d = ev.FindDynamic(name);
        field = d != nullptr ? d->value.c_str() : nullptr;
      }
    }
    if (field != nullptr) {  // a missing field expands to nothing
      z = std::strlen(field);
      if (n + z >= kCommentMax) {
        out.assign(comment);
        return;
      }
      out.append(field, z);
      n += z;
    }
  }
  size_t z = orig.size() - str;
  if (n + z >= kCommentMax) {
    out.assign(comment);
    return;
  }
  out.append(orig.substr(str));
}

// ---- accumulator (accumulator.c) ---------------------------------------------------------------

void Session::Accumulate(Event* ev, int64_t now) {
  if (ev->decoder == nullptr || !ev->decoder->accumulate) return;
  const char* id = ev->Static(kId);
  if (id == nullptr) return;
  // Event time: a late event uses the same clamped time Process() gives its windows.
  if (opts_.time_mode == TimeMode::kEvent && has_newest_time_ && now < newest_time_) now = newest_time_;

  // Accumulate_CleanUp: every 200th lookup drops the expired entries (also when full).
  if (++acc_lookups_ >= kAccPurgeCount || acc_store_.size() >= opts_.max_accumulator_entries) {
    acc_lookups_ = 0;
    std::erase_if(acc_store_, [&](const auto& kv) { return kv.second.timestamp < now - kAccExpire; });
  }

  std::string& key = acc_key_;
  key.assign(ev->hostname).push_back(' ');
  key.append(ev->decoder->name).push_back(' ');
  key.append(id);
  if (key.size() >= kAccMaxKey) return;

  static constexpr StaticField kFields[7] = {kDstUser, kSrcUser, kDstIp, kSrcIp,
                                             kDstPort, kSrcPort, kData};
  auto it = acc_store_.find(key);
  if (it != acc_store_.end()) {
    AccEntry& stored = it->second;
    if (stored.timestamp > 0 && stored.timestamp < now - kAccExpire) {
      stored = AccEntry{};  // expired: start over, the event is not updated
    } else {
      for (int i = 0; i < 7; ++i) {
        const char* cur = ev->Static(kFields[i]);
        if (cur != nullptr && cur[0] != '\0') continue;        // never overwrite known values
        if (!stored.present[i]) continue;
        const std::string& v = stored.values[i];
        if (v.empty() || v.size() > kAccMaxValue) continue;
        ev->SetStatic(kFields[i], v);
      }
    }
  } else {
    if (acc_store_.size() >= opts_.max_accumulator_entries) {
      acc_store_.erase(acc_store_.begin());
      ++counters_.accumulator_evicted;
    }
    it = acc_store_.emplace(key, AccEntry{}).first;
  }
  AccEntry& stored = it->second;
  stored.timestamp = now;
  for (int i = 0; i < 7; ++i) {
    if (stored.present[i] && !stored.values[i].empty()) continue;  // the first values stick
    const char* v = ev->Static(kFields[i]);
    if (v == nullptr) continue;
    size_t len = std::strlen(v);
    if (len == 0 || len > kAccMaxValue) continue;
    stored.values[i].assign(v, len);
    stored.present[i] = true;
  }
}

}  // namespace tripline::rules
