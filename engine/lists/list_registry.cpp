#include "lists/list_registry.h"

#include <filesystem>
#include <set>

namespace tripline::lists {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kListsPrefix = "etc/lists/";
constexpr std::string_view kCdbSuffix = ".cdb";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

ListRegistry::ListRegistry(std::vector<std::string> ruleset_dirs) {
  for (std::string& dir : ruleset_dirs) AddRulesetDir(std::move(dir));
}

void ListRegistry::AddRulesetDir(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  ruleset_dirs_.push_back(std::move(dir));
}

std::optional<std::string> ListRegistry::ListName(std::string_view rule_path) {
  if (rule_path.substr(0, kListsPrefix.size()) != kListsPrefix) return std::nullopt;
  std::string_view name = rule_path.substr(kListsPrefix.size());
  if (EndsWith(name, kCdbSuffix)) name.remove_suffix(kCdbSuffix.size());
  if (name.empty()) return std::nullopt;
  // Every component must be a plain name: no "", "." or "..", so NAME stays under lists/.
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    size_t len = slash == std::string_view::npos ? name.size() - start : slash - start;
    std::string_view part = name.substr(start, len);
    if (part.empty() || part == "." || part == "..") return std::nullopt;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::string(name);
}

std::string ListRegistry::Resolve(std::string_view rule_path) const {
  std::optional<std::string> name = ListName(rule_path);
  if (!name) return "";
  for (auto it = ruleset_dirs_.rbegin(); it != ruleset_dirs_.rend(); ++it) {
    std::string path = *it + "/lists/" + *name;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path;
  }
  return "";
}

const CdbList* ListRegistry::Load(std::string_view rule_path, std::string* error) {
  std::optional<std::string> name = ListName(rule_path);
  if (!name) {
    if (error != nullptr) {
      *error = "list path '" + std::string(rule_path) + "' is not of the form etc/lists/NAME";
    }
    return nullptr;
  }
  if (auto it = lists_.find(*name); it != lists_.end()) return &it->second;
  std::string file = Resolve(rule_path);
  if (file.empty()) {
    if (error != nullptr) {
      std::string dirs;
      for (const std::string& d : ruleset_dirs_) dirs += (dirs.empty() ? "" : ", ") + d + "/lists";
      *error = "list '" + std::string(rule_path) + "' not found (looked for " + *name + " in " +
               (dirs.empty() ? std::string("no ruleset directory") : dirs) + ")";
    }
    return nullptr;
  }
  CdbList list;
  if (!list.LoadFile(file, error)) return nullptr;
  return &lists_.emplace(*name, std::move(list)).first->second;
}

const CdbList* ListRegistry::Find(std::string_view rule_path) const {
  std::optional<std::string> name = ListName(rule_path);
  if (!name) return nullptr;
  auto it = lists_.find(*name);
  return it == lists_.end() ? nullptr : &it->second;
}

size_t ListRegistry::LoadAll(Diagnostics* diags) {
  std::set<std::string> names;
  for (const std::string& dir : ruleset_dirs_) {
    const fs::path root = dir + "/lists";
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec) || EndsWith(it->path().filename().string(), kCdbSuffix)) {
        continue;
      }
      names.insert(it->path().lexically_relative(root).generic_string());
    }
  }
  for (const std::string& name : names) {
    std::string error;
    std::string rule_path = std::string(kListsPrefix) + name;
    if (Load(rule_path, &error) == nullptr && diags != nullptr) {
      diags->Error("LST001", {Resolve(rule_path), 0, 0}, error);
    }
  }
  return lists_.size();
}

std::vector<std::string> ListRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, list] : lists_) names.push_back(name);
  return names;
}

}  // namespace tripline::lists
