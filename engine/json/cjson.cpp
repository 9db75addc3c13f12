#include "json/cjson.h"

#include <bit>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "base/limit_counters.h"

namespace tripline::json {

// ---------------------------------------------------------------------------------------------
// Parser: cJSON 1.7.18's parse_value/parse_string/parse_number/parse_array/parse_object, writing
// into a Document's flat buffers. The text is s_[0, n_) followed by a virtual NUL at n_.

class Parser {
 public:
  using Node = Document::Node;

  Parser(std::string_view text, std::vector<Node>* nodes, std::string* strings)
      : s_(reinterpret_cast<const unsigned char*>(text.data())),
        n_(text.size()),
        nodes_(nodes),
        strings_(strings) {}

  bool ParseRoot(bool require_null_terminated, size_t* end) {
    if (n_ >= 4 && s_[0] == 0xEF && s_[1] == 0xBB && s_[2] == 0xBF) i_ = 3;  // skip_utf8_bom
    SkipWhitespace();
    uint32_t root = NewNode();
    if (!ParseValue(root)) return false;
    if (require_null_terminated) {
      SkipWhitespace();
      if (i_ < n_) return false;
    }
    *end = i_;
    return true;
  }

  // The parse failed at kNestingLimit.
  bool too_deep() const { return too_deep_; }

 private:
  static constexpr uint32_t kNone = Document::kNone;

  unsigned char At(size_t i) const { return i < n_ ? s_[i] : 0; }

  // buffer_skip_whitespace: every byte from 0x01 to 0x20 counts as whitespace.
  void SkipWhitespace() {
    while (i_ < n_ && s_[i_] <= 32) ++i_;
  }

  uint32_t NewNode() {
    nodes_->emplace_back();
    return static_cast<uint32_t>(nodes_->size() - 1);
  }

  bool Match(const char* literal, size_t len) const {
    return n_ - i_ >= len && std::memcmp(s_ + i_, literal, len) == 0;
  }

  bool ParseValue(uint32_t idx) {
    if (i_ >= n_) return false;
    switch (s_[i_]) {
      case 'n':
        if (!Match("null", 4)) return false;
        (*nodes_)[idx].type = Type::kNull;
        i_ += 4;
        return true;
      case 'f':
        if (!Match("false", 5)) return false;
        (*nodes_)[idx].type = Type::kFalse;
        i_ += 5;
        return true;
      case 't':
        if (!Match("true", 4)) return false;
        (*nodes_)[idx].type = Type::kTrue;
        i_ += 4;
        return true;
      case '"': {
        uint32_t pos, len;
        if (!ParseString(&pos, &len)) return false;
        Node& node = (*nodes_)[idx];
        node.type = Type::kString;
        node.str_pos = pos;
        node.str_len = len;
        return true;
      }
      case '[':
        return ParseContainer(idx, /*object=*/false);
      case '{':
        return ParseContainer(idx, /*object=*/true);
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return ParseNumber(idx);
      default:
        return false;
    }
  }

  static bool IsNumberByte(unsigned char c) {
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.';
  }

  // parse_number: strtod over the whole run of number bytes (cJSON >= 1.7.18 copies the run
  // into a buffer of its own size, so there is no length limit).
  bool ParseNumber(uint32_t idx) {
    size_t k = 0;
    while (i_ + k < n_ && IsNumberByte(s_[i_ + k])) ++k;
    const char* run = reinterpret_cast<const char*>(s_ + i_);

    double d;
    size_t used;
    // Fast path, exact: a run of 1-15 digits (optionally negative) is an integer below 2^53.
    size_t j = run[0] == '-' ? 1 : 0;
    size_t digits = k - j;
    uint64_t v = 0;
    bool all_digits = digits >= 1 && digits <= 15;
    for (size_t x = j; all_digits && x < k; ++x) {
      unsigned char c = static_cast<unsigned char>(run[x]);
      if (c < '0' || c > '9') all_digits = false;
      v = v * 10 + (c - '0');
    }
    if (all_digits) {
      d = static_cast<double>(v);
      if (j) d = -d;
      used = k;
    } else {
      char small[64];
      std::string big;
      char* buf = small;
      if (k >= sizeof(small)) {
        big.assign(run, k);
        buf = big.data();
      } else {
        std::memcpy(small, run, k);
        small[k] = '\0';
      }
      char* after = nullptr;
      d = std::strtod(buf, &after);
      if (after == buf) return false;
      used = static_cast<size_t>(after - buf);
    }
    Node& node = (*nodes_)[idx];
    node.type = Type::kNumber;
    node.number = d;
    i_ += used;
    return true;
  }

  // Nonzero when a byte of w equals c; the lowest set bit marks the first such byte (the
  // "haszero" bit trick: only bytes after a real match can be flagged spuriously).
  static uint64_t HasByte(uint64_t w, unsigned char c) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHighs = 0x8080808080808080ULL;
    uint64_t x = w ^ (kOnes * c);
    return (x - kOnes) & ~x & kHighs;
  }

  static unsigned Hex4(const unsigned char* p) {
    unsigned h = 0;
    for (int i = 0; i < 4; ++i) {
      unsigned char c = p[i];
      h <<= 4;
      if (c >= '0' && c <= '9') {
        h += c - '0';
      } else if (c >= 'A' && c <= 'F') {
        h += 10u + c - 'A';
      } else if (c >= 'a' && c <= 'f') {
        h += 10u + c - 'a';
      } else {
        return 0;  // cJSON's parse_hex4 turns any invalid digit into 0
      }
    }
    return h;
  }

  // utf16_literal_to_utf8: `b` is the backslash of "\uXXXX", `q` the closing quote. Appends the
  // code point as UTF-8 and returns the escape length (6 or 12), or 0 on error.
  size_t DecodeUtf16(size_t b, size_t q, bool* nul) {
    if (q - b < 6) return 0;
    unsigned first = Hex4(s_ + b + 2);
    if (first >= 0xDC00 && first <= 0xDFFF) return 0;
    uint32_t cp;
    size_t seq;
    if (first >= 0xD800 && first <= 0xDBFF) {
      size_t b2 = b + 6;
      if (q - b2 < 6) return 0;
      if (s_[b2] != '\\' || s_[b2 + 1] != 'u') return 0;
      unsigned second = Hex4(s_ + b2 + 2);
      if (second < 0xDC00 || second > 0xDFFF) return 0;
      cp = 0x10000 + (((first & 0x3FF) << 10) | (second & 0x3FF));
      seq = 12;
    } else {
      cp = first;
      seq = 6;
    }
    if (cp < 0x80) {
      if (cp == 0) *nul = true;
      strings_->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      strings_->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      strings_->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      strings_->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      strings_->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      strings_->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      strings_->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      strings_->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      strings_->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      strings_->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    return seq;
  }

  // parse_string: s_[i_] is '"'. The closing quote is the first one not preceded by an escaping
  // backslash; escapes are then decoded between the quotes.
  bool ParseString(uint32_t* pos, uint32_t* len) {
    size_t start = i_ + 1;
    size_t q = start;
    bool has_escape = false;
    for (;;) {
      // Find the next '"' or '\\', 8 bytes at a time where possible.
      if (std::endian::native == std::endian::little && n_ - q >= 8) {
        uint64_t w;
        std::memcpy(&w, s_ + q, 8);
        uint64_t hits = HasByte(w, '"') | HasByte(w, '\\');
        if (hits == 0) {
          q += 8;
          continue;
        }
        q += static_cast<size_t>(std::countr_zero(hits)) >> 3;
      } else {
        while (q < n_ && s_[q] != '"' && s_[q] != '\\') ++q;
        if (q >= n_) return false;  // string ended unexpectedly
      }
      if (s_[q] == '"') break;
      has_escape = true;  // a backslash: the next byte is escaped, whatever it is
      q += 2;
      if (q > n_) return false;
    }

    size_t out_pos = strings_->size();
    const char* text = reinterpret_cast<const char*>(s_);
    if (!has_escape) {
      strings_->append(text + start, q - start);
    } else {
      bool nul = false;
      size_t a = start;
      while (a < q) {
        const void* bs = std::memchr(s_ + a, '\\', q - a);
        size_t b = bs ? static_cast<size_t>(static_cast<const unsigned char*>(bs) - s_) : q;
        strings_->append(text + a, b - a);
        if (b >= q) break;
        size_t seq = 2;
        switch (s_[b + 1]) {
          case 'b':
            strings_->push_back('\b');
            break;
          case 'f':
            strings_->push_back('\f');
            break;
          case 'n':
            strings_->push_back('\n');
            break;
          case 'r':
            strings_->push_back('\r');
            break;
          case 't':
            strings_->push_back('\t');
            break;
          case '"':
          case '\\':
          case '/':
            strings_->push_back(static_cast<char>(s_[b + 1]));
            break;
          case 'u':
            seq = DecodeUtf16(b, q, &nul);
            if (seq == 0) return false;
            break;
          default:
            return false;
        }
        a = b + seq;
      }
      if (nul) {  // a decoded U+0000 ends the C string
        size_t cut = strings_->find('\0', out_pos);
        strings_->resize(cut);
      }
    }
    if (strings_->size() >= UINT32_MAX) return false;
    *pos = static_cast<uint32_t>(out_pos);
    *len = static_cast<uint32_t>(strings_->size() - out_pos);
    i_ = q + 1;
    return true;
  }

  // parse_array / parse_object.
  bool ParseContainer(uint32_t idx, bool object) {
    if (depth_ >= kNestingLimit) {
      too_deep_ = true;
      return false;
    }
    ++depth_;
    (*nodes_)[idx].type = object ? Type::kObject : Type::kArray;
    const unsigned char close = object ? '}' : ']';
    ++i_;
    SkipWhitespace();
    if (At(i_) == close) {
      ++i_;
      --depth_;
      return true;
    }
    uint32_t prev = kNone;
    for (;;) {
      SkipWhitespace();
      uint32_t child = NewNode();
      if (prev == kNone) {
        (*nodes_)[idx].first_child = child;
      } else {
        (*nodes_)[prev].next = child;
      }
      if (object) {
        if (At(i_) != '"') return false;
        uint32_t key_pos, key_len;
        if (!ParseString(&key_pos, &key_len)) return false;
        (*nodes_)[child].key_pos = key_pos;
        (*nodes_)[child].key_len = key_len;
        SkipWhitespace();
        if (At(i_) != ':') return false;
        ++i_;
        SkipWhitespace();
      }
      if (!ParseValue(child)) return false;
      SkipWhitespace();
      if (At(i_) != ',') break;
      ++i_;
      prev = child;
    }
    if (At(i_) != close) return false;
    ++i_;
    --depth_;
    return true;
  }

  const unsigned char* s_;
  size_t n_;
  size_t i_ = 0;
  int depth_ = 0;
  bool too_deep_ = false;
  std::vector<Node>* nodes_;
  std::string* strings_;
};

// ---------------------------------------------------------------------------------------------
// Document and Element.

bool Document::Parse(std::string_view text, bool require_null_terminated) {
  // cJSON_ParseWithOpts sees a C string: the text ends at its first NUL.
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    text = text.substr(0, static_cast<const char*>(nul) - text.data());
  }
  return ParseText(text, require_null_terminated);
}

bool Document::Parse(const char* text, bool require_null_terminated) {
  return ParseText(std::string_view(text, std::strlen(text)), require_null_terminated);
}

bool Document::ParseText(std::string_view text, bool require_null_terminated) {
  nodes_.clear();
  strings_.clear();
  parse_end_ = 0;
  too_deep_ = false;
  if (text.size() >= (size_t{1} << 30)) return false;
  Parser parser(text, &nodes_, &strings_);
  if (!parser.ParseRoot(require_null_terminated, &parse_end_)) {
    if (parser.too_deep()) {
      too_deep_ = true;
      CountLimitHit(LimitCounter::kJsonTooDeep);
    }
    nodes_.clear();
    strings_.clear();
    parse_end_ = 0;
    return false;
  }
  return true;
}

Element Element::GetObjectItem(std::string_view name) const {
  if (type() != Type::kObject) return Element();
  for (Element c = first_child(); c; c = c.next()) {
    if (EqualsIgnoreCase(c.key(), name)) return c;
  }
  return Element();
}

Value Element::ToValue() const {
  switch (type()) {
    case Type::kNull:
      return Value::Null();
    case Type::kFalse:
      return Value::Bool(false);
    case Type::kTrue:
      return Value::Bool(true);
    case Type::kNumber:
      return Value::Number(number());
    case Type::kString:
      return Value::String(string());
    case Type::kArray: {
      Value v = Value::Array();
      for (Element c = first_child(); c; c = c.next()) v.AddItemToArray(c.ToValue());
      return v;
    }
    case Type::kObject: {
      Value v = Value::Object();
      for (Element c = first_child(); c; c = c.next()) v.AddItemToObject(c.key(), c.ToValue());
      return v;
    }
  }
  return Value::Null();
}

// ---------------------------------------------------------------------------------------------
// Value.

namespace {

std::string_view CutAtNul(std::string_view s) {
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

template <typename V>
V* FindItem(std::vector<V>& items, std::string_view name, bool case_sensitive) {
  for (V& item : items) {
    if (case_sensitive ? item.name() == name : EqualsIgnoreCase(item.name(), name)) return &item;
  }
  return nullptr;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]);
    unsigned char y = static_cast<unsigned char>(b[i]);
    if (x == y) continue;
    if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
    if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
    if (x != y) return false;
  }
  return true;
}

Value Value::Number(double d) {
  Value v(Type::kNumber);
  v.number_ = d;
  return v;
}

Value Value::String(std::string_view s) {
  Value v(Type::kString);
  v.SetString(s);
  return v;
}

void Value::SetString(std::string_view s) {
  s = CutAtNul(s);
  string_.assign(s.data(), s.size());
}

Value* Value::GetObjectItem(std::string_view name) { return FindItem(items_, name, false); }
const Value* Value::GetObjectItem(std::string_view name) const {
  return const_cast<Value*>(this)->GetObjectItem(name);
}
Value* Value::GetObjectItemCaseSensitive(std::string_view name) {
  return FindItem(items_, name, true);
}
const Value* Value::GetObjectItemCaseSensitive(std::string_view name) const {
  return const_cast<Value*>(this)->GetObjectItemCaseSensitive(name);
}

Value& Value::AddItemToObject(std::string_view name, Value item) {
  name = CutAtNul(name);
  item.name_.assign(name.data(), name.size());
  items_.push_back(std::move(item));
  return items_.back();
}

Value& Value::AddItemToArray(Value item) {
  item.name_.clear();
  items_.push_back(std::move(item));
  return items_.back();
}

bool Value::DeleteItemFromObject(std::string_view name) {
  for (auto it = items_.begin(); it != items_.end(); ++it) {
    if (EqualsIgnoreCase(it->name(), name)) {
      items_.erase(it);
      return true;
    }
  }
  return false;
}

bool Parse(std::string_view text, Value* out, size_t* end, bool require_null_terminated) {
  thread_local Document doc;
  if (!doc.Parse(text, require_null_terminated)) return false;
  *out = doc.root().ToValue();
  if (end) *end = doc.parse_end();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Printing (print_value / print_array / print_object), shared by Value and Element.

namespace {

Type TypeOf(const Value& v) { return v.type(); }
Type TypeOf(Element e) { return e.type(); }
double NumberOf(const Value& v) { return v.number(); }
double NumberOf(Element e) { return e.number(); }
std::string_view StringOf(const Value& v) { return v.string(); }
std::string_view StringOf(Element e) { return e.string(); }
std::string_view KeyOf(const Value& v) { return v.name(); }
std::string_view KeyOf(Element e) { return e.key(); }

template <typename F>
void ForEachChild(const Value& v, F&& f) {
  for (const Value& c : v.items()) f(c);
}
template <typename F>
void ForEachChild(Element e, F&& f) {
  for (Element c = e.first_child(); c; c = c.next()) f(c);
}

// `depth` counts the arrays and objects enclosing `v` (0 at the top).
template <typename V>
void PrintTo(const V& v, bool format, size_t depth, std::string* out) {
  switch (TypeOf(v)) {
    case Type::kNull:
      out->append("null");
      return;
    case Type::kFalse:
      out->append("false");
      return;
    case Type::kTrue:
      out->append("true");
      return;
    case Type::kNumber:
      AppendNumber(NumberOf(v), out);
      return;
    case Type::kString:
      AppendQuoted(StringOf(v), out);
      return;
    case Type::kArray: {
      out->push_back('[');
      bool first = true;
      ForEachChild(v, [&](const auto& c) {
        if (!first) out->append(format ? ", " : ",");
        first = false;
        PrintTo(c, format, depth + 1, out);
      });
      out->push_back(']');
      return;
    }
    case Type::kObject: {
      out->push_back('{');
      if (format) out->push_back('\n');
      bool first = true;
      ForEachChild(v, [&](const auto& c) {
        if (!first) out->append(format ? ",\n" : ",");
        first = false;
        if (format) out->append(depth + 1, '\t');
        AppendQuoted(KeyOf(c), out);
        out->append(format ? ":\t" : ":");
        PrintTo(c, format, depth + 1, out);
      });
      if (format) {
        if (!first) out->push_back('\n');
        out->append(depth, '\t');
      }
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

void AppendUnformatted(const Value& v, std::string* out) { PrintTo(v, false, 0, out); }
void AppendFormatted(const Value& v, std::string* out) { PrintTo(v, true, 0, out); }
void AppendUnformatted(Element e, std::string* out) { PrintTo(e, false, 0, out); }
void AppendFormatted(Element e, std::string* out) { PrintTo(e, true, 0, out); }

std::string PrintUnformatted(const Value& v) {
  std::string out;
  AppendUnformatted(v, &out);
  return out;
}

std::string Print(const Value& v) {
  std::string out;
  AppendFormatted(v, &out);
  return out;
}

void WriteValue(const Value& v, Writer* w) {
  w->Raw("");  // emits the separator
  AppendUnformatted(v, w->out());
}

}  // namespace tripline::json
