// rules::Session: the mutable per-session state of rule matching (docs/wazuh-semantics.md §4.4,
// §4.5 and all of §5): firedtimes and ignore timers per rule, the last-events memory with its
// if_matched_sid / if_matched_group lists, the first-time-seen store, the check_diff store and
// the accumulator. One Session = one wazuh-logtest session (or one analysisd worker).
//
// Many sessions share one immutable RuleSet; creating a Session only sizes a few per-rule arrays.
// Time is never read from the clock here: every call takes the event's time, so runs are
// deterministic. SessionOptions::time_mode says what that time is:
//  * kProcessing (Wazuh-exact): arrival time, used as given, exactly as analysisd/logtest do.
//  * kEvent: the event's own time. Callers release events in event-time order (ReorderBuffer in
//    session/reorder_buffer.h); an event older than the newest time already processed (a late
//    event) has its window time clamped up to that newest time and is counted, so the
//    last-events memory and every sid/group list stay time-ordered and Wazuh's search (which
//    stops at the first candidate older than the timeframe) stays exact. See docs/limits.md.
//
// Ownership: the Session references the RuleSet (which must outlive it) and owns its memories,
// all bounded (SessionOptions); every drop caused by a bound is counted (SessionCounters). The MatchResult returned by Process() is owned by the Session
// and valid until the next call; its buffers are reused, so steady-state matching does not
// allocate.
// Thread-safety: none; one thread uses a Session at a time. Different sessions are independent.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "event/event.h"
#include "rules/rule_set.h"

namespace tripline::rules {

// What the time passed to Session::Process is (see the header comment).
enum class TimeMode : uint8_t { kProcessing, kEvent };

struct SessionOptions {
  TimeMode time_mode = TimeMode::kProcessing;
  int log_alert_level = 3;        // <alerts><log_alert_level> for the logtest `alert` flag
  size_t memory_size = 8192;      // <global><memory_size>: last-events bound (minimum 2048)
  size_t fts_list_size = 32;      // analysisd.fts_list_size (12..512)
  size_t fts_min_size_for_str = 14;  // analysisd.fts_min_size_for_str (6..128)
  // Bounds on stores that Wazuh lets grow without limit; the oldest entries are dropped first.
  size_t max_fts_entries = 1u << 20;
  size_t max_diff_entries = 1u << 16;
  size_t max_accumulator_entries = 1u << 16;
  // Key index of the if_matched_sid / if_matched_group lists: a search walks only the stored
  // events whose agent_id, same_* and same_field values hash like the current event's
  // (docs/limits.md).
  // Results are identical with it off; off = the plain newest-to-oldest walk of the list.
  bool search_index = true;
};

// What the bounds of a session dropped and how its time behaved (docs/limits.md). Counters only
// grow; they are plain integers, cheap to copy into a run summary.
struct SessionCounters {
  uint64_t events = 0;               // Process() calls
  uint64_t last_events_evicted = 0;  // events freed from the last-events memory (memory_size)
  uint64_t fts_evicted = 0;          // first-time-seen keys dropped (max_fts_entries)
  uint64_t diff_evicted = 0;         // check_diff entries dropped (max_diff_entries)
  uint64_t accumulator_evicted = 0;  // accumulator entries dropped (max_accumulator_entries)
  uint64_t late_clamped = 0;         // kEvent: events processed at a later time than their own
};

// Time of one event: processing time (TimeMode::kProcessing) or event time (kEvent).
struct EventTime {
  int64_t now = 0;   // seconds since the epoch: generate_time and "now" of every window
  int hour = 0;      // local time of day, for <time>
  int minute = 0;
  int second = 0;
  int weekday = 0;   // local day of week, 0 = Sunday, for <weekday>

  // Fills the local-time fields from `epoch_seconds` with localtime_r (process time zone).
  static EventTime FromEpoch(int64_t epoch_seconds);
};

// A growable list of strings whose buffers are reused between events.
class StringSlots {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::string& operator[](size_t i) const { return slots_[i]; }
  std::span<const std::string> view() const { return {slots_.data(), size_}; }
  void clear() { size_ = 0; }
  void push_back(std::string_view s) { Append().assign(s.data(), s.size()); }
  // Appends an empty slot and returns it (its old buffer is reused).
  std::string& Append();
  // Sets slot i (0 <= i <= size()) and drops every later slot.
  void SetAndTruncate(size_t i, std::string_view s);

 private:
  std::vector<std::string> slots_;
  size_t size_ = 0;
};

// What rule matching produced for one event. Read it before the next Process() call.
struct MatchResult {
  // The event's rule (generated_rule), or nullptr when no rule matched. Its fields give the
  // alert's rule.id, rule.level, groups (Rule::group split on ','), mitre, info, cve, mail,
  // no_full_log, no_counter and frequency (Rule::has_search_function / frequency_value).
  const Rule* rule = nullptr;
  // The matched rule's parent in the tree when a child matched (analysisd's prev_rule).
  const Rule* parent = nullptr;
  int firedtimes = 0;       // rule.firedtimes: the rule's counter in this session, this event
  bool stored = false;      // the event entered the correlation memories (§4.5 step 4)
  bool ignored = false;     // suppressed by the rule's ignore="S" window (logtest semantics)
  bool alert = false;       // logtest `alert`: stored && log_alert_level <= rule->level
  std::string description;  // rule.description after $(field) expansion (§6.1)

  // last_events: full_log of the previous events a correlation search counted, newest first,
  // or ["Previous output:", old] for check_diff.
  StringSlots last_events;
  // previous_output is emitted only with at least two entries and a non-empty second (§5.5).
  bool has_previous_output() const { return last_events.size() >= 2 && !last_events[1].empty(); }
  // The entries joined by '\n' (call only when has_previous_output()).
  void PreviousOutput(std::string* out) const;

  bool has_previous_log = false;  // check_diff fired: previous_log holds the old content
  std::string previous_log;

  // rules_debug trace ("Trying rule: <id> - <desc>", "*Rule <id> matched",
  // "*Trying child rules"), filled only when Process() was asked for it.
  StringSlots rules_debug;
};

// The texts of an event the correlation memories keep (agent id, location, log, full_log, the
// static and dynamic fields), in one buffer, each value followed by a NUL, so a recycled copy
// reuses a single allocation; the buffer grows with headroom and soon fits whatever event it
// receives next. A copy can be made on any thread and handed to Session::Process, which then
// swaps it into its memory instead of copying the event in the serial stage.
// One thread at a time.
class EventCopy {
 public:
  struct Span {
    uint32_t off = 0, len = 0;
  };

  // Replaces the contents with the texts of `ev`.
  void Assign(const Event& ev);
  void Swap(EventCopy& other) noexcept;

  const char* c_str(Span sp) const { return text.data() + sp.off; }
  std::string_view view(Span sp) const { return {text.data() + sp.off, sp.len}; }
  // The value of the dynamic field `name` (ASCII case-insensitive), or nullptr.
  const char* Dynamic(std::string_view name) const;

  bool has_agent_id = false;
  std::string text;           // every value below, NUL-terminated
  Span agent_id, location, log, full_log;
  std::array<Span, kStaticFieldCount> statics;
  uint32_t static_set = 0;
  std::vector<std::pair<Span, Span>> dynamics;  // name, value; [0, dynamic_count) are live
  size_t dynamic_count = 0;
};

// The stateless part of rule matching for one event, computed ahead of Session::Process on any
// thread (the pipeline's parallel stage), so the serial stage does as little as it can. It
// walks the rule tree as Process() does until the first rule whose outcome depends on session
// state (a rule that passes its stateless checks and has check_diff, if_fts or a correlation
// search). When it meets none, the outcome is definite() and Process() skips the walk; else
// Process() resumes the walk at that rule, whose stateless outcome it knows. Process() with a
// Prematch gives exactly the result it gives without one.
// Not valid for an event the accumulator will still change (decoders with <accumulate>).
// Owns its buffers (reused); one thread at a time.
class Prematch {
 public:
  // Computes the outcome for `ev`; `time` gives the local hour, minute, second and weekday.
  void Compute(const RuleSet& rules, const Event& ev, const EventTime& time);
  // Forgets everything (Process() then evaluates everything).
  void Clear();
  // Where the walk stopped (empty when definite()): the node of each depth, root first, with
  // its position among its parent's children (or among the roots); the last is the stop rule.
  struct PathStep {
    uint32_t node;
    uint32_t position;
  };
  const std::vector<PathStep>& path() const { return path_; }
  // Whether the stop rule's list checks pass (its other stateless checks do).
  bool stop_lists_pass() const { return stop_lists_pass_; }
  // True when the walk met no rule that depends on state: the outcome is then fully known, and
  // Process() takes winner() and parent() (both may be null) without walking the tree again.
  bool definite() const { return definite_; }
  const Rule* winner() const { return winner_; }
  const Rule* parent() const { return parent_; }

 private:
  static constexpr int kNoMatch = 0, kMatch = 1, kStopped = 2;  // Walk() outcomes
  int Walk(const RuleSet& rules, uint32_t node_index, uint32_t position, const void* conditions);

  std::vector<PathStep> path_;  // capacity reused
  bool stop_lists_pass_ = false;
  bool definite_ = false;
  const Rule* winner_ = nullptr;
  const Rule* parent_ = nullptr;
};

class Session {
 public:
  // `rules` must outlive the Session.
  explicit Session(const RuleSet& rules, const SessionOptions& opts = {});

  // The accumulator (§5.7): for an event whose decoder has <accumulate> and which has an id,
  // fills its empty dstuser/srcuser/dstip/srcip/dstport/srcport/data from earlier events with
  // the same hostname, decoder name and id, then records its own values. Call it after
  // decoding and before Process().
  void Accumulate(Event* ev, int64_t now);

  // Matches a decoded event against the rule tree and updates the session's memories as
  // wazuh-logtest does (§4.5). In TimeMode::kEvent a `time.now` older than the newest time
  // processed so far is raised to it for every window (counters().late_clamped); the local
  // hour/weekday of <time>/<weekday> stay the event's own. `trace` fills MatchResult::rules_debug. An undecoded event is
  // matched as syslog; an event whose decoder type no top-level rule has (host-information)
  // matches nothing. (The OSSECAlert plugin's bypass of rule matching is not modelled.)
  // `pre`, when given, holds the stateless outcomes for this event (see Prematch); it is
  // ignored with `trace`. `copy`, when given, holds EventCopy::Assign(ev): when the event is
  // stored it is swapped into the memory, and *copy receives a recycled copy to reuse.
  const MatchResult& Process(const Event& ev, const EventTime& time, bool trace = false,
                             const Prematch* pre = nullptr, EventCopy* copy = nullptr);

  const RuleSet& rules() const { return rules_; }
  const SessionOptions& options() const { return opts_; }
  const SessionCounters& counters() const { return counters_; }
  // The newest window time processed so far (0 before the first event).
  int64_t newest_time() const { return newest_time_; }
  // Number of events currently in the last-events memory.
  size_t stored_event_count() const { return order_.size(); }
  // firedtimes of a rule (by Rule::index) so far.
  int firedtimes(uint32_t rule_index) const { return firedtimes_[rule_index]; }

 private:
  // A previous event kept for correlation: the copy of its texts, and where it stands in the
  // memories (slots are recycled).
  struct StoredEvent : EventCopy {
    uint32_t generation = 0;    // bumped when the slot is freed
    int64_t time = 0;           // generate_time
    int matched = 0;            // level of the composite rule that consumed it (§5.4 step 7)
    DecoderType type = DecoderType::kSyslog;
  };
  struct Ref {
    uint32_t slot;
    uint32_t generation;
  };
  // Fixed-capacity-growth ring of Refs (oldest first).
  class RefRing {
   public:
    size_t size() const { return size_; }
    Ref& at(size_t i) { return buf_[(head_ + i) & (buf_.size() - 1)]; }  // 0 = oldest
    void push_back(Ref r);
    void pop_front();
   private:
    std::vector<Ref> buf_;
    size_t head_ = 0, size_ = 0;
  };

  // The values a search requires equal in every candidate (§5.4 steps 2-4 and 6): agent_id
  // unless global_frequency, every same_* static field (location included) and every
  // same_field dynamic field.
  struct SearchKey {
    bool agent = false;
    uint32_t mask = 0;                  // bits of CorrelationField (Rule::same_fields_mask)
    std::vector<std::string> dynamic;   // Rule::same_dynamic
    bool operator==(const SearchKey&) const = default;
  };
  static constexpr uint64_t kNoSeq = ~uint64_t{0};

  // Open-addressing map from a non-zero key hash to the sequence number of the newest list
  // entry with that hash. Linear probing, backward-shift erase; grows, never shrinks.
  class HeadMap {
   public:
    size_t size() const { return size_; }
    uint64_t Find(uint64_t hash) const;          // kNoSeq when absent
    uint64_t Exchange(uint64_t hash, uint64_t seq);  // sets the value, returns the old one
    void EraseIf(uint64_t hash, uint64_t seq);   // erases the entry when its value is `seq`
   private:
    struct Cell {
      uint64_t hash = 0;  // 0 = empty
      uint64_t seq = 0;
    };
    size_t SlotOf(uint64_t hash) const;  // first probe position
    void Grow();
    std::vector<Cell> cells_;
    size_t size_ = 0;
  };

  // An if_matched_sid / if_matched_group list (§5.3): Refs in insertion order, each at a
  // sequence number that never repeats, and per SearchKey of the rules that search it a chain
  // linking every entry to the previous entry with the same key hash (newest first through
  // HeadMap). The index holds exactly the entries the list holds: PopFront unlinks them.
  class CorrList {
   public:
    struct Link {
      uint64_t hash = 0;      // key hash; 0 = a key value is missing (entry is in no chain)
      uint64_t prev = kNoSeq;  // previous entry with the same hash
    };
    std::vector<SearchKey> keys;  // set once, before the first push

    uint64_t front() const { return front_; }
    uint64_t end() const { return end_; }
    size_t size() const { return static_cast<size_t>(end_ - front_); }
    Ref& ref(uint64_t seq) { return refs_[seq & mask_]; }
    const Link& link(uint64_t seq, size_t k) const {
      return links_[(seq & mask_) * keys.size() + k];
    }
    // Newest entry whose key k hashes to `hash`, or kNoSeq.
    uint64_t Head(size_t k, uint64_t hash) const {
      return k < heads_.size() ? heads_[k].Find(hash) : kNoSeq;  // no heads before a push
    }
    // The older entry of the newest pair pushed out of time order, or kNoSeq.
    uint64_t disorder() const { return disorder_; }
    // Appends `r` stored at `time`; hashes[k] is its hash for keys[k] (0 = not indexed).
    void PushBack(Ref r, int64_t time, const uint64_t* hashes);
    void PopFront();

   private:
    void Grow();
    std::vector<Ref> refs_;
    std::vector<Link> links_;
    std::vector<HeadMap> heads_;  // per key
    uint64_t mask_ = 0;
    uint64_t front_ = 0, end_ = 0;
    int64_t last_time_ = 0;
    uint64_t disorder_ = kNoSeq;
  };

  struct StoredValues;  // a StoredEvent's key values, for KeyHash
  // Per-event evaluation state.
  struct Eval {
    const Event* ev = nullptr;
    const EventTime* time = nullptr;
    DecoderType type = DecoderType::kSyslog;
    int decoder_id = 0;
    int matched = 0;           // the current event's `matched` marker
    bool trace = false;
    const Prematch* pre = nullptr;  // stateless outcomes computed ahead, or null
    const Rule* known_rule = nullptr;  // Resume: the rule whose stateless outcome is known ...
    bool known_lists_pass = false;     // ... (its other checks pass) and its list checks'
    char hhmm[16] = {0};       // "HH:MM:SS" for <time>
    const Rule* parent = nullptr;
  };

  const Rule* CheckRule(uint32_t node, Eval& e);
  const Rule* Resume(Eval& e);  // the walk from where e.pre stopped
  // Every check of §4.4 steps 1-15 (all but the correlation search).
  bool CheckConditions(const Rule& r, Eval& e);
  bool CheckFts(const Eval& e);
  bool CheckDiff(const Rule& r, const Eval& e);
  bool Search(const Rule& r, Eval& e);
  bool Candidate(const Rule& r, const StoredEvent& s, const Event& ev) const;
  // Hash of the values `key` compares, read as Candidate() reads them from the current event
  // (EventValues) or from a stored one (StoredValues); 0 when one is missing (then no candidate
  // can exist). Equal values give equal hashes.
  template <typename Values>
  static uint64_t KeyHash(const SearchKey& key, const Values& v);
  // True when the live entries of `list` are in time order (the key index is then exact).
  bool TimeOrdered(CorrList& list);
  StoredEvent* Resolve(const Ref& ref);
  void Store(const Rule& r, const Event& ev, const Eval& e, EventCopy* copy);
  void FreeOldest();
  void ExpandDescription(const Rule& r, const Event& ev);

  const RuleSet& rules_;
  SessionOptions opts_;
  SessionCounters counters_;
  int64_t newest_time_ = 0;
  bool has_newest_time_ = false;
  EventTime clamped_time_;  // kEvent: the time a late event is processed at
  std::vector<int> firedtimes_;         // by rule index
  std::vector<int64_t> time_ignored_;   // by rule index

  // Last-events memory (newest at the back of order_) and the sid/group lists.
  std::vector<StoredEvent> slots_;
  std::vector<uint32_t> free_slots_;
  RefRing order_;
  std::vector<CorrList> lists_;
  std::vector<int> search_key_;  // by rule index: index in its search list's keys, or -1
  std::vector<uint64_t> hashes_;  // Store's per-key scratch

  // First-time-seen store (§5.8).
  std::unordered_set<std::string> fts_store_;
  std::deque<std::string> fts_order_;
  std::deque<std::string> fts_recent_;  // IDS similarity list
  std::string fts_key_;

  // check_diff store (§5.9): "<host>\n<rule id>" -> last content.
  std::unordered_map<std::string, std::string> diff_store_;
  std::deque<std::string> diff_order_;
  std::string diff_key_;

  // Accumulator (§5.7).
  struct AccEntry {
    int64_t timestamp = 0;
    std::array<std::string, 7> values;  // dstuser, srcuser, dstip, srcip, dstport, srcport, data
    std::array<bool, 7> present{};
  };
  std::unordered_map<std::string, AccEntry> acc_store_;
  int acc_lookups_ = 0;
  std::string acc_key_;

  MatchResult result_;
};

}  // namespace tripline::rules
