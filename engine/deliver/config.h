// Delivery configuration: the sinks of a sinks file ({"sinks":[...]}, docs/delivery.md) or of
// a command-line "--sink TYPE:TARGET", their per-sink filters (as Wazuh's integrator: minimum
// level, rule ids, groups, location), and the alert fields the filters look at.
//
// Plain values and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "deliver/spool.h"
#include "deliver/thehive.h"

namespace tripline::deliver {

enum class SinkType : uint8_t { kWebhook, kTheHive, kAlertsJson, kAlertsLog, kStdout };

std::string_view SinkTypeName(SinkType t);

// What the filters see of one alert.
struct AlertInfo {
  std::string_view line;      // the alerts.json line
  std::string_view log_text;  // its alerts.log text (empty unless asked for)
  int level = 0;
  std::string rule_id;
  std::vector<std::string> groups;
  std::string location;
};

// Fills rule_id, groups and location from the line (left empty when it does not parse).
AlertInfo ParseAlertInfo(std::string_view line, int level, std::string_view log_text);

struct AlertFilter {
  int min_level = 0;
  std::vector<std::string> rule_ids;  // any of them (empty: all)
  std::vector<std::string> groups;    // any of the alert's rule.groups (empty: all)
  std::string location;               // the alert's location contains one of its '|'-separated parts

  bool Matches(const AlertInfo& a) const;
};

struct SinkConfig {
  SinkType type = SinkType::kStdout;
  std::string name;  // unique; default: the type, numbered when repeated
  AlertFilter filter;
  // File sinks.
  std::string path;
  // Network sinks.
  std::string url;  // thehive: the base URL or the full .../api/v1/alert URL (or from url_env)
  std::string api_key;  // resolved from api_key_env / api_key_file, never from the config text
  std::string auth_header = "Authorization";  // the key is sent as "<auth_header>: <auth_scheme> <key>"
  std::string auth_scheme = "Bearer";         // "" sends the bare key
  std::string organisation;                   // thehive: X-Organisation header when set
  std::string ca_file;
  bool insecure = false;
  int64_t timeout_ms = 10000;
  int64_t connect_timeout_ms = 5000;
  int64_t backoff_initial_ms = 500;
  int64_t backoff_max_ms = 60000;
  int64_t retry_after_max_ms = 600000;  // a longer Retry-After is cut to this
  SpoolOptions spool;                   // spool.dir defaults to <default spool root>/<name>
  TheHiveOptions thehive;

  bool is_network() const { return type == SinkType::kWebhook || type == SinkType::kTheHive; }
  // The URL the requests go to.
  std::string EndpointUrl() const;
};

// Parses a sinks file's text. Secrets are read from the environment / files it names. False
// with *error on any problem. Call FinalizeSinks on the complete list.
bool ParseSinksConfig(std::string_view text, std::vector<SinkConfig>* out, std::string* error);

// Parses "webhook:URL", "thehive:URL" (key from $THEHIVE_API_KEY), "alerts_json:PATH",
// "alerts_log:PATH" or "stdout".
bool ParseSinkSpec(std::string_view spec, SinkConfig* out, std::string* error);

// Gives every sink a unique name (and network sinks their default spool directory). False with
// *error when two sinks share a name or a spool directory.
bool FinalizeSinks(std::vector<SinkConfig>* sinks, const std::string& default_spool_root, std::string* error);

// "scheme://host[:port]/..." with user info, path and query removed: safe to log (a webhook
// URL's path often holds its secret).
std::string RedactUrl(std::string_view url);
// `text` with every occurrence of `secret` replaced by "***".
std::string Redact(std::string text, std::string_view secret);

}  // namespace tripline::deliver
