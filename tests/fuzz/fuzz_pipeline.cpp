// Fuzz target: the whole logtest path (pre-decoding, decoding, rules, correlation, alert JSON)
// with the Wazuh stock ruleset when ../shared/wazuh-ruleset exists, else the bundled quickstart.
// Each input line is one event of one long session.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "json/cjson.h"
#include "session/logtest_session.h"

namespace {

tripline::LogtestSession* Session() {
  static tripline::LogtestSession* session = [] {
    tripline::RulesetSources src;
    std::string stock = std::string(TRIPLINE_SHARED_DIR) + "/wazuh-ruleset";
    src.ruleset_dirs = {std::filesystem::is_directory(stock) ? stock : std::string(TRIPLINE_SOURCE_DIR) + "/examples/quickstart"};
    tripline::Diagnostics diags;
    auto rs = tripline::Ruleset::Load(src, tripline::RulesetOptions(), &diags);
    if (!rs) std::abort();
    tripline::LogtestOptions opts;
    opts.manager_name = "fuzz";
    return new tripline::LogtestSession(rs, opts, "00000000");
  }();
  return session;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  tripline::LogtestReply reply;
  timespec now{1796400000 + static_cast<time_t>(size), 0};
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    Session()->Process(size & 1 ? "Wazuh-AWS" : "stdin", line, (size & 2) != 0, now, &reply);
    if (reply.has_output) tripline::json::PrintUnformatted(reply.output);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return 0;
}
