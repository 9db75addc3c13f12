// Latency of the logtest service with the Wazuh stock ruleset (a small timing program, not
// Google Benchmark: it reports percentiles). Run: build/tools/serve_bench
//  * new session + one event, handled in-process (no socket): median;
//  * the same over the Unix socket, one client: median;
//  * 16 concurrent clients over the socket, each in its own session: p50 and p99 per request.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "json/cjson.h"
#include "serve/logtest_service.h"
#include "serve/protocol.h"
#include "serve/unix_server.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kEvent =
    "Dec 25 20:45:02 MyHost sshd[1234]: Failed password for invalid user admin from 192.168.0.5 port 1066 ssh2";

std::string Request(const std::string& token) {
  std::string r = R"({"version":1,"command":"log_processing","parameters":{)";
  if (!token.empty()) r += R"("token":")" + token + "\",";
  return r + R"("location":"stdin","log_format":"syslog","event":")" + kEvent + "\"}}";
}

std::string Exchange(const std::string& path, const std::string& payload) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  std::string framed = tripline::serve::Frame(payload);
  if (send(fd, framed.data(), framed.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(framed.size())) {
    close(fd);
    return "";
  }
  unsigned char h[4];
  if (recv(fd, h, 4, MSG_WAITALL) != 4) {
    close(fd);
    return "";
  }
  std::string reply(tripline::serve::DecodeLength(h), '\0');
  recv(fd, reply.data(), reply.size(), MSG_WAITALL);
  close(fd);
  return reply;
}

std::string TokenOf(const std::string& reply) {
  tripline::json::Value v;
  if (!tripline::json::Parse(reply, &v)) return "";
  const auto* d = v.GetObjectItemCaseSensitive("data");
  const auto* t = d ? d->GetObjectItemCaseSensitive("token") : nullptr;
  return t ? t->string() : "";
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

double Micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

}  // namespace

int main() {
  tripline::RulesetSources sources;
  sources.ruleset_dirs = {std::string(TRIPLINE_SHARED_DIR) + "/wazuh-ruleset"};
  tripline::Diagnostics diags;
  auto t0 = Clock::now();
  auto ruleset = tripline::Ruleset::Load(sources, tripline::RulesetOptions(), &diags);
  auto t1 = Clock::now();
  if (!ruleset) {
    std::fprintf(stderr, "cannot load %s\n%s", sources.ruleset_dirs[0].c_str(), diags.RenderAll().c_str());
    return 1;
  }
  std::printf("ruleset load (stock):                          %8.1f ms\n", Micros(t0, t1) / 1000);

  tripline::serve::ServiceOptions opts;
  opts.logtest.manager_name = "bench";
  tripline::serve::LogtestService service(ruleset, opts);

  std::vector<double> lat;
  for (int i = 0; i < 3000; ++i) {
    auto a = Clock::now();
    std::string reply = service.HandleRequest(Request(""));
    auto b = Clock::now();
    lat.push_back(Micros(a, b));
    if (reply.find("\"output\"") == std::string::npos) return 1;
  }
  std::printf("new session + 1 event, in-process:     median %8.1f us\n", Percentile(lat, 0.5));

  std::string path = "/tmp/tripline-serve-bench-" + std::to_string(getpid()) + ".sock";
  tripline::serve::ServerOptions sopts;
  sopts.threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  tripline::serve::UnixServer server(&service, sopts);
  std::string error;
  if (!server.Start(path, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  lat.clear();
  for (int i = 0; i < 2000; ++i) {
    auto a = Clock::now();
    std::string reply = Exchange(path, Request(""));
    lat.push_back(Micros(a, Clock::now()));
    if (reply.empty()) return 1;
  }
  std::printf("new session + 1 event, socket:         median %8.1f us\n", Percentile(lat, 0.5));

  constexpr int kClients = 16, kRequests = 500;
  std::vector<std::vector<double>> per(kClients);
  std::vector<std::thread> threads;
  auto c0 = Clock::now();
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      std::string token = TokenOf(Exchange(path, Request("")));
      for (int i = 0; i < kRequests; ++i) {
        auto a = Clock::now();
        Exchange(path, Request(token));
        per[c].push_back(Micros(a, Clock::now()));
      }
    });
  }
  for (auto& t : threads) t.join();
  double wall = Micros(c0, Clock::now());
  std::vector<double> all;
  for (auto& v : per) all.insert(all.end(), v.begin(), v.end());
  std::printf("16 concurrent clients (%d threads):    p50 %8.1f us   p99 %8.1f us   %.0f req/s\n", sopts.threads,
              Percentile(all, 0.5), Percentile(all, 0.99), all.size() / (wall / 1e6));
  server.Stop();
  return 0;
}
