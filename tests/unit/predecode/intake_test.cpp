// Intake (docs/wazuh-semantics.md §1.1, §1.2, §1.4): queue framing, location escaping and
// unescaping, format errors, C-string truncation, agent locations and the hostname default.
#include <gtest/gtest.h>

#include <string>

#include "base/limit_counters.h"
#include "predecode_test_util.h"

namespace tripline::predecode_test {
namespace {

using namespace std::string_literals;

bool Parse(const std::string& framed, Event* ev, const std::string& manager = kManager) {
  PredecodeOptions opts;
  opts.manager_host = manager;
  return Predecode(framed, opts, ev);
}

// --- Escaping and framing (§1.1) -------------------------------------------------------------

TEST(Escape, EscapesColonAndBar) {
  EXPECT_EQ(EscapeLocation("/var/log/secure"), "/var/log/secure");
  EXPECT_EQ(EscapeLocation("a:b|c"), "a|:b||c");
  EXPECT_EQ(EscapeLocation("::"), "|:|:");
  EXPECT_EQ(EscapeLocation("|"), "||");
  EXPECT_EQ(EscapeLocation(""), "");
}

TEST(Escape, FrameIsQueueOneLocationMessage) {
  EXPECT_EQ(FrameMessage("stdin", "hello"), "1:stdin:hello");
  EXPECT_EQ(FrameMessage("C:\\logs|x", "a:b"), "1:C|:\\logs||x:a:b");
}

TEST(Escape, LogtestBufferTruncatesLongLocations) {
  // logtest escapes into a 2049-byte buffer (wstr_escape): a plain location keeps 2048 bytes.
  const std::string plain(3000, 'a');
  EXPECT_EQ(EscapeLocation(plain), std::string(2048, 'a'));
  // An escape pair is still written while fewer than 2047 bytes are out.
  std::string pairs;
  for (int i = 0; i < 1024; ++i) pairs += "|:";
  EXPECT_EQ(EscapeLocation(std::string(3000, ':')), pairs);
  EXPECT_EQ(EscapeLocation(std::string(2046, 'a') + ":b"), std::string(2046, 'a') + "|:");
  EXPECT_EQ(EscapeLocation(std::string(2047, 'a') + ":b"), std::string(2047, 'a'));
}

TEST(Escape, CutLocationsAreCounted) {
  const uint64_t before = LimitHits(LimitCounter::kLocationTruncated);
  EXPECT_EQ(EscapeLocation(std::string(kLogtestLocationCap, 'a')).size(), kLogtestLocationCap);
  EXPECT_EQ(EscapeLocation(std::string(2046, 'a') + ":").size(), 2048u);
  EXPECT_EQ(LimitHits(LimitCounter::kLocationTruncated), before);  // nothing lost
  EscapeLocation(std::string(kLogtestLocationCap + 1, 'a'));
  EscapeLocation(std::string(2046, 'a') + ":b");
  EscapeLocation(std::string(2047, 'a') + ":b");
  EscapeLocation(std::string(3000, ':'));
  EXPECT_EQ(LimitHits(LimitCounter::kLocationTruncated), before + 4);
}

TEST(Escape, RoundTripThroughPredecode) {
  const std::string locations[] = {
      "stdin", "/var/log/a:b", "a|b", "||::|:", "C:\\Windows|x", "", "trailing|", "end:",
      "(web01) 10.0.0.5->/var/log/secure", "[001] (web01) any->C:\\log.txt"};
  for (const std::string& loc : locations) {
    Event ev;
    ASSERT_TRUE(Parse(FrameMessage(loc, "x:y|z"), &ev)) << loc;
    if (loc.empty() || loc[0] != '[') {
      EXPECT_EQ(ev.location, loc);
    }
    EXPECT_EQ(ev.full_log, "x:y|z") << loc;
  }
  Event ev;
  ASSERT_TRUE(Parse(FrameMessage("[001] (web01) any->C:\\log.txt", "m"), &ev));
  EXPECT_EQ(ev.location, "(web01) any->C:\\log.txt");
}

// --- OS_CleanMSG step 1: the location (§1.2) --------------------------------------------------

TEST(Location, FirstUnescapedColonEndsIt) {
  Event ev;
  ASSERT_TRUE(Parse("1:loc:a:b", &ev));
  EXPECT_EQ(ev.queue, '1');
  EXPECT_EQ(ev.location, "loc");
  EXPECT_EQ(ev.full_log, "a:b");
  EXPECT_STREQ(ev.log(), "a:b");
}

TEST(Location, Unescaping) {
  Event ev;
  ASSERT_TRUE(Parse("1:a|:b:msg", &ev));
  EXPECT_EQ(ev.location, "a:b");
  ASSERT_TRUE(Parse("1:a||:msg", &ev));  // "||" is an escaped bar; the ':' after it is free
  EXPECT_EQ(ev.location, "a|");
  EXPECT_EQ(ev.full_log, "msg");
  ASSERT_TRUE(Parse("1:a|xb:msg", &ev));  // "|x" -> "x"
  EXPECT_EQ(ev.location, "axb");
  ASSERT_TRUE(Parse("1:|||::msg", &ev));
  EXPECT_EQ(ev.location, "|:");
}

TEST(Location, QueueByteIsKept) {
  Event ev;
  ASSERT_TRUE(Parse("2:10.0.0.1:Dec 29 10:00:01 fw kernel: x", &ev));
  EXPECT_EQ(ev.queue, '2');
  EXPECT_EQ(ev.location, "10.0.0.1");
  EXPECT_EQ(ev.hostname, "fw");
}

TEST(Location, LongLocationIsCutAt8450Bytes) {
  Event ev;
  ASSERT_TRUE(Parse("1:" + std::string(9000, 'l') + ":msg", &ev));
  EXPECT_EQ(ev.location, std::string(8450, 'l'));
  EXPECT_EQ(ev.full_log, "msg");
}

TEST(Location, CutLocationsAreCounted) {
  Event ev;
  const uint64_t before = LimitHits(LimitCounter::kLocationTruncated);
  ASSERT_TRUE(Parse("1:" + std::string(kLocationCap, 'l') + ":msg", &ev));
  EXPECT_EQ(ev.location.size(), kLocationCap);
  EXPECT_EQ(LimitHits(LimitCounter::kLocationTruncated), before);
  ASSERT_TRUE(Parse("1:" + std::string(60000, 'l') + ":msg", &ev));
  EXPECT_EQ(ev.location.size(), kLocationCap);
  EXPECT_EQ(ev.full_log, "msg");
  EXPECT_EQ(LimitHits(LimitCounter::kLocationTruncated), before + 1);
}

TEST(Location, FormatErrors) {
  Event ev;
  EXPECT_FALSE(Parse("1:no separator", &ev));
  EXPECT_FALSE(Parse("1:escaped|:only", &ev));
  EXPECT_FALSE(Parse("1:", &ev));
  EXPECT_FALSE(Parse("1", &ev));
  EXPECT_FALSE(Parse("", &ev));
  EXPECT_FALSE(Parse("1:lo\0c:msg"s, &ev));  // the NUL ends the string before the ':'
}

TEST(Location, EmptyLocationAndMessage) {
  Event ev;
  ASSERT_TRUE(Parse("1::", &ev));
  EXPECT_EQ(ev.location, "");
  EXPECT_EQ(ev.full_log, "");
  EXPECT_STREQ(ev.log(), "");
  EXPECT_FALSE(ev.has_timestamp);
  EXPECT_EQ(ev.hostname, kManager);
}

// --- OS_CleanMSG step 2: full_log and log are C strings (§0, §1.2) ---------------------------

TEST(Message, EmbeddedNulTruncates) {
  Event ev;
  ASSERT_TRUE(Parse("1:loc:Dec 29 10:00:01 host sshd: ab\0cd"s, &ev));
  EXPECT_EQ(ev.full_log, "Dec 29 10:00:01 host sshd: ab");
  EXPECT_STREQ(ev.log(), "ab");
}

TEST(Message, EventIsReusedWithoutStaleFields) {
  Event ev;
  ASSERT_TRUE(Parse("1:[007] (a1) 1.2.3.4->x:Dec 29 10:00:01 host sshd[1]: first", &ev));
  EXPECT_TRUE(ev.has_program_name);
  ASSERT_TRUE(Parse("1:stdin:plain", &ev));
  EXPECT_FALSE(ev.has_timestamp);
  EXPECT_FALSE(ev.has_program_name);
  EXPECT_EQ(ev.timestamp, "");
  EXPECT_EQ(ev.program_name, "");
  EXPECT_EQ(ev.agent_id, "000");
  EXPECT_EQ(ev.location, "stdin");
  EXPECT_EQ(ev.hostname, kManager);
  EXPECT_EQ(ev.log_offset, 0u);
  EXPECT_STREQ(ev.log(), "plain");
}

// --- Hostname default (§1.4) ------------------------------------------------------------------

TEST(Hostname, ManagerNameIsCutAtFirstDot) {
  Event ev;
  ASSERT_TRUE(Parse("1:stdin:no header", &ev, "wazuh-manager.example.com"));
  EXPECT_EQ(ev.hostname, "wazuh-manager");
  EXPECT_EQ(ev.agent_id, "000");
  ASSERT_TRUE(Parse("1:stdin:no header", &ev, "plain"));
  EXPECT_EQ(ev.hostname, "plain");
}

TEST(Hostname, HeaderHostnameWinsForLocalEvents) {
  Event ev;
  ASSERT_TRUE(Parse("1:/var/log/auth.log:Dec 29 10:00:01 bastion sshd[1]: x", &ev, "m.example"));
  EXPECT_EQ(ev.hostname, "bastion");
  EXPECT_EQ(ev.agent_id, "000");
  EXPECT_EQ(ev.location, "/var/log/auth.log");
}

TEST(Hostname, AslHostIsTheHeaderHostname) {
  Event ev;
  ASSERT_TRUE(Parse("1:asl:[Time 2006.12.28 15:53:55 UTC] [Sender s] [Message m] [Host mac1]", &ev));
  EXPECT_EQ(ev.hostname, "mac1");
}

// --- Agent locations "[id] (name) ip->path" (§1.4) -------------------------------------------

TEST(Agent, VerifiedExample) {
  Event ev;
  ASSERT_TRUE(Parse(FrameMessage("[001] (web01) 10.0.0.5->/var/log/secure", "hello"), &ev));
  EXPECT_EQ(ev.agent_id, "001");
  EXPECT_EQ(ev.hostname, "web01");
  EXPECT_EQ(ev.location, "(web01) 10.0.0.5->/var/log/secure");
  EXPECT_STREQ(ev.log(), "hello");
}

TEST(Agent, OverridesHeaderHostname) {
  Event ev;
  ASSERT_TRUE(Parse(FrameMessage("[001] (web01) 10.0.0.5->/var/log/secure",
                               "Dec 29 10:00:01 myhost sshd[1]: Accepted"),
                  &ev));
  EXPECT_EQ(ev.hostname, "web01");
  EXPECT_EQ(ev.program_name, "sshd");
  EXPECT_EQ(ev.timestamp, "Dec 29 10:00:01");
  EXPECT_STREQ(ev.log(), "Accepted");
}

TEST(Agent, WithoutNameTheHostnameIsEmpty) {
  Event ev;
  ASSERT_TRUE(Parse(FrameMessage("[002] 10.0.0.5->syslog", "Dec 29 10:00:01 myhost sshd: x"), &ev));
  EXPECT_EQ(ev.agent_id, "002");
  EXPECT_EQ(ev.location, "10.0.0.5->syslog");
  EXPECT_EQ(ev.hostname, "");
}

TEST(Agent, UnclosedNameGivesEmptyHostname) {
  Event ev;
  ASSERT_TRUE(Parse(FrameMessage("[003] (web01 10.0.0.5->x", "m"), &ev));
  EXPECT_EQ(ev.location, "(web01 10.0.0.5->x");
  EXPECT_EQ(ev.hostname, "");
}

TEST(Agent, TwoBytesAfterIdAreSkipped) {
  Event ev;
  ASSERT_TRUE(Parse(FrameMessage("[004]", "m"), &ev));
  EXPECT_EQ(ev.agent_id, "004");
  EXPECT_EQ(ev.location, "");
  EXPECT_EQ(ev.hostname, "");
  ASSERT_TRUE(Parse(FrameMessage("[005]x", "m"), &ev));
  EXPECT_EQ(ev.location, "");
  ASSERT_TRUE(Parse(FrameMessage("[006]x(a) b", "m"), &ev));  // "]x" skipped, whatever x is
  EXPECT_EQ(ev.location, "(a) b");
  EXPECT_EQ(ev.hostname, "a");
  ASSERT_TRUE(Parse(FrameMessage("[]", "m"), &ev));
  EXPECT_EQ(ev.agent_id, "");
}

TEST(Agent, MissingCloseBracketIsAFormatError) {
  Event ev;
  EXPECT_FALSE(Parse(FrameMessage("[001 (web01) 10.0.0.5->x", "m"), &ev));
  EXPECT_FALSE(Parse(FrameMessage("[", "m"), &ev));
  EXPECT_FALSE(Parse("1:[001:Dec 29 10:00:01 myhost sshd: x", &ev));
}

TEST(Agent, EscapedLocationIsUnescapedFirst) {
  Event ev;
  ASSERT_TRUE(Parse("1:[010] (win|:1) any->C|:\\a||b:msg", &ev));
  EXPECT_EQ(ev.agent_id, "010");
  EXPECT_EQ(ev.location, "(win:1) any->C:\\a|b");
  EXPECT_EQ(ev.hostname, "win:1");
}

}  // namespace
}  // namespace tripline::predecode_test
