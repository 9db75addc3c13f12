// A tiny HTTP/1.1 server on 127.0.0.1 for the delivery tests, playing TheHive or a webhook
// receiver. One thread accepts and serves connections one at a time ("Connection: close").
// A handler decides each answer: status, headers, body, or a hang (no answer until the client
// gives up). Thread-safe: requests() may be read while the server runs.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tripline::deliver::testing {

struct TestRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "";
  }
};

struct TestResponse {
  int status = 200;
  std::string body = "{}";
  std::vector<std::string> headers;  // "Name: value"
  bool hang = false;                 // never answer
  int delay_ms = 0;                  // answer after this long
};

inline TestResponse Reply(int status, std::string body = "{}", std::vector<std::string> headers = {}) {
  TestResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

class TestServer {
 public:
  using Handler = std::function<TestResponse(const TestRequest&, int index)>;

  // Binds 127.0.0.1:port (0: an ephemeral port) and starts serving.
  explicit TestServer(Handler handler, int port = 0) : handler_(std::move(handler)) { Start(port); }
  ~TestServer() { Stop(); }

  int port() const { return port_; }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  std::vector<TestRequest> requests() const {
    std::lock_guard<std::mutex> l(mu_);
    return requests_;
  }
  size_t count() const {
    std::lock_guard<std::mutex> l(mu_);
    return requests_.size();
  }

 private:
  void Start(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd_, 16) != 0) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }

  // Waits for `fd` to be readable; false when stopping.
  bool WaitReadable(int fd) {
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) return true;
    }
    return false;
  }

  void Loop() {
    while (WaitReadable(fd_)) {
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      Serve(c);
      ::close(c);
    }
  }

  void Serve(int c) {
    std::string in;
    char buf[4096];
    size_t header_end;
    while ((header_end = in.find("\r\n\r\n")) == std::string::npos) {
      if (!WaitReadable(c)) return;
      ssize_t n = ::read(c, buf, sizeof(buf));
      if (n <= 0) return;
      in.append(buf, static_cast<size_t>(n));
    }
    TestRequest req;
    size_t line_end = in.find("\r\n");
    std::string first = in.substr(0, line_end);
    size_t sp1 = first.find(' '), sp2 = first.find(' ', sp1 + 1);
    req.method = first.substr(0, sp1);
    req.path = first.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end + 2;
    while (pos < header_end) {
      size_t e = in.find("\r\n", pos);
      std::string h = in.substr(pos, e - pos);
      size_t colon = h.find(':');
      std::string name = h.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = colon == std::string::npos ? "" : h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      req.headers.emplace_back(name, value);
      pos = e + 2;
    }
    size_t content_length = std::stoul("0" + req.Header("content-length"));
    req.body = in.substr(header_end + 4);
    while (req.body.size() < content_length) {
      if (!WaitReadable(c)) return;
      ssize_t n = ::read(c, buf, sizeof(buf));
      if (n <= 0) return;
      req.body.append(buf, static_cast<size_t>(n));
    }
    int index;
    {
      std::lock_guard<std::mutex> l(mu_);
      requests_.push_back(req);
      index = static_cast<int>(requests_.size()) - 1;
    }
    TestResponse resp = handler_(req, index);
    if (resp.hang) {
      // Wait for the client to give up (EOF) or the server to stop.
      while (WaitReadable(c)) {
        if (::read(c, buf, sizeof(buf)) <= 0) break;
      }
      return;
    }
    for (int waited = 0; waited < resp.delay_ms && !stop_; waited += 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::string out = "HTTP/1.1 " + std::to_string(resp.status) + " X\r\nContent-Type: application/json\r\n";
    for (const std::string& h : resp.headers) out += h + "\r\n";
    out += "Content-Length: " + std::to_string(resp.body.size()) + "\r\nConnection: close\r\n\r\n" + resp.body;
    size_t off = 0;
    while (off < out.size()) {
      ssize_t n = ::send(c, out.data() + off, out.size() - off, MSG_NOSIGNAL);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
  }

  Handler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<TestRequest> requests_;
  std::thread thread_;
};

}  // namespace tripline::deliver::testing
