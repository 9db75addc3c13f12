#include "base/diagnostics.h"

namespace tripline {

std::string Diagnostic::Render() const {
  std::string out;
  if (!loc.file.empty()) {
    out += loc.file;
    out += ':';
    out += std::to_string(loc.line);
    out += ':';
    out += std::to_string(loc.column);
    out += ": ";
  }
  out += severity == Severity::kError ? "error" : "warning";
  if (!code.empty()) {
    out += '[';
    out += code;
    out += ']';
  }
  out += ": ";
  out += message;
  return out;
}

void Diagnostics::Error(std::string code, SourceLoc loc, std::string message) {
  items_.push_back({Severity::kError, std::move(code), std::move(loc), std::move(message)});
  ++errors_;
}

void Diagnostics::Warning(std::string code, SourceLoc loc, std::string message) {
  items_.push_back({Severity::kWarning, std::move(code), std::move(loc), std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const auto& d : other.items_) items_.push_back(d);
  errors_ += other.errors_;
}

int Diagnostics::PromoteToErrors(size_t first, const std::vector<std::string>& codes) {
  int promoted = 0;
  for (size_t i = first; i < items_.size(); ++i) {
    Diagnostic& d = items_[i];
    if (d.severity != Severity::kWarning) continue;
    for (const std::string& c : codes) {
      if (d.code == c) {
        d.severity = Severity::kError;
        ++errors_;
        ++promoted;
        break;
      }
    }
  }
  return promoted;
}

std::string Diagnostics::RenderAll() const {
  std::string out;
  for (const auto& d : items_) {
    out += d.Render();
    out += '\n';
  }
  return out;
}

}  // namespace tripline
