// The logtest service over a real Unix socket, served in-process: framing errors, 16
// concurrent clients each in its own session, the Wazuh golden replies, and ruleset reloads
// while clients are sending.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <optional>
#include <set>
#include <thread>

#include "base/limit_counters.h"
#include "serve/protocol.h"
#include "serve/unix_server.h"
#include "serve_fixture.h"
#include "test_support.h"

namespace tripline::serve {
namespace {

using testing::LogRequest;
using testing::TokenOf;

// Sends `bytes` on a new connection, optionally closes the sending side, and reads one framed
// reply; nullopt when the server closes without replying.
std::optional<std::string> Exchange(const std::string& path, const std::string& bytes, bool shut_write = false) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    ADD_FAILURE() << "connect " << path << ": " << std::strerror(errno);
    return std::nullopt;
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t w = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (w <= 0) break;
    sent += static_cast<size_t>(w);
  }
  if (shut_write) shutdown(fd, SHUT_WR);
  auto read_full = [fd](char* buf, size_t n) {
    size_t got = 0;
    while (got < n) {
      ssize_t r = recv(fd, buf + got, n - got, 0);
      if (r <= 0) return false;
      got += static_cast<size_t>(r);
    }
    return true;
  };
  unsigned char header[4];
  std::optional<std::string> reply;
  if (read_full(reinterpret_cast<char*>(header), 4)) {
    std::string payload(DecodeLength(header), '\0');
    if (read_full(payload.data(), payload.size())) reply = payload;
  }
  close(fd);
  return reply;
}

std::string TempSocketPath() {
  static std::atomic<int> n{0};
  return "/tmp/tripline-serve-test-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".sock";
}

class SocketTest : public ::testing::Test {
 protected:
  void Start(std::shared_ptr<const Ruleset> ruleset, int threads = 4) {
    ServiceOptions opts;
    opts.logtest.manager_name = "tripline-test";
    service_ = std::make_unique<LogtestService>(std::move(ruleset), opts);
    ServerOptions sopts;
    sopts.threads = threads;
    sopts.io_timeout_seconds = 5;
    server_ = std::make_unique<UnixServer>(service_.get(), sopts);
    path_ = TempSocketPath();
    std::string error;
    ASSERT_TRUE(server_->Start(path_, &error)) << error;
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (!path_.empty()) {
      EXPECT_NE(access(path_.c_str(), F_OK), 0) << "socket file left behind";
    }
  }
  std::string Request(const std::string& payload) {
    auto r = Exchange(path_, Frame(payload));
    EXPECT_TRUE(r) << "no reply to " << payload;
    return r.value_or("");
  }

  std::unique_ptr<LogtestService> service_;
  std::unique_ptr<UnixServer> server_;
  std::string path_;
};

TEST_F(SocketTest, FramingErrors) {
  Start(testing::LoadDir(testing::WriteTinyRuleset("version one")));
  EXPECT_EQ(TokenOf(Request(LogRequest("tl: x"))).size(), 8u);
  // Oversized announced length: the 7315 reply, payload unread, counted.
  const uint64_t oversize = LimitHits(LimitCounter::kLogtestOversize);
  EXPECT_EQ(Exchange(path_, std::string("\x00\x00\x01\x00", 4)),
            R"({"message":"(7315): Failure to receive message: size is bigger than expected","error":5})");
  EXPECT_EQ(LimitHits(LimitCounter::kLogtestOversize), oversize + 1);
  // A short header, an empty payload, a truncated payload: closed without a reply.
  EXPECT_FALSE(Exchange(path_, std::string("\x05\x00", 2), true));
  EXPECT_FALSE(Exchange(path_, std::string("\x00\x00\x00\x00", 4), true));
  EXPECT_FALSE(Exchange(path_, Frame(LogRequest("tl: x")).substr(0, 30), true));
  // Invalid JSON.
  EXPECT_EQ(Request("{"), R"({"message":"(7307): Error parsing JSON in position 1, ... { ...","error":1,"data":{}})");
  // The server still answers afterwards.
  EXPECT_EQ(TokenOf(Request(LogRequest("tl: x"))).size(), 8u);
}

TEST_F(SocketTest, SixteenConcurrentClientsEachInItsOwnSession) {
  Start(testing::LoadDir(testing::WriteTinyRuleset("version one")));
  constexpr int kClients = 16, kRequests = 25;
  std::vector<std::string> tokens(kClients);
  std::vector<std::string> errors(kClients);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      std::string token;
      for (int i = 1; i <= kRequests; ++i) {
        auto reply = Exchange(path_, Frame(LogRequest("tl: client " + std::to_string(c), token)));
        if (!reply) {
          errors[c] = "no reply";
          return;
        }
        std::string t = TokenOf(*reply);
        if (i > 1 && t != token) {
          errors[c] = "token changed at request " + std::to_string(i);
          return;
        }
        token = t;
        if (reply->find("\"firedtimes\":" + std::to_string(i) + ",") == std::string::npos) {
          errors[c] = "request " + std::to_string(i) + ": " + *reply;
          return;
        }
      }
      tokens[c] = token;
    });
  }
  for (auto& t : threads) t.join();
  for (int c = 0; c < kClients; ++c) EXPECT_EQ(errors[c], "") << "client " << c;
  EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), static_cast<size_t>(kClients));
  EXPECT_EQ(service_->sessions().size(), static_cast<size_t>(kClients));
}

void Mask(json::Value* out) {
  if (json::Value* v = out->GetObjectItemCaseSensitive("timestamp")) v->SetString("<ts>");
  if (json::Value* v = out->GetObjectItemCaseSensitive("id")) v->SetString("<id>");
  if (json::Value* a = out->GetObjectItemCaseSensitive("agent")) {
    if (json::Value* v = a->GetObjectItemCaseSensitive("name")) v->SetString("<host>");
  }
  if (json::Value* m = out->GetObjectItemCaseSensitive("manager")) {
    if (json::Value* v = m->GetObjectItemCaseSensitive("name")) v->SetString("<host>");
  }
}

TEST_F(SocketTest, GoldenRepliesMatchWazuh) {
  TRIPLINE_REQUIRE_STOCK_RULESET();
  const std::string golden = ::tripline::testing::SharedDir() + "/conformance/logtest-golden.jsonl";
  std::string text = ::tripline::testing::ReadFile(golden);
  ASSERT_FALSE(text.empty()) << golden;
  RulesetSources sources;
  sources.ruleset_dirs = {::tripline::testing::StockRulesetDir()};
  Diagnostics diags;
  auto ruleset = Ruleset::Load(sources, RulesetOptions(), &diags);
  ASSERT_TRUE(ruleset) << diags.RenderAll();
  Start(ruleset);

  int rows = 0;
  std::vector<std::string> failures;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? text.size() : nl + 1;
    if (line.empty()) continue;
    ++rows;
    json::Value row;
    ASSERT_TRUE(json::Parse(line, &row)) << line;
    json::Value params = json::Value::Object();
    params.AddItemToObject("location", *row.GetObjectItemCaseSensitive("location"));
    params.AddStringToObject("log_format", "syslog");
    params.AddItemToObject("event", *row.GetObjectItemCaseSensitive("event"));
    json::Value req = json::Value::Object();
    req.AddNumberToObject("version", 1);
    req.AddStringToObject("command", "log_processing");
    req.AddItemToObject("parameters", std::move(params));
    std::string reply_text = Request(json::PrintUnformatted(req));
    json::Value reply = testing::ParseReply(reply_text);
    json::Value* data = reply.GetObjectItemCaseSensitive("data");
    json::Value* got = data ? data->GetObjectItemCaseSensitive("output") : nullptr;
    const std::string source = row.GetObjectItemCaseSensitive("source")->string();
    if (!got) {
      failures.push_back(source + ": no output: " + reply_text);
      continue;
    }
    json::Value want = *row.GetObjectItemCaseSensitive("output");
    Mask(&want);
    Mask(got);
    std::string why;
    if (json::PrintUnformatted(want) != json::PrintUnformatted(*got)) {
      why += "\n  want: " + json::PrintUnformatted(want) + "\n  got:  " + json::PrintUnformatted(*got);
    }
    if (row.GetObjectItemCaseSensitive("alert")->IsTrue() != data->GetObjectItemCaseSensitive("alert")->IsTrue()) {
      why += "\n  alert differs";
    }
    if (row.GetObjectItemCaseSensitive("codemsg")->valueint() != data->GetObjectItemCaseSensitive("codemsg")->valueint()) {
      why += "\n  codemsg differs";
    }
    std::vector<std::string> want_msgs, got_msgs;
    for (const auto& m : row.GetObjectItemCaseSensitive("messages")->items()) {
      if (m.string().find("Session initialized") == std::string::npos) want_msgs.push_back(m.string());
    }
    for (const auto& m : data->GetObjectItemCaseSensitive("messages")->items()) {
      if (m.string().find("Session initialized") == std::string::npos) got_msgs.push_back(m.string());
    }
    if (want_msgs != got_msgs) why += "\n  messages differ";
    if (!why.empty()) failures.push_back(source + why);
  }
  EXPECT_EQ(rows, 84);
  std::string report;
  for (const auto& f : failures) report += f + "\n";
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << rows << " differ:\n" << report;
}

TEST_F(SocketTest, ReloadWhileClientsAreSending) {
  Start(testing::LoadDir(testing::WriteTinyRuleset("version one")));
  RulesetSources two, broken;
  two.ruleset_dirs = {testing::WriteTinyRuleset("version two")};
  broken.ruleset_dirs = {testing::WriteTinyRuleset("version three", /*broken=*/true)};

  constexpr int kClients = 8;
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, sent{0};
  std::vector<std::string> errors(kClients);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    std::string token = TokenOf(Request(LogRequest("tl: x")));
    ASSERT_EQ(token.size(), 8u);
    threads.emplace_back([&, c, token] {
      while (!stop) {
        ++sent;
        auto reply = Exchange(path_, Frame(LogRequest("tl: x", token)));
        if (!reply) {
          errors[c] = "no reply";
          return;
        }
        ++answered;
        if (TokenOf(*reply) != token || testing::RuleDescription(*reply) != "version one") {
          errors[c] = "old session changed: " + *reply;
          return;
        }
      }
    });
  }
  int new_sessions_seen_two = 0;
  for (int i = 0; i < 10; ++i) {
    std::string report;
    EXPECT_TRUE(ReloadRuleset(service_.get(), two, RulesetOptions(), &report)) << report;
    EXPECT_FALSE(ReloadRuleset(service_.get(), broken, RulesetOptions(), &report));
    std::string reply = Request(LogRequest("tl: x"));
    if (testing::RuleDescription(reply) == "version two") ++new_sessions_seen_two;
    service_->sessions().Remove(TokenOf(reply));
  }
  stop = true;
  for (auto& t : threads) t.join();
  for (int c = 0; c < kClients; ++c) EXPECT_EQ(errors[c], "") << "client " << c;
  EXPECT_EQ(answered.load(), sent.load());
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(new_sessions_seen_two, 10);
}

}  // namespace
}  // namespace tripline::serve
