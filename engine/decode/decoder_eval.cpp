// DecodeEvent (docs/wazuh-semantics.md §2.5): decoder selection and field extraction.
#include "decode/decoder.h"

namespace tripline {

namespace {

// Continuation after a matched pattern: one byte past the end pointer unless it is the NUL.
const char* After(const char* end) { return *end != '\0' ? end + 1 : end; }

// Runs plugin `plugin` the way analysisd does: it reads the input offset and its options from
// the event's decoder_info, which for a child without a prematch is the parent (docs §2.5).
void RunPlugin(Plugin plugin, const Decoder& info, const char* log, const char* after_parent,
               const char* after_prematch, Event* ev) {
  const char* input = log;
  if (info.plugin_offset == Offset::kAfterParent) input = after_parent;
  if (info.plugin_offset == Offset::kAfterPrematch) input = after_prematch;
  if (input == nullptr) return;
  switch (plugin) {
    case Plugin::kJson:
      json::DecodeFields(input, info.json_options, ev);
      break;
    default:
      // PF, SymantecWS, SonicWall and OSSECAlert plugins select the decoder but extract no
      // fields yet (docs/compatibility.md).
      break;
  }
}

}  // namespace

void DecoderSet::Decode(Event* ev, match::Captures* caps) const {
  const bool has_pn = ev->has_program_name;
  if (!indexed_) {
    for (const Node& node : has_pn ? pn_ : nopn_) {
      if (DecodeWith(node, has_pn, ev, caps)) return;
    }
    return;
  }
  // The index lists hold every top-level decoder of the list that may match, in load order, so
  // the first match is the one the plain scan finds.
  const auto first = static_cast<unsigned char>(ev->log()[0]);
  if (has_pn) {
    for (uint32_t i : PnCandidates(ev->program_name)) {
      const Node& node = pn_[i];
      if (node.log_first_bytes.test(first) && DecodeWith(node, true, ev, caps)) return;
    }
  } else {
    for (uint32_t i : nopn_by_byte_[first]) {
      if (DecodeWith(nopn_[i], false, ev, caps)) return;
    }
  }
}

bool DecoderSet::DecodeWith(const Node& node, bool has_pn, Event* ev, match::Captures* caps) const {
  const char* log = ev->log();
  const Decoder& top = *node.decoder;
  const char* pm = nullptr;  // log after the top-level decoder's prematch
  if (has_pn) {
    if (!top.program_name->Matches(ev->program_name.c_str())) return false;
    pm = log;
  }
  if (top.prematch) {
    const char* end = top.prematch->MatchEnd(log, nullptr);
    if (end == nullptr) return false;
    pm = After(end);
  }
  // The first top-level match is final.
  const Decoder* info = &top;
  const char* after_parent = nullptr;
  const char* cm = nullptr;  // log after the selected child's prematch
  size_t sel = 0;            // index into node.children of the selected decoder
  bool is_child = false;

  if (!node.children.empty()) {
    bool found = false;
    const size_t n = node.children.size();
    for (size_t i = 0; i < n; ++i) {
      const Decoder& c = *child_nodes_[node.children[i]];
      if (c.prematch) {
        const char* in = c.prematch_offset == Offset::kAfterParent ? pm : log;
        const char* end = in ? c.prematch->MatchEnd(in, nullptr) : nullptr;
        if (end != nullptr) {
          cm = After(end);
          info = &c;
          after_parent = pm;
          sel = i;
          found = true;
          break;
        }
        if (c.get_next) {
          // Skip the rest of this same-name chain, including its last member.
          while (i + 1 < n && child_nodes_[node.children[i + 1]]->get_next) ++i;
          ++i;
        }
      } else {
        cm = pm;
        sel = i;
        found = true;
        break;
      }
    }
    if (!found) {
      ev->decoder = info;  // decoded as the parent, no fields
      return true;
    }
    is_child = true;
  }
  ev->decoder = info;

  const char* prev = nullptr;  // continuation after the previous chain member's regex
  size_t i = sel;
  while (true) {
    const Decoder& c = is_child ? *child_nodes_[node.children[i]] : top;
    if (c.plugin != Plugin::kNone) {
      // log_after_prematch is the child's continuation once a child prematch matched.
      RunPlugin(c.plugin, *info, log, after_parent, info != &top ? cm : pm, ev);
    } else if (c.regex) {
      const char* in = log;
      switch (c.regex_offset) {
        case Offset::kAfterParent: in = pm; break;
        case Offset::kAfterPrematch: in = cm; break;
        case Offset::kAfterRegex: in = prev ? prev : cm; break;
        default: break;
      }
      const char* end = in ? c.regex->MatchEnd(in, caps) : nullptr;
      if (end == nullptr) {
        if (c.get_next && is_child && i + 1 < node.children.size()) {
          ++i;
          continue;
        }
        return true;
      }
      prev = After(end);
      const size_t nfields = c.order.size();
      const int ncaps = caps->count;
      for (size_t k = 0; k < nfields && static_cast<int>(k) < ncaps; ++k) {
        const OrderItem& oi = c.order[k];
        if (oi.is_static) {
          ev->SetStatic(oi.field, caps->Get(static_cast<int>(k)));
        } else {
          ev->AddDynamicBounded(oi.name, caps->Get(static_cast<int>(k)), opts_.decoder_order_size);
        }
      }
    } else {
      return true;
    }
    if (c.get_next && is_child && i + 1 < node.children.size()) {
      ++i;
    } else {
      return true;
    }
  }
}

}  // namespace tripline
