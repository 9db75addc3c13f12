#include "session/coverage.h"

#include <map>
#include <utility>

namespace tripline {

namespace {

// Adds `key` of `file` to the summary being built, keeping files in first-seen order.
class Builder {
 public:
  void Add(const std::string& file, const std::string& key, bool reached) {
    auto [it, fresh] = index_.emplace(file, out_.files.size());
    if (fresh) out_.files.push_back(TestCoverage::File{file, {}, {}});
    TestCoverage::File& f = out_.files[it->second];
    if (!seen_.emplace(file, key).second) {
      if (reached) {  // a name seen before as unreached: move it
        for (size_t i = 0; i < f.unreached.size(); ++i) {
          if (f.unreached[i] != key) continue;
          f.unreached.erase(f.unreached.begin() + static_cast<long>(i));
          f.reached.push_back(key);
          ++out_.reached;
          break;
        }
      }
      return;
    }
    ++out_.total;
    if (reached) {
      ++out_.reached;
      f.reached.push_back(key);
    } else {
      f.unreached.push_back(key);
    }
  }
  TestCoverage::Summary Take() { return std::move(out_); }

 private:
  TestCoverage::Summary out_;
  std::map<std::string, size_t> index_;
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace

void TestCoverage::Record(const LogtestReply& reply) {
  if (reply.rule != nullptr) rules_.emplace(reply.rule->file, std::to_string(reply.rule->id));
  if (reply.decoder != nullptr) decoders_.emplace(reply.decoder->loc.file, reply.decoder->name);
}

void TestCoverage::Merge(const TestCoverage& other) {
  rules_.insert(other.rules_.begin(), other.rules_.end());
  decoders_.insert(other.decoders_.begin(), other.decoders_.end());
}

TestCoverage::Summary TestCoverage::Rules(const Ruleset& ruleset) const {
  Builder b;
  if (ruleset.rules() != nullptr) {
    for (const auto& r : ruleset.rules()->rules()) {
      const std::string id = std::to_string(r->id);
      b.Add(r->file, id, rules_.count({r->file, id}) != 0);
    }
  }
  return b.Take();
}

TestCoverage::Summary TestCoverage::Decoders(const Ruleset& ruleset) const {
  Builder b;
  for (const auto& d : ruleset.decoders().decoders()) {
    b.Add(d->loc.file, d->name, decoders_.count({d->loc.file, d->name}) != 0);
  }
  return b.Take();
}

}  // namespace tripline
