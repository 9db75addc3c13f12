// Event: one log event as it moves through pre-decoding, decoding and (later) rule matching.
//
// An Event is a reusable slot: Reset() clears it without freeing its buffers, so a worker that
// processes events one after another in the same Event does not allocate in steady state.
// Every string is NUL-terminated (std::string), as Wazuh's C strings are; an embedded NUL in the
// input truncates the message at intake, as it does in Wazuh.
// Not synchronized: one thread owns an Event at a time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tripline {

class Decoder;  // decode/decoder.h

// Wazuh's static fields, in the order they are printed inside "data" (docs §6.1).
enum StaticField : uint8_t {
  kProtocol,
  kAction,
  kSrcIp,
  kSrcPort,
  kSrcUser,
  kDstIp,
  kDstPort,
  kDstUser,
  kId,
  kStatus,
  kUrl,
  kData,
  kExtraData,
  kSystemName,
  kStaticFieldCount
};

// JSON key of a static field ("system_name" for kSystemName).
std::string_view StaticFieldName(StaticField f);
// Maps a decoder <order> name to its static field: "user" and "dstuser" give kDstUser.
// Returns false for names that become dynamic fields.
bool StaticFieldFromOrderName(std::string_view name, StaticField* out);

struct DynamicField {
  std::string name;   // as written in <order> or the JSON key path; compared case-insensitively
  std::string value;
};

struct Event {
  // --- intake (docs §1.1-1.2) ---
  char queue = '1';            // the <q> byte
  std::string location;        // internal location, unescaped, e.g. "(web01) 10.0.0.5->/var/log/secure"
  std::string full_log;        // the message as received
  std::string log_buf;         // working copy of the message; pre-decoding writes NULs into it
  size_t log_offset = 0;       // where `log` starts in log_buf

  // --- pre-decoding (docs §1.3-1.4) ---
  std::string agent_id;        // "000" for local events
  std::string hostname;        // internal hostname: header, agent name or manager short name
  std::string timestamp;       // predecoder.timestamp (valid when has_timestamp)
  std::string program_name;    // predecoder.program_name (valid when has_program_name)
  bool has_timestamp = false;
  bool has_program_name = false;

  // --- decoding (docs §2.5-2.7) ---
  const Decoder* decoder = nullptr;   // decoder_info: the decoder that names the event
  std::array<std::string, kStaticFieldCount> statics;
  uint32_t static_set = 0;            // bit f set when statics[f] holds a value (maybe "")
  std::vector<DynamicField> dynamics; // slots [0, dynamic_count) are live; the rest are spare
  size_t dynamic_count = 0;

  // The text decoders and rules see: the message after the syslog header.
  const char* log() const { return log_buf.c_str() + log_offset; }

  // Clears every field, keeping buffer capacity.
  void Reset();

  bool HasStatic(StaticField f) const { return (static_set >> f) & 1u; }
  // NUL-terminated value, or nullptr when unset.
  const char* Static(StaticField f) const { return HasStatic(f) ? statics[f].c_str() : nullptr; }
  void SetStatic(StaticField f, std::string_view v) {
    statics[f].assign(v.data(), v.size());
    static_set |= 1u << f;
  }
  // Appends a dynamic field (duplicates allowed; lookups use the first one).
  void AddDynamic(std::string_view name, std::string_view value);
  // AddDynamic unless the event already has `max_fields` dynamic fields (Wazuh's
  // decoder_order_size): then the field is dropped, counted in LimitCounter::kDynamicFields,
  // and false is returned.
  bool AddDynamicBounded(std::string_view name, std::string_view value, size_t max_fields);
  // First dynamic field with that name (ASCII case-insensitive), or nullptr.
  const DynamicField* FindDynamic(std::string_view name) const;
};

}  // namespace tripline
