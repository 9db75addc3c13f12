#include "serve/unix_server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/limit_counters.h"
#include "serve/protocol.h"

namespace tripline::serve {
namespace {

// Reads exactly n bytes; false on end of stream, error or timeout.
bool ReadFull(int fd, char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = recv(fd, buf + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

bool WriteFull(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t w = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    sent += static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

UnixServer::UnixServer(LogtestService* service, ServerOptions opts) : service_(service), opts_(opts) {
  if (opts_.threads < 1) opts_.threads = 1;
}

UnixServer::~UnixServer() { Stop(); }

bool UnixServer::Start(const std::string& path, std::string* error) {
  sockaddr_un addr{};
  if (path.size() >= sizeof(addr.sun_path)) {
    *error = "socket path too long: " + path;
    return false;
  }
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    *error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  unlink(path.c_str());  // a socket file left behind by an earlier run
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 128) != 0) {
    *error = "cannot bind '" + path + "': " + std::strerror(errno);
    close(fd);
    return false;
  }
  chmod(path.c_str(), 0660);
  if (pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    close(fd);
    unlink(path.c_str());
    return false;
  }
  listen_fd_ = fd;
  path_ = path;
  for (int i = 0; i < opts_.threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  return true;
}

void UnixServer::Stop() {
  if (listen_fd_ < 0) return;
  char b = 1;
  while (write(stop_pipe_[1], &b, 1) < 0 && errno == EINTR) {
  }
  for (std::thread& t : workers_) t.join();
  workers_.clear();
  close(listen_fd_);
  close(stop_pipe_[0]);
  close(stop_pipe_[1]);
  listen_fd_ = -1;
  stop_pipe_[0] = stop_pipe_[1] = -1;
  unlink(path_.c_str());
}

void UnixServer::WorkerLoop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;  // the stop byte stays in the pipe for the other workers
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;  // another worker took it, or the client went away
    Serve(client);
    close(client);
  }
}

void UnixServer::Serve(int client) {
  timeval tv{opts_.io_timeout_seconds, 0};
  setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  unsigned char header[4];
  if (!ReadFull(client, reinterpret_cast<char*>(header), 4)) return;
  uint32_t length = DecodeLength(header);
  if (length > kMaxPayload) {
    CountLimitHit(LimitCounter::kLogtestOversize);
    WriteFull(client, Frame(OversizeReply()));
    return;
  }
  if (length == 0) return;
  std::string payload(length, '\0');
  if (!ReadFull(client, payload.data(), length)) return;
  WriteFull(client, Frame(service_->HandleRequest(payload)));
}

}  // namespace tripline::serve
