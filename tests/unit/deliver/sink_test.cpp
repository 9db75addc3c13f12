// Network sinks against a local HTTP server playing TheHive and a webhook receiver: every alert
// arrives exactly once after dedup by sourceRef, in order, through 500s, 429 Retry-After,
// refused connections, a hanging server and a restart of the sender.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "deliver/delivery.h"
#include "deliver/sink.h"
#include "deliver/thehive.h"
#include "http_test_server.h"
#include "json/cjson.h"

namespace tripline::deliver {
namespace {

using testing::TestRequest;
using testing::TestResponse;
using testing::TestServer;
using Clock = std::chrono::steady_clock;

std::string TempDir() {
  char tmpl[] = "/tmp/tripline-deliver-XXXXXX";
  return mkdtemp(tmpl);
}

std::string Alert(int i, int level = 10) {
  return R"({"timestamp":"2024-05-01T12:00:00.000+0000","rule":{"level":)" + std::to_string(level) +
         R"(,"description":"test alert )" + std::to_string(i) + R"(","id":")" + std::to_string(100000 + i) +
         R"(","groups":["lab","guardduty"],"mitre":{"id":["T1078"]}},"agent":{"id":"000","name":"lab"},)"
         R"("id":"1714564800.)" + std::to_string(i) + R"(","data":{"srcip":"10.0.0.)" + std::to_string(i % 250) +
         R"(","srcuser":"alice"},"location":"guardduty"})";
}

// Collects log lines.
struct LogCapture {
  std::mutex mu;
  std::vector<std::string> lines;
  Logger logger() {
    return [this](const std::string& l) {
      std::lock_guard<std::mutex> g(mu);
      lines.push_back(l);
    };
  }
  std::string all() {
    std::lock_guard<std::mutex> g(mu);
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
  }
};

SinkConfig TestConfig(SinkType type, const std::string& url, const std::string& spool_dir) {
  SinkConfig c;
  c.type = type;
  c.name = std::string(SinkTypeName(type));
  c.url = url;
  c.spool.dir = spool_dir;
  c.timeout_ms = 2000;
  c.connect_timeout_ms = 500;
  c.backoff_initial_ms = 2;
  c.backoff_max_ms = 20;
  if (type == SinkType::kTheHive) c.api_key = "hive-secret-key";
  return c;
}

void OfferAll(Sink* s, int from, int to) {
  for (int i = from; i < to; ++i) {
    std::string line = Alert(i);
    s->Offer(ParseAlertInfo(line, 10, ""));
  }
}

bool WaitFor(const std::function<bool()>& pred, int ms = 10000) {
  auto deadline = Clock::now() + std::chrono::milliseconds(ms);
  while (!pred()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// The alerts the receiver got, deduplicated (by sourceRef for TheHive, by the body for a
// webhook), in order of first arrival. Only requests answered 2xx count as received.
std::vector<std::string> Received(const std::vector<TestRequest>& reqs, const std::set<int>& failed, bool thehive) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < reqs.size(); ++i) {
    if (failed.count(static_cast<int>(i))) continue;
    std::string key = reqs[i].body;
    if (thehive) {
      json::Value v;
      if (!json::Parse(reqs[i].body, &v)) continue;
      key = v.GetObjectItem("sourceRef")->string();
    }
    if (seen.insert(key).second) out.push_back(key);
  }
  return out;
}

std::vector<std::string> Expected(int n, bool thehive) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(thehive ? SourceRef(Alert(i)) : Alert(i));
  return out;
}

// Records which request indexes the handler failed.
struct FailLog {
  std::mutex mu;
  std::set<int> failed;
  void Add(int i) {
    std::lock_guard<std::mutex> l(mu);
    failed.insert(i);
  }
  std::set<int> Get() {
    std::lock_guard<std::mutex> l(mu);
    return failed;
  }
};

TEST(Webhook, DeliversInOrderWithJsonContentType) {
  TestServer server([](const TestRequest&, int) { return TestResponse{}; });
  std::string dir = TempDir();
  LogCapture log;
  auto sink = CreateSink(TestConfig(SinkType::kWebhook, server.url("/webhook/abc"), dir), log.logger(), nullptr);
  ASSERT_TRUE(sink);
  OfferAll(sink.get(), 0, 50);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 50u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].path, "/webhook/abc");
  EXPECT_EQ(reqs[0].Header("content-type"), "application/json");
  EXPECT_EQ(Received(reqs, {}, false), Expected(50, false));
  EXPECT_EQ(sink->stats().delivered, 50u);
  EXPECT_EQ(sink->stats().pending, 0u);
  std::filesystem::remove_all(dir);
}

TEST(TheHive, FieldsAndAuthorization) {
  TestServer server([](const TestRequest&, int) { return testing::Reply(201, R"({"_id":"~1"})"); });
  std::string dir = TempDir();
  SinkConfig c = TestConfig(SinkType::kTheHive, server.url(), dir);
  c.organisation = "lab";
  LogCapture quiet;  // must outlive the sink: its thread logs
  auto sink = CreateSink(c, quiet.logger(), nullptr);
  ASSERT_TRUE(sink);
  std::string line = Alert(3, 12);
  sink->Offer(ParseAlertInfo(line, 12, ""));
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].path, "/api/v1/alert");
  EXPECT_EQ(reqs[0].Header("authorization"), "Bearer hive-secret-key");
  EXPECT_EQ(reqs[0].Header("x-organisation"), "lab");
  json::Value v;
  ASSERT_TRUE(json::Parse(reqs[0].body, &v));
  EXPECT_EQ(v.GetObjectItem("title")->string(), "test alert 3");
  EXPECT_EQ(v.GetObjectItem("severity")->valueint(), 4);
  EXPECT_EQ(v.GetObjectItem("sourceRef")->string(), SourceRef(line));
  std::vector<std::string> tags;
  for (const json::Value& t : v.GetObjectItem("tags")->items()) tags.push_back(t.string());
  EXPECT_EQ(tags, (std::vector<std::string>{"rule:100003", "lab", "guardduty", "mitre:T1078"}));
  const json::Value* obs = v.GetObjectItem("observables");
  ASSERT_EQ(obs->size(), 2u);
  EXPECT_EQ(obs->items()[0].GetObjectItem("dataType")->string(), "ip");
  EXPECT_EQ(obs->items()[0].GetObjectItem("data")->string(), "10.0.0.3");
  EXPECT_EQ(obs->items()[1].GetObjectItem("dataType")->string(), "other");
  std::filesystem::remove_all(dir);
}

TEST(Webhook, RetriesHttp500) {
  FailLog fails;
  TestServer server([&](const TestRequest&, int i) {
    if (i % 3 == 0) {  // every third request fails
      fails.Add(i);
      return testing::Reply(500, "oops");
    }
    return TestResponse{};
  });
  std::string dir = TempDir();
  LogCapture log;
  auto sink = CreateSink(TestConfig(SinkType::kWebhook, server.url("/hook"), dir), log.logger(), nullptr);
  OfferAll(sink.get(), 0, 30);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(Received(server.requests(), fails.Get(), false), Expected(30, false));
  EXPECT_GT(sink->stats().failures, 0u);
  EXPECT_NE(log.all().find("HTTP 500"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(TheHive, Honours429RetryAfter) {
  FailLog fails;
  std::mutex mu;
  std::vector<Clock::time_point> times;
  TestServer server([&](const TestRequest&, int i) {
    {
      std::lock_guard<std::mutex> l(mu);
      times.push_back(Clock::now());
    }
    if (i == 1) {
      fails.Add(i);
      return testing::Reply(429, "{}", {"Retry-After: 1"});
    }
    return testing::Reply(201);
  });
  std::string dir = TempDir();
  LogCapture quiet;  // must outlive the sink: its thread logs
  auto sink = CreateSink(TestConfig(SinkType::kTheHive, server.url(), dir), quiet.logger(), nullptr);
  OfferAll(sink.get(), 0, 4);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(Received(server.requests(), fails.Get(), true), Expected(4, true));
  std::lock_guard<std::mutex> l(mu);
  ASSERT_GE(times.size(), 3u);
  // The backoff is 2-20 ms in this test: the 1 s wait comes from Retry-After.
  EXPECT_GE(times[2] - times[1], std::chrono::milliseconds(900));
  std::filesystem::remove_all(dir);
}

TEST(Webhook, ConnectionRefusedThenServerStarts) {
  int port;
  {
    TestServer probe([](const TestRequest&, int) { return TestResponse{}; });
    port = probe.port();
  }  // stopped: the port refuses connections now
  std::string dir = TempDir();
  LogCapture log;
  auto sink = CreateSink(TestConfig(SinkType::kWebhook, "http://127.0.0.1:" + std::to_string(port) + "/h", dir),
                         log.logger(), nullptr);
  OfferAll(sink.get(), 0, 10);
  ASSERT_TRUE(WaitFor([&] { return sink->stats().failures >= 3; }));
  EXPECT_EQ(sink->stats().pending, 10u);
  TestServer server([](const TestRequest&, int) { return TestResponse{}; }, port);
  ASSERT_EQ(server.port(), port);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(Received(server.requests(), {}, false), Expected(10, false));
  EXPECT_NE(log.all().find("delivering again"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Webhook, HangingServerTimesOut) {
  FailLog fails;
  TestServer server([&](const TestRequest&, int i) {
    if (i < 2) {
      fails.Add(i);
      TestResponse r;
      r.hang = true;
      return r;
    }
    return TestResponse{};
  });
  std::string dir = TempDir();
  SinkConfig c = TestConfig(SinkType::kWebhook, server.url("/h"), dir);
  c.timeout_ms = 150;
  LogCapture quiet;  // must outlive the sink: its thread logs
  auto sink = CreateSink(c, quiet.logger(), nullptr);
  OfferAll(sink.get(), 0, 5);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(Received(server.requests(), fails.Get(), false), Expected(5, false));
  EXPECT_GE(sink->stats().failures, 2u);
  std::filesystem::remove_all(dir);
}

TEST(TheHive, RestartMidDeliveryResumesFromSpool) {
  std::atomic<bool> slow{true};
  TestServer server([&](const TestRequest&, int) {
    TestResponse r = testing::Reply(201);
    if (slow) r.delay_ms = 30;
    return r;
  });
  std::string dir = TempDir();
  SinkConfig c = TestConfig(SinkType::kTheHive, server.url(), dir);
  {
    LogCapture quiet;  // must outlive the sink: its thread logs
    auto sink = CreateSink(c, quiet.logger(), nullptr);
    OfferAll(sink.get(), 0, 40);
    ASSERT_TRUE(WaitFor([&] { return server.count() >= 5; }));
    // Destroyed with alerts in the spool and one request in flight.
  }
  size_t before = server.count();
  EXPECT_LT(before, 40u);
  slow = false;
  LogCapture log;
  auto sink = CreateSink(c, log.logger(), nullptr);
  ASSERT_TRUE(sink);
  EXPECT_NE(log.all().find("resuming with"), std::string::npos);
  OfferAll(sink.get(), 40, 50);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(Received(server.requests(), {}, true), Expected(50, true));
  std::filesystem::remove_all(dir);
}

TEST(TheHive, DuplicateSourceRefCountsAsDelivered) {
  TestServer server([](const TestRequest&, int) {
    return testing::Reply(400, R"({"type":"CreateError","message":"Alert already exists"})");
  });
  std::string dir = TempDir();
  LogCapture quiet;  // must outlive the sink: its thread logs
  auto sink = CreateSink(TestConfig(SinkType::kTheHive, server.url(), dir), quiet.logger(), nullptr);
  OfferAll(sink.get(), 0, 2);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(sink->stats().delivered, 2u);
  EXPECT_EQ(sink->stats().rejected, 0u);
  std::filesystem::remove_all(dir);
}

TEST(Webhook, PermanentRefusalIsKeptAside) {
  TestServer server([](const TestRequest&, int i) { return i == 0 ? testing::Reply(422, "bad") : TestResponse{}; });
  std::string dir = TempDir();
  LogCapture log;
  auto sink = CreateSink(TestConfig(SinkType::kWebhook, server.url("/h"), dir), log.logger(), nullptr);
  OfferAll(sink.get(), 0, 3);
  ASSERT_TRUE(sink->WaitIdle(Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(sink->stats().rejected, 1u);
  EXPECT_EQ(sink->stats().delivered, 2u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/rejected.jsonl"));
  EXPECT_NE(log.all().find("HTTP 422"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Webhook, FullSpoolDropsLoudly) {
  int port;
  {
    TestServer probe([](const TestRequest&, int) { return TestResponse{}; });
    port = probe.port();
  }
  std::string dir = TempDir();
  LogCapture log;
  SinkConfig c = TestConfig(SinkType::kWebhook, "http://127.0.0.1:" + std::to_string(port) + "/secret-path", dir);
  c.api_key = "tok-123";
  c.spool.max_bytes = 3 * (Alert(0).size() + 1);
  std::vector<SinkConfig> configs = {c};
  std::string error;
  auto d = Delivery::Create(configs, log.logger(), &error);
  ASSERT_TRUE(d) << error;
  for (int i = 0; i < 6; ++i) d->Offer(Alert(i), 10, "");
  EXPECT_EQ(d->sinks()[0]->stats().dropped_full, 3u);
  EXPECT_EQ(d->lost(), 3u);
  EXPECT_FALSE(d->Drain(std::chrono::milliseconds(50)));
  EXPECT_EQ(d->pending(), 3u);
  std::string logs = log.all();
  EXPECT_NE(logs.find("spool full"), std::string::npos);
  EXPECT_NE(logs.find("DROPPED"), std::string::npos);
  EXPECT_EQ(logs.find("secret-path"), std::string::npos);
  EXPECT_EQ(logs.find("tok-123"), std::string::npos);
  std::string report;
  for (const std::string& l : d->Report()) report += l;
  EXPECT_NE(report.find("DROPPED (spool full) 3"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Delivery, FiltersPerSink) {
  TestServer hive([](const TestRequest&, int) { return testing::Reply(201); });
  TestServer hook([](const TestRequest&, int) { return TestResponse{}; });
  std::string dir = TempDir();
  SinkConfig h = TestConfig(SinkType::kTheHive, hive.url(), dir + "/hive");
  h.filter.min_level = 7;
  SinkConfig w = TestConfig(SinkType::kWebhook, hook.url("/h"), dir + "/hook");
  w.filter.rule_ids = {"100002"};
  std::string error;
  LogCapture quiet;  // must outlive the sink: its thread logs
  auto d = Delivery::Create({h, w}, quiet.logger(), &error);
  ASSERT_TRUE(d) << error;
  d->Offer(Alert(1, 5), 5, "");
  d->Offer(Alert(2, 3), 3, "");
  d->Offer(Alert(3, 9), 9, "");
  ASSERT_TRUE(d->Drain(std::chrono::seconds(10)));
  EXPECT_EQ(hive.count(), 1u);
  ASSERT_EQ(hook.count(), 1u);
  EXPECT_EQ(hook.requests()[0].body, Alert(2, 3));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tripline::deliver
