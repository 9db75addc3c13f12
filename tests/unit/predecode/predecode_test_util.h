// Helpers for the pre-decoding tests: run one message through Predecode and compare the
// observable results (timestamp, hostname, program_name, log) with an expectation.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

#include "event/event.h"
#include "predecode/predecode.h"

namespace tripline::predecode_test {

// The manager host name used by these tests, as in the spec's verified examples.
inline const char kManager[] = "MANAGERHOST";

inline PredecodeOptions ManagerOptions() {
  PredecodeOptions opts;
  opts.manager_host = kManager;
  return opts;
}

// What pre-decoding should give for one message. nullopt = the field is not set.
// `hostname` is the internal hostname; the default for a local event is kManager.
struct Expect {
  std::optional<std::string> timestamp;
  std::string hostname = kManager;
  std::optional<std::string> program_name;
  std::string log;
};

struct Case {
  std::string name;  // test name suffix: letters, digits and '_'
  std::string message;
  Expect expect;
};

inline std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

// Pre-decodes `message` as logtest frames it (location "stdin") and checks every field.
inline void CheckMessage(const std::string& message, const Expect& want) {
  Event ev;
  ASSERT_TRUE(Predecode(FrameMessage("stdin", message), ManagerOptions(), &ev)) << message;
  EXPECT_EQ(ev.full_log, message);
  EXPECT_EQ(ev.location, "stdin");
  EXPECT_EQ(ev.agent_id, "000");
  EXPECT_EQ(ev.has_timestamp, want.timestamp.has_value()) << message;
  if (want.timestamp && ev.has_timestamp) {
    EXPECT_EQ(ev.timestamp, *want.timestamp) << message;
  }
  EXPECT_EQ(ev.hostname, want.hostname) << message;
  EXPECT_EQ(ev.has_program_name, want.program_name.has_value()) << message;
  if (want.program_name && ev.has_program_name) {
    EXPECT_EQ(ev.program_name, *want.program_name) << message;
  }
  EXPECT_STREQ(ev.log(), want.log.c_str()) << message;
}

// A message no header format recognises: log is the whole message, nothing else is parsed.
inline Expect Unrecognised(const std::string& message) { return Expect{{}, kManager, {}, message}; }

// `s` with byte `pos` replaced by `c` (builds the near-miss of one positional condition).
inline std::string With(std::string s, size_t pos, char c) {
  s.at(pos) = c;
  return s;
}

}  // namespace tripline::predecode_test
