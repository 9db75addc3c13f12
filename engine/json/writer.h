// JSON text output that matches cJSON 1.7.18 (the version Wazuh 4.14 vendors) byte for byte:
// string escaping (docs/wazuh-semantics.md §6.1), number formatting (cJSON print_number) and a
// small compact Writer for building alert lines straight into a std::string.
//
// Strings are treated as C strings, as cJSON sees them: output stops at the first NUL byte.
// The free functions are stateless and thread-safe. A Writer appends to a string it does not
// own; it is not synchronized (one thread per Writer).
#pragma once

#include <climits>
#include <cmath>
#include <string>
#include <string_view>

namespace tripline::json {

// cJSON's `valueint` for a number: `d` truncated toward zero and saturated to
// [INT_MIN, INT_MAX]. NaN gives INT_MIN (what the C cast yields on x86-64).
inline int SaturateToInt(double d) {
  if (d >= INT_MAX) return INT_MAX;
  if (d <= static_cast<double>(INT_MIN)) return INT_MIN;
  if (std::isnan(d)) return INT_MIN;
  return static_cast<int>(d);
}

// Appends `s` as a quoted JSON string escaped like cJSON's print_string_ptr: '"' and '\' get a
// backslash, \b \f \n \r \t use their short escapes, other bytes below 0x20 become \u00xx
// (lowercase hex), '/' and bytes >= 0x7f are copied as they are (no UTF-8 validation).
void AppendQuoted(std::string_view s, std::string* out);
// The same without the quotes. Returns false when a NUL byte ended the string early.
bool AppendEscaped(std::string_view s, std::string* out);

// Appends a number as cJSON's print_number does: NaN and infinities print as null; a value equal
// to its valueint prints as "%d" (so 1.0 -> 1 and -0.0 -> 0); anything else as "%1.15g", or
// "%1.17g" when the 15-digit text does not read back within DBL_EPSILON (1e20 -> 1e+20).
void AppendNumber(double d, std::string* out);

// Compact JSON builder, the shape of cJSON_PrintUnformatted output (no spaces). Commas are
// inserted automatically; the caller keeps objects and arrays balanced and calls Key() before
// each value inside an object.
//
//   std::string line;
//   Writer w(&line);
//   w.BeginObject();
//   w.Key("rule"); w.BeginObject(); w.Key("level"); w.Number(5); w.EndObject();
//   w.EndObject();   // line == R"({"rule":{"level":5}})"
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view value);
  void Number(double value);
  void Bool(bool value);
  void Null();
  // Inserts already serialised JSON text as one value.
  void Raw(std::string_view json);

  std::string* out() const { return out_; }

 private:
  void BeforeValue() {
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  }
  void Open(char c) {
    BeforeValue();
    out_->push_back(c);
    need_comma_ = false;
  }
  void Close(char c) {
    out_->push_back(c);
    need_comma_ = true;
  }

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace tripline::json
