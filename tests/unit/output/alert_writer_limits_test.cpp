// AlertWriter keeps json::AddField's bound on the nesting of a dotted field name
// (json::kMaxFieldNesting, docs/limits.md), byte for byte with the reference path.
#include <gtest/gtest.h>

#include <string>

#include "base/limit_counters.h"
#include "decode/decoder.h"
#include "json/alert_fields.h"
#include "json/cjson.h"
#include "output/alert_json.h"
#include "output/alert_writer.h"

namespace tripline::output {
namespace {

TEST(AlertWriterLimits, DottedNameNestingIsBoundedLikeTheReference) {
  Decoder dec;
  dec.name = "json";
  Event ev;
  ev.location = "stdin";
  ev.agent_id = "000";
  ev.full_log = "x";
  ev.decoder = &dec;
  std::string deep = "a";
  for (int i = 0; i < 32000; ++i) deep += ".a";  // a 64 KB name with 32 000 dots
  ev.AddDynamic(deep, "v");
  ev.AddDynamic("b.c", "w");
  OutputOptions opts;
  opts.manager_name = "manager";
  opts.logtest = false;
  const uint64_t before = LimitHits(LimitCounter::kAlertFieldTooDeep);
  std::string reference;
  json::AppendUnformatted(BuildOutput(ev, nullptr, opts, "2026-12-04T00:00:00.000+0000", "1.2"), &reference);
  AlertWriter w;
  std::string direct;
  w.Append(ev, nullptr, opts, "2026-12-04T00:00:00.000+0000", "1.2", &direct);
  EXPECT_EQ(direct, reference);
  EXPECT_EQ(LimitHits(LimitCounter::kAlertFieldTooDeep), before + 2);  // once per path
  // 1000 objects below "data", then the rest of the name as one key.
  EXPECT_NE(direct.find("\"a." + deep.substr(2 * json::kMaxFieldNesting + 2) + "\":\"v\"" +
                        std::string(json::kMaxFieldNesting, '}') + ",\"b\":{\"c\":\"w\"}"),
            std::string::npos);
}

}  // namespace
}  // namespace tripline::output
