#include "json/json_decoder.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "base/limit_counters.h"
#include "json/cjson.h"

namespace tripline::json {

namespace {

// OS_MAXSTR: a csv value that would reach this size is abandoned.
constexpr size_t kMaxCsv = 65536;

// Static fields the plugin fills from a full key of the same name (strcmp, last one wins).
// "dstuser" replaces, "systemname" (no underscore) is the system_name field; "user" is handled
// separately and "system_name" stays dynamic.
bool StaticFromKey(std::string_view key, StaticField* out) {
  struct Entry {
    std::string_view key;
    StaticField field;
  };
  static constexpr Entry kEntries[] = {
      {"srcip", kSrcIp},
      {"dstip", kDstIp},
      {"srcport", kSrcPort},
      {"dstport", kDstPort},
      {"protocol", kProtocol},
      {"action", kAction},
      {"srcuser", kSrcUser},
      {"dstuser", kDstUser},
      {"id", kId},
      {"status", kStatus},
      {"url", kUrl},
      {"data", kData},
      {"extra_data", kExtraData},
      {"systemname", kSystemName},
  };
  if (key.size() < 2 || key.size() > 10) return false;
  for (const Entry& e : kEntries) {
    if (e.key == key) {
      *out = e.field;
      return true;
    }
  }
  return false;
}

// The C code formats into char[64] with snprintf: at most 63 characters survive. Returns the
// length snprintf reported (which may be larger) and stores the kept text in buf.
size_t FormatNumber(double d, char (&buf)[64]) {
  int vi = SaturateToInt(d);
  if (static_cast<double>(vi) == d) {
    auto res = std::to_chars(buf, buf + sizeof(buf) - 1, vi);
    *res.ptr = '\0';
    return static_cast<size_t>(res.ptr - buf);
  }
  int n = std::snprintf(buf, sizeof(buf), "%f", d);
  return n < 0 ? 0 : static_cast<size_t>(n);
}

class FieldWalker {
 public:
  FieldWalker(const DecoderOptions& opts, Event* ev, std::string* key, std::string* scratch)
      : opts_(opts), ev_(ev), key_(key), scratch_(scratch) {}

  // readJSON over the members of `object`; `nested` says whether key_ holds a parent key.
  void Walk(Element object, bool nested) {
    for (Element m = object.first_child(); m; m = m.next()) {
      size_t base = key_->size();
      if (nested) key_->push_back('.');
      key_->append(m.key());
      Visit(m);
      key_->resize(base);
    }
  }

  int dropped() const { return dropped_; }

 private:
  void Visit(Element m) {
    switch (m.type()) {
      case Type::kString:
        Fill(m.string());
        break;
      case Type::kNumber: {
        char buf[64];
        size_t n = FormatNumber(m.number(), buf);
        Fill(std::string_view(buf, n < sizeof(buf) ? n : sizeof(buf) - 1));
        break;
      }
      case Type::kTrue:
        Fill("true");
        break;
      case Type::kFalse:
        Fill("false");
        break;
      case Type::kNull:
        if (opts_.null_field == NullField::kString) Fill("null");
        break;
      case Type::kArray:
        scratch_->clear();
        if (opts_.array_structure == ArrayStructure::kArray) {
          AppendFormatted(m, scratch_);
          Fill(*scratch_);
        } else if (Csv(m)) {
          Fill(*scratch_);
        }
        break;
      case Type::kObject:
        Walk(m, /*nested=*/true);
        break;
    }
  }

  // The csv form of an array into scratch_: scalars joined by ',' (a ',' follows an element
  // whenever any element follows it, so [1,{}] gives "1,"), objects and arrays skipped. Returns
  // false when no field is set: empty result, or the OS_MAXSTR limit was reached.
  bool Csv(Element array) {
    size_t n = 0;      // length the C code believes it wrote
    bool cut = false;  // a number longer than 63 chars ended the C string early
    auto add = [&](std::string_view piece, size_t claimed) {
      if (n + claimed >= kMaxCsv) {
        CountLimitHit(LimitCounter::kJsonCsvTooLong);
        return false;
      }
      if (!cut) scratch_->append(piece);
      if (claimed > piece.size()) cut = true;
      n += claimed;
      return true;
    };
    for (Element e = array.first_child(); e; e = e.next()) {
      bool ok = true;
      switch (e.type()) {
        case Type::kString:
          ok = add(e.string(), e.string().size());
          break;
        case Type::kNumber: {
          char buf[64];
          size_t claimed = FormatNumber(e.number(), buf);
          ok = add(std::string_view(buf, claimed < sizeof(buf) ? claimed : sizeof(buf) - 1),
                   claimed);
          break;
        }
        case Type::kNull:
          ok = add("null", 4);
          break;
        case Type::kTrue:
          ok = add("true", 4);
          break;
        case Type::kFalse:
          ok = add("false", 5);
          break;
        default:
          continue;  // nested arrays and objects add nothing, not even a comma
      }
      if (ok && e.next()) ok = add(",", 1);
      if (!ok) return false;
    }
    return !scratch_->empty();
  }

  // fillData: static mapping, the `user` alias, then the dynamic-field limit; every field set
  // spends its bytes from the max_field_bytes budget.
  void Fill(std::string_view value) {
    std::string_view key = *key_;
    StaticField f;
    if (StaticFromKey(key, &f)) {
      if (Spend(value.size())) ev_->SetStatic(f, value);
      return;
    }
    if (key == "user" && (!ev_->HasStatic(kDstUser) || ev_->statics[kDstUser].empty())) {
      if (Spend(value.size())) ev_->SetStatic(kDstUser, value);
      return;
    }
    if (ev_->dynamic_count < opts_.max_dynamic_fields && !Spend(key.size() + value.size())) return;
    // "Too many fields for JSON decoder." past max_dynamic_fields.
    if (!ev_->AddDynamicBounded(key, value, opts_.max_dynamic_fields)) ++dropped_;
  }

  // False, counted, when `bytes` more would take the event's decoded names and values over
  // max_field_bytes: the field is then not set.
  bool Spend(size_t bytes) {
    if (bytes > opts_.max_field_bytes - spent_) {
      CountLimitHit(LimitCounter::kJsonFieldBytes);
      return false;
    }
    spent_ += bytes;
    return true;
  }

  const DecoderOptions& opts_;
  Event* ev_;
  std::string* key_;
  std::string* scratch_;
  int dropped_ = 0;
  size_t spent_ = 0;  // bytes of names and values set so far
};

}  // namespace

int DecodeFields(const char* input, const DecoderOptions& opts, Event* ev) {
  if (input == nullptr) return 0;
  thread_local Document doc;
  thread_local std::string key;
  thread_local std::string scratch;
  if (!doc.Parse(input)) return 0;
  Element root = doc.root();
  if (root.type() != Type::kObject) return 0;
  key.clear();
  FieldWalker walker(opts, ev, &key, &scratch);
  walker.Walk(root, /*nested=*/false);
  return walker.dropped();
}

}  // namespace tripline::json
