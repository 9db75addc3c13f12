#include "base/ruleset_paths.h"

#include <strings.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace tripline {

namespace fs = std::filesystem;

namespace {

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The default decoder_dir/rule_dir pattern ".xml$" is an OS_Regex: case-insensitive.
bool IsXml(const std::string& name) {
  return name.size() >= 4 && strcasecmp(name.c_str() + name.size() - 4, ".xml") == 0;
}

void AddDir(const std::string& dir, std::vector<std::string>* out, Diagnostics* diags) {
  std::error_code ec;
  std::vector<std::string> found;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (IsXml(name) && it->is_regular_file(ec)) found.push_back(dir + "/" + name);
  }
  if (ec) {
    diags->Error("SRC001", {dir, 0, 0}, "cannot read directory: " + ec.message());
    return;
  }
  std::sort(found.begin(), found.end());
  out->insert(out->end(), found.begin(), found.end());
}

void AddPath(const std::string& path, std::vector<std::string>* out, Diagnostics* diags) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    AddDir(path, out, diags);
  } else if (fs::is_regular_file(path, ec)) {
    out->push_back(path);
  } else {
    diags->Error("SRC002", {path, 0, 0}, "no such file or directory");
  }
}

std::vector<std::string> Finish(std::vector<std::string> files, const std::vector<std::string>& excludes) {
  std::set<std::string> seen;
  std::vector<std::string> kept;
  for (auto& f : files) {
    std::string base = BaseName(f);
    bool excluded = std::any_of(excludes.begin(), excludes.end(),
                                [&](const std::string& x) { return x == f || x == base; });
    if (excluded || !seen.insert(f).second) continue;
    kept.push_back(std::move(f));
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const std::string& a, const std::string& b) { return BaseName(a) < BaseName(b); });
  return kept;
}

}  // namespace

RulesetFiles CollectRulesetFiles(const RulesetSources& sources, Diagnostics* diags) {
  RulesetFiles out;
  std::vector<std::string> decoders, rules;
  for (const std::string& raw : sources.ruleset_dirs) {
    std::string dir = raw;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      diags->Error("SRC003", {dir, 0, 0}, "ruleset directory not found");
      continue;
    }
    bool any = false;
    if (fs::is_directory(dir + "/decoders", ec)) {
      AddDir(dir + "/decoders", &decoders, diags);
      any = true;
    }
    if (fs::is_directory(dir + "/rules", ec)) {
      AddDir(dir + "/rules", &rules, diags);
      any = true;
    }
    if (fs::is_directory(dir + "/lists", ec)) {
      out.list_dirs.push_back(dir + "/lists");
      any = true;
    }
    if (!any) {
      diags->Error("SRC004", {dir, 0, 0}, "not a ruleset directory: it has no decoders/, rules/ or lists/");
    }
  }
  for (const std::string& p : sources.decoder_paths) AddPath(p, &decoders, diags);
  for (const std::string& p : sources.rule_paths) AddPath(p, &rules, diags);
  out.decoder_files = Finish(std::move(decoders), sources.decoder_excludes);
  out.rule_files = Finish(std::move(rules), sources.rule_excludes);
  return out;
}

}  // namespace tripline
