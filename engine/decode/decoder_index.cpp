// The candidate index of top-level decoders. It only ever leaves out a decoder whose program
// name or prematch cannot match the event, and keeps load order, so DecodeEvent's first match
// (docs §2.5) is unchanged:
//  * NOPN list: by the first byte of the log, from each prematch's Pattern::FirstBytes().
//  * PN list: by the program name, from Pattern::ExactKeys() ("^sshd$"-like patterns) and
//    otherwise Pattern::FirstBytes() of the program_name pattern; each candidate is then also
//    filtered by its prematch's first bytes (Node::log_first_bytes).
#include <algorithm>

#include "decode/decoder.h"
#include "match/regex_tables.h"

namespace tripline {

void DecoderSet::BuildIndex() {
  for (auto* list : {&pn_, &nopn_}) {
    for (Node& node : *list) {
      if (node.decoder->prematch) {
        node.log_first_bytes = node.decoder->prematch->FirstBytes();
      } else {
        node.log_first_bytes.set();
      }
    }
  }
  for (uint32_t i = 0; i < nopn_.size(); ++i) {
    for (int b = 0; b < 256; ++b) {
      if (nopn_[i].log_first_bytes.test(b)) nopn_by_byte_[b].push_back(i);
    }
  }

  // PN decoders are either exact-keyed (matched by name) or bucketed by first byte.
  std::vector<std::vector<std::string>> keys(pn_.size());
  std::vector<std::bitset<256>> first(pn_.size());
  std::vector<bool> exact(pn_.size(), false);
  std::vector<std::string> all_keys;
  for (uint32_t i = 0; i < pn_.size(); ++i) {
    exact[i] = pn_[i].decoder->program_name->ExactKeys(&keys[i]);
    if (exact[i]) {
      all_keys.insert(all_keys.end(), keys[i].begin(), keys[i].end());
      continue;
    }
    first[i] = pn_[i].decoder->program_name->FirstBytes();
    for (int b = 0; b < 256; ++b) {
      if (first[i].test(b)) pn_by_byte_[b].push_back(i);
    }
  }
  std::sort(all_keys.begin(), all_keys.end());
  all_keys.erase(std::unique(all_keys.begin(), all_keys.end()), all_keys.end());
  pn_by_name_.clear();
  pn_max_key_ = 0;
  for (const std::string& key : all_keys) {
    // A name equal to `key` up to ASCII case starts with some byte b, kAsciiLower[b] == key[0].
    const auto lead = static_cast<unsigned char>(key.empty() ? 0 : key[0]);
    Candidates list;
    for (uint32_t i = 0; i < pn_.size(); ++i) {
      bool may = false;
      if (exact[i]) {
        may = std::find(keys[i].begin(), keys[i].end(), key) != keys[i].end();
      } else {
        for (int b = 0; b < 256 && !may; ++b) may = first[i].test(b) && match::kAsciiLower[b] == lead;
      }
      if (may) list.push_back(i);
    }
    pn_max_key_ = std::max(pn_max_key_, key.size());
    pn_by_name_.emplace_back(key, std::move(list));
  }
  indexed_ = true;
}

const DecoderSet::Candidates& DecoderSet::PnCandidates(const std::string& program_name) const {
  const auto lead = static_cast<unsigned char>(program_name.c_str()[0]);
  // C string semantics, as the matchers read the name: an embedded NUL ends it.
  const size_t len = std::char_traits<char>::length(program_name.c_str());
  if (len <= pn_max_key_ && !pn_by_name_.empty()) {
    char lowered[256];
    if (len < sizeof lowered) {
      for (size_t k = 0; k < len; ++k) {
        lowered[k] = static_cast<char>(match::kAsciiLower[static_cast<unsigned char>(program_name[k])]);
      }
      const std::string_view name(lowered, len);
      auto it = std::lower_bound(pn_by_name_.begin(), pn_by_name_.end(), name,
                                 [](const auto& entry, std::string_view n) { return entry.first < n; });
      if (it != pn_by_name_.end() && it->first == name) return it->second;
    }
  }
  return pn_by_byte_[lead];
}

}  // namespace tripline
