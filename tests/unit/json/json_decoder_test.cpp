// JSON_Decoder plugin semantics (docs/wazuh-semantics.md §2.7) and the resulting alert `data`.
#include "json/json_decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "base/limit_counters.h"
#include "json/alert_fields.h"
#include "json/cjson.h"
#include "test_support.h"

namespace tripline::json {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields Dynamics(const Event& ev) {
  Fields out;
  for (size_t i = 0; i < ev.dynamic_count; ++i)
    out.emplace_back(ev.dynamics[i].name, ev.dynamics[i].value);
  return out;
}

// The alert "data" object Wazuh would print for `input` decoded by the stock "json" decoder.
std::string Data(const char* input, const DecoderOptions& opts = {}) {
  Event ev;
  DecodeFields(input, opts, &ev);
  Value data = Value::Object();
  FillDataObject(ev, /*include_dynamic=*/true, &data);
  return PrintUnformatted(data);
}

// The value of the single dynamic field `input` produces, or "<none>".
std::string One(const char* input, const DecoderOptions& opts = {}) {
  Event ev;
  DecodeFields(input, opts, &ev);
  if (ev.dynamic_count != 1) return "<none>";
  return ev.dynamics[0].value;
}

TEST(JsonDecoder, VerifiedFragment) {
  const char* input =
      R"({"a":{"b":1},"arr":[1,"x",{"o":2}],"big":12345678901,"f":1.5,"n":null,"user":"bob"})";
  Event ev;
  EXPECT_EQ(DecodeFields(input, {}, &ev), 0);
  EXPECT_EQ(Dynamics(ev), (Fields{{"a.b", "1"},
                                  {"arr", "[1, \"x\", {\n\t\t\"o\":\t2\n\t}]"},
                                  {"big", "12345678901.000000"},
                                  {"f", "1.500000"},
                                  {"n", "null"}}));
  EXPECT_STREQ(ev.Static(kDstUser), "bob");
  EXPECT_EQ(Data(input),
            R"({"dstuser":"bob","a":{"b":"1"},"arr":[1,"x",{"o":2}],"big":"12345678901.000000",)"
            R"("f":"1.500000","n":"null"})");
}

TEST(JsonDecoder, NumberRendering) {
  EXPECT_EQ(One(R"({"v":1e3})"), "1000");
  EXPECT_EQ(One(R"({"v":-3})"), "-3");
  EXPECT_EQ(One(R"({"v":1.5})"), "1.500000");
  EXPECT_EQ(One(R"({"v":8.0})"), "8");
  EXPECT_EQ(One(R"({"v":0.1})"), "0.100000");
  EXPECT_EQ(One(R"({"v":-0})"), "0");
  EXPECT_EQ(One(R"({"v":1e20})"), "100000000000000000000.000000");
  EXPECT_EQ(One(R"({"v":2147483647})"), "2147483647");
  EXPECT_EQ(One(R"({"v":2147483648})"), "2147483648.000000");  // 2^31: valueint saturates
  EXPECT_EQ(One(R"({"v":-2147483648})"), "-2147483648");
  EXPECT_EQ(One(R"({"v":-2147483649})"), "-2147483649.000000");
  EXPECT_EQ(One(R"({"v":1481719450000})"), "1481719450000.000000");  // epoch milliseconds
  EXPECT_EQ(One(R"({"v":1e400})"), "inf");
  // Wazuh formats into char[64]: longer "%f" text keeps its first 63 characters.
  EXPECT_EQ(One(R"({"v":1e100})"),
            "100000000000000001590289110975991804683608085639452813897813275");
}

TEST(JsonDecoder, ScalarsAndNulls) {
  EXPECT_EQ(Data(R"({"t":true,"f":false,"s":"x\ny","e":"","n":null})"),
            R"({"t":"true","f":"false","s":"x\ny","n":"null"})");  // empty dynamics not printed
  Event ev;
  DecodeFields(R"({"e":"","n":null})", {}, &ev);
  EXPECT_EQ(Dynamics(ev), (Fields{{"e", ""}, {"n", "null"}}));
  DecoderOptions discard;
  discard.null_field = NullField::kDiscard;
  ev.Reset();
  DecodeFields(R"({"a":null,"b":{"c":null,"d":1},"srcip":null})", discard, &ev);
  EXPECT_EQ(Dynamics(ev), (Fields{{"b.d", "1"}}));
  EXPECT_FALSE(ev.HasStatic(kSrcIp));
}

TEST(JsonDecoder, ArrayModeUsesFormattedText) {
  EXPECT_EQ(One(R"({"a":[]})"), "[]");
  EXPECT_EQ(One(R"({"a":[1,2.5,"s",true,null]})"), "[1, 2.5, \"s\", true, null]");
  EXPECT_EQ(One(R"({"a":[[1,[]],{}]})"), "[[1, []], {\n\t}]");
  EXPECT_EQ(One(R"({"a":[1e20,12345678901,1.0]})"), "[1e+20, 12345678901, 1]");
  EXPECT_EQ(One(R"({"a":["q\"/\u0001"]})"), "[\"q\\\"/\\u0001\"]");
}

TEST(JsonDecoder, CsvMode) {
  DecoderOptions csv;
  csv.array_structure = ArrayStructure::kCsv;
  EXPECT_EQ(One(R"({"a":[1,"x",true,false,null,2.5]})", csv), "1,x,true,false,null,2.500000");
  EXPECT_EQ(One(R"({"a":[1,{}]})", csv), "1,");
  EXPECT_EQ(One(R"({"a":[{},1]})", csv), "1");
  EXPECT_EQ(One(R"({"a":[1,{},2]})", csv), "1,2");
  EXPECT_EQ(One(R"({"a":[[1],2,[3]]})", csv), "2,");
  EXPECT_EQ(One(R"({"a":["",""]})", csv), ",");
  EXPECT_EQ(One(R"({"a":[]})", csv), "<none>");
  EXPECT_EQ(One(R"({"a":[{},[]]})", csv), "<none>");
  EXPECT_EQ(One(R"({"a":[""]})", csv), "<none>");
  // 64 KiB rule: the text must stay below 65536 bytes including every piece appended.
  std::string big(65534, 'x');
  std::string fits = R"({"a":[")" + big + R"("]})";
  EXPECT_EQ(One(fits.c_str(), csv).size(), 65534u);
  std::string with_comma = R"({"a":[")" + big + R"(",{}]})";  // 65534 + ',' = 65535 < 65536
  EXPECT_EQ(One(with_comma.c_str(), csv).size(), 65535u);
  std::string too_big = R"({"a":[")" + big + R"(","y"]})";  // 65534 + ',' + 'y' = 65536
  EXPECT_EQ(One(too_big.c_str(), csv), "<none>");
  // A number longer than 63 characters ends the C string after its first 63.
  EXPECT_EQ(One(R"({"a":[1,1e100,2]})", csv),
            "1,100000000000000001590289110975991804683608085639452813897813275");
}

TEST(JsonDecoder, StaticFieldsLastWins) {
  Event ev;
  DecodeFields(R"({"srcip":"1.1.1.1","dstip":"2.2.2.2","srcport":"1","dstport":2,"protocol":"tcp",)"
               R"("action":"drop","srcuser":"s","id":"i","status":"ok","url":"/u","data":"d",)"
               R"("extra_data":"e","srcip":"3.3.3.3"})",
               {}, &ev);
  EXPECT_EQ(ev.dynamic_count, 0u);
  EXPECT_STREQ(ev.Static(kSrcIp), "3.3.3.3");
  EXPECT_STREQ(ev.Static(kDstPort), "2");
  EXPECT_STREQ(ev.Static(kExtraData), "e");
  Value data = Value::Object();
  FillDataObject(ev, true, &data);
  EXPECT_EQ(PrintUnformatted(data),
            R"({"protocol":"tcp","action":"drop","srcip":"3.3.3.3","srcport":"1","srcuser":"s",)"
            R"("dstip":"2.2.2.2","dstport":"2","id":"i","status":"ok","url":"/u","data":"d",)"
            R"("extra_data":"e"})");
  // Only full keys map: nested and differently cased keys stay dynamic.
  ev.Reset();
  DecodeFields(R"({"a":{"srcip":"x"},"SrcIp":"y","srcip ":"z"})", {}, &ev);
  EXPECT_FALSE(ev.HasStatic(kSrcIp));
  EXPECT_EQ(Dynamics(ev), (Fields{{"a.srcip", "x"}, {"SrcIp", "y"}, {"srcip ", "z"}}));
}

TEST(JsonDecoder, UserAndDstuser) {
  Event ev;
  DecodeFields(R"({"user":"bob"})", {}, &ev);
  EXPECT_STREQ(ev.Static(kDstUser), "bob");
  EXPECT_EQ(ev.dynamic_count, 0u);

  ev.Reset();  // dstuser set: user becomes a dynamic field
  DecodeFields(R"({"dstuser":"alice","user":"bob"})", {}, &ev);
  EXPECT_STREQ(ev.Static(kDstUser), "alice");
  EXPECT_EQ(Dynamics(ev), (Fields{{"user", "bob"}}));

  ev.Reset();  // dstuser replaces
  DecodeFields(R"({"user":"bob","dstuser":"alice"})", {}, &ev);
  EXPECT_STREQ(ev.Static(kDstUser), "alice");
  EXPECT_EQ(ev.dynamic_count, 0u);

  ev.Reset();  // an empty dstuser counts as unset
  DecodeFields(R"({"dstuser":"","user":"bob"})", {}, &ev);
  EXPECT_STREQ(ev.Static(kDstUser), "bob");

  ev.Reset();  // the second user finds dstuser set
  DecodeFields(R"({"user":"a","user":"b","x":{"user":"c"}})", {}, &ev);
  EXPECT_STREQ(ev.Static(kDstUser), "a");
  EXPECT_EQ(Dynamics(ev), (Fields{{"user", "b"}, {"x.user", "c"}}));

  ev.Reset();  // a dstuser set earlier (e.g. by a parent decoder) also counts
  ev.SetStatic(kDstUser, "root");
  DecodeFields(R"({"user":"bob"})", {}, &ev);
  EXPECT_STREQ(ev.Static(kDstUser), "root");
  EXPECT_EQ(Dynamics(ev), (Fields{{"user", "bob"}}));
}

TEST(JsonDecoder, SystemnameVersusSystemName) {
  Event ev;
  DecodeFields(R"({"systemname":"host1","system_name":"host2"})", {}, &ev);
  EXPECT_STREQ(ev.Static(kSystemName), "host1");
  EXPECT_EQ(Dynamics(ev), (Fields{{"system_name", "host2"}}));
  Value data = Value::Object();
  FillDataObject(ev, true, &data);
  EXPECT_EQ(PrintUnformatted(data), R"({"system_name":"host1"})");  // the dynamic one collides
}

TEST(JsonDecoder, KeysJoinWithDots) {
  Event ev;
  DecodeFields(R"({"a.b":{"c":1,"d":{"e":"x"}},"":{"f":2},"g":{},"h":{"":3}})", {}, &ev);
  EXPECT_EQ(Dynamics(ev), (Fields{{"a.b.c", "1"}, {"a.b.d.e", "x"}, {".f", "2"}, {"h.", "3"}}));
}

TEST(JsonDecoder, MaxDynamicFields) {
  DecoderOptions opts;
  opts.max_dynamic_fields = 2;
  Event ev;
  EXPECT_EQ(DecodeFields(R"({"a":1,"b":2,"c":3,"srcip":"x","user":"u","d":[4]})", opts, &ev), 2);
  EXPECT_EQ(Dynamics(ev), (Fields{{"a", "1"}, {"b", "2"}}));
  EXPECT_STREQ(ev.Static(kSrcIp), "x");  // statics are not limited
  EXPECT_STREQ(ev.Static(kDstUser), "u");

  ev.Reset();  // fields from a parent decoder count
  ev.AddDynamic("parent", "p");
  EXPECT_EQ(DecodeFields(R"({"a":1,"b":2})", opts, &ev), 1);
  EXPECT_EQ(Dynamics(ev), (Fields{{"parent", "p"}, {"a", "1"}}));
}

TEST(JsonDecoder, DynamicFieldLimitIsCounted) {
  // 1000 keys in one event: the default decoder_order_size (256) keeps the first 256.
  std::string text = "{";
  for (int i = 0; i < 1000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  text += "}";
  ASSERT_LT(text.size(), 65278u);
  Event ev;
  const uint64_t before = LimitHits(LimitCounter::kDynamicFields);
  EXPECT_EQ(DecodeFields(text.c_str(), DecoderOptions(), &ev), 744);
  EXPECT_EQ(ev.dynamic_count, 256u);
  EXPECT_EQ(ev.dynamics[255].name, "k255");
  EXPECT_EQ(LimitHits(LimitCounter::kDynamicFields), before + 744);
}

TEST(JsonDecoder, NestingDeeperThanTheLimitSetsNothingAndIsCounted) {
  // cJSON refuses the text, so the plugin sets nothing, as in Wazuh.
  auto nested = [](int depth) {
    return "{\"a\":1,\"n\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  Event ev;
  const uint64_t before = LimitHits(LimitCounter::kJsonTooDeep);
  DecodeFields(nested(kNestingLimit).c_str(), DecoderOptions(), &ev);
  EXPECT_EQ(ev.dynamic_count, 2u);
  EXPECT_EQ(LimitHits(LimitCounter::kJsonTooDeep), before);
  ev.Reset();
  DecodeFields(nested(kNestingLimit + 1).c_str(), DecoderOptions(), &ev);
  EXPECT_EQ(ev.dynamic_count, 0u);
  EXPECT_EQ(LimitHits(LimitCounter::kJsonTooDeep), before + 1);
  // 30 000 levels (a 60 KB event) are refused the same way, without deep recursion.
  ev.Reset();
  DecodeFields(nested(30000).c_str(), DecoderOptions(), &ev);
  EXPECT_EQ(ev.dynamic_count, 0u);
  EXPECT_EQ(LimitHits(LimitCounter::kJsonTooDeep), before + 2);
}

TEST(JsonDecoder, CsvValueOf64KiBIsDroppedAndCounted) {
  // Numbers print as up to 63 characters each, so a short event reaches the csv limit.
  DecoderOptions csv;
  csv.array_structure = ArrayStructure::kCsv;
  std::string text = "{\"a\":[";
  for (int i = 0; i < 1100; ++i) text += (i ? ",1e300" : "1e300");
  text += "],\"b\":\"x\"}";
  ASSERT_LT(text.size(), 8000u);
  Event ev;
  const uint64_t before = LimitHits(LimitCounter::kJsonCsvTooLong);
  DecodeFields(text.c_str(), csv, &ev);
  EXPECT_EQ(Dynamics(ev), (Fields{{"b", "x"}}));
  EXPECT_EQ(LimitHits(LimitCounter::kJsonCsvTooLong), before + 1);
}

TEST(JsonDecoder, DecodedBytesPerEventAreBounded) {
  // A field whose name and value would take the event over max_field_bytes is not set; later
  // smaller fields still are.
  DecoderOptions small;
  small.max_field_bytes = 10;
  Event ev;
  const uint64_t before = LimitHits(LimitCounter::kJsonFieldBytes);
  DecodeFields(R"({"a":"12345","b":"67890","c":"x","srcip":"1.2.3.4"})", small, &ev);
  EXPECT_EQ(Dynamics(ev), (Fields{{"a", "12345"}, {"c", "x"}}));
  EXPECT_EQ(ev.Static(kSrcIp), nullptr);
  EXPECT_EQ(LimitHits(LimitCounter::kJsonFieldBytes), before + 2);

  // cJSON_Print indents objects nested in arrays: each of these 10 arrays prints as about 1 MB
  // from 6 KB of a 60 KB event. The default 1 MiB budget keeps one of them.
  std::string text = "{";
  for (int f = 0; f < 10; ++f) {
    text += (f ? ",\"f" : "\"f") + std::to_string(f) + "\":[";
    for (int i = 0; i < 998; ++i) text += "{\"a\":";
    text += "1" + std::string(998, '}') + "]";
  }
  text += ",\"last\":\"x\"}";
  ASSERT_LT(text.size(), 65278u);
  ev.Reset();
  DecodeFields(text.c_str(), DecoderOptions(), &ev);
  size_t bytes = 0;
  for (const auto& [name, value] : Dynamics(ev)) bytes += name.size() + value.size();
  EXPECT_LE(bytes, size_t{1} << 20);
  ASSERT_EQ(ev.dynamic_count, 2u);
  EXPECT_EQ(ev.dynamics[0].name, "f0");
  EXPECT_GT(ev.dynamics[0].value.size(), 900000u);
  EXPECT_EQ(ev.dynamics[1].name, "last");
  EXPECT_EQ(LimitHits(LimitCounter::kJsonFieldBytes), before + 2 + 9);

  // A long key repeats in every name below it: 60 KB of key times 256 fields.
  text = "{\"" + std::string(60000, 'k') + "\":{";
  for (int i = 0; i < 256; ++i) text += (i ? ",\"" : "\"") + std::to_string(i) + "\":1";
  text += "}}";
  ev.Reset();
  DecodeFields(text.c_str(), DecoderOptions(), &ev);
  EXPECT_EQ(ev.dynamic_count, 17u);  // 17 names of about 60 KB fit in 1 MiB
  EXPECT_EQ(LimitHits(LimitCounter::kJsonFieldBytes), before + 11 + 256 - ev.dynamic_count);
}

TEST(JsonDecoder, TrailingGarbageAcceptedInvalidAndNonObjectIgnored) {
  EXPECT_EQ(One(R"({"a":"b"} and more)"), "b");
  EXPECT_EQ(One("  {\"a\":\"b\"}\n"), "b");
  Event ev;
  for (const char* ignored : {R"({"a":"b")", R"({"a":})", R"(["a","b"])", R"("text")", "42", "null",
                              "", "not json", R"(x{"a":1})"}) {
    ev.Reset();
    EXPECT_EQ(DecodeFields(ignored, {}, &ev), 0) << ignored;
    EXPECT_EQ(ev.dynamic_count, 0u) << ignored;
    EXPECT_EQ(ev.static_set, 0u) << ignored;
  }
  EXPECT_EQ(DecodeFields(nullptr, {}, &ev), 0);
}

TEST(JsonDecoder, ReusedEventKeepsWorking) {
  Event ev;
  for (int i = 0; i < 3; ++i) {
    ev.Reset();
    DecodeFields(R"({"k":"v","n":{"m":[1]}})", {}, &ev);
    EXPECT_EQ(Dynamics(ev), (Fields{{"k", "v"}, {"n.m", "[1]"}}));
  }
}

// Every event of the conformance set that Wazuh 4.14.7 decoded with the stock "json" decoder:
// the `data` object must come out identical (same keys, order, types and values).
TEST(JsonDecoderConformance, DataObjectsMatchWazuhLogtest) {
  TRIPLINE_REQUIRE_SHARED();
  std::ifstream in(testing::SharedDir() + "/conformance/logtest-golden.jsonl");
  ASSERT_TRUE(in) << "conformance/logtest-golden.jsonl missing";
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    auto rec = nlohmann::ordered_json::parse(line);
    const auto& out = rec["output"];
    if (!out.contains("decoder") || out["decoder"].value("name", "") != "json") continue;
    ASSERT_TRUE(rec["event"].is_string());
    std::string event = rec["event"].get<std::string>();
    std::string data = Data(event.c_str());
    auto expected = out.contains("data") ? out["data"] : nlohmann::ordered_json::object();
    EXPECT_EQ(nlohmann::ordered_json::parse(data), expected) << rec["source"] << "\n" << data;
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

}  // namespace
}  // namespace tripline::json
