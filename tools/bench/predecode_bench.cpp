// Pre-decoding throughput on the loghub corpus (TRIPLINE_SHARED_DIR/corpus/loghub/*/*.log).
// Every line is framed once up front; the measured loop pre-decodes them into one reused Event,
// so the steady state allocates nothing.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "event/event.h"
#include "predecode/predecode.h"

namespace tripline {
namespace {

namespace fs = std::filesystem;

// Framed messages of every corpus line, optionally only the files whose name contains `filter`.
std::vector<std::string> LoadCorpus(const std::string& filter) {
  std::vector<std::string> framed;
  const fs::path root = fs::path(TRIPLINE_SHARED_DIR) / "corpus" / "loghub";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return framed;
  std::vector<fs::path> files;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      const std::string name = f.path().filename().string();
      if (f.path().extension() == ".log" && name.find(filter) != std::string::npos) {
        files.push_back(f.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    const std::string location = file.parent_path().filename().string();
    while (std::getline(in, line)) framed.push_back(FrameMessage(location, line));
  }
  return framed;
}

void Run(benchmark::State& state, const std::string& filter) {
  const std::vector<std::string> framed = LoadCorpus(filter);
  if (framed.empty()) {
    state.SkipWithError("loghub corpus not found under TRIPLINE_SHARED_DIR");
    return;
  }
  PredecodeOptions opts;
  opts.manager_host = "manager.example.com";
  Event ev;
  for (const std::string& f : framed) Predecode(f, opts, &ev);  // grow the buffers once
  size_t bytes = 0;
  for (const std::string& f : framed) bytes += f.size();

  for (auto _ : state) {
    for (const std::string& f : framed) {
      benchmark::DoNotOptimize(Predecode(f, opts, &ev));
      benchmark::DoNotOptimize(ev.log());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * framed.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

void BM_PredecodeLoghub(benchmark::State& state) { Run(state, ""); }
void BM_PredecodeSyslog(benchmark::State& state) { Run(state, "OpenSSH"); }
void BM_PredecodeApache(benchmark::State& state) { Run(state, "Apache"); }
void BM_PredecodeNoHeader(benchmark::State& state) { Run(state, "Thunderbird_2k"); }

BENCHMARK(BM_PredecodeLoghub);
BENCHMARK(BM_PredecodeSyslog);
BENCHMARK(BM_PredecodeApache);
BENCHMARK(BM_PredecodeNoHeader);

}  // namespace
}  // namespace tripline

BENCHMARK_MAIN();
