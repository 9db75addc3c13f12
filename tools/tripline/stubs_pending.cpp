// Placeholders for sub-commands whose layers are not built yet; each is replaced by its own file.
#include <cstdio>

#include "commands.h"

namespace tripline::cli {
int RunLogtest(int, char**) { std::fprintf(stderr, "tripline logtest: not available yet\n"); return 2; }
}  // namespace tripline::cli
