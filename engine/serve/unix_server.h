// UnixServer: serves a LogtestService on a Unix stream socket the way Wazuh's logtest socket
// does: each connection carries one length-prefixed request and gets one length-prefixed reply
// (or none, when the request is empty or truncated), then is closed. A fixed pool of threads
// accepts and answers connections, so that many clients are served at once.
//
// Thread-safety: Start and Stop are called by the owner thread; the service is shared by the
// worker threads (LogtestService is thread-safe).
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "serve/logtest_service.h"

namespace tripline::serve {

struct ServerOptions {
  int threads = 4;
  int io_timeout_seconds = 30;  // a client that stalls mid-request is dropped after this
};

class UnixServer {
 public:
  explicit UnixServer(LogtestService* service, ServerOptions opts = {});
  ~UnixServer();
  UnixServer(const UnixServer&) = delete;
  UnixServer& operator=(const UnixServer&) = delete;

  // Binds `path` (replacing a stale socket file, mode 0660), listens and starts the workers.
  // Returns false with *error set when the socket cannot be set up.
  bool Start(const std::string& path, std::string* error);
  // Stops accepting, lets the workers finish their current connection, removes the socket file.
  void Stop();

 private:
  void WorkerLoop();
  void Serve(int client);

  LogtestService* service_;
  ServerOptions opts_;
  std::string path_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::vector<std::thread> workers_;
};

}  // namespace tripline::serve
