// W_JSON_AddField and the alert `data` object (docs/wazuh-semantics.md §6.1 item 14).
#include "json/alert_fields.h"

#include <gtest/gtest.h>

#include <string>

#include "base/limit_counters.h"

namespace tripline::json {
namespace {

std::string Build(std::initializer_list<std::pair<const char*, const char*>> fields) {
  Value root = Value::Object();
  for (const auto& [k, v] : fields) AddField(&root, k, v);
  return PrintUnformatted(root);
}

TEST(AddField, NestsAtDots) {
  EXPECT_EQ(Build({{"a.b.c", "1"}, {"a.b.d", "2"}, {"a.e", "3"}, {"f", "4"}}),
            R"({"a":{"b":{"c":"1","d":"2"},"e":"3"},"f":"4"})");
  EXPECT_EQ(Build({{".x", "1"}, {"y.", "2"}, {"p..q", "3"}}),
            R"({"":{"x":"1"},"y":{"":"2"},"p":{"":{"q":"3"}}})");
}

TEST(AddField, NestingOfADottedNameIsBounded) {
  // kMaxFieldNesting dots nest as Wazuh does; past that the rest of the name is one key.
  auto name = [](int dots) {
    std::string n = "a";
    for (int i = 0; i < dots; ++i) n += ".a";
    return n;
  };
  auto depth = [](const Value& root) {
    int d = 0;
    for (const Value* v = &root; v->IsObject() && v->size() == 1; v = &v->items()[0]) ++d;
    return d;
  };
  const uint64_t before = LimitHits(LimitCounter::kAlertFieldTooDeep);
  Value exact = Value::Object();
  AddField(&exact, name(kMaxFieldNesting), "v");
  EXPECT_EQ(depth(exact), kMaxFieldNesting + 1);
  EXPECT_EQ(LimitHits(LimitCounter::kAlertFieldTooDeep), before);

  // A 64 KB name with 32 000 dots.
  Value deep = Value::Object();
  AddField(&deep, name(32000), "v");
  EXPECT_EQ(LimitHits(LimitCounter::kAlertFieldTooDeep), before + 1);
  EXPECT_EQ(depth(deep), kMaxFieldNesting + 1);
  const Value* leaf = &deep;
  for (int i = 0; i < kMaxFieldNesting; ++i) leaf = &leaf->items()[0];
  ASSERT_EQ(leaf->size(), 1u);
  EXPECT_EQ(leaf->items()[0].name(), name(32000 - kMaxFieldNesting));
  EXPECT_EQ(leaf->items()[0].string(), "v");
  // Printing and freeing stay within the bounded depth.
  std::string printed = PrintUnformatted(deep);
  EXPECT_TRUE(printed.ends_with("\"v\"" + std::string(kMaxFieldNesting + 1, '}')));
  EXPECT_GT(Print(deep).size(), printed.size());
}

TEST(AddField, CollisionsWithNonObjectsDrop) {
  EXPECT_EQ(Build({{"a", "x"}, {"a.b", "y"}}), R"({"a":"x"})");
  EXPECT_EQ(Build({{"a.b", "y"}, {"a", "x"}}), R"({"a":{"b":"y"}})");
  EXPECT_EQ(Build({{"a", "[1]"}, {"a.b", "y"}}), R"({"a":[1]})");
  EXPECT_EQ(Build({{"a.b", "1"}, {"a.b.c", "2"}}), R"({"a":{"b":"1"}})");
}

TEST(AddField, LookupsAreCaseInsensitiveAndFirstWins) {
  EXPECT_EQ(Build({{"Key", "1"}, {"key", "2"}, {"KEY", "3"}}), R"({"Key":"1"})");
  EXPECT_EQ(Build({{"Win.System.a", "1"}, {"win.system.b", "2"}, {"WIN.x", "3"}}),
            R"({"Win":{"System":{"a":"1","b":"2"},"x":"3"}})");
  EXPECT_EQ(Build({{"a", "1"}, {"a", "2"}}), R"({"a":"1"})");
}

TEST(AddField, BracketValuesReparsedOnlyWhenCompletelyValid) {
  EXPECT_EQ(Build({{"a", "[1, \"x\", {\n\t\t\"o\":\t2\n\t}]"}}), R"({"a":[1,"x",{"o":2}]})");
  EXPECT_EQ(Build({{"a", "[]"}}), R"({"a":[]})");
  EXPECT_EQ(Build({{"a", "[1e20, 1.0, 2.50]"}}), R"({"a":[1e+20,1,2.5]})");
  EXPECT_EQ(Build({{"a", "[1,2] "}}), R"({"a":"[1,2] "})");  // trailing whitespace
  EXPECT_EQ(Build({{"a", "[1,2]x"}}), R"({"a":"[1,2]x"})");
  EXPECT_EQ(Build({{"a", "[1,2"}}), R"({"a":"[1,2"})");
  EXPECT_EQ(Build({{"a", "[preauth]"}}), R"({"a":"[preauth]"})");
  EXPECT_EQ(Build({{"a", " [1]"}}), R"({"a":" [1]"})");
  EXPECT_EQ(Build({{"a", "{\"o\":1}"}}), R"({"a":"{\"o\":1}"})");  // only '[' is special
  EXPECT_EQ(Build({{"a", "1"}}), R"({"a":"1"})");
}

TEST(FillDataObject, StaticsInOrderThenDynamics) {
  Event ev;
  ev.SetStatic(kSystemName, "sys");
  ev.SetStatic(kDstUser, "");
  ev.SetStatic(kSrcIp, "10.0.0.1");
  ev.SetStatic(kProtocol, "tcp");
  ev.AddDynamic("srcip", "dup");  // collides with the static: dropped
  ev.AddDynamic("empty", "");     // empty dynamic: skipped
  ev.AddDynamic("x.y", "1");
  ev.AddDynamic("x.z", "[2]");
  Value data = Value::Object();
  FillDataObject(ev, /*include_dynamic=*/true, &data);
  EXPECT_EQ(PrintUnformatted(data),
            R"({"protocol":"tcp","srcip":"10.0.0.1","dstuser":"","system_name":"sys",)"
            R"("x":{"y":"1","z":[2]}})");
  Value statics_only = Value::Object();
  FillDataObject(ev, /*include_dynamic=*/false, &statics_only);
  EXPECT_EQ(PrintUnformatted(statics_only),
            R"({"protocol":"tcp","srcip":"10.0.0.1","dstuser":"","system_name":"sys"})");
  Event none;
  Value empty = Value::Object();
  FillDataObject(none, true, &empty);
  EXPECT_EQ(empty.size(), 0u);
}

}  // namespace
}  // namespace tripline::json
