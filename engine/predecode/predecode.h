// Pre-decoding: Wazuh's OS_CleanMSG (docs/wazuh-semantics.md §1). Splits the queue framing
// "<q>:<location>:<message>", unescapes the location, recognises every syslog-style header
// Wazuh recognises (by fixed byte positions) and fills timestamp, hostname, program_name and
// the `log` offset of the Event, plus the agent id/name for "[id] (name) ip->path" locations.
//
// Stateless and thread-safe: the manager host name comes in through PredecodeOptions.
#pragma once

#include <string>
#include <string_view>

#include "event/event.h"

namespace tripline {

struct PredecodeOptions {
  std::string manager_host;  // full gethostname(); the internal hostname default is cut at '.'
};

// Escapes a location the way logtest does before framing it (':' -> "|:", '|' -> "||").
std::string EscapeLocation(std::string_view location);

// Builds the queue message logtest would build: "1:" + escaped location + ":" + event.
std::string FrameMessage(std::string_view location, std::string_view event);

// Parses a framed message into *ev (after ev->Reset()). Returns false when the message is not
// correctly formatted (no unescaped ':' after the location, or an agent location "[id..." without
// ']'), which Wazuh reports as "(1106): String not correctly formatted."
bool Predecode(std::string_view framed, const PredecodeOptions& opts, Event* ev);

}  // namespace tripline
