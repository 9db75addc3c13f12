// The `data` object of Wazuh's alert JSON (docs/wazuh-semantics.md §6.1 item 14): static fields
// in their fixed order, then dynamic fields nested by '.' with W_JSON_AddField's rules.
// Stateless functions over caller-owned values; thread-safe for distinct arguments.
#pragma once

#include <string_view>

#include "event/event.h"
#include "json/cjson.h"

namespace tripline::json {

// The deepest nesting a dotted field name creates below the object it is added to (the same
// bound as cJSON's parser, json::kNestingLimit). It keeps the output's nesting, and so the
// recursion of printing and freeing it, bounded whatever the names an event carries.
inline constexpr int kMaxFieldNesting = kNestingLimit;

// W_JSON_AddField: inserts `value` under the dotted `key` into the object *root.
//  * The key is split at its first '.'; an existing member with that name (ASCII
//    case-insensitive, cJSON_GetObjectItem) is descended into if it is an object, otherwise the
//    value is dropped; a missing one is created as an empty object.
//  * After kMaxFieldNesting splits the rest of the key, dots included, is the leaf name
//    (counted in LimitCounter::kAlertFieldTooDeep; Wazuh splits at every dot).
//  * At the leaf, an existing member with that name (case-insensitive) wins: the value is dropped.
//  * A value starting with '[' that cJSON parses completely (nothing after the array, not even
//    whitespace) is inserted as the parsed JSON; anything else as a string.
void AddField(Value* root, std::string_view key, std::string_view value);

// Fills the object *data as Eventinfo_to_jsonstr does: every set static field (empty ones too)
// in StaticField order under its JSON name, then, when include_dynamic, every dynamic field
// with a non-empty value through AddField, in decoding order. Callers pass include_dynamic =
// false when the event has no decoder or its decoder name starts with "syscheck_", and omit
// "data" from the alert when *data ends up empty.
void FillDataObject(const Event& ev, bool include_dynamic, Value* data);

}  // namespace tripline::json
