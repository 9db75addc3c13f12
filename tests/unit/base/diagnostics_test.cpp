#include "base/diagnostics.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(Diagnostics, RendersFileLineColumnSeverityAndCode) {
  Diagnostics d;
  d.Error("XML001", {"rules/a.xml", 12, 5}, "unclosed tag <rule>");
  d.Warning("RUL010", {"rules/b.xml", 3, 1}, "duplicate rule id 100");
  EXPECT_TRUE(d.HasErrors());
  EXPECT_EQ(d.error_count(), 1);
  EXPECT_EQ(d.RenderAll(),
            "rules/a.xml:12:5: error[XML001]: unclosed tag <rule>\n"
            "rules/b.xml:3:1: warning[RUL010]: duplicate rule id 100\n");
}

TEST(Diagnostics, NoLocationRendersMessageOnly) {
  Diagnostic d{Severity::kError, "", {}, "cannot read"};
  EXPECT_EQ(d.Render(), "error: cannot read");
}

}  // namespace
}  // namespace tripline
