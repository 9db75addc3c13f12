#include "event/event.h"

#include <strings.h>

#include "base/limit_counters.h"

namespace tripline {

namespace {
constexpr std::array<std::string_view, kStaticFieldCount> kNames = {
    "protocol", "action", "srcip", "srcport", "srcuser", "dstip", "dstport",
    "dstuser",  "id",     "status", "url",   "data",    "extra_data", "system_name"};
}

std::string_view StaticFieldName(StaticField f) { return kNames[f]; }

bool StaticFieldFromOrderName(std::string_view name, StaticField* out) {
  if (name == "user") {
    *out = kDstUser;
    return true;
  }
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      *out = static_cast<StaticField>(i);
      return true;
    }
  }
  return false;
}

void Event::Reset() {
  queue = '1';
  location.clear();
  full_log.clear();
  log_buf.clear();
  log_offset = 0;
  agent_id.clear();
  hostname.clear();
  timestamp.clear();
  program_name.clear();
  has_timestamp = false;
  has_program_name = false;
  decoder = nullptr;
  static_set = 0;
  dynamic_count = 0;
}

void Event::AddDynamic(std::string_view name, std::string_view value) {
  if (dynamic_count == dynamics.size()) dynamics.emplace_back();
  DynamicField& f = dynamics[dynamic_count++];
  f.name.assign(name.data(), name.size());
  f.value.assign(value.data(), value.size());
}

bool Event::AddDynamicBounded(std::string_view name, std::string_view value, size_t max_fields) {
  if (dynamic_count >= max_fields) {
    CountLimitHit(LimitCounter::kDynamicFields);
    return false;
  }
  AddDynamic(name, value);
  return true;
}

const DynamicField* Event::FindDynamic(std::string_view name) const {
  for (size_t i = 0; i < dynamic_count; ++i) {
    const DynamicField& f = dynamics[i];
    if (f.name.size() == name.size() && strncasecmp(f.name.data(), name.data(), name.size()) == 0) {
      return &f;
    }
  }
  return nullptr;
}

}  // namespace tripline
