// alerts.log text (docs/wazuh-semantics.md §6.2, verified sample).
#include <gtest/gtest.h>

#include <cstdlib>

#include "output/alert_json.h"

namespace tripline::output {
namespace {

TEST(AlertsLog, VerifiedSshdSample) {
  setenv("TZ", "UTC", 1);
  tzset();
  Event ev;
  ev.location = "/var/log/auth.log";
  ev.hostname = "bastion";
  ev.full_log = "Dec  4 19:49:25 bastion sshd[4242]: Failed password for ubuntu from 203.1.228.69 port 48310 ssh2";
  ev.SetStatic(kSrcIp, "203.1.228.69");
  ev.SetStatic(kSrcPort, "48310");
  ev.SetStatic(kDstUser, "ubuntu");
  RuleView r;
  r.id = "5760";
  r.level = 5;
  r.description = "sshd: authentication failed.";
  r.groups = "syslog,sshd,authentication_failed,";
  timespec ts{1796413765, 0};  // 2026-12-04 19:49:25 UTC
  EXPECT_EQ(FormatAlertsLog(ev, r, "1796413765.416", ts),
            "** Alert 1796413765.416: - syslog,sshd,authentication_failed,\n"
            "2026 Dec 04 19:49:25 bastion->/var/log/auth.log\n"
            "Rule: 5760 (level 5) -> 'sshd: authentication failed.'\n"
            "Src IP: 203.1.228.69\n"
            "Src Port: 48310\n"
            "User: ubuntu\n"
            "Dec  4 19:49:25 bastion sshd[4242]: Failed password for ubuntu from 203.1.228.69 port 48310 ssh2\n"
            "\n");
}

TEST(AlertsLog, MailAgentLocationDynamicFieldsAndPreviousEvents) {
  setenv("TZ", "UTC", 1);
  tzset();
  Event ev;
  ev.location = "(web01) 10.0.0.5->/var/log/secure";
  ev.hostname = "web01";
  ev.full_log = "third";
  ev.AddDynamic("aws.eventName", "ConsoleLogin");
  ev.AddDynamic("empty", "");
  RuleView r;
  r.id = "100";
  r.level = 12;
  r.mail = true;
  r.description = "d";
  r.groups = "g,";
  r.previous_output = {"second", "first"};
  timespec ts{0, 0};
  EXPECT_EQ(FormatAlertsLog(ev, r, "0.1", ts),
            "** Alert 0.1: mail  - g,\n"
            "1970 Jan 01 00:00:00 (web01) 10.0.0.5->/var/log/secure\n"
            "Rule: 100 (level 12) -> 'd'\n"
            "third\n"
            "second\n"
            "first\n"
            "\n");
}

}  // namespace
}  // namespace tripline::output
