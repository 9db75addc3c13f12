// WazuhXml: a reader for the XML dialect of Wazuh's decoder and rule files (docs §2.2), which
// standard XML parsers reject or read differently: several root elements per file, no entity
// references (`&lt;` stays literal), `\<` inside text, comments anywhere (also inside text),
// raw untrimmed text, and `<var name="N">` definitions expanded as `$N` in later texts and
// attribute values.
//
// Every node carries its 1-based line and column so loaders can report "file:line:col".
// The result is a plain tree owned by the caller; the reader keeps no state between calls.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"

namespace tripline::xml {

// os_xml's buffer size: a text (or attribute value) of this many bytes or more is an error,
// so the longest accepted one has kMaxTextSize - 1 bytes.
inline constexpr size_t kMaxTextSize = 20480;
// Longest variable name, in a <var name="..."> definition and after a `$`.
inline constexpr size_t kMaxVarNameSize = 255;

struct Attr {
  std::string name;
  std::string value;  // variables expanded
  int line = 0;
  int column = 0;
};

struct Node {
  std::string name;
  std::string text;            // raw element text: comments removed, variables expanded
  std::vector<Attr> attrs;     // in document order; names are unique within a node
  std::vector<Node> children;  // child elements in document order (<var> excluded)
  int line = 0;                // position of the '<' that opens the element
  int column = 0;

  // Value of the attribute with exactly this name (case-sensitive), or nullptr.
  const std::string* FindAttr(std::string_view attr_name) const;
};

struct Document {
  std::string path;
  std::vector<Node> roots;  // top-level elements in order (<var> excluded)
};

// Parses `content` (the bytes of file `path`). On success fills *doc and returns true.
// On a syntax error (unclosed or mismatched tag, duplicate attribute, unknown variable, text
// of 20480 bytes or more, ...) adds one error diagnostic at the offending position and returns
// false. A redefined variable only adds a warning. Codes XML001.. are in docs/diagnostics.md.
bool Parse(std::string_view path, std::string_view content, Document* doc, Diagnostics* diags);

// Reads the file and parses it. A file that cannot be read gives an error diagnostic.
bool ParseFile(const std::string& path, Document* doc, Diagnostics* diags);

}  // namespace tripline::xml
