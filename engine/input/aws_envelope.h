// The Wazuh AWS module's event envelope (wodles/aws, Wazuh 4.x): how one CloudTrail record, VPC
// flow-log record or GuardDuty finding becomes the JSON message that analysisd receives on
// location "Wazuh-AWS" — {"integration":"aws","aws":{"log_info":{...}, record..., "source":...,
// "aws_account_id":..., "source_ip_address":...}} with the module's transformations (null
// removal, single-element-list flattening, CloudTrail {"string": str(value)} wrapping with
// Python str() semantics, disableApiTermination, tags, GuardDuty PORT_PROBE splitting).
// docs/inputs.md lists the differences from the module. Printed compactly (cJSON
// PrintUnformatted). Also small helpers the readers share: timestamps and Python repr.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/cjson.h"

namespace tripline::input {

inline constexpr const char* kAwsLocation = "Wazuh-AWS";

// Per-file part of the envelope.
struct AwsFileInfo {
  std::string log_file;          // the S3 key ("AWSLogs/...") when the path holds one, else the file name
  std::string account_from_path;  // <account> of ".../AWSLogs/[o-org/]<account>/...", else ""
};
AwsFileInfo AwsFileInfoForPath(const std::string& path);

// CloudTrail record (a JSON object) -> message. aws_account_id: the path's account, else the
// record's recipientAccountId, else "".
std::string CloudTrailMessage(json::Value record, const AwsFileInfo& info);

// VPC flow-log record given as (AWS field name, value) pairs in header order -> message. Names
// get '-' -> '_'; start/end epoch seconds become "%Y-%m-%dT%H:%M:%SZ". aws_account_id: the path's
// account, else the record's account-id, else "".
std::string VpcFlowMessage(const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                           const AwsFileInfo& info);

// GuardDuty finding -> one message, or one per portProbeDetails element when the finding has
// more than one (Wazuh's PORT_PROBE split). `source` is the event's "source" value.
void GuardDutyMessages(json::Value finding, std::string_view source, const AwsFileInfo& info,
                       std::vector<std::string>* out);

// Python str(value) of a value loaded by json.load: strings as they are, the rest as repr
// (True/False/None, single-quoted strings, {'k': v}, [a, b]).
std::string PythonStr(const json::Value& v);

// re.match(r'\d+\.\d+.\d+.\d+', s) (ASCII digits).
bool WazuhIpRegexMatch(std::string_view s);

// Parses an ISO-8601-like timestamp at the start of s: YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH[:]MM].
// Returns the number of bytes used (0 if s does not start with one); no zone means UTC.
size_t ParseIsoTimePrefix(std::string_view s, int64_t* epoch_ms);
// Whole-string variant; also accepts numbers (epoch seconds, or milliseconds when > 1e11).
bool ParseTimeValue(const json::Value& v, int64_t* epoch_ms);
// "%Y-%m-%dT%H:%M:%SZ" of epoch seconds (UTC).
std::string EpochToIso(int64_t seconds);

}  // namespace tripline::input
