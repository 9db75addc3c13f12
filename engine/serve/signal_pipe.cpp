#include "serve/signal_pipe.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace tripline::serve {
namespace {

volatile sig_atomic_t g_write_fd = -1;

void OnSignal(int sig) {
  int saved = errno;
  unsigned char b = static_cast<unsigned char>(sig);
  if (g_write_fd >= 0) {
    ssize_t ignored = write(g_write_fd, &b, 1);
    (void)ignored;
  }
  errno = saved;
}

}  // namespace

SignalPipe::SignalPipe(std::initializer_list<int> signals) {
  if (pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) return;
  g_write_fd = fds_[1];
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int s : signals) {
    if (signal_count_ == 8) break;
    signals_[signal_count_++] = s;
    sigaction(s, &sa, nullptr);
  }
}

SignalPipe::~SignalPipe() {
  for (int i = 0; i < signal_count_; ++i) signal(signals_[i], SIG_DFL);
  g_write_fd = -1;
  if (fds_[0] >= 0) close(fds_[0]);
  if (fds_[1] >= 0) close(fds_[1]);
}

int SignalPipe::Wait(int timeout_ms) {
  if (fds_[0] < 0) return 0;
  pollfd p{fds_[0], POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return 0;
  unsigned char b = 0;
  if (read(fds_[0], &b, 1) != 1) return 0;
  return b;
}

}  // namespace tripline::serve
