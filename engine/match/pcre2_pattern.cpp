// PCRE2 patterns (docs §3.1) on libpcre2-8: JIT where available (compiled on first match),
// limits from Pcre2Limits, per-thread match data and JIT stack so that matching does not
// allocate in steady state.
#include "match/pcre2_pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

#include "base/limit_counters.h"

namespace tripline::match {
namespace {

constexpr PCRE2_SIZE kJitStackStart = 32 * 1024;
constexpr PCRE2_SIZE kJitStackMax = 1024 * 1024;
constexpr uint32_t kMinPairs = 16;

// One thread's scratch: match data grown to the largest ovector seen, and a JIT stack.
struct ThreadScratch {
  pcre2_match_data* match_data = nullptr;
  uint32_t pairs = 0;
  pcre2_jit_stack* jit_stack = nullptr;
  bool jit_stack_failed = false;

  ~ThreadScratch() {
    pcre2_match_data_free(match_data);
    pcre2_jit_stack_free(jit_stack);
  }

  pcre2_match_data* MatchData(uint32_t needed) {
    if (match_data == nullptr || pairs < needed) {
      pcre2_match_data_free(match_data);
      pairs = std::max(needed, kMinPairs);
      match_data = pcre2_match_data_create(pairs, nullptr);
      if (match_data == nullptr) pairs = 0;
    }
    return match_data;
  }
};

thread_local ThreadScratch t_scratch;

// JIT stack callback: the calling thread's own stack (NULL falls back to the machine stack).
pcre2_jit_stack* ThreadJitStack(void*) {
  ThreadScratch& scratch = t_scratch;
  if (scratch.jit_stack == nullptr && !scratch.jit_stack_failed) {
    scratch.jit_stack = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
    scratch.jit_stack_failed = scratch.jit_stack == nullptr;
  }
  return scratch.jit_stack;
}

// An empty match at offset 0 ends one byte before the subject; Wazuh then reads a NUL there.
const char kEmptyEnd[] = "";

}  // namespace

struct Pcre2Pattern::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  uint32_t pairs = 1;  // capture groups + 1
  // The JIT step (pcre2_jit_compile and the stack assignment) runs once, under jit_mutex,
  // before the first match; jit_done (release/acquire) publishes it to every thread.
  std::atomic<bool> jit_done{false};
  std::mutex jit_mutex;

  void PrepareJit() {
    std::lock_guard<std::mutex> lock(jit_mutex);
    if (jit_done.load(std::memory_order_relaxed)) return;
    // JIT is an optimisation only: without it pcre2_match runs the interpreter.
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0) {
      pcre2_jit_stack_assign(context, ThreadJitStack, nullptr);
    }
    jit_done.store(true, std::memory_order_release);
  }

  ~Impl() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

Pcre2Pattern::Pcre2Pattern() = default;
Pcre2Pattern::~Pcre2Pattern() = default;
Pcre2Pattern::Pcre2Pattern(Pcre2Pattern&&) noexcept = default;
Pcre2Pattern& Pcre2Pattern::operator=(Pcre2Pattern&&) noexcept = default;

bool Pcre2Pattern::Compile(std::string_view pattern, std::string* error, const Pcre2Limits& limits) {
  impl_.reset();
  // Wazuh passes a C string with PCRE2_ZERO_TERMINATED: an embedded NUL ends the pattern.
  if (size_t nul = pattern.find('\0'); nul != std::string_view::npos) pattern = pattern.substr(0, nul);
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0,
                                   &error_code, &error_offset, nullptr);
  if (code == nullptr) {
    if (error) {
      PCRE2_UCHAR buffer[256];
      pcre2_get_error_message(error_code, buffer, sizeof(buffer));
      *error = std::string(reinterpret_cast<const char*>(buffer)) + " at offset " + std::to_string(error_offset);
    }
    return false;
  }
  auto impl = std::make_unique<Impl>();
  impl->code = code;
  uint32_t groups = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
  impl->pairs = groups + 1;
  impl->context = pcre2_match_context_create(nullptr);
  if (impl->context == nullptr) {
    if (error) *error = "out of memory";
    return false;
  }
  pcre2_set_match_limit(impl->context, limits.match_limit);
  pcre2_set_depth_limit(impl->context, limits.depth_limit);
  impl_ = std::move(impl);
  return true;
}

const char* Pcre2Pattern::Match(const char* subject, Captures* caps) const {
  if (caps) caps->count = 0;
  if (subject == nullptr || impl_ == nullptr) return nullptr;
  // Every match, the first included, runs after the JIT step, as if it had been done at Compile.
  if (!impl_->jit_done.load(std::memory_order_acquire)) impl_->PrepareJit();
  pcre2_match_data* data = t_scratch.MatchData(impl_->pairs);
  if (data == nullptr) return nullptr;
  const size_t len = std::strlen(subject);
  const int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject), len, 0, 0, data,
                             impl_->context);
  if (rc <= 0) {
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT) {
      CountLimitHit(LimitCounter::kPcre2Limit);
    }
    return nullptr;
  }
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
  if (caps) {
    const int n = std::min(rc - 1, Captures::kMax);
    for (int i = 0; i < n; ++i) {
      const PCRE2_SIZE b = ovector[2 * (i + 1)];
      const PCRE2_SIZE e = ovector[2 * (i + 1) + 1];
      if (b == PCRE2_UNSET || e == PCRE2_UNSET || e < b) {
        caps->begin[i] = caps->end[i] = subject;  // an unset group reads as ""
      } else {
        caps->begin[i] = subject + b;
        caps->end[i] = subject + e;
      }
    }
    caps->count = n;
  }
  if (ovector[1] == 0) return kEmptyEnd;
  return subject + ovector[1] - 1;
}

uint64_t Pcre2Pattern::limit_hits() { return LimitHits(LimitCounter::kPcre2Limit); }

}  // namespace tripline::match
