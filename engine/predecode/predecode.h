// Pre-decoding: Wazuh's OS_CleanMSG (docs/wazuh-semantics.md §1). Splits the queue framing
// "<q>:<location>:<message>", unescapes the location, recognises every syslog-style header
// Wazuh recognises (by fixed byte positions) and fills timestamp, hostname, program_name and
// the `log` offset of the Event, plus the agent id/name for "[id] (name) ip->path" locations.
//
// Stateless and thread-safe: the manager host name comes in through PredecodeOptions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "event/event.h"

namespace tripline {

struct PredecodeOptions {
  std::string manager_host;  // full gethostname(); the internal hostname default is cut at '.'
};

// Location sizes Wazuh's buffers allow; a longer location is cut (counted in
// LimitCounter::kLocationTruncated).
// logtest escapes the location into a 2049-byte buffer: at most 2048 bytes survive.
inline constexpr size_t kLogtestLocationCap = 2048;
// analysisd unescapes the location into an 8451-byte buffer: at most 8450 bytes survive.
inline constexpr size_t kLocationCap = 8450;

// Escapes a location the way logtest does before framing it (':' -> "|:", '|' -> "||"), cut at
// kLogtestLocationCap bytes.
std::string EscapeLocation(std::string_view location);

// Builds the queue message logtest would build: "1:" + escaped location + ":" + event.
std::string FrameMessage(std::string_view location, std::string_view event);
// The same into *out (replacing its content, keeping its capacity: no allocation once grown).
void FrameMessage(std::string_view location, std::string_view event, std::string* out);

// Parses a framed message into *ev (after ev->Reset()); the unescaped location keeps at most
// kLocationCap bytes. Returns false when the message is not correctly formatted (no unescaped
// ':' after the location, or an agent location "[id..." without ']'), which Wazuh reports as
// "(1106): String not correctly formatted."
bool Predecode(std::string_view framed, const PredecodeOptions& opts, Event* ev);

}  // namespace tripline
