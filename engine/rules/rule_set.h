// RuleSet: Wazuh XML rule files compiled into an immutable rule tree (docs/wazuh-semantics.md
// §4.1-4.3), shared by any number of rules::Session objects.
//
// RuleSet::Load reads the files in the order given (callers sort them as a manager does, §2.1)
// and processes each rule in three named steps, in document order, exactly as analysisd does:
//   read   - XML elements and attributes -> Rule, validated as rules.c does (ReadRule);
//   link   - decoder names, CDB lists and patterns resolved/compiled (part of ReadRule);
//   tree   - attach under its parents, overwrite in place, correlation marking (AttachRule).
// Order matters (only rules already loaded can be parents or feed if_matched_group), so the
// steps run per rule, not per pass over all rules. After the last file, levels are normalised.
//
// Problems are reported as diagnostics at the element's file:line:col. Warnings carry Wazuh's
// own message text (e.g. "(7617): Signature ID '80202' was not found ...") so logtest front ends
// can print them verbatim. Load fails (returns nullptr) when any error was reported.
//
// Thread-safety: a loaded RuleSet never changes; every const method may run concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "decode/decoder.h"
#include "lists/cdb_list.h"
#include "rules/rule.h"

namespace tripline::rules {

// Resolves the text of a <list> element (e.g. "etc/lists/audit-keys") to a loaded list, or
// nullptr when that list is not loaded (the rule is then skipped with warning 7616, §8).
// The returned list must outlive the RuleSet.
using ListResolver = std::function<const lists::CdbList*(std::string_view path)>;

struct RuleLoadOptions {
  size_t decoder_order_size = 256;  // analysisd.decoder_order_size: max <field> per rule
  int default_timeframe = 360;      // analysisd.default_timeframe (clamped to 60..3600)
  int email_alert_level = 12;       // <alerts><email_alert_level>: sets Rule::mail
  int log_alert_level = 3;          // <alerts><log_alert_level>: sets Rule::log_alert
  // Tree index: attaching a rule finds its parents (if_sid, if_group, if_level) and its
  // correlation targets from an index of the tree built so far instead of walking the whole
  // tree for each rule. The tree is identical with it off (the plain walks of rules_list.c,
  // kept for differential tests and benchmarks).
  bool tree_index = true;
};

// First-time-seen key layout of one decoder (its <fts> text parsed, docs §5.8).
struct FtsSpec {
  uint16_t mask = 0;                  // FTS bits below; 0 = the decoder has no <fts>
  std::vector<bool> dynamic_by_order; // per <order> item: include this dynamic field's value
  enum : uint16_t {
    kId = 1u << 0, kDstUser = 1u << 1, kSrcUser = 1u << 2, kSrcIp = 1u << 3, kDstIp = 1u << 4,
    kData = 1u << 5, kSystemName = 1u << 6, kLocation = 1u << 7, kName = 1u << 8,
    kDynamic = 1u << 9,
  };
};

class RuleSet {
 public:
  // One occurrence of a rule in the tree. A rule attached under several parents has one node
  // per occurrence, each with its own children (§4.3).
  struct Node {
    uint32_t rule = 0;               // index into rules()
    std::vector<uint32_t> children;  // node indices, in evaluation order
  };

  // Loads `files` in order. `decoders` resolves <decoded_as> and the decoders' <fts>; it must be
  // the DecoderSet whose decoders the evaluated events carry. `lists` resolves <list> paths.
  // Returns nullptr when any error was reported; every error and warning goes to *diags.
  static std::unique_ptr<RuleSet> Load(const std::vector<std::string>& files,
                                       const DecoderSet& decoders, const ListResolver& lists,
                                       const RuleLoadOptions& opts, Diagnostics* diags);

  // Every loaded rule; Rule::index is its position. Skipped rules are not here.
  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }
  // The rule with that id, or nullptr.
  const Rule* FindRule(int id) const;

  const std::vector<Node>& nodes() const { return nodes_; }
  // Top-level nodes (rules with id < 10), in evaluation order.
  const std::vector<uint32_t>& roots() const { return roots_; }

  // Number of correlation lists (sid and group lists) a session must provide.
  int correlation_list_count() const { return list_count_; }
  // Largest internal frequency (F) of every rule read; bounds last-events pruning (§5.3).
  int max_frequency() const { return max_frequency_; }

  // <fts> layout for a decoder (an empty spec for nullptr or a decoder without <fts>).
  const FtsSpec& FtsFor(const Decoder* decoder) const;

  // Multi-line dump of the tree ("id(level)" indented per depth), for tests and debugging.
  std::string DumpTree() const;

 private:
  friend class RuleLoader;

  std::vector<std::unique_ptr<Rule>> rules_;
  std::unordered_map<int, uint32_t> by_id_;
  std::vector<Node> nodes_;
  std::vector<uint32_t> roots_;
  int list_count_ = 0;
  int max_frequency_ = 0;
  std::unordered_map<const Decoder*, FtsSpec> fts_;
  FtsSpec no_fts_;
};

}  // namespace tripline::rules
