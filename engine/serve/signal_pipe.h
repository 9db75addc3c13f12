// SignalPipe: turns signals (SIGHUP, SIGTERM, ...) into bytes on a pipe, so that a normal thread
// can act on them. The handler only calls write(2) and saves errno: it is async-signal-safe.
//
// One SignalPipe may exist per process at a time; Wait is called from one thread.
#pragma once

#include <initializer_list>

namespace tripline::serve {

class SignalPipe {
 public:
  explicit SignalPipe(std::initializer_list<int> signals);
  ~SignalPipe();
  SignalPipe(const SignalPipe&) = delete;
  SignalPipe& operator=(const SignalPipe&) = delete;

  // The next signal received, waiting up to timeout_ms (-1: forever); 0 when none came.
  int Wait(int timeout_ms);

 private:
  int fds_[2] = {-1, -1};
  int signals_[8] = {};
  int signal_count_ = 0;
};

}  // namespace tripline::serve
