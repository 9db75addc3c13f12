// Event time extraction (session/event_time.h): every header form, year inference, JSON fields,
// and the order of the sources.
#include <gtest/gtest.h>

#include "predecode/predecode.h"
#include "session/event_time.h"

namespace tripline {
namespace {

int64_t Utc(int y, int mo, int d, int h, int mi, int s) { return EpochFromCivil(y, mo, d, h, mi, s); }

const int64_t kRef = Utc(2026, 12, 1, 12, 0, 0);

struct Case {
  const char* text;
  int64_t reference;
  int64_t want;  // -1 = not a time
};

TEST(EventTime, EpochFromCivil) {
  EXPECT_EQ(EpochFromCivil(1970, 1, 1, 0, 0, 0), 0);
  EXPECT_EQ(EpochFromCivil(2000, 3, 1, 0, 0, 0), 951868800);
  EXPECT_EQ(EpochFromCivil(2026, 12, 1, 10, 0, 0), 1796119200);
}

TEST(EventTime, HeaderFormsTable) {
  const Case cases[] = {
      // 1a BSD syslog, year inferred; "Dec  9" has a space-padded day.
      {"Dec  1 10:00:00", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      {"Nov 30 23:59:59", kRef, Utc(2026, 11, 30, 23, 59, 59)},
      {"Dec  8 10:00:00", kRef, Utc(2026, 12, 8, 10, 0, 0)},     // 6 days 22 h ahead: this year
      {"Dec  9 12:00:01", kRef, Utc(2025, 12, 9, 12, 0, 1)},     // more than 7 days ahead: last year
      {"Dec 31 23:59:50", Utc(2027, 1, 2, 0, 0, 0), Utc(2026, 12, 31, 23, 59, 50)},
      {"Jan  1 00:00:05", Utc(2026, 12, 31, 23, 59, 50), Utc(2027, 1, 1, 0, 0, 5)},
      {"Feb 29 10:00:00", Utc(2024, 3, 1, 0, 0, 0), Utc(2024, 2, 29, 10, 0, 0)},
      {"Feb 29 10:00:00", Utc(2026, 3, 1, 0, 0, 0), -1},  // none of 2025, 2026, 2027 has one
      {"dec 01 10:00:00", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      {"Foo  1 10:00:00", kRef, -1},
      {"Dec 32 10:00:00", kRef, -1},
      {"Dec  1 24:00:00", kRef, -1},
      // 1b proftpd
      {"2026-12-01 10:00:00,123", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      // 1c ISO 8601 with offsets and fractions
      {"2026-12-01T10:00:00+02:00", kRef, Utc(2026, 12, 1, 8, 0, 0)},
      {"2026-12-01T10:00:00.123-05:30", kRef, Utc(2026, 12, 1, 15, 30, 0)},
      {"2026-12-01T10:00:00.123456+00:00", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      {"2026-12-01T10:00:00.123456Z myh", kRef, Utc(2026, 12, 1, 10, 0, 0)},  // 1c-iv slice
      {"2026-12-01T10:00:00Z", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      {"2026-02-30T10:00:00Z", kRef, -1},
      // 1d
      {"2026 Dec  1 10:00:00", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      // 1e macOS ULS
      {"2026-12-01 10:00:00.123456+0100", kRef, Utc(2026, 12, 1, 9, 0, 0)},
      // 2 xferlog, 5 apache
      {"Tue Dec  1 10:00:00 2026", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      {"[Tue Dec 01 10:00:00 2026]", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      // 3 snort (no year), 4 suricata
      {"12/01-10:00:00.123456", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      {"12/01/2026-10:00:00.123456", kRef, Utc(2026, 12, 1, 10, 0, 0)},
      // 7 squid / epoch text (milliseconds from 13 digits)
      {"1796119200.368 ", kRef, 1796119200},
      {"1796119200368", kRef, 1796119200},
      {"12345", kRef, -1},
      {"", kRef, -1},
      {"hello", kRef, -1},
  };
  EventTimeOptions opts;
  for (const Case& c : cases) {
    int64_t got = -1;
    const bool ok = ParseTimestamp(c.text, c.reference, opts, &got);
    if (c.want < 0) {
      EXPECT_FALSE(ok) << c.text << " gave " << got;
    } else {
      EXPECT_TRUE(ok) << c.text;
      EXPECT_EQ(got, c.want) << c.text;
    }
  }
}

TEST(EventTime, DefaultOffsetAppliesToZonelessForms) {
  EventTimeOptions opts;
  opts.default_utc_offset = 3600;  // UTC+1
  int64_t t = 0;
  ASSERT_TRUE(ParseTimestamp("Dec  1 10:00:00", kRef, opts, &t));
  EXPECT_EQ(t, Utc(2026, 12, 1, 9, 0, 0));
  ASSERT_TRUE(ParseTimestamp("2026-12-01T10:00:00Z", kRef, opts, &t));
  EXPECT_EQ(t, Utc(2026, 12, 1, 10, 0, 0));  // an explicit zone wins
}

class ExtractTest : public ::testing::Test {
 protected:
  Event& Pre(const std::string& message) {
    PredecodeOptions po;
    po.manager_host = "manager";
    EXPECT_TRUE(Predecode(FrameMessage("stdin", message), po, &ev_));
    return ev_;
  }
  Event ev_;
};

TEST_F(ExtractTest, SourcesInOrder) {
  EventTimeOptions opts;
  opts.time_field = "detail.eventTime";
  EventTimeExtractor x(opts);
  int64_t t = 0;

  // 1. The caller's time wins over the header.
  const int64_t caller = 42;
  Pre("Dec  1 10:00:00 host sshd[1]: x");
  EXPECT_EQ(x.Extract(&caller, ev_, kRef, &t), TimeOrigin::kCaller);
  EXPECT_EQ(t, 42);
  // 2. The header.
  EXPECT_EQ(x.Extract(nullptr, ev_, kRef, &t), TimeOrigin::kHeader);
  EXPECT_EQ(t, Utc(2026, 12, 1, 10, 0, 0));
  // An ISO 8601 time Wazuh does not take as a header is still read.
  Pre("2026-12-01T10:00:07Z host sshd[1]: x");
  EXPECT_EQ(x.Extract(nullptr, ev_, kRef, &t), TimeOrigin::kHeader);
  EXPECT_EQ(t, Utc(2026, 12, 1, 10, 0, 7));
  // 3. The JSON field (nested path; strings and numbers).
  Pre(R"({"detail":{"eventTime":"2026-12-01T11:00:00Z"},"a":1})");
  EXPECT_EQ(x.Extract(nullptr, ev_, kRef, &t), TimeOrigin::kJsonField);
  EXPECT_EQ(t, Utc(2026, 12, 1, 11, 0, 0));
  Pre(R"({"detail":{"eventTime":1796119200123}})");
  EXPECT_EQ(x.Extract(nullptr, ev_, kRef, &t), TimeOrigin::kJsonField);
  EXPECT_EQ(t, 1796119200);
  // Nothing.
  t = -7;
  Pre(R"({"detail":{"other":1}})");
  EXPECT_EQ(x.Extract(nullptr, ev_, kRef, &t), TimeOrigin::kNone);
  Pre("plain text");
  EXPECT_EQ(x.Extract(nullptr, ev_, kRef, &t), TimeOrigin::kNone);
  EXPECT_EQ(t, -7);
}

TEST_F(ExtractTest, NoTimeFieldNoJson) {
  EventTimeExtractor x;
  int64_t t = 0;
  Pre(R"({"eventTime":"2026-12-01T11:00:00Z"})");
  EXPECT_EQ(x.Extract(nullptr, ev_, kRef, &t), TimeOrigin::kNone);
}

}  // namespace
}  // namespace tripline
