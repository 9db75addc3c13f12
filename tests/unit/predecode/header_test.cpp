// Header recognition (docs/wazuh-semantics.md §1.3): every format of both tables with a near
// miss for each of its conditions, the hostname/program-name rules, the verified examples and
// the umlaut fix.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "predecode_test_util.h"

namespace tripline::predecode_test {
namespace {

class HeaderTest : public ::testing::TestWithParam<Case> {};

TEST_P(HeaderTest, Predecodes) { CheckMessage(GetParam().message, GetParam().expect); }

std::string CaseName(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }

// Adds one near-miss case per byte position: that byte changed to `c` must make the format
// (and, for these samples, every other format) unrecognised.
void AddNearMisses(std::vector<Case>* cases, const std::string& prefix, const std::string& base,
                   std::initializer_list<size_t> positions, char c = 'X') {
  for (size_t pos : positions) {
    std::string msg = With(base, pos, c);
    cases->push_back({prefix + "_p" + std::to_string(pos), msg, Unrecognised(msg)});
  }
}

// ---------------------------------------------------------------------------------------------
// 1a BSD syslog "Mmm dd hh:mm:ss ": L>17, p3=' ', p6=' ', p9=':', p12=':', p15=' '; log += 16.
const std::string kBsd = "Dec 29 10:00:01 myhost sshd[123]: Accepted publickey for root";

// 1b proftpd "YYYY-MM-DD hh:mm:ss,mmm ": L>24, p4/p7='-', p10=' ', p13/p16=':', p19=','; +24.
const std::string kProftpd =
    "2015-04-16 21:51:02,805 myhost proftpd[1234] myhost (1.2.3.4[1.2.3.4]): FTP session opened.";

// 1c ISO 8601: L>33, p4/p7='-', p10='T', p13/p16=':' and a sub-case.
const std::string kIsoOffset = "2007-06-14T15:48:55-04:00 myhost sshd[1]: x";         // i
const std::string kIsoMillis = "2022-12-19T15:02:53.288+00:00 myhost sshd[1]: x";     // ii
const std::string kIsoMicros = "2009-05-22T09:36:46.214994-07:00 myhost sshd[1]: x";  // iii

// 1d "YYYY Mmm dd hh:mm:ss ": L>21, digit p0, p4/p8/p11=' ', p14/p17=':', p20=' '; +21.
const std::string kYearFirst = "2015 Dec 29 10:00:01 myhost sshd[1]: x";

// 1e macOS ULS "YYYY-MM-DD hh:mm:ss.uuuuuu±hhmm ": L>33, digit p0, p4/p7='-', p10=' ',
// p13/p16=':', p19='.', p26 in {-,+}, p31=' '; +32.
const std::string kUls = "2021-04-21 10:16:09.404756-0700 myhost sshd[1]: x";

std::vector<Case> SyslogFormatCases() {
  std::vector<Case> c = {
      {"bsd", kBsd, {"Dec 29 10:00:01", "myhost", "sshd", "Accepted publickey for root"}},
      {"bsd_L17_unrecognised", "Dec 29 10:00:01 ", Unrecognised("Dec 29 10:00:01 ")},
      {"bsd_L18", "Dec 29 10:00:01 x", {"Dec 29 10:00:01", kManager, {}, "x"}},

      {"proftpd",
       kProftpd,
       {"2015-04-16 21:51:02,805", "myhost", "proftpd", "myhost (1.2.3.4[1.2.3.4]): FTP session opened."}},
      {"proftpd_L24_unrecognised", "2015-04-16 21:51:02,805", Unrecognised("2015-04-16 21:51:02,805")},
      {"proftpd_L25", "2015-04-16 21:51:02,805 ", {"2015-04-16 21:51:02,805", kManager, {}, ""}},

      {"iso_offset", kIsoOffset, {"2007-06-14T15:48:55-04:00", "myhost", "sshd", "x"}},
      {"iso_L33_unrecognised", "2007-06-14T15:48:55-04:00 h: xyz",
       Unrecognised("2007-06-14T15:48:55-04:00 h: xyz")},
      {"iso_L34", "2007-06-14T15:48:55-04:00 h: xyzw",
       {"2007-06-14T15:48:55-04:00", kManager, "h", "xyzw"}},
      {"iso_millis", kIsoMillis, {"2022-12-19T15:02:53.288+00:00", "myhost", "sshd", "x"}},
      // ii without p26=':' and without p29=':' falls back to iv (+32, ts 0..30).
      {"iso_millis_p26_falls_back",
       With(kIsoMillis, 26, 'X'),
       {"2022-12-19T15:02:53.288+00X00 m", "host", "sshd", "x"}},
      {"iso_micros", kIsoMicros, {"2009-05-22T09:36:46.214994-07:00", "myhost", "sshd", "x"}},
      {"iso_micros_p29_falls_back",
       With(kIsoMicros, 29, 'X'),
       {"2009-05-22T09:36:46.214994-07X0", "myhost", "sshd", "x"}},
      // iv: a '.' at p19 and nothing else: the header is taken as 32 bytes whatever follows.
      {"iso_fallback_Z",
       "2021-01-01T00:00:00.123Z myhost sshd[1]: x",
       {"2021-01-01T00:00:00.123Z myhost", kManager, {}, "sshd[1]: x"}},

      {"year_first", kYearFirst, {"2015 Dec 29 10:00:01", "myhost", "sshd", "x"}},
      {"year_first_L21_unrecognised", "2015 Dec 29 10:00:01", Unrecognised("2015 Dec 29 10:00:01")},
      {"year_first_L22", "2015 Dec 29 10:00:01 ", {"2015 Dec 29 10:00:01", kManager, {}, ""}},

      {"uls_minus", kUls, {"2021-04-21 10:16:09.404756-0700", "myhost", "sshd", "x"}},
      {"uls_plus",
       "2021-04-21 10:16:09.404756+0200 myhost sshd[1]: x",
       {"2021-04-21 10:16:09.404756+0200", "myhost", "sshd", "x"}},
      {"uls_L33_unrecognised", "2021-04-21 10:16:09.404756-0700 ",
       Unrecognised("2021-04-21 10:16:09.404756-0700 ")},
      {"uls_L34", "2021-04-21 10:16:09.404756-0700 h",
       {"2021-04-21 10:16:09.404756-0700", kManager, {}, "h"}},
  };
  AddNearMisses(&c, "bsd_miss", kBsd, {3, 6, 9, 12, 15});
  AddNearMisses(&c, "proftpd_miss", kProftpd, {4, 7, 10, 13, 16, 19});
  AddNearMisses(&c, "iso_offset_miss", kIsoOffset, {4, 7, 10, 13, 16, 22, 25});
  AddNearMisses(&c, "iso_millis_miss", kIsoMillis, {19});
  AddNearMisses(&c, "year_first_miss", kYearFirst, {0, 4, 8, 11, 14, 17, 20});
  AddNearMisses(&c, "uls_miss", kUls, {0, 4, 7, 10, 13, 16, 19, 26, 31});
  return c;
}
INSTANTIATE_TEST_SUITE_P(SyslogFormats, HeaderTest, ::testing::ValuesIn(SyslogFormatCases()),
                         CaseName);

// ---------------------------------------------------------------------------------------------
// Second table: formats without hostname/program-name parsing.
const std::string kXferlog =
    "Mon Apr 17 18:27:14 2006 1 64.160.42.130 5382 /tmp/file b _ o r user ftp 0 * c";
const std::string kSnort = "01/28-09:13:16.240702  [**] [1:1000001:1] x [**]";
const std::string kSuricata = "01/28/1979-09:13:16.240702  [**] [1:2:3] x";
const std::string kApache = "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok";
const std::string kAsl =
    "[Time 2006.12.28 15:53:55 UTC] [Facility auth] [Sender sshd] [PID 483] [Message error: PAM: "
    "Authentication failure for username from 192.168.0.2] [Level 3] [UID -2] [GID -2] [Host "
    "Hostname]";
const std::string kSquid =
    "1140804070.368  11623 10.105.21.199 TCP_MISS/200 1538 GET http://x.example/ - DIRECT/1.2.3.4 "
    "text/html";

std::vector<Case> OtherFormatCases() {
  const std::string asl_time = "[Time 2006.12.28 15:53:55 UTC]";
  std::vector<Case> c = {
      {"xferlog",
       kXferlog,
       {"Mon Apr 17 18:27:14 2006", kManager, {}, "1 64.160.42.130 5382 /tmp/file b _ o r user ftp 0 * c"}},
      {"xferlog_L28_unrecognised", "Mon Apr 17 18:27:14 2006 1 ",
       Unrecognised("Mon Apr 17 18:27:14 2006 1 ")},
      {"xferlog_L29", "Mon Apr 17 18:27:14 2006 1 x", {"Mon Apr 17 18:27:14 2006", kManager, {}, "1 x"}},

      {"snort", kSnort, {"01/28-09:13:16.240702", kManager, {}, "[**] [1:1000001:1] x [**]"}},
      // Two spaces are assumed: with one, the first byte of the text is lost.
      {"snort_one_space",
       "01/28-09:13:16.240702 [**] [1:1000001:1] x",
       {"01/28-09:13:16.240702", kManager, {}, "**] [1:1000001:1] x"}},
      {"snort_L24_unrecognised", "01/28-09:13:16.240702  ", Unrecognised("01/28-09:13:16.240702  ")},
      {"snort_L25", "01/28-09:13:16.240702  x", {"01/28-09:13:16.240702", kManager, {}, "x"}},

      {"suricata", kSuricata, {"01/28/1979-09:13:16.240702", kManager, {}, "[**] [1:2:3] x"}},
      {"suricata_L28_unrecognised", "01/28/1979-09:13:16.240702 ",
       Unrecognised("01/28/1979-09:13:16.240702 ")},
      {"suricata_L29", "01/28/1979-09:13:16.240702  ", {"01/28/1979-09:13:16.240702", kManager, {}, ""}},

      {"apache", kApache, {"Sun Dec 04 04:47:44 2005", kManager, {}, "[notice] workerEnv.init() ok"}},
      {"apache_L27_unrecognised", "[Sun Dec 04 04:47:44 2005]",
       Unrecognised("[Sun Dec 04 04:47:44 2005]")},
      {"apache_L28", "[Sun Dec 04 04:47:44 2005] ", {"Sun Dec 04 04:47:44 2005", kManager, {}, ""}},

      {"asl",
       kAsl,
       {{}, "Hostname", "sshd", "error: PAM: Authentication failure for username from 192.168.0.2"}},
      {"asl_without_host",
       "[Time 2006.11.02 14:02:11 UTC] [Facility auth] [Sender sshd] [PID 856] [Message refused "
       "connect from 59.124.44.34] [Level 4] [UID -2] [GID -2]",
       {{}, kManager, "sshd", "refused connect from 59.124.44.34"}},
      {"asl_L26_unrecognised", "[Time 2006.12.28 15:53:55", Unrecognised("[Time 2006.12.28 15:53:55")},
      {"asl_L27", "[Time 2006.12.28 15:53:55 ", {{}, kManager, {}, " "}},
      // Without a [Message], log stays 25 bytes in; the Sender's ']' was cut.
      {"asl_no_message",
       asl_time + " [Facility auth] [Sender sshd]",
       {{}, kManager, "sshd", " UTC] [Facility auth] [Sender sshd"}},
      {"asl_first_sender_only", asl_time + " [Sender a] [Sender b] [Message m]", {{}, kManager, "a", "m"}},
      {"asl_first_message_only", asl_time + " [Message one] [Message two]", {{}, kManager, {}, "one"}},
      {"asl_host_stops_scan",
       asl_time + " [Host h] [Sender s] [Message m]",
       {{}, "h", {}, " UTC] [Host h"}},
      {"asl_message_unterminated",
       asl_time + " [Sender s] [Message unterminated",
       {{}, kManager, "s", "unterminated"}},
      {"asl_sender_unterminated", asl_time + " [Message m] [Sender s", {{}, kManager, {}, "m"}},
      {"asl_host_unterminated", asl_time + " [Message m] [Host h", {{}, kManager, {}, "m"}},

      // squid: log += 14 then all spaces; only the last space becomes the terminator.
      {"squid",
       kSquid,
       {"1140804070.368 ", kManager, {}, "11623 10.105.21.199 TCP_MISS/200 1538 GET http://x.example/ - DIRECT/1.2.3.4 text/html"}},
      {"squid_p22",
       "1140804070.368  116234 10.105.21.199 TCP_MISS/200 1538",
       {"1140804070.368 ", kManager, {}, "116234 10.105.21.199 TCP_MISS/200 1538"}},
      {"squid_one_space",
       "1140804070.368 116234 10.105.21.199 TCP_MISS/200 1538",
       {"1140804070.368", kManager, {}, "116234 10.105.21.199 TCP_MISS/200 1538"}},
      {"squid_L32_unrecognised", "1140804070.368  11623 abcdefghi",
       Unrecognised("1140804070.368  11623 abcdefghi")},
      {"squid_L33", "1140804070.368  11623 abcdefghij",
       {"1140804070.368 ", kManager, {}, "11623 abcdefghij"}},
  };
  AddNearMisses(&c, "xferlog_miss", kXferlog, {3, 7, 10, 13, 16, 19, 24, 26});
  AddNearMisses(&c, "snort_miss", kSnort, {2, 5, 8, 11, 14, 21});
  AddNearMisses(&c, "suricata_miss", kSuricata, {2, 5, 10, 13, 16, 19, 26});
  AddNearMisses(&c, "apache_miss", kApache, {0, 4, 8, 11, 14, 17, 20, 25});
  AddNearMisses(&c, "asl_miss", kAsl, {0, 1, 5, 10, 13, 16, 19});
  AddNearMisses(&c, "squid_miss", kSquid, {1, 2, 3, 10, 13, 14});
  AddNearMisses(&c, "squid_miss_first", kSquid, {0}, '2');
  AddNearMisses(&c, "squid_miss_no_space_21_22", kSquid, {21});  // p22 is not a space either
  return c;
}
INSTANTIATE_TEST_SUITE_P(OtherFormats, HeaderTest, ::testing::ValuesIn(OtherFormatCases()), CaseName);

// ---------------------------------------------------------------------------------------------
// Hostname and program-name rules after a syslog-style timestamp.
std::vector<Case> SyslogSourceCases() {
  const std::string ts = "Dec 29 10:00:01";
  const std::string h = ts + " myhost ";
  return {
      {"extra_space_after_timestamp", ts + "  myhost sshd: x", {ts, "myhost", "sshd", "x"}},
      {"single_digit_day", "Dec  9 10:00:01 myhost sshd: x", {"Dec  9 10:00:01", "myhost", "sshd", "x"}},
      // Only one extra space is skipped: the hostname token is then empty (but set).
      {"empty_hostname", ts + "   x", {ts, "", {}, "x"}},
      {"hostname_charset", ts + " a-b.c_d/e@f(g) prog: x", {ts, "a-b.c_d/e@f(g)", "prog", "x"}},
      {"hostname_stops_at_non_ascii", ts + " h\xc3\xb6 prog: x", {ts, kManager, {}, "h\xc3\xb6 prog: x"}},
      {"hostname_stops_at_comma", ts + " host,x prog: x", {ts, kManager, {}, "host,x prog: x"}},
      {"name_colon_space", h + "sshd: x", {ts, "myhost", "sshd", "x"}},
      {"name_colon_no_space", h + "sshd:x", {ts, "myhost", "sshd", "x"}},
      {"name_colon_skips_one_space_only", h + "sshd:  x", {ts, "myhost", "sshd", " x"}},
      {"name_empty", h + ": x", {ts, "myhost", "", "x"}},
      {"pid_colon_space", h + "sshd[1]: x", {ts, "myhost", "sshd", "x"}},
      {"pid_colon_no_space", h + "sshd[1]:x", {ts, "myhost", "sshd", "x"}},
      {"pid_without_colon", h + "sshd[12] x", {ts, "myhost", "sshd", "x"}},
      {"pid_then_other_byte_restores_bracket", h + "sshd[12]x y", {ts, "myhost", {}, "sshd[12]x y"}},
      {"pid_not_closed", h + "sshd[12: y", {ts, "myhost", {}, "sshd[12: y"}},
      {"bracket_without_digit", h + "sshd[x]: y", {ts, "myhost", {}, "sshd[x]: y"}},
      {"bracket_empty", h + "sshd[]: y", {ts, "myhost", {}, "sshd[]: y"}},
      {"name_then_space", h + "sshd x", {ts, "myhost", {}, "sshd x"}},
      {"name_at_end", h + "sshd", {ts, "myhost", {}, "sshd"}},
      // Solaris: "name: " right after the timestamp; the hostname stays the default.
      {"solaris_msgid", ts + " sshd: [ID 800047 auth.info] x", {ts, kManager, "sshd", "x"}},
      {"solaris_needs_space", ts + " sshd:x", {ts, kManager, {}, "sshd:x"}},
      {"msgid_unterminated", h + "sshd[1]: [ID 5 auth.info x", {ts, "myhost", "sshd", "[ID 5 auth.info x"}},
      {"msgid_needs_space", h + "sshd[1]: [IDx 5] y", {ts, "myhost", "sshd", "[IDx 5] y"}},
      // "] " is skipped blindly; a ']' at the very end leaves nothing (Wazuh reads past the end).
      {"msgid_at_end", h + "sshd[1]: [ID 5 auth.info]", {ts, "myhost", "sshd", ""}},
      {"msgid_skips_any_byte_after_bracket", h + "sshd: [ID 5 a]xy", {ts, "myhost", "sshd", "y"}},
      // AIX: "facility|...:severity prog: " with a lowercase byte after '|'.
      {"aix", h + "auth|security:info sshd: x", {ts, "myhost", "sshd", "x"}},
      {"aix_pid", h + "auth|security:info sshd[12]: x", {ts, "myhost", "sshd", "x"}},
      {"aix_msgid", h + "auth|security:info sshd: [ID 1 a.b] x", {ts, "myhost", "sshd", "x"}},
      {"aix_uppercase_after_bar", h + "auth|Security:info sshd: x",
       {ts, "myhost", {}, "auth|Security:info sshd: x"}},
      {"aix_no_severity", h + "auth|security info sshd: x", {ts, "myhost", {}, "auth|security info sshd: x"}},
      {"aix_no_space_after_severity", h + "auth|security:info-sshd: x",
       {ts, "myhost", {}, "auth|security:info-sshd: x"}},
      // cleanevent.c: any other stop byte leaves the program name unterminated and log there.
      {"aix_name_unterminated", h + "auth|security:info sshd:x y", {ts, "myhost", "sshd:x y", ":x y"}},
      // cleanevent.c: a pid not followed by "]: " keeps the name (cut at '[') and log after the
      // hostname, which now ends at that cut.
      {"aix_pid_incomplete", h + "auth|security:info sshd[12] x", {ts, "myhost", "sshd", "auth|security:info sshd"}},
  };
}
INSTANTIATE_TEST_SUITE_P(SyslogSource, HeaderTest, ::testing::ValuesIn(SyslogSourceCases()), CaseName);

// ---------------------------------------------------------------------------------------------
// The "Verified examples" table of §1.3, row by row ("…" completed with concrete text).
std::vector<Case> VerifiedExampleCases() {
  const std::string ts = "Dec 29 10:00:01";
  return {
      {"accepted", ts + " myhost sshd[123]: Accepted publickey for root",
       {ts, "myhost", "sshd", "Accepted publickey for root"}},
      {"solaris", ts + " sshd: Solaris style", {ts, kManager, "sshd", "Solaris style"}},
      {"parenthesised_name", ts + " myhost su(pam_unix)[23164]: x", {ts, "myhost", "su(pam_unix)", "x"}},
      {"slash_name", ts + " myhost postfix/smtpd[1]: x", {ts, "myhost", "postfix/smtpd", "x"}},
      {"weird_text", ts + " myhost weird text", {ts, "myhost", {}, "weird text"}},
      {"msgid_without_program", ts + " myhost [ID 1 a.b] hmm", {ts, "myhost", {}, "[ID 1 a.b] hmm"}},
      {"msgid_after_program", ts + " myhost sshd[1]: [ID 7 auth.info] A", {ts, "myhost", "sshd", "A"}},
      {"host_with_colon", ts + " my_host:8 prog: x", {ts, kManager, {}, "my_host:8 prog: x"}},
      {"iso_Z_unrecognised", "2021-01-01T00:00:00Z host sshd[1]: x",
       Unrecognised("2021-01-01T00:00:00Z host sshd[1]: x")},
      {"iso_micros_Z_garbage", "2021-01-01T00:00:00.123456Z myhost sshd[1]: x",
       {"2021-01-01T00:00:00.123456Z myh", "st", "sshd", "x"}},
      {"json", "{\"a\":1}", Unrecognised("{\"a\":1}")},
  };
}
INSTANTIATE_TEST_SUITE_P(VerifiedExamples, HeaderTest, ::testing::ValuesIn(VerifiedExampleCases()),
                         CaseName);

// ---------------------------------------------------------------------------------------------
// Umlaut fix (§1.2 step 3): detection on "Mar", offsets on the unshifted (one byte longer) copy.
std::vector<Case> UmlautCases() {
  return {
      {"verified", "M\xc3\xa4r 02 17:30:52 host prog: x", {"M\xc3\xa4r 02 17:30:5", "host", "prog", "x"}},
      // L is the unshifted length: 17 bytes pass L>17 although "Mar ..." has only 16.
      {"length_of_unshifted", "M\xc3\xa4r 02 17:30:52 ", {"M\xc3\xa4r 02 17:30:5", kManager, {}, ""}},
      // Only 0xC3 0xA4 is repaired; "Mör" keeps its positions shifted.
      {"other_umlaut_not_fixed", "M\xc3\xb6r 02 17:30:52 host prog: x",
       Unrecognised("M\xc3\xb6r 02 17:30:52 host prog: x")},
  };
}
INSTANTIATE_TEST_SUITE_P(Umlaut, HeaderTest, ::testing::ValuesIn(UmlautCases()), CaseName);

// ---------------------------------------------------------------------------------------------
// The working copy: NULs go into log_buf where Wazuh writes them; full_log is never touched.
TEST(HeaderBuffer, TerminatorsAreWrittenIntoLogBufOnly) {
  const std::string msg = "Dec 29 10:00:01 myhost sshd[123]: Accepted";
  Event ev;
  ASSERT_TRUE(Predecode(FrameMessage("stdin", msg), ManagerOptions(), &ev));
  EXPECT_EQ(ev.full_log, msg);
  ASSERT_EQ(ev.log_buf.size(), msg.size());
  EXPECT_EQ(ev.log_buf[15], '\0');             // timestamp terminator
  EXPECT_EQ(ev.log_buf[22], '\0');             // hostname terminator
  EXPECT_EQ(ev.log_buf[27], '\0');             // program name cut at '['
  EXPECT_EQ(ev.log_offset, 34u);
  EXPECT_STREQ(ev.log(), "Accepted");
  EXPECT_EQ(ev.log_buf.compare(ev.log_offset, std::string::npos, "Accepted"), 0);
}

TEST(HeaderBuffer, ApacheTimestampExcludesBrackets) {
  Event ev;
  ASSERT_TRUE(Predecode("1:x:[Fri Feb 11 18:06:35 2004] [warn] y", ManagerOptions(), &ev));
  EXPECT_EQ(ev.timestamp, "Fri Feb 11 18:06:35 2004");
  EXPECT_EQ(ev.log_buf[25], '\0');
  EXPECT_EQ(ev.log_buf[26], ' ');
  EXPECT_EQ(ev.log_offset, 27u);
}

TEST(HeaderBuffer, SnortKeepsByteAfterTerminator) {
  Event ev;
  ASSERT_TRUE(Predecode("1:x:01/28-09:13:16.240702  [**] y", ManagerOptions(), &ev));
  EXPECT_EQ(ev.log_buf[21], '\0');
  EXPECT_EQ(ev.log_buf[22], ' ');
  EXPECT_EQ(ev.log_offset, 23u);
}

}  // namespace
}  // namespace tripline::predecode_test
