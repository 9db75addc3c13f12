// HttpClient: JSON POSTs over libcurl for the delivery sinks. Certificates are verified unless
// the request says insecure; a request can be cancelled from another thread through a flag.
//
// One HttpClient per thread (it keeps one curl easy handle and its connection); not
// synchronized.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace tripline::deliver {

struct HttpRequest {
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"; Content-Type: application/json is added
  int64_t timeout_ms = 10000;        // the whole request
  int64_t connect_timeout_ms = 5000;
  std::string ca_file;  // CA bundle; empty: the system's
  bool insecure = false;
};

struct HttpResponse {
  long status = 0;               // 0 when no HTTP answer came (error is set)
  std::string body;              // first 64 KiB
  int64_t retry_after_ms = -1;   // the Retry-After header (seconds or HTTP date), -1 if none
  std::string error;             // transport error text (may name the host, never headers)
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request; returns early (status 0, error "cancelled") once *cancel becomes true.
  HttpResponse Post(const HttpRequest& req, const std::atomic<bool>* cancel);

 private:
  void* curl_ = nullptr;
};

}  // namespace tripline::deliver
