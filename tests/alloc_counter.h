// Counts glibc malloc/calloc/realloc calls made by the current thread while t_counting is set,
// for "no allocation in steady state" tests. Include it in exactly one source file of a test
// executable: it replaces malloc, calloc and realloc for that executable. Without glibc, or under
// ASan/TSan (which own the allocator), TRIPLINE_COUNT_ALLOCS stays undefined and tests skip.
#pragma once

#include <cstddef>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define TRIPLINE_COUNT_ALLOCS 1
extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
namespace {
thread_local bool t_counting = false;
thread_local long t_allocs = 0;
}  // namespace
extern "C" void* malloc(size_t n) {
  if (t_counting) ++t_allocs;
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t n, size_t size) {
  if (t_counting) ++t_allocs;
  return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, size_t n) {
  if (t_counting) ++t_allocs;
  return __libc_realloc(p, n);
}
#endif
