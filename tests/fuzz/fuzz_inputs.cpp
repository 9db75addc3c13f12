// Fuzz target: every input reader (the first byte picks the kind, or content detection) on the
// rest of the input written to a file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "input/source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const std::string path = "/tmp/tripline-fuzz-input-" + std::to_string(getpid());
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data + 1),
                                                                 static_cast<std::streamsize>(size - 1));
  std::optional<tripline::input::InputKind> kind;
  if (data[0] < 6) kind = static_cast<tripline::input::InputKind>(data[0]);
  std::string error;
  auto source = tripline::input::Source::Open(path, kind, &error);
  if (!source) return 0;
  tripline::input::InputRecord rec;
  int n = 0;
  while (source->Next(&rec) && ++n < 100000) {
  }
  const auto& st = source->stats();
  if (st.records != st.accepted + st.TotalRejected()) __builtin_trap();  // accounting invariant
  return 0;
}
