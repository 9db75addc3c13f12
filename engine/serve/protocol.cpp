#include "serve/protocol.h"

#include <cstdlib>
#include <cstring>

namespace tripline::serve {

uint32_t DecodeLength(const unsigned char header[4]) {
  return static_cast<uint32_t>(header[0]) | static_cast<uint32_t>(header[1]) << 8 |
         static_cast<uint32_t>(header[2]) << 16 | static_cast<uint32_t>(header[3]) << 24;
}

std::string Frame(std::string_view payload) {
  uint32_t n = static_cast<uint32_t>(payload.size());
  std::string out;
  out.reserve(payload.size() + 4);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  out.append(payload);
  return out;
}

std::string OversizeReply() {
  return R"({"message":"(7315): Failure to receive message: size is bigger than expected","error":5})";
}

namespace {

// Follows cJSON 1.7.18's parse functions only far enough to know where they stop: the buffer
// is the text plus its terminating NUL (length = size + 1), and each function leaves the offset
// where cJSON leaves it when it fails.
class ErrorScanner {
 public:
  explicit ErrorScanner(std::string_view text) : text_(text), len_(text.size() + 1) {}

  size_t Position() {
    if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) off_ = 3;
    SkipWhitespace();
    ParseValue();
    return off_ < len_ ? off_ : len_ - 1;
  }

 private:
  static constexpr int kNestingLimit = 1000;

  unsigned char At(size_t i) const { return i < text_.size() ? static_cast<unsigned char>(text_[i]) : 0; }
  bool CanAccess(size_t i) const { return off_ + i < len_; }
  bool CanRead(size_t n) const { return off_ + n <= len_; }
  bool Literal(const char* word, size_t n) const {
    return CanRead(n) && text_.substr(off_, n) == std::string_view(word, n);
  }

  void SkipWhitespace() {
    if (!CanAccess(0)) return;
    while (CanAccess(0) && At(off_) <= 32) ++off_;
    if (off_ == len_) --off_;
  }

  bool ParseValue() {
    if (Literal("null", 4) || Literal("true", 4)) {
      off_ += 4;
      return true;
    }
    if (Literal("false", 5)) {
      off_ += 5;
      return true;
    }
    if (!CanAccess(0)) return false;
    unsigned char c = At(off_);
    if (c == '"') return ParseString();
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
    if (c == '[') return ParseContainer(false);
    if (c == '{') return ParseContainer(true);
    return false;
  }

  bool ParseNumber() {
    std::string run;
    for (size_t i = off_; i < text_.size(); ++i) {
      char c = text_[i];
      if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == '.')) break;
      run.push_back(c);
    }
    char* end = nullptr;
    std::strtod(run.c_str(), &end);
    if (end == run.c_str()) return false;
    off_ += static_cast<size_t>(end - run.c_str());
    return true;
  }

  static unsigned Hex4(std::string_view s) {
    unsigned h = 0;
    for (char ch : s) {
      unsigned char c = static_cast<unsigned char>(ch);
      h <<= 4;
      if (c >= '0' && c <= '9') {
        h += c - '0';
      } else if (c >= 'A' && c <= 'F') {
        h += 10u + c - 'A';
      } else if (c >= 'a' && c <= 'f') {
        h += 10u + c - 'a';
      } else {
        return 0;
      }
    }
    return h;
  }

  // utf16_literal_to_utf8: the length of the escape at `p` (6 or 12), or 0 when invalid.
  size_t Utf16Length(size_t p, size_t end) const {
    if (end - p < 6) return 0;
    unsigned first = Hex4(text_.substr(p + 2, 4));
    if (first >= 0xDC00 && first <= 0xDFFF) return 0;
    if (first < 0xD800 || first > 0xDBFF) return 6;
    size_t second = p + 6;
    if (end - second < 6) return 0;
    if (At(second) != '\\' || At(second + 1) != 'u') return 0;
    unsigned low = Hex4(text_.substr(second + 2, 4));
    return low >= 0xDC00 && low <= 0xDFFF ? 12 : 0;
  }

  // parse_string: on failure the offset becomes cJSON's input_pointer (one past the quote, or
  // the backslash of a bad escape), even when the byte at the offset is not a quote.
  bool ParseString() {
    size_t p = off_ + 1;
    size_t e = off_ + 1;
    if (At(off_) != '"') {
      off_ = p;
      return false;
    }
    while (e < len_ && At(e) != '"') {
      if (At(e) == '\\') {
        if (e + 1 >= len_) {
          off_ = p;
          return false;
        }
        ++e;
      }
      ++e;
    }
    if (e >= len_ || At(e) != '"') {
      off_ = p;
      return false;
    }
    while (p < e) {
      if (At(p) != '\\') {
        ++p;
        continue;
      }
      size_t seq = 2;
      switch (At(p + 1)) {
        case 'b': case 'f': case 'n': case 'r': case 't': case '"': case '\\': case '/':
          break;
        case 'u':
          seq = Utf16Length(p, e);
          if (seq == 0) {
            off_ = p;
            return false;
          }
          break;
        default:
          off_ = p;
          return false;
      }
      p += seq;
    }
    off_ = e + 1;
    return true;
  }

  bool ParseContainer(bool object) {
    if (depth_ >= kNestingLimit) return false;
    ++depth_;
    const unsigned char close = object ? '}' : ']';
    ++off_;
    SkipWhitespace();
    if (CanAccess(0) && At(off_) == close) {
      ++off_;
      --depth_;
      return true;
    }
    if (!CanAccess(0)) {
      --off_;
      return false;
    }
    --off_;
    do {
      if (object && !CanAccess(1)) return false;
      ++off_;
      SkipWhitespace();
      if (object) {
        if (!ParseString()) return false;
        SkipWhitespace();
        if (!CanAccess(0) || At(off_) != ':') return false;
        ++off_;
        SkipWhitespace();
      }
      if (!ParseValue()) return false;
      SkipWhitespace();
    } while (CanAccess(0) && At(off_) == ',');
    if (!CanAccess(0) || At(off_) != close) return false;
    ++off_;
    --depth_;
    return true;
  }

  std::string_view text_;
  size_t len_;
  size_t off_ = 0;
  int depth_ = 0;
};

std::string_view CutAtNul(std::string_view text) {
  size_t nul = text.find('\0');
  return nul == std::string_view::npos ? text : text.substr(0, nul);
}

}  // namespace

size_t JsonErrorPosition(std::string_view text) { return ErrorScanner(CutAtNul(text)).Position(); }

std::string JsonParseErrorMessage(std::string_view text) {
  text = CutAtNul(text);
  size_t pos = JsonErrorPosition(text);
  size_t start = pos >= 10 ? pos - 10 : 0;
  std::string_view slice = start < text.size() ? text.substr(start, 20) : std::string_view();
  return "(7307): Error parsing JSON in position " + std::to_string(pos) + ", ... " + std::string(slice) +
         " ...";
}

}  // namespace tripline::serve
