#include "json/alert_fields.h"

#include <utility>

#include "base/limit_counters.h"

namespace tripline::json {

void AddField(Value* root, std::string_view key, std::string_view value) {
  int depth = 0;
  for (size_t dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.')) {
    if (depth++ == kMaxFieldNesting) {
      CountLimitHit(LimitCounter::kAlertFieldTooDeep);
      break;  // the rest of the name, dots included, is the leaf key
    }
    std::string_view head = key.substr(0, dot);
    Value* child = root->GetObjectItem(head);
    if (child == nullptr) {
      child = &root->AddItemToObject(head, Value::Object());
    } else if (!child->IsObject()) {
      return;  // collision with a non-object: dropped silently
    }
    root = child;
    key.remove_prefix(dot + 1);
  }
  if (root->GetObjectItem(key) != nullptr) return;  // first one wins
  if (!value.empty() && value.front() == '[') {
    Value parsed;
    size_t end = 0;
    if (Parse(value, &parsed, &end) && end == value.size()) {
      root->AddItemToObject(key, std::move(parsed));
      return;
    }
  }
  root->AddStringToObject(key, value);
}

void FillDataObject(const Event& ev, bool include_dynamic, Value* data) {
  for (int f = 0; f < kStaticFieldCount; ++f) {
    StaticField field = static_cast<StaticField>(f);
    if (ev.HasStatic(field)) data->AddStringToObject(StaticFieldName(field), ev.statics[f]);
  }
  if (!include_dynamic) return;
  for (size_t i = 0; i < ev.dynamic_count; ++i) {
    const DynamicField& d = ev.dynamics[i];
    if (!d.value.empty()) AddField(data, d.name, d.value);
  }
}

}  // namespace tripline::json
