// Wazuh's JSON_Decoder plugin (docs/wazuh-semantics.md §2.7): parses a JSON object with cJSON's
// rules and turns every leaf into an event field, with cJSON's number rendering, formatted
// array text, the json_null_field / json_array_structure options and the static-field mapping.
// Stateless and thread-safe.
#pragma once

#include <cstddef>

#include "event/event.h"

namespace tripline::json {

enum class NullField : unsigned char { kString, kDiscard };
enum class ArrayStructure : unsigned char { kArray, kCsv };

struct DecoderOptions {
  NullField null_field = NullField::kString;
  ArrayStructure array_structure = ArrayStructure::kArray;
  size_t max_dynamic_fields = 256;  // analysisd.decoder_order_size
  // Bytes of field names (dynamic fields) and values one call may set; a field that would go
  // over is not set (LimitCounter::kJsonFieldBytes). Wazuh has no such bound: cJSON_Print
  // indents nested objects inside arrays, so a 60 KB event can otherwise decode to 10 MB of
  // values, and a long key prefix repeats in every name below it. Real events stay far below.
  size_t max_field_bytes = 1u << 20;
};

// Decodes NUL-terminated `input` into *ev. Trailing bytes after a valid JSON value are ignored;
// an unparsable input or a non-object root sets nothing. Returns the number of keys dropped
// because the event already had max_dynamic_fields dynamic fields.
int DecodeFields(const char* input, const DecoderOptions& opts, Event* ev);

}  // namespace tripline::json
