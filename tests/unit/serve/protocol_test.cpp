// The logtest protocol handler without sockets: framing, the cJSON parse error position, and
// every command and error path of LogtestService::HandleRequest / HandleBytes.
#include <gtest/gtest.h>

#include "base/limit_counters.h"
#include "serve/protocol.h"
#include "serve_fixture.h"

namespace tripline::serve {
namespace {

using testing::DataKeys;
using testing::LogRequest;
using testing::ParseReply;
using testing::TokenOf;

TEST(Framing, LengthIsLittleEndian) {
  std::string f = Frame("abc");
  ASSERT_EQ(f.size(), 7u);
  EXPECT_EQ(f.substr(0, 4), std::string("\x03\x00\x00\x00", 4));
  const unsigned char h[4] = {0x01, 0x02, 0x03, 0x04};
  EXPECT_EQ(DecodeLength(h), 0x04030201u);
}

TEST(JsonError, PositionsFollowCJson) {
  EXPECT_EQ(JsonErrorPosition(R"({"command":"x")"), 14u);  // at the terminating NUL
  EXPECT_EQ(JsonErrorPosition("{abc}"), 2u);                // a bad key: one past its first byte
  EXPECT_EQ(JsonErrorPosition("[1,2"), 4u);
  EXPECT_EQ(JsonErrorPosition("nul"), 0u);
  EXPECT_EQ(JsonErrorPosition(R"({"a":tru})"), 5u);
  EXPECT_EQ(JsonErrorPosition(R"("abc)"), 1u);             // unterminated string
  EXPECT_EQ(JsonErrorPosition(R"({"a":"x\q"})"), 7u);       // the bad escape's backslash
  EXPECT_EQ(JsonErrorPosition("   "), 3u);
  EXPECT_EQ(JsonErrorPosition("[-]"), 1u);
  EXPECT_EQ(JsonErrorPosition(std::string("{\"a\":\0}", 7)), 5u);  // the text ends at NUL
}

TEST(JsonError, MessageQuotesTwentyBytesAroundThePosition) {
  std::string text = R"({"a":1, "b": xyz_this_is_long_text_here})";
  ASSERT_EQ(JsonErrorPosition(text), 13u);
  EXPECT_EQ(JsonParseErrorMessage(text),
            "(7307): Error parsing JSON in position 13, ... " + text.substr(3, 20) + " ...");
  EXPECT_EQ(JsonParseErrorMessage("nul"), "(7307): Error parsing JSON in position 0, ... nul ...");
}

class ProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceOptions opts;
    opts.logtest.manager_name = "tripline-test";
    opts.clock = clock_.AsClock();
    service_ = std::make_unique<LogtestService>(testing::LoadDir(testing::WriteTinyRuleset("version one")), opts);
  }
  std::string Handle(const std::string& req) { return service_->HandleRequest(req); }
  std::string ErrorReply(int code, const std::string& message) {
    return R"({"message":")" + message + R"(","error":)" + std::to_string(code) + R"(,"data":{}})";
  }

  testing::FakeClock clock_;
  std::unique_ptr<LogtestService> service_;
};

TEST_F(ProtocolTest, InvalidJson) {
  EXPECT_EQ(Handle(R"({"command":"x")"),
            ErrorReply(1, R"((7307): Error parsing JSON in position 14, ... mmand\":\"x\" ...)"));
}

TEST_F(ProtocolTest, MissingOrInvalidTopLevelFields) {
  EXPECT_EQ(Handle(R"({"command":"log_processing"})"), ErrorReply(2, "(7313): 'parameters' JSON field not found"));
  EXPECT_EQ(Handle(R"([1])"), ErrorReply(2, "(7313): 'parameters' JSON field not found"));
  EXPECT_EQ(Handle(R"({"command":"log_processing","parameters":"x"})"),
            ErrorReply(2, "(7317): 'parameters' JSON field value is not valid"));
  EXPECT_EQ(Handle(R"({"parameters":{}})"), ErrorReply(2, "(7313): 'command' JSON field not found"));
  EXPECT_EQ(Handle(R"({"command":7,"parameters":{}})"), ErrorReply(2, "(7317): 'command' JSON field value is not valid"));
  // Field names are case-sensitive, as cJSON_GetObjectItemCaseSensitive.
  EXPECT_EQ(Handle(R"({"Command":"log_processing","parameters":{}})"),
            ErrorReply(2, "(7313): 'command' JSON field not found"));
  // parameters are checked before the command name.
  EXPECT_EQ(Handle(R"({"command":"nope"})"), ErrorReply(2, "(7313): 'parameters' JSON field not found"));
}

TEST_F(ProtocolTest, UnknownCommand) {
  EXPECT_EQ(Handle(R"({"command":"nope","parameters":{}})"), ErrorReply(3, "(7306): Unable to process command"));
  EXPECT_EQ(Handle(R"({"command":"Log_processing","parameters":{}})"), ErrorReply(3, "(7306): Unable to process command"));
}

TEST_F(ProtocolTest, LogProcessingParameterErrors) {
  auto req = [](const std::string& params) { return R"({"command":"log_processing","parameters":)" + params + "}"; };
  const std::string loc_err = "(7308): 'location' JSON field is required and must be a string";
  const std::string fmt_err = "(7308): 'log_format' JSON field is required and must be a string";
  EXPECT_EQ(Handle(req(R"({"log_format":"syslog","event":"x"})")), ErrorReply(2, loc_err));
  EXPECT_EQ(Handle(req(R"({"location":"","log_format":"syslog","event":"x"})")), ErrorReply(2, loc_err));
  EXPECT_EQ(Handle(req(R"({"location":1,"log_format":"syslog","event":"x"})")), ErrorReply(2, loc_err));
  EXPECT_EQ(Handle(req(R"({"location":"stdin","event":"x"})")), ErrorReply(2, fmt_err));
  EXPECT_EQ(Handle(req(R"({"location":"stdin","log_format":true,"event":"x"})")), ErrorReply(2, fmt_err));
  EXPECT_EQ(Handle(req(R"({"location":"stdin","log_format":"syslog"})")),
            ErrorReply(2, "(7313): 'event' JSON field not found"));
  const std::string ev_err = "(7317): 'event' JSON field value is not valid";
  EXPECT_EQ(Handle(req(R"({"location":"stdin","log_format":"syslog","event":""})")), ErrorReply(2, ev_err));
  EXPECT_EQ(Handle(req(R"({"location":"stdin","log_format":"syslog","event":["a"]})")), ErrorReply(2, ev_err));
  EXPECT_EQ(Handle(req(R"({"location":"stdin","log_format":"syslog","event":{}})")), ErrorReply(2, ev_err));
  EXPECT_EQ(Handle(req(R"({"location":"stdin","log_format":"syslog","event":5})")), ErrorReply(2, ev_err));
  EXPECT_EQ(Handle(req(R"({"location":"stdin","log_format":"syslog","event":null})")), ErrorReply(2, ev_err));
}

TEST_F(ProtocolTest, NewSessionReply) {
  std::string reply = Handle(LogRequest("tl: hello"));
  std::string token = TokenOf(reply);
  ASSERT_EQ(token.size(), 8u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(DataKeys(reply), "messages,token,output,alert,codemsg");
  json::Value v = ParseReply(reply);
  EXPECT_EQ(v.items()[0].name(), "error");
  const json::Value& data = *v.GetObjectItemCaseSensitive("data");
  EXPECT_EQ(json::PrintUnformatted(*data.GetObjectItemCaseSensitive("messages")),
            R"(["INFO: (7202): Session initialized with token ')" + token + R"('"])");
  EXPECT_TRUE(data.GetObjectItemCaseSensitive("alert")->IsTrue());
  EXPECT_EQ(data.GetObjectItemCaseSensitive("codemsg")->valueint(), 0);
  EXPECT_EQ(testing::RuleDescription(reply), "version one");
}

TEST_F(ProtocolTest, ReusedSessionHasNoMessagesUnlessSomethingIsSaid) {
  std::string token = TokenOf(Handle(LogRequest("tl: hello")));
  std::string reply = Handle(LogRequest("tl: hello", token));
  EXPECT_EQ(TokenOf(reply), token);
  EXPECT_EQ(DataKeys(reply), "token,output,alert,codemsg");
  reply = Handle(LogRequest("tl: hello", token, /*rules_debug=*/true));
  EXPECT_EQ(DataKeys(reply), "token,output,rules_debug,alert,codemsg");
  json::Value v = ParseReply(reply);
  const json::Value& dbg = *v.GetObjectItemCaseSensitive("data")->GetObjectItemCaseSensitive("rules_debug");
  EXPECT_NE(json::PrintUnformatted(dbg).find(R"("Trying rule: 100001 - version one")"), std::string::npos)
      << json::PrintUnformatted(dbg);
}

TEST_F(ProtocolTest, InvalidTokenWarnsAndCreatesSession) {
  std::string reply = Handle(LogRequest("tl: hello", "abc"));
  std::string token = TokenOf(reply);
  EXPECT_EQ(token.size(), 8u);
  json::Value v = ParseReply(reply);
  const json::Value& data = *v.GetObjectItemCaseSensitive("data");
  EXPECT_EQ(json::PrintUnformatted(*data.GetObjectItemCaseSensitive("messages")),
            R"(["WARNING: (7309): 'abc' is not a valid token","INFO: (7202): Session initialized with token ')" + token +
                R"('"])");
  EXPECT_EQ(data.GetObjectItemCaseSensitive("codemsg")->valueint(), 1);
  // A token that is not a string is printed as JSON.
  reply = Handle(R"({"command":"log_processing","parameters":{"token":123,"location":"stdin","log_format":"syslog","event":"tl: x"}})");
  EXPECT_NE(reply.find(R"("WARNING: (7309): '123' is not a valid token")"), std::string::npos) << reply;
}

TEST_F(ProtocolTest, UnknownTokenGetsANewSession) {
  std::string reply = Handle(LogRequest("tl: hello", "deadbeef"));
  std::string token = TokenOf(reply);
  EXPECT_NE(token, "deadbeef");
  json::Value v = ParseReply(reply);
  const json::Value& data = *v.GetObjectItemCaseSensitive("data");
  EXPECT_EQ(json::PrintUnformatted(*data.GetObjectItemCaseSensitive("messages")),
            R"(["WARNING: (7003): 'deadbeef' token expires","INFO: (7202): Session initialized with token ')" + token +
                R"('"])");
  EXPECT_EQ(data.GetObjectItemCaseSensitive("codemsg")->valueint(), 1);
}

TEST_F(ProtocolTest, OptionWarnings) {
  std::string token = TokenOf(Handle(LogRequest("tl: hello")));
  std::string reply = Handle(R"({"command":"log_processing","parameters":{"token":")" + token +
                             R"(","location":"stdin","log_format":"syslog","event":"tl: x","options":[1]}})");
  EXPECT_EQ(DataKeys(reply), "messages,token,output,alert,codemsg");
  EXPECT_NE(reply.find(R"(["WARNING: (7005): 'options' field must be a JSON object. The parameter will be ignored"])"),
            std::string::npos) << reply;
  // A late warning: the messages array comes after the output, as in Wazuh.
  reply = Handle(R"({"command":"log_processing","parameters":{"token":")" + token +
                 R"(","location":"stdin","log_format":"syslog","event":"tl: x","options":{"rules_debug":"yes"}}})");
  EXPECT_EQ(DataKeys(reply), "token,output,messages,alert,codemsg");
  EXPECT_NE(reply.find(R"("WARNING: (7006): 'rules_debug' field must be a boolean. The parameter will be ignored")"),
            std::string::npos) << reply;
  EXPECT_NE(reply.find(R"("codemsg":1)"), std::string::npos);
}

TEST_F(ProtocolTest, ObjectEventIsSerialised) {
  std::string reply = Handle(R"({"command":"log_processing","parameters":{"location":"stdin","log_format":"json",)"
                             R"("event":{ "a" : 1, "b": [true, "x"] }}})");
  json::Value v = ParseReply(reply);
  const json::Value* out = v.GetObjectItemCaseSensitive("data")->GetObjectItemCaseSensitive("output");
  ASSERT_TRUE(out) << reply;
  EXPECT_EQ(out->GetObjectItemCaseSensitive("full_log")->string(), R"({"a":1,"b":[true,"x"]})");
}

TEST_F(ProtocolTest, EventThatCannotBePredecoded) {
  std::string reply = Handle(R"({"command":"log_processing","parameters":{"location":"[001","log_format":"syslog",)"
                             R"("event":"tl: x","options":{"rules_debug":true}}})");
  EXPECT_EQ(DataKeys(reply), "messages,token,rules_debug,codemsg") << reply;
  EXPECT_NE(reply.find(R"("ERROR: (7312): Failed to process the event")"), std::string::npos) << reply;
  EXPECT_NE(reply.find(R"("codemsg":-1)"), std::string::npos);
}

TEST_F(ProtocolTest, RemoveSession) {
  std::string token = TokenOf(Handle(LogRequest("tl: hello")));
  EXPECT_EQ(Handle(testing::RemoveRequest(token)),
            R"({"error":0,"data":{"messages":["INFO: (7206): The session ')" + token +
                R"(' was closed successfully"],"codemsg":0}})");
  EXPECT_EQ(Handle(testing::RemoveRequest(token)),
            R"({"error":0,"data":{"messages":["ERROR: (7004): No session found for token ')" + token +
                R"('"],"codemsg":-1}})");
  EXPECT_EQ(service_->sessions().size(), 0u);
}

TEST_F(ProtocolTest, RemoveSessionTokenErrors) {
  const std::string type_err = "(7316): Failure to remove session. token JSON field must be a string";
  EXPECT_EQ(Handle(R"({"command":"remove_session","parameters":{}})"), ErrorReply(4, type_err));
  EXPECT_EQ(Handle(R"({"command":"remove_session","parameters":{"token":12345678}})"), ErrorReply(4, type_err));
  EXPECT_EQ(Handle(R"({"command":"remove_session","parameters":{"token":"abc"}})"),
            ErrorReply(4, "(7309): 'abc' is not a valid token"));
}

TEST_F(ProtocolTest, RemoveBusySession) {
  std::string token = TokenOf(Handle(LogRequest("tl: hello")));
  auto entry = service_->sessions().Find(token, 0);
  ASSERT_TRUE(entry);
  std::lock_guard<std::mutex> busy(entry->mutex);
  EXPECT_EQ(Handle(testing::RemoveRequest(token)),
            R"({"error":0,"data":{"messages":["ERROR: (7318): Failure to remove session ')" + token +
                R"('"],"codemsg":-1}})");
}

TEST_F(ProtocolTest, Bytes) {
  std::string req = LogRequest("tl: hello");
  // Fewer than 4 bytes, an empty payload, a truncated payload: no reply, as Wazuh.
  EXPECT_FALSE(service_->HandleBytes(std::string("\x05\x00", 2)));
  EXPECT_FALSE(service_->HandleBytes(std::string("\x00\x00\x00\x00", 4)));
  EXPECT_FALSE(service_->HandleBytes(Frame(req).substr(0, 20)));
  // Oversized: the 7315 reply, without data, counted.
  std::string big = Frame(std::string(kMaxPayload + 1, ' '));
  const uint64_t oversize = LimitHits(LimitCounter::kLogtestOversize);
  auto reply = service_->HandleBytes(big.substr(0, 4));
  ASSERT_TRUE(reply);
  EXPECT_EQ(LimitHits(LimitCounter::kLogtestOversize), oversize + 1);
  EXPECT_EQ(*reply, Frame(R"({"message":"(7315): Failure to receive message: size is bigger than expected","error":5})"));
  // The largest accepted payload.
  std::string padded = req + std::string(kMaxPayload - req.size(), ' ');
  reply = service_->HandleBytes(Frame(padded));
  ASSERT_TRUE(reply);
  EXPECT_EQ(TokenOf(reply->substr(4)).size(), 8u);
  EXPECT_EQ(DecodeLength(reinterpret_cast<const unsigned char*>(reply->data())), reply->size() - 4);
  // A NUL ends the request text.
  reply = service_->HandleBytes(Frame(req + std::string("\0garbage", 8)));
  ASSERT_TRUE(reply);
  EXPECT_EQ(TokenOf(reply->substr(4)).size(), 8u);
  // Bad JSON through the bytes path.
  reply = service_->HandleBytes(Frame("{"));
  ASSERT_TRUE(reply);
  EXPECT_NE(reply->find(R"("error":1)"), std::string::npos);
}

}  // namespace
}  // namespace tripline::serve
