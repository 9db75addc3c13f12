// InputRecord: one event as an input reader hands it to the engine, with its event time and
// its origin. Readers turn files (CloudTrail, VPC flow logs, GuardDuty, syslog, JSON lines,
// Wazuh queue framing) into a stream of records; the engine frames each one as
// "<queue>:<location>:<message>" and processes it like any other event.
// Plain value type; a reader reuses one InputRecord per call to avoid allocations.
#pragma once

#include <cstdint>
#include <string>

namespace tripline::input {

enum class InputKind : uint8_t {
  kCloudTrail,  // CloudTrail records (S3 objects {"Records":[...]}, arrays, JSON lines)
  kVpcFlow,     // VPC flow log text with its header line (any version or custom format)
  kGuardDuty,   // GuardDuty findings (S3 export JSON lines, EventBridge events, arrays)
  kSyslog,      // plain text log lines (location = the file path)
  kJsonLines,   // one JSON object per line
  kQueue,       // Wazuh queue framing "<q>:<location>:<message>" per line
};

struct InputRecord {
  char queue = '1';           // the <q> byte of the framing
  std::string location;       // e.g. "Wazuh-AWS" for AWS records, the file path for syslog
  std::string message;        // the event text (AWS records: the AWS module's JSON envelope)
  bool has_event_time = false;
  int64_t event_time_ms = 0;  // event time, milliseconds since the epoch (UTC)
  // Origin, for reports: the file, the 1-based line and the 0-based record index in the file.
  std::string file;
  uint64_t line = 0;
  uint64_t record = 0;
};

}  // namespace tripline::input
