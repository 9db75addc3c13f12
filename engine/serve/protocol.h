// The wire format of Wazuh's logtest socket (docs/wazuh-semantics.md §6.3): every message is a
// 4-byte little-endian length followed by that many payload bytes, one request and one reply
// per connection. Also the cJSON error position Wazuh quotes in its "(7307)" parse error.
//
// Pure functions on values; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tripline::serve {

// Largest request payload the logtest service reads (OS_MAXSTR - 1); a larger announced length
// gets the (7315) reply without the payload being read (LimitCounter::kLogtestOversize).
inline constexpr uint32_t kMaxPayload = 65535;

// The length prefix of a message, decoded from its first 4 bytes.
uint32_t DecodeLength(const unsigned char header[4]);

// `payload` with its 4-byte length prefix.
std::string Frame(std::string_view payload);

// The reply to a request whose length is above kMaxPayload (not framed).
std::string OversizeReply();

// Where cJSON_ParseWithOpts reports a failed parse of `text` (the text ends at its first NUL):
// the byte offset of *return_parse_end. Only meaningful for texts cJSON refuses.
size_t JsonErrorPosition(std::string_view text);

// "(7307): Error parsing JSON in position P, ... <up to 20 bytes from P-10> ..." for `text`.
std::string JsonParseErrorMessage(std::string_view text);

}  // namespace tripline::serve
