// Diagnostics: errors and warnings as data, each with a source location and a stable code.
//
// Loaders collect every problem they find into a Diagnostics list instead of stopping at the
// first one; a load fails when the list holds at least one error. Rendering follows the
// compiler convention "file:line:col: error[CODE]: message".
// Value types; not synchronized (one loader owns one list).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tripline {

struct SourceLoc {
  std::string file;  // path as given to the loader; empty when not from a file
  int line = 0;      // 1-based; 0 = unknown
  int column = 0;    // 1-based; 0 = unknown
};

enum class Severity : uint8_t { kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable short code, e.g. "XML001"; see docs/diagnostics.md
  SourceLoc loc;
  std::string message;  // one line, names the problem and the offending text

  // "file:line:col: error[CODE]: message"
  std::string Render() const;
};

class Diagnostics {
 public:
  void Error(std::string code, SourceLoc loc, std::string message);
  void Warning(std::string code, SourceLoc loc, std::string message);

  bool HasErrors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  void Append(const Diagnostics& other);
  // Turns the warnings at positions >= `first` whose code is in `codes` into errors.
  // Returns how many were promoted.
  int PromoteToErrors(size_t first, const std::vector<std::string>& codes);

  // Every diagnostic rendered, one per line.
  std::string RenderAll() const;

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

}  // namespace tripline
