// Every CloudTrail record of ../shared/corpus/cloudtrail, wrapped as the Wazuh AWS module sends it
// ({"integration":"aws","aws":{...}}), goes through the JSON decoder; the fields are checked
// against an independent walk of the same record with nlohmann::json.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "json/alert_fields.h"
#include "json/cjson.h"
#include "json/json_decoder.h"
#include "test_support.h"

namespace tripline::json {
namespace {

using json = nlohmann::ordered_json;  // keeps document order

// Records of one corpus file: {"Records":[...]}, a JSON array, or JSON lines.
std::vector<std::string> Records(const std::string& text) {
  std::vector<std::string> out;
  Document doc;
  auto take = [&](Element e) {
    std::string s;
    AppendUnformatted(e, &s);
    out.push_back(std::move(s));
  };
  if (doc.Parse(text, /*require_null_terminated=*/true)) {
    Element root = doc.root();
    Element records = root.IsObject() ? root.GetObjectItem("Records") : Element();
    Element list = records && records.IsArray() ? records : root;
    if (list.IsArray()) {
      for (Element e = list.first_child(); e; e = e.next()) take(e);
    } else {
      take(list);
    }
    return out;
  }
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (doc.Parse(line, true)) take(doc.root());
  }
  return out;
}

// What the decoder must produce for `v` under `key`: one field per non-object leaf.
void ExpectedLeaves(const json& v, const std::string& key,
                    std::vector<std::pair<std::string, json>>* out) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      ExpectedLeaves(it.value(), key + "." + it.key(), out);
  } else {
    out->emplace_back(key, v);
  }
}

TEST(JsonCorpus, CloudTrailRecordsDecode) {
  TRIPLINE_REQUIRE_SHARED();
  std::filesystem::path dir = testing::SharedDir() + "/corpus/cloudtrail";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " not found";
  size_t records = 0, fields = 0, max_fields = 0;
  Event ev;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::vector<std::string> recs = Records(testing::ReadFile(entry.path().string()));
    EXPECT_FALSE(recs.empty()) << entry.path();
    for (const std::string& rec : recs) {
      std::string event = R"({"integration":"aws","aws":)" + rec + "}";
      ev.Reset();
      int dropped = DecodeFields(event.c_str(), {}, &ev);

      json parsed = json::parse(rec);
      ASSERT_TRUE(parsed.is_object()) << entry.path();
      std::vector<std::pair<std::string, json>> leaves;
      ExpectedLeaves(parsed, "aws", &leaves);
      size_t kept = std::min<size_t>(leaves.size() + 1, 256);
      ASSERT_EQ(ev.dynamic_count, kept) << entry.path() << "\n" << rec.substr(0, 300);
      EXPECT_EQ(static_cast<size_t>(dropped), leaves.size() + 1 - kept);
      EXPECT_EQ(ev.static_set, 0u);  // every AWS key sits under "aws."
      EXPECT_EQ(ev.dynamics[0].name, "integration");
      for (size_t i = 1; i < ev.dynamic_count; ++i) {
        const DynamicField& f = ev.dynamics[i];
        const auto& [key, value] = leaves[i - 1];
        ASSERT_EQ(f.name, key);
        if (value.is_string()) {
          EXPECT_EQ(f.value, value.get<std::string>()) << key;
        } else if (value.is_array()) {
          EXPECT_EQ(json::parse(f.value), value) << key;  // formatted cJSON text of the array
        } else if (value.is_boolean()) {
          EXPECT_EQ(f.value, value.get<bool>() ? "true" : "false") << key;
        } else if (value.is_null()) {
          EXPECT_EQ(f.value, "null") << key;
        } else {  // numbers: "%i" when valueint holds the value exactly, else "%f"
          double d = value.get<double>();
          char buf[64];
          if (d == static_cast<double>(SaturateToInt(d))) {
            std::snprintf(buf, sizeof(buf), "%i", SaturateToInt(d));
          } else {
            std::snprintf(buf, sizeof(buf), "%f", d);
          }
          EXPECT_EQ(f.value, buf) << key;
        }
      }

      // The alert data object parses back and holds the record under "aws" (unless every leaf
      // is empty, as in a few hand-made test records).
      Value data = Value::Object();
      FillDataObject(ev, /*include_dynamic=*/true, &data);
      json data_json = json::parse(PrintUnformatted(data));
      EXPECT_EQ(data_json["integration"], "aws");
      bool any_value = std::any_of(ev.dynamics.begin() + 1, ev.dynamics.begin() + ev.dynamic_count,
                                   [](const DynamicField& f) { return !f.value.empty(); });
      EXPECT_EQ(data_json.contains("aws") && data_json["aws"].is_object(), any_value) << rec;

      ++records;
      fields += ev.dynamic_count;
      max_fields = std::max(max_fields, ev.dynamic_count);
    }
  }
  EXPECT_GE(records, 800u);  // SOURCES.md lists 807
  EXPECT_GT(fields / records, 10u);
  std::cout << "[ corpus   ] " << records << " CloudTrail records, " << fields << " fields, max "
            << max_fields << " per record\n";
}

}  // namespace
}  // namespace tripline::json
