// TestCoverage: which decoders and rules the events of a test run reached (`tripline test
// --coverage`, docs/coverage.md). A rule is reached when it was the matched rule of some event,
// a decoder name when a decoder of that name (in that file) named some event.
//
// Record() inserts the (file, id) and (file, name) keys of the reply's rule and decoder into two
// sets, so it costs little, and nothing at all when no one calls it. Keys, not pointers: events
// run on a ruleset extended with a scenario's extra files count for the same rules. Not
// synchronized: one thread records at a time.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "session/logtest_session.h"
#include "session/ruleset.h"

namespace tripline {

class TestCoverage {
 public:
  struct File {
    std::string file;
    std::vector<std::string> reached;    // rule ids / decoder names, in load order
    std::vector<std::string> unreached;
  };
  struct Summary {
    size_t total = 0;
    size_t reached = 0;
    std::vector<File> files;  // load order; files with nothing to cover are left out
  };

  // Notes the reply's rule and decoder.
  void Record(const LogtestReply& reply);
  // Adds what `other` recorded (e.g. a run over the same ruleset).
  void Merge(const TestCoverage& other);

  // Every loaded rule of `ruleset`, by id, per rule file.
  Summary Rules(const Ruleset& ruleset) const;
  // Every decoder name of `ruleset`, per decoder file (a name counts once per file).
  Summary Decoders(const Ruleset& ruleset) const;

 private:
  std::set<std::pair<std::string, std::string>> rules_;     // (file, id)
  std::set<std::pair<std::string, std::string>> decoders_;  // (file, name)
};

}  // namespace tripline
