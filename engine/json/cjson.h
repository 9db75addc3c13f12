// cJSON-compatible JSON for Wazuh compatibility: what cJSON 1.7.18 (vendored by Wazuh 4.14)
// accepts, how it decodes, and how cJSON_Print / cJSON_PrintUnformatted render, byte for byte.
//
// Two representations:
//  * Document: the fast, read-only result of parsing, kept in flat reusable buffers (no
//    allocation per value; a Document reused across inputs stops allocating once warm). Walk it
//    through Element handles. The JSON decoder uses this on every event.
//  * Value: a mutable tree shaped like cJSON's (each object member carries its name, members
//    keep insertion order and may repeat a name). Used to build alert output.
//
// Parser rules (cJSON_ParseWithOpts): the text ends at its first NUL byte; a UTF-8 BOM is skipped;
// "whitespace" is any byte 0x01-0x20; bytes after a complete value are accepted unless
// require_null_terminated; numbers are read with strtod from the longest run of [0-9+-eE.]
// (leading zeros, "1." and "1e5" accepted, "1e5e5" stops after "1e5"); strings may hold raw control
// bytes; \u escapes become UTF-8 (surrogate pairs joined, lone low surrogates rejected, invalid hex
// gives U+0000) and a decoded NUL ends the string as in C; nesting deeper than 1000 arrays/objects
// fails; texts of 1 GiB or more are refused.
//
// Thread-safety: Document, Element and Value are not synchronized; the free functions are
// thread-safe (Parse into a Value uses a thread-local Document).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/writer.h"

namespace tripline::json {

enum class Type : uint8_t { kFalse, kTrue, kNull, kNumber, kString, kArray, kObject };

// CJSON_NESTING_LIMIT: the deepest nesting of arrays and objects the parser accepts; a deeper
// text does not parse (LimitCounter::kJsonTooDeep).
inline constexpr int kNestingLimit = 1000;

class Document;
class Value;

// A handle to one value inside a Document; valid while the Document is neither destroyed nor
// parsed again. A default-constructed Element is "none" (false in a boolean context).
class Element {
 public:
  Element() = default;

  explicit operator bool() const { return doc_ != nullptr; }
  Type type() const;
  bool IsObject() const { return type() == Type::kObject; }
  bool IsArray() const { return type() == Type::kArray; }
  // Member name when this is an object member, else "".
  std::string_view key() const;
  // String value (kString), else "".
  std::string_view string() const;
  // cJSON valuedouble (kNumber), else 0.
  double number() const;
  // cJSON valueint: number() saturated to int (kNumber); 1 for true; else 0.
  int valueint() const;
  // First member/element of an object/array, or none.
  Element first_child() const;
  // Next sibling in document order, or none.
  Element next() const;
  // First member whose name matches ASCII case-insensitively (cJSON_GetObjectItem), or none.
  Element GetObjectItem(std::string_view name) const;
  // Deep copy into a mutable tree (the member name is not copied).
  Value ToValue() const;

 private:
  friend class Document;
  Element(const Document* doc, uint32_t index) : doc_(doc), index_(index) {}

  const Document* doc_ = nullptr;
  uint32_t index_ = 0;
};

// A parsed JSON text. Parse() replaces the previous content and keeps buffer capacity.
class Document {
 public:
  // Parses like cJSON_ParseWithOpts(text, &end, require_null_terminated). Returns false (and an
  // empty document) when cJSON would return NULL.
  bool Parse(std::string_view text, bool require_null_terminated = false);
  // Same for a NUL-terminated C string (no scan for embedded NULs).
  bool Parse(const char* text, bool require_null_terminated = false);
  // After a successful Parse: offset in the text just past the parsed value (cJSON's
  // return_parse_end; with require_null_terminated, the end of the text).
  size_t parse_end() const { return parse_end_; }
  // The root value, or none when the last Parse failed.
  Element root() const { return nodes_.empty() ? Element() : Element(this, 0); }
  // The last Parse failed because the text nests deeper than kNestingLimit (also counted in
  // LimitCounter::kJsonTooDeep).
  bool too_deep() const { return too_deep_; }

 private:
  friend class Element;
  friend class Parser;
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Node {
    Type type = Type::kNull;
    uint32_t next = kNone;         // next sibling
    uint32_t first_child = kNone;  // arrays and objects
    uint32_t key_pos = 0;          // member name in strings_
    uint32_t key_len = 0;
    uint32_t str_pos = 0;  // string value in strings_
    uint32_t str_len = 0;
    double number = 0;
  };

  bool ParseText(std::string_view text, bool require_null_terminated);

  std::vector<Node> nodes_;  // preorder; node 0 is the root
  std::string strings_;      // decoded keys and string values
  size_t parse_end_ = 0;
  bool too_deep_ = false;
};

// Element accessors are inline: the JSON decoder calls them for every value of every event.
inline Type Element::type() const { return doc_->nodes_[index_].type; }

inline std::string_view Element::key() const {
  const Document::Node& n = doc_->nodes_[index_];
  return std::string_view(doc_->strings_.data() + n.key_pos, n.key_len);
}

inline std::string_view Element::string() const {
  const Document::Node& n = doc_->nodes_[index_];
  if (n.type != Type::kString) return {};
  return std::string_view(doc_->strings_.data() + n.str_pos, n.str_len);
}

inline double Element::number() const {
  const Document::Node& n = doc_->nodes_[index_];
  return n.type == Type::kNumber ? n.number : 0;
}

inline int Element::valueint() const {
  const Document::Node& n = doc_->nodes_[index_];
  if (n.type == Type::kTrue) return 1;
  return n.type == Type::kNumber ? SaturateToInt(n.number) : 0;
}

inline Element Element::first_child() const {
  uint32_t c = doc_->nodes_[index_].first_child;
  return c == Document::kNone ? Element() : Element(doc_, c);
}

inline Element Element::next() const {
  uint32_t c = doc_->nodes_[index_].next;
  return c == Document::kNone ? Element() : Element(doc_, c);
}

// A mutable JSON value in cJSON's shape. Object members are Values whose name() is set; lookups
// by name return the first match. References and pointers to children are invalidated by adding
// or removing children of the same parent.
class Value {
 public:
  Value() = default;  // null
  static Value Null() { return Value(Type::kNull); }
  static Value Bool(bool b) { return Value(b ? Type::kTrue : Type::kFalse); }
  static Value Number(double d);
  // The string is cut at its first NUL byte, as cJSON_CreateString would see it.
  static Value String(std::string_view s);
  static Value Array() { return Value(Type::kArray); }
  static Value Object() { return Value(Type::kObject); }

  Type type() const { return type_; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsBool() const { return type_ == Type::kTrue || type_ == Type::kFalse; }
  bool IsTrue() const { return type_ == Type::kTrue; }
  bool IsNumber() const { return type_ == Type::kNumber; }
  bool IsString() const { return type_ == Type::kString; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsObject() const { return type_ == Type::kObject; }

  // Member name (cJSON item->string); "" for values that are not object members.
  const std::string& name() const { return name_; }
  const std::string& string() const { return string_; }
  double number() const { return number_; }
  int valueint() const { return type_ == Type::kTrue ? 1 : SaturateToInt(number_); }
  void SetString(std::string_view s);
  void SetNumber(double d) { number_ = d; }

  // Members of an object or elements of an array, in order.
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  size_t size() const { return items_.size(); }

  // First member whose name matches ASCII case-insensitively (cJSON_GetObjectItem), or nullptr.
  Value* GetObjectItem(std::string_view name);
  const Value* GetObjectItem(std::string_view name) const;
  // Same with an exact match (cJSON_GetObjectItemCaseSensitive).
  Value* GetObjectItemCaseSensitive(std::string_view name);
  const Value* GetObjectItemCaseSensitive(std::string_view name) const;
  // Appends a member named `name` (cut at NUL) even if one exists (cJSON_AddItemToObject).
  Value& AddItemToObject(std::string_view name, Value item);
  Value& AddStringToObject(std::string_view name, std::string_view s) {
    return AddItemToObject(name, String(s));
  }
  Value& AddNumberToObject(std::string_view name, double d) {
    return AddItemToObject(name, Number(d));
  }
  Value& AddBoolToObject(std::string_view name, bool b) { return AddItemToObject(name, Bool(b)); }
  // Appends an array element (cJSON_AddItemToArray); a name the item carried is cleared.
  Value& AddItemToArray(Value item);
  // Removes the first case-insensitive match (cJSON_DeleteItemFromObject). False if none.
  bool DeleteItemFromObject(std::string_view name);

 private:
  explicit Value(Type t) : type_(t) {}

  Type type_ = Type::kNull;
  double number_ = 0;
  std::string name_;
  std::string string_;
  std::vector<Value> items_;
};

// ASCII case-insensitive equality, as cJSON's case_insensitive_strcmp (C locale).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Parses `text` into *out with cJSON_ParseWithOpts rules. On success, *end (if given) receives the
// offset just past the value. Returns false and leaves *out unspecified when cJSON would fail.
bool Parse(std::string_view text, Value* out, size_t* end = nullptr,
           bool require_null_terminated = false);

// cJSON_PrintUnformatted / cJSON_Print. Formatted output indents object members with tabs, puts
// "\t" after ':' and ", " between array elements, and prints an empty object as "{\n}".
std::string PrintUnformatted(const Value& v);
std::string Print(const Value& v);
void AppendUnformatted(const Value& v, std::string* out);
void AppendFormatted(const Value& v, std::string* out);
void AppendUnformatted(Element e, std::string* out);
void AppendFormatted(Element e, std::string* out);
// Emits `v` as the next value of a compact Writer.
void WriteValue(const Value& v, Writer* w);

}  // namespace tripline::json
