// AlertWriter writes the same bytes as the reference path (BuildOutput + cJSON's unformatted
// printer), which the golden logtest tests check against Wazuh. These cases aim at the parts
// where a direct writer can drift: W_JSON_AddField's nesting and collision rules, JSON-array
// values, late predecoder.hostname, agent name/ip, compliance groups, NUL bytes, escaping.
#include "output/alert_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "decode/decoder.h"
#include "json/cjson.h"
#include "output/alert_json.h"

namespace tripline::output {
namespace {

std::string Reference(const Event& ev, const RuleView* rule, const OutputOptions& opts) {
  std::string out;
  json::AppendUnformatted(BuildOutput(ev, rule, opts, "2026-12-04T00:00:00.000+0000", "1.2"), &out);
  return out;
}

std::string Direct(AlertWriter* w, const Event& ev, const RuleView* rule, const OutputOptions& opts) {
  std::string out = "prefix:";
  w->Append(ev, rule, opts, "2026-12-04T00:00:00.000+0000", "1.2", &out);
  return out.substr(7);
}

RuleView SomeRule() {
  RuleView r;
  r.id = "100200";
  r.level = 7;
  r.description = "a \"quoted\" description\twith tab";
  r.groups = "aws,pci_dss_10.2.4,gdpr_IV_35.7.d,pci_dss_10.6.1,,nist_800_53_AU.6,tsc_CC7.2,cis_1,gpg13_4.1,hipaa_164,x,";
  r.cve = "CVE-1";
  r.info = "info";
  r.has_frequency = true;
  r.frequency = 8;
  r.firedtimes = 3;
  r.mail = true;
  r.previous_output = {"second line", "first \"line\""};
  r.previous_log = "old\ncontent";
  return r;
}

TEST(AlertWriter, MatchesReferenceOnNestedAndCollidingFields) {
  Decoder dec;
  dec.name = "json";
  Event ev;
  ev.location = "Wazuh-AWS";
  ev.agent_id = "000";
  ev.full_log = "{\"a\":1}";
  ev.decoder = &dec;
  ev.SetStatic(kSrcIp, "10.0.0.1");
  ev.SetStatic(kAction, "");
  ev.AddDynamic("aws.eventName", "ConsoleLogin");
  ev.AddDynamic("aws.userIdentity.type", "Root");
  ev.AddDynamic("other", "x");
  ev.AddDynamic("AWS.eventSource", "signin");      // case-insensitive: joins "aws"
  ev.AddDynamic("aws.eventName", "dup");           // first one wins
  ev.AddDynamic("other.sub", "dropped");           // "other" is a string
  ev.AddDynamic("SRCIP", "dropped too");           // collides with the static field
  ev.AddDynamic("list", "[1,2.5,\"a\",{\"b\":null}]");
  ev.AddDynamic("notlist", "[1,2] trailing");
  ev.AddDynamic("empty", "");
  ev.AddDynamic("trail.", "v");
  ev.AddDynamic("a.b.c.d", "deep");
  OutputOptions opts;
  opts.manager_name = "manager";
  opts.logtest = false;
  AlertWriter w;
  RuleView r = SomeRule();
  EXPECT_EQ(Direct(&w, ev, &r, opts), Reference(ev, &r, opts));
  EXPECT_EQ(Direct(&w, ev, nullptr, opts), Reference(ev, nullptr, opts));
  // The scratch is reused: a second, different alert is still exact.
  ev.AddDynamic("z", "[true]");
  EXPECT_EQ(Direct(&w, ev, &r, opts), Reference(ev, &r, opts));
}

TEST(AlertWriter, MatchesReferenceOnAgentLocationsAndPredecoder) {
  Decoder dec;
  dec.name = "sshd";
  dec.parent = "sshd";
  dec.accumulate = true;
  dec.ftscomment = "first time";
  OutputOptions opts;
  opts.manager_name = "wazuh-manager";
  AlertWriter w;
  RuleView r = SomeRule();
  r.level = 0;
  r.no_counter = true;
  r.has_frequency = false;
  r.previous_output = {"only one"};  // fewer than two entries: no previous_output
  for (const char* location : {"(web01) 10.0.0.5->/var/log/secure", "(web01) any->x", "(web01)->nogt",
                               "(web01) 10.0.0.5", "/var/log/auth.log", ""}) {
    for (bool header : {false, true}) {
      for (bool program : {false, true}) {
        Event ev;
        ev.location = location;
        ev.agent_id = location[0] == '(' ? "001" : "000";
        ev.hostname = "web01";
        ev.full_log = header ? "Dec  4 19:49:25 bastion sshd[1]: x" : "no header";
        ev.has_timestamp = header;
        ev.timestamp = "Dec  4 19:49:25";
        ev.has_program_name = program;
        ev.program_name = "sshd";
        ev.decoder = program ? &dec : nullptr;
        for (bool logtest : {false, true}) {
          opts.logtest = logtest;
          EXPECT_EQ(Direct(&w, ev, &r, opts), Reference(ev, &r, opts)) << location << header << program;
        }
      }
    }
  }
}

TEST(AlertWriter, MatchesReferenceOnNulBytesAndControlCharacters) {
  Decoder dec;
  dec.name = "syscheck_integrity";  // syscheck_ decoders print no dynamic fields
  Event ev;
  ev.location = std::string("loc\0hidden", 10);
  ev.agent_id = "000";
  ev.full_log = std::string("log\x01\x1f\x7f\xc3\xa9/\0cut", 12);
  ev.AddDynamic(std::string("k\0ey", 4), "v");
  ev.SetStatic(kData, std::string("d\0d", 3));
  OutputOptions opts;
  opts.manager_name = "m";
  AlertWriter w;
  RuleView r = SomeRule();
  r.previous_output = {std::string("a\0b", 3), "second", "third"};
  EXPECT_EQ(Direct(&w, ev, &r, opts), Reference(ev, &r, opts));
  ev.decoder = &dec;
  EXPECT_EQ(Direct(&w, ev, &r, opts), Reference(ev, &r, opts));
  r.previous_output = {"first", std::string("\0x", 2)};  // empty second entry: omitted
  EXPECT_EQ(Direct(&w, ev, &r, opts), Reference(ev, &r, opts));
}

// The direct writer's formatting of the time against strftime + snprintf (FormatTimestamp), in
// zones with half-hour, negative and +14 offsets, before 1970 and after year 9999.
TEST(AlertWriter, TimestampMatchesFormatTimestamp) {
  for (const char* zone : {"America/St_Johns", "Asia/Kolkata", "Pacific/Kiritimati", "America/Los_Angeles", "UTC"}) {
    SCOPED_TRACE(zone);
    setenv("TZ", zone, 1);
    tzset();
    for (timespec ts : {timespec{0, 0}, timespec{1796413765, 999999999}, timespec{1796413765, 5000000},
                        timespec{-1000000000, 123000000}, timespec{1783000000, 0}, timespec{253402300800, 7000000},
                        timespec{-62200000000, 0}}) {
      std::string out;
      AppendTimestamp(ts, &out);
      EXPECT_EQ(out, FormatTimestamp(ts)) << ts.tv_sec;
    }
  }
  setenv("TZ", "UTC", 1);
  tzset();
}

// Broken-down times no zone gives (unknown DST, offsets of days) still print as strftime does.
TEST(AlertWriter, TimestampOfUnusualBrokenDownTimes) {
  auto reference = [](const timespec& ts, const struct tm& tm) {
    char date[32], zone[16], out[64];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm);
    std::snprintf(out, sizeof out, "%s.%03ld%s", date, ts.tv_nsec / 1000000, zone);
    return std::string(out);
  };
  struct tm base {};
  base.tm_year = 126;
  base.tm_mon = 11;
  base.tm_mday = 5;
  base.tm_hour = 3;
  base.tm_min = 4;
  base.tm_sec = 5;
  for (long gmtoff : {0L, -12600L, 50400L, 400000L, -400000L}) {
    for (int isdst : {-1, 0, 1}) {
      struct tm tm = base;
      tm.tm_gmtoff = gmtoff;
      tm.tm_isdst = isdst;
      const timespec ts{1796413765, 42000000};
      std::string out;
      AppendTimestamp(ts, tm, &out);
      EXPECT_EQ(out, reference(ts, tm)) << gmtoff << " " << isdst;
    }
  }
}

// The group arrays come from a small cache: more distinct group strings than it holds, in an
// interleaved order, each alert still prints its own rule's arrays.
TEST(AlertWriter, GroupArraysOfManyRulesInterleaved) {
  Event ev;
  ev.location = "x";
  ev.agent_id = "000";
  ev.full_log = "line";
  OutputOptions opts;
  AlertWriter w;
  RuleView r = SomeRule();
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 200; ++i) {
      const int k = (i * 37 + round * 11) % 200;
      r.groups = "g" + std::to_string(k) + ",pci_dss_" + std::to_string(k % 7) + ",tsc_CC" + std::to_string(k) + ",";
      if (k % 5 == 0) r.groups.clear();
      ASSERT_EQ(Direct(&w, ev, &r, opts), Reference(ev, &r, opts)) << r.groups;
    }
  }
}

}  // namespace
}  // namespace tripline::output
