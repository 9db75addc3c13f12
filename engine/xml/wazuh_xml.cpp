// WazuhXml reader: a single forward pass over the bytes that builds the tree, expands `$NAME`
// variables and stops at the first syntax error. Positions are byte offsets, turned into
// line:column through a table of line starts built once per file.
#include "xml/wazuh_xml.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace tripline::xml {

const std::string* Node::FindAttr(std::string_view attr_name) const {
  for (const Attr& a : attrs) {
    if (a.name == attr_name) return &a.value;
  }
  return nullptr;
}

namespace {

constexpr int kMaxDepth = 1024;  // os_xml's recursion limit

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Element and attribute names: ASCII letters, digits, `_ - . :` and any non-ASCII byte.
constexpr bool IsNameByte(unsigned char u) {
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '-' || u == '.' || u == ':' || u >= 0x80;
}

struct NameTable {
  bool is_name[256] = {};
  constexpr NameTable() {
    for (int i = 0; i < 256; ++i) is_name[i] = IsNameByte(static_cast<unsigned char>(i));
  }
};
constexpr NameTable kNameTable;

bool IsNameChar(char c) { return kNameTable.is_name[static_cast<unsigned char>(c)]; }

// A variable name after `$` ends at one of these bytes (or at the end of the text).
bool IsVarNameEnd(char c) { return c == '$' || c == '.' || c == '|' || c == ',' || c == ' '; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool IsVarElement(std::string_view name) { return EqualsIgnoreCase(name, "var"); }

// A byte for a message: printable as is, anything else as \xNN.
std::string Printable(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\x%02x", u);
  return buf;
}

// Maps an index in a built text back to a source offset: texts are contiguous runs of the
// source separated by removed comments, each run starting at an anchor.
struct Anchor {
  size_t text_index;
  size_t offset;
};

// The anchors of one text: the first run (text index 0) inline, the runs after removed
// comments in `more` (most texts have none, so no allocation).
struct Anchors {
  size_t first_offset = 0;
  std::vector<Anchor> more;

  explicit Anchors(size_t offset) : first_offset(offset) {}
  void Reset(size_t offset) {
    first_offset = offset;
    more.clear();
  }
};

size_t OffsetOf(const Anchors& anchors, size_t text_index) {
  size_t offset = anchors.first_offset + text_index;
  for (const Anchor& a : anchors.more) {
    if (a.text_index > text_index) break;
    offset = a.offset + (text_index - a.text_index);
  }
  return offset;
}

struct Var {
  std::string name;
  std::string value;
  int line;
};

class Parser {
 public:
  Parser(std::string_view path, std::string_view src, Diagnostics* diags)
      : path_(path), src_(src), diags_(diags) {
    line_starts_.push_back(0);
    const char* base = src_.data();
    const char* p = base;
    const char* end = base + src_.size();
    while (p < end) {
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      if (nl == nullptr) break;
      p = static_cast<const char*>(nl) + 1;
      line_starts_.push_back(static_cast<size_t>(p - base));
    }
  }

  bool Run(std::vector<Node>* roots) {
    const void* nul = std::memchr(src_.data(), '\0', src_.size());
    if (nul != nullptr) {
      return Fail("XML015", static_cast<size_t>(static_cast<const char*>(nul) - src_.data()),
                  "NUL byte in file");
    }
    // A UTF-8 byte order mark is not text.
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    for (;;) {
      while (pos_ < src_.size() && IsSpace(src_[pos_])) ++pos_;
      if (pos_ >= src_.size()) return true;
      if (src_[pos_] != '<') {
        size_t end = pos_;
        while (end < src_.size() && end - pos_ < 30 && src_[end] != '\n' && src_[end] != '<') ++end;
        return Fail(
            "XML006", pos_,
            "text outside of any element: '" + std::string(src_.substr(pos_, end - pos_)) + "'");
      }
      char next = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
      if (next == '!') {
        if (!SkipComment()) return false;
      } else if (next == '?') {
        if (!SkipDeclaration()) return false;
      } else if (next == '/') {
        return Fail("XML004", pos_,
                    "closing tag </" + ClosingName(pos_ + 2) + "> without a matching open element");
      } else {
        Node node;
        if (!ParseElement(&node, 1)) return false;
        if (IsVarElement(node.name)) {
          if (!DefineVar(node)) return false;
        } else {
          roots->push_back(std::move(node));
        }
      }
    }
  }

 private:
  struct LineColumn {
    int line;
    int column;
  };

  // 1-based line and column of a byte offset. Offsets mostly grow, so it walks forward from
  // the previous answer and searches only when going back.
  LineColumn LineColumnAt(size_t offset) {
    if (offset < line_starts_[line_index_]) {
      line_index_ =
          static_cast<size_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                              line_starts_.begin() - 1);
    }
    while (line_index_ + 1 < line_starts_.size() && line_starts_[line_index_ + 1] <= offset)
      ++line_index_;
    return {static_cast<int>(line_index_ + 1),
            static_cast<int>(offset - line_starts_[line_index_] + 1)};
  }

  SourceLoc LocAt(size_t offset) {
    LineColumn lc = LineColumnAt(offset);
    return {std::string(path_), lc.line, lc.column};
  }

  bool Fail(const char* code, size_t offset, std::string message) {
    diags_->Error(code, LocAt(offset), std::move(message));
    return false;
  }

  // The name text of a closing tag starting at `from` (for messages), up to '>' or a newline.
  std::string ClosingName(size_t from) const {
    size_t end = from;
    while (end < src_.size() && src_[end] != '>' && src_[end] != '\n' && end - from < 60) ++end;
    return std::string(src_.substr(from, end - from));
  }

  // At "<!": skips a comment, which os_xml ends at the first "!>" or "-->" after the "<!".
  bool SkipComment() {
    size_t start = pos_;
    size_t body = start + 2;
    size_t k = body;
    for (;;) {
      k = src_.find('>', k);
      if (k == std::string_view::npos) return Fail("XML005", start, "unterminated comment");
      if (k >= body + 1 && src_[k - 1] == '!') break;
      if (k >= body + 2 && src_[k - 1] == '-' && src_[k - 2] == '-') break;
      ++k;
    }
    pos_ = k + 1;
    return true;
  }

  // At "<?": skips a declaration such as <?xml version="1.0"?>.
  bool SkipDeclaration() {
    size_t end = src_.find("?>", pos_ + 2);
    if (end == std::string_view::npos) {
      return Fail("XML005", pos_, "unterminated declaration '<?' (missing '?>')");
    }
    pos_ = end + 2;
    return true;
  }

  // At '<' of a start tag: parses the element and everything up to its end tag.
  bool ParseElement(Node* node, int depth) {
    size_t open = pos_;
    LineColumn lc = LineColumnAt(open);
    node->line = lc.line;
    node->column = lc.column;
    if (depth > kMaxDepth) {
      return Fail("XML014", open,
                  "elements nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    size_t visible_vars = vars_.size();  // vars defined after this start tag do not apply to it
    size_t name_start = ++pos_;
    while (pos_ < src_.size() && IsNameChar(src_[pos_])) ++pos_;
    if (pos_ >= src_.size()) return Fail("XML007", open, "end of file inside a start tag");
    if (pos_ == name_start) {
      std::string message =
          "expected an element name after '<', found '" + Printable(src_[pos_]) + "'";
      if (depth > 1) message += " (a literal '<' in text is written '\\<')";
      return Fail("XML007", pos_, std::move(message));
    }
    node->name.assign(src_.substr(name_start, pos_ - name_start));
    bool is_var = IsVarElement(node->name);

    bool after_value = false;
    for (;;) {
      size_t ws_start = pos_;
      while (pos_ < src_.size() && IsSpace(src_[pos_])) ++pos_;
      if (pos_ >= src_.size()) {
        return Fail("XML007", open, "end of file inside the start tag of <" + node->name + ">");
      }
      char c = src_[pos_];
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == '/') {
        if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '>') {
          pos_ += 2;
          return true;  // <tag/>: empty text
        }
        return Fail("XML007", pos_,
                    "expected '>' after '/' in the start tag of <" + node->name + ">");
      }
      if (pos_ == ws_start) {
        if (after_value) {
          return Fail("XML008", pos_,
                      "expected whitespace, '>' or '/>' after the value of attribute '" +
                          node->attrs.back().name + "', found '" + Printable(c) + "'");
        }
        return Fail("XML007", pos_,
                    "unexpected character '" + Printable(c) + "' in the name of element <" +
                        node->name + ">");
      }
      if (!ParseAttribute(node, is_var ? 0 : visible_vars)) return false;
      after_value = true;
    }
    return ParseContent(node, depth, open, visible_vars);
  }

  // At the first byte of an attribute name: parses name="value".
  bool ParseAttribute(Node* node, size_t visible_vars) {
    size_t start = pos_;
    while (pos_ < src_.size() && IsNameChar(src_[pos_])) ++pos_;
    if (pos_ == start) {
      return Fail("XML008", pos_,
                  "expected an attribute name in <" + node->name + ">, found '" +
                      Printable(src_[pos_]) + "'");
    }
    std::string name(src_.substr(start, pos_ - start));
    if (pos_ >= src_.size()) {
      return Fail("XML007", start, "end of file inside the start tag of <" + node->name + ">");
    }
    char c = src_[pos_];
    if (c != '=') {
      if (IsSpace(c) || c == '>' || c == '/') {
        return Fail("XML008", start,
                    "attribute '" + name + "' has no value ('=' must follow its name)");
      }
      return Fail("XML008", pos_,
                  "invalid character '" + Printable(c) + "' in attribute name '" + name + "'");
    }
    for (const Attr& a : node->attrs) {
      if (a.name == name) {
        return Fail("XML009", start,
                    "duplicate attribute '" + name + "' (first at line " + std::to_string(a.line) +
                        ", column " + std::to_string(a.column) + ")");
      }
    }
    ++pos_;
    while (pos_ < src_.size() && IsSpace(src_[pos_])) ++pos_;
    if (pos_ >= src_.size()) {
      return Fail("XML007", start, "end of file inside the start tag of <" + node->name + ">");
    }
    char quote = src_[pos_];
    if (quote != '"' && quote != '\'') {
      return Fail("XML008", pos_, "value of attribute '" + name + "' must be quoted with \" or '");
    }
    size_t value_start = ++pos_;
    while (pos_ < src_.size() && src_[pos_] != quote && src_[pos_] != '>') ++pos_;
    if (pos_ >= src_.size()) {
      return Fail("XML008", value_start - 1, "value of attribute '" + name + "' is not closed");
    }
    if (src_[pos_] == '>') {
      return Fail("XML008", pos_,
                  "value of attribute '" + name +
                      "' is not closed before '>' ('>' is not allowed in values)");
    }
    if (pos_ - value_start >= kMaxTextSize) {
      return Fail("XML010", value_start + kMaxTextSize - 1,
                  "value of attribute '" + name + "' is too long (the limit is " +
                      std::to_string(kMaxTextSize - 1) + " bytes)");
    }
    LineColumn lc = LineColumnAt(start);
    Attr attr{std::move(name), std::string(src_.substr(value_start, pos_ - value_start)), lc.line,
              lc.column};
    ++pos_;
    if (!Expand(&attr.value, visible_vars, Anchors(value_start))) return false;
    node->attrs.push_back(std::move(attr));
    return true;
  }

  // After the '>' of a start tag: reads text, comments and child elements up to the end tag.
  // The element's text is the part after its last child element (what os_xml keeps).
  bool ParseContent(Node* node, int depth, size_t open, size_t visible_vars) {
    std::string& text = node->text;
    Anchors anchors(pos_);
    for (;;) {
      size_t lt = src_.find('<', pos_);
      if (lt == std::string_view::npos) {
        text.append(src_.substr(pos_));
        pos_ = src_.size();
        return Unclosed(*node, open);
      }
      text.append(src_.substr(pos_, lt - pos_));
      pos_ = lt;
      if (text.size() >= kMaxTextSize) {
        return Fail("XML010", OffsetOf(anchors, kMaxTextSize - 1),
                    "text of <" + node->name + "> is too long (the limit is " +
                        std::to_string(kMaxTextSize - 1) + " bytes)");
      }
      char next = lt + 1 < src_.size() ? src_[lt + 1] : '\0';
      if (next == '!') {  // a comment, even right after a backslash
        if (!SkipComment()) return false;
        anchors.more.push_back({text.size(), pos_});
        continue;
      }
      if (EndsInEscape(text)) {  // "\<" is a literal '<'
        text.push_back('<');
        ++pos_;
        continue;
      }
      if (next == '/') return CloseElement(node, open, visible_vars, anchors);
      if (next == '?') {
        return Fail("XML007", lt, "declaration '<?' inside element <" + node->name + ">");
      }
      Node child;
      if (!ParseElement(&child, depth + 1)) return false;
      if (IsVarElement(child.name)) {
        if (!DefineVar(child)) return false;
      } else {
        node->children.push_back(std::move(child));
      }
      text.clear();
      anchors.Reset(pos_);
    }
  }

  // True when `text` ends in an odd run of backslashes (each backslash toggles escaping).
  static bool EndsInEscape(const std::string& text) {
    size_t n = 0;
    while (n < text.size() && text[text.size() - 1 - n] == '\\') ++n;
    return n % 2 == 1;
  }

  // At "</": checks the end tag against the open element and finishes the element's text.
  bool CloseElement(Node* node, size_t open, size_t visible_vars,
                    const Anchors& anchors) {
    size_t lt = pos_;
    size_t gt = src_.find('>', lt + 2);
    if (gt == std::string_view::npos) {
      pos_ = src_.size();
      return Unclosed(*node, open);
    }
    std::string_view closing = src_.substr(lt + 2, gt - lt - 2);
    if (closing != node->name) {
      return Fail("XML003", lt,
                  "closing tag </" + ClosingName(lt + 2) + "> does not match <" + node->name +
                      "> opened at line " + std::to_string(LineColumnAt(open).line));
    }
    pos_ = gt + 1;
    if (IsVarElement(node->name)) return true;  // a variable's value is not expanded
    return Expand(&node->text, visible_vars, anchors);
  }

  bool Unclosed(const Node& node, size_t open) {
    std::string message = "unclosed element <" + node.name + "> opened at line " +
                          std::to_string(LineColumnAt(open).line);
    if (node.text.find("\\</") != std::string::npos) {
      message += " (a backslash before '<' makes it a literal '<', so \"\\</\" does not close it)";
    }
    return Fail("XML002", src_.size(), std::move(message));
  }

  // Replaces `$NAME` using the first `visible_vars` variables (none: text left as is).
  // Quirk kept from os_xml: it does not count the bytes of a `$(...` it skips, so a variable
  // later in the same text replaces that many bytes before it too; this gives a warning.
  bool Expand(std::string* text, size_t visible_vars, const Anchors& anchors) {
    if (visible_vars == 0 || text->size() <= 2) return true;
    const std::string& in = *text;
    size_t dollar = in.find('$');
    if (dollar == std::string::npos) return true;
    std::string out(in, 0, dollar);
    size_t lag = 0;  // bytes of skipped `$(...` names since the last replacement
    size_t i = dollar;
    while (i < in.size()) {
      if (in[i] != '$') {
        size_t next = in.find('$', i);
        if (next == std::string::npos) next = in.size();
        out.append(in, i, next - i);
        i = next;
        continue;
      }
      size_t j = i + 1;
      while (j < in.size() && !IsVarNameEnd(in[j])) {
        if (j - i - 1 >= kMaxVarNameSize) {
          return Fail("XML013", OffsetOf(anchors, i),
                      "variable name after '$' is longer than " + std::to_string(kMaxVarNameSize) +
                          " bytes");
        }
        ++j;
      }
      std::string_view name(in.data() + i + 1, j - i - 1);
      const Var* var = nullptr;
      for (size_t k = 0; k < visible_vars && !name.empty(); ++k) {
        if (EqualsIgnoreCase(vars_[k].name, name)) {
          var = &vars_[k];
          break;
        }
      }
      if (var == nullptr) {
        if (!name.empty() && name.front() != '(') {
          return Fail("XML011", OffsetOf(anchors, i),
                      "unknown variable '$" + std::string(name) + "'");
        }
        if (!name.empty()) lag += j - i;  // `$(field)`, left for later stages
        out.append(in, i, j - i);         // (a lone '$' is kept too)
        i = j;
        continue;
      }
      if (lag > 0) {
        std::string lost = out.substr(out.size() - lag);
        out.resize(out.size() - lag);
        diags_->Warning(
            "XML017", LocAt(OffsetOf(anchors, i)),
            "'$" + std::string(name) + "' follows a '$(' in the same text: Wazuh's reader " +
                "also replaces the " + std::to_string(lag) + " bytes before it ('" + lost + "')");
        lag = 0;
      }
      out += var->value;
      i = j;
    }
    *text = std::move(out);
    return true;
  }

  // Records <var name="N">value</var>. The first definition of a name wins.
  bool DefineVar(const Node& node) {
    const Attr* name_attr = nullptr;
    for (const Attr& a : node.attrs) {
      if (!EqualsIgnoreCase(a.name, "name")) {
        return Fail("XML012", Offset(a.line, a.column),
                    "<var> takes only the attribute 'name', found '" + a.name + "'");
      }
      name_attr = &a;
    }
    size_t at = Offset(node.line, node.column);
    if (name_attr == nullptr) return Fail("XML012", at, "<var> without a 'name' attribute");
    if (name_attr->value.empty()) return Fail("XML012", at, "<var> with an empty name");
    if (name_attr->value.size() > kMaxVarNameSize) {
      return Fail("XML012", at,
                  "variable name longer than " + std::to_string(kMaxVarNameSize) + " bytes");
    }
    if (!node.children.empty()) {
      const Node& child = node.children.front();
      return Fail("XML012", Offset(child.line, child.column),
                  "<var> must not contain elements, found <" + child.name + ">");
    }
    for (const Var& v : vars_) {
      if (EqualsIgnoreCase(v.name, name_attr->value)) {
        diags_->Warning("XML016", LocAt(at),
                        "variable '" + name_attr->value + "' is already defined at line " +
                            std::to_string(v.line) + "; the first definition is kept");
        return true;
      }
    }
    vars_.push_back({name_attr->value, node.text, node.line});
    return true;
  }

  size_t Offset(int line, int column) const {
    return line_starts_[static_cast<size_t>(line - 1)] + static_cast<size_t>(column - 1);
  }

  std::string_view path_;
  std::string_view src_;
  Diagnostics* diags_;
  size_t pos_ = 0;
  std::vector<size_t> line_starts_;  // offset of the first byte of each line
  size_t line_index_ = 0;            // line of the last LineColumnAt answer
  std::vector<Var> vars_;            // in definition order
};

}  // namespace

bool Parse(std::string_view path, std::string_view content, Document* doc, Diagnostics* diags) {
  doc->path = std::string(path);
  doc->roots.clear();
  std::vector<Node> roots;
  Parser parser(path, content, diags);
  if (!parser.Run(&roots)) return false;
  doc->roots = std::move(roots);
  return true;
}

bool ParseFile(const std::string& path, Document* doc, Diagnostics* diags) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    diags->Error("XML001", {path, 0, 0}, "cannot read file: " + std::string(std::strerror(errno)));
    doc->path = path;
    doc->roots.clear();
    return false;
  }
  std::string content;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) content.append(buf, n);
  int read_errno = std::ferror(f) != 0 ? errno : 0;
  std::fclose(f);
  if (read_errno != 0) {
    diags->Error("XML001", {path, 0, 0},
                 "cannot read file: " + std::string(std::strerror(read_errno)));
    doc->path = path;
    doc->roots.clear();
    return false;
  }
  return Parse(path, content, doc, diags);
}

}  // namespace tripline::xml
