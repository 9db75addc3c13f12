// Decoders: Wazuh XML decoders compiled into an immutable DecoderSet, and their evaluation
// (docs/wazuh-semantics.md §2).
//
// DecoderSet::Load reads decoder files in the order given (callers sort them as a manager does),
// validates every element and attribute as decode-xml.c does, and reports problems as
// diagnostics with file:line:col. A loaded DecoderSet never changes: Decode() is const and may
// run on many threads at once, each with its own Event and Captures scratch.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "event/event.h"
#include "json/json_decoder.h"
#include "match/pattern.h"

namespace tripline {

// Decoder <type>: the event category rules are matched against (docs §2.3, §4.5).
enum class DecoderType : uint8_t { kSyslog, kFirewall, kIds, kWebLog, kSquid, kWindows, kHostInfo, kOssec };
std::optional<DecoderType> ParseDecoderType(std::string_view s);  // exact, case-sensitive
std::string_view DecoderTypeName(DecoderType t);

enum class Offset : uint8_t { kNone, kAfterParent, kAfterPrematch, kAfterRegex };
enum class Plugin : uint8_t { kNone, kJson, kPf, kSymantecWs, kSonicWall, kOssecAlert };

// One <order> item: a static field or a dynamic field name.
struct OrderItem {
  bool is_static = false;
  StaticField field = kDstUser;
  std::string name;  // dynamic field name as written
};

class Decoder {
 public:
  std::string name;         // output name: a child without use_own_name carries its parent's name
  std::string own_name;     // the name attribute as written
  std::string parent;       // <parent> text; empty for top-level decoders
  int id = 0;               // 1-based position of `name` in the sorted name store (docs §2.4)
  DecoderType type = DecoderType::kSyslog;
  bool use_own_name = false;
  bool accumulate = false;
  bool get_next = false;     // an earlier member of a same-name sibling chain
  std::string fts;           // <fts> text ("" = none)
  std::string ftscomment;
  std::optional<match::Pattern> program_name;
  std::optional<match::Pattern> prematch;
  Offset prematch_offset = Offset::kNone;
  std::optional<match::Pattern> regex;
  Offset regex_offset = Offset::kNone;
  std::vector<OrderItem> order;
  Plugin plugin = Plugin::kNone;
  Offset plugin_offset = Offset::kNone;
  json::DecoderOptions json_options;
  SourceLoc loc;            // where the <decoder> element starts
};

struct DecoderLoadOptions {
  size_t decoder_order_size = 256;  // analysisd.decoder_order_size
  // Candidate index for top-level decoders: Decode() then skips only top-level decoders that
  // provably cannot match, so results are identical with it off (the plain scan of docs §2.5,
  // kept for differential tests and benchmarks).
  bool candidate_index = true;
};

class DecoderSet {
 public:
  // Loads `files` in the given order. Returns nullptr when any error was found; every error
  // and warning is added to *diags.
  static std::unique_ptr<DecoderSet> Load(const std::vector<std::string>& files,
                                          const DecoderLoadOptions& opts, Diagnostics* diags);

  // Runs DecodeEvent on a pre-decoded event: sets ev->decoder and the decoded fields.
  // `caps` is the caller's per-thread capture scratch.
  void Decode(Event* ev, match::Captures* caps) const;

  // Decoder id for a name (what <decoded_as> compares), or 0 when no decoder has that name.
  int IdOf(std::string_view name) const;

  size_t size() const { return decoders_.size(); }
  const std::vector<std::unique_ptr<Decoder>>& decoders() const { return decoders_; }

 private:
  struct Node {
    Decoder* decoder = nullptr;
    std::vector<int> children;  // indices into child_nodes_, in load order
    // First bytes of the log for which the prematch may match (all when there is none).
    std::bitset<256> log_first_bytes;
  };
  // Candidate lists hold indices into pn_ or nopn_ in ascending (load) order.
  using Candidates = std::vector<uint32_t>;

  // Tries top-level decoder `node` (one step of the loop of docs §2.5). Returns false when it
  // does not match; otherwise decodes the event with it and returns true.
  bool DecodeWith(const Node& node, bool has_pn, Event* ev, match::Captures* caps) const;
  // Fills the candidate index from pn_ and nopn_ (after loading).
  void BuildIndex();
  // The PN candidates for a program name: the exact-name list or the first-byte bucket.
  const Candidates& PnCandidates(const std::string& program_name) const;

  std::vector<std::unique_ptr<Decoder>> decoders_;  // every decoder, load order
  std::vector<Node> pn_;         // top-level decoders with <program_name>
  std::vector<Node> nopn_;       // top-level decoders without
  std::vector<Decoder*> child_nodes_;
  std::vector<std::string> names_;  // sorted name store; id = index + 1
  DecoderLoadOptions opts_;

  // Candidate index (used when indexed_). nopn_by_byte_[b]: NOPN decoders whose prematch may
  // match a log starting with byte b. pn_by_byte_[b]: PN decoders whose program_name may match
  // a program name starting with b. pn_by_name_: sorted by key (an ASCII-lowercased exact
  // program name some "^X$" pattern names); each list holds the PN decoders that may match a
  // program name equal to the key up to ASCII case.
  bool indexed_ = false;
  std::array<Candidates, 256> nopn_by_byte_;
  std::array<Candidates, 256> pn_by_byte_;
  std::vector<std::pair<std::string, Candidates>> pn_by_name_;
  size_t pn_max_key_ = 0;  // longest key of pn_by_name_

  friend class DecoderLoader;
};

}  // namespace tripline
