// Decoder loading and DecodeEvent semantics (docs/wazuh-semantics.md §2.3-2.6).
#include "decode/decoder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/limit_counters.h"
#include "test_support.h"

namespace tripline {
namespace {

// Writes XML to a temporary file and loads it as a decoder set.
class DecoderTest : public ::testing::Test {
 protected:
  std::unique_ptr<DecoderSet> Load(const std::string& xml) {
    path_ = ::testing::TempDir() + "/dec_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".xml";
    std::ofstream(path_) << xml;
    diags_ = Diagnostics();
    return DecoderSet::Load({path_}, {}, &diags_);
  }

  // Minimal pre-decoding for these tests: `program` set means a parsed program name.
  void Decode(const DecoderSet& set, const std::string& log, const std::string& program = "") {
    ev_.Reset();
    ev_.full_log = log;
    ev_.log_buf = log;
    ev_.log_offset = 0;
    if (!program.empty()) {
      ev_.program_name = program;
      ev_.has_program_name = true;
    }
    set.Decode(&ev_, &caps_);
  }

  std::string Field(const std::string& name) {
    StaticField f;
    if (StaticFieldFromOrderName(name, &f)) return ev_.HasStatic(f) ? ev_.statics[f] : "<unset>";
    const DynamicField* d = ev_.FindDynamic(name);
    return d ? d->value : "<unset>";
  }

  std::string path_;
  Diagnostics diags_;
  Event ev_;
  match::Captures caps_;
  static inline int counter_ = 0;
};

TEST_F(DecoderTest, ParentChildNamesAndOffsets) {
  // A child without use_own_name takes its parent's name (§2.4); after_prematch continues after
  // the child's prematch, whose end pointer is the last byte matched (§3.6).
  auto set = Load(R"(
<decoder name="sshd">
  <program_name>^sshd</program_name>
</decoder>
<decoder name="sshd-success">
  <parent>sshd</parent>
  <prematch>^Accepted</prematch>
  <regex offset="after_prematch">^ \S+ for (\S+) from (\S+) port (\d+)</regex>
  <order>user, srcip, srcport</order>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, "Accepted password for root from 10.0.0.1 port 22 ssh2", "sshd");
  ASSERT_NE(ev_.decoder, nullptr);
  EXPECT_EQ(ev_.decoder->name, "sshd");
  EXPECT_EQ(ev_.decoder->parent, "sshd");
  EXPECT_EQ(ev_.decoder->own_name, "sshd-success");
  EXPECT_EQ(ev_.decoder->id, set->IdOf("sshd"));
  EXPECT_EQ(Field("dstuser"), "root");
  EXPECT_EQ(Field("srcip"), "10.0.0.1");
  EXPECT_EQ(Field("srcport"), "22");
}

TEST_F(DecoderTest, ProgramNamePartition) {
  // §2.4: an event with a program name only tries decoders that have <program_name>.
  auto set = Load(R"(
<decoder name="json">
  <prematch>^{\s*"</prematch>
  <plugin_decoder>JSON_Decoder</plugin_decoder>
</decoder>
<decoder name="anyprog">
  <program_name/>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, R"({"a":1})", "myprog");
  ASSERT_NE(ev_.decoder, nullptr);
  EXPECT_EQ(ev_.decoder->name, "anyprog");
  EXPECT_EQ(Field("a"), "<unset>");
  Decode(*set, R"({"a":1})");
  ASSERT_NE(ev_.decoder, nullptr);
  EXPECT_EQ(ev_.decoder->name, "json");
  EXPECT_EQ(Field("a"), "1");
}

TEST_F(DecoderTest, FirstTopLevelMatchIsFinalAndParentRegexNeverRuns) {
  // §2.5 / pitfall 8: the first matching top-level decoder wins even if no child matches; a
  // parent with children never runs its own regex.
  auto set = Load(R"(
<decoder name="a">
  <prematch>^foo</prematch>
  <regex>^foo (\w+)</regex>
  <order>parentfield</order>
</decoder>
<decoder name="a-child">
  <parent>a</parent>
  <prematch>never-here</prematch>
  <regex>(\w+)</regex>
  <order>childfield</order>
</decoder>
<decoder name="b">
  <prematch>^foo</prematch>
  <regex>^foo (\w+)</regex>
  <order>bfield</order>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, "foo bar");
  ASSERT_NE(ev_.decoder, nullptr);
  EXPECT_EQ(ev_.decoder->name, "a");
  EXPECT_EQ(ev_.dynamic_count, 0u);
}

TEST_F(DecoderTest, ChildWithoutPrematchDoesNotBecomeDecoderInfo) {
  // §2.5 / pitfall 9: the output name is the parent's and there is no decoder.parent; with
  // use_own_name the child still does not become decoder_info when it has no prematch.
  auto set = Load(R"(
<decoder name="kes_parent">
  <prematch>^KES:</prematch>
</decoder>
<decoder name="kes_child">
  <parent>kes_parent</parent>
  <use_own_name>true</use_own_name>
  <regex offset="after_parent">^ (\w+)</regex>
  <order>word</order>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, "KES: hello");
  ASSERT_NE(ev_.decoder, nullptr);
  EXPECT_EQ(ev_.decoder->name, "kes_parent");
  EXPECT_TRUE(ev_.decoder->parent.empty());
  EXPECT_EQ(Field("word"), "hello");
}

TEST_F(DecoderTest, SameNameSiblingChainAndAfterRegex) {
  // §2.4-2.5: chain members run one after another; a failing member lets the chain continue;
  // after_regex continues after the previous member's end pointer (§3.6: a trailing literal,
  // here the space, is the last byte matched).
  auto set = Load(R"(
<decoder name="p">
  <prematch>^kv:</prematch>
</decoder>
<decoder name="p-fields">
  <parent>p</parent>
  <regex offset="after_parent">^ user=(\w+) </regex>
  <order>user</order>
</decoder>
<decoder name="p-fields">
  <parent>p</parent>
  <regex offset="after_regex">^missing=(\w+)</regex>
  <order>missing</order>
</decoder>
<decoder name="p-fields">
  <parent>p</parent>
  <regex offset="after_regex">^ip=(\S+)</regex>
  <order>srcip</order>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, "kv: user=alice ip=1.2.3.4");
  ASSERT_NE(ev_.decoder, nullptr);
  EXPECT_EQ(ev_.decoder->name, "p");
  EXPECT_EQ(Field("dstuser"), "alice");
  EXPECT_EQ(Field("missing"), "<unset>");
  EXPECT_EQ(Field("srcip"), "1.2.3.4");
}

TEST_F(DecoderTest, AfterRegexResumesInsideATrailingGroup) {
  // §3.6: when the pattern ends in (\x+) the end pointer is the first byte of the run, so
  // after_regex resumes one byte into the capture.
  auto set = Load(R"(
<decoder name="p">
  <prematch>^kv:</prematch>
</decoder>
<decoder name="p-fields">
  <parent>p</parent>
  <regex offset="after_parent">^ port (\d+)</regex>
  <order>srcport</order>
</decoder>
<decoder name="p-fields">
  <parent>p</parent>
  <regex offset="after_regex">^(\S+)</regex>
  <order>rest</order>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, "kv: port 2200 x");
  EXPECT_EQ(Field("srcport"), "2200");
  EXPECT_EQ(Field("rest"), "200");
}

TEST_F(DecoderTest, ChainHeadPrematchFailureSkipsWholeChain) {
  auto set = Load(R"(
<decoder name="p">
  <prematch>^x</prematch>
</decoder>
<decoder name="c1">
  <parent>p</parent>
  <prematch>nomatch</prematch>
  <regex>(\w+)</regex>
  <order>a</order>
</decoder>
<decoder name="c1">
  <parent>p</parent>
  <regex>(\w+)</regex>
  <order>b</order>
</decoder>
<decoder name="c2">
  <parent>p</parent>
  <prematch>^x</prematch>
  <regex>^x (\w+)</regex>
  <order>c</order>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, "x yz");
  EXPECT_EQ(Field("a"), "<unset>");
  EXPECT_EQ(Field("b"), "<unset>");
  EXPECT_EQ(Field("c"), "yz");
}

TEST_F(DecoderTest, StaticFieldsLastWinsDynamicFirstWins) {
  // §2.6: static assignment overwrites; dynamic fields append and lookups use the first.
  auto set = Load(R"(
<decoder name="t">
  <prematch>^t </prematch>
  <regex>^t (\w+) (\w+) (\w+) (\w+)</regex>
  <order>srcip, srcip, dyn, DYN</order>
</decoder>
)");
  ASSERT_TRUE(set) << diags_.RenderAll();
  Decode(*set, "t a b c d");
  EXPECT_EQ(Field("srcip"), "b");
  EXPECT_EQ(Field("dyn"), "c");
  EXPECT_EQ(ev_.dynamic_count, 2u);
}

TEST_F(DecoderTest, DynamicFieldsStopAtDecoderOrderSize) {
  // A same-name chain adds fields from every member; past decoder_order_size they are dropped
  // and counted (docs/limits.md).
  path_ = ::testing::TempDir() + "/dec_order_size_" + std::to_string(::getpid()) + ".xml";
  std::ofstream(path_) << R"(
<decoder name="p">
  <prematch>^t </prematch>
</decoder>
<decoder name="c">
  <parent>p</parent>
  <regex>^t (\w+) (\w+) (\w+)</regex>
  <order>f1, f2, f3</order>
</decoder>
<decoder name="c">
  <parent>p</parent>
  <regex> (\w+) (\w+) (\w+)$</regex>
  <order>f4, f5, f6</order>
</decoder>
)";
  DecoderLoadOptions opts;
  opts.decoder_order_size = 4;
  auto set = DecoderSet::Load({path_}, opts, &diags_);
  ASSERT_TRUE(set) << diags_.RenderAll();
  const uint64_t before = LimitHits(LimitCounter::kDynamicFields);
  Decode(*set, "t a b c d e f");
  EXPECT_EQ(ev_.dynamic_count, 4u);
  EXPECT_EQ(Field("f4"), "d");
  EXPECT_EQ(Field("f5"), "<unset>");
  EXPECT_EQ(LimitHits(LimitCounter::kDynamicFields), before + 2);
}

TEST_F(DecoderTest, SizeLimitsAreLoadErrors) {
  // docs/limits.md: pattern text over 1023 bytes (DEC011, repeated elements concatenated) and
  // an <order> of decoder_order_size fields or more (DEC009) stop the load.
  EXPECT_TRUE(Load("<decoder name=\"a\"><prematch>" + std::string(1023, 'a') + "</prematch></decoder>"))
      << diags_.RenderAll();
  EXPECT_FALSE(Load("<decoder name=\"a\"><prematch>" + std::string(1024, 'a') + "</prematch></decoder>"));
  EXPECT_NE(diags_.RenderAll().find("DEC011"), std::string::npos) << diags_.RenderAll();
  EXPECT_FALSE(Load("<decoder name=\"a\"><prematch>" + std::string(600, 'a') + "</prematch><prematch>" +
                    std::string(600, 'a') + "</prematch></decoder>"));
  EXPECT_NE(diags_.RenderAll().find("DEC011"), std::string::npos) << diags_.RenderAll();
  std::string order = "f0";
  for (int i = 1; i < 256; ++i) order += ", f" + std::to_string(i);
  EXPECT_TRUE(Load("<decoder name=\"a\"><prematch>^a</prematch><regex>^(\\w+)</regex><order>" + order +
                   "</order></decoder>"))
      << diags_.RenderAll();
  EXPECT_FALSE(Load("<decoder name=\"a\"><prematch>^a</prematch><regex>^(\\w+)</regex><order>" + order +
                    ", f256</order></decoder>"));
  EXPECT_NE(diags_.RenderAll().find("DEC009"), std::string::npos) << diags_.RenderAll();
}

TEST_F(DecoderTest, ErrorsCarryFileLineColumn) {
  struct Case {
    const char* xml;
    const char* needle;
    int line;
  } cases[] = {
      {"<decoder name=\"a\">\n  <prematch>x</prematch>\n  <bogus>1</bogus>\n</decoder>\n", "invalid element <bogus>", 3},
      {"<decoder name=\"a\">\n  <prematch>x(</prematch>\n</decoder>\n", "invalid osregex pattern", 2},
      {"<decoder name=\"a\">\n  <parent>nosuch</parent>\n  <regex>(x)</regex>\n  <order>f</order>\n</decoder>\n",
       "unknown parent 'nosuch'", 1},
      {"<decoder name=\"a\">\n  <regex>(x)</regex>\n</decoder>\n", "needs a <prematch>", 1},
      {"<decoder name=\"a\">\n  <prematch>x</prematch>\n  <regex>(x)</regex>\n</decoder>\n", "<regex> needs an <order>", 3},
      {"<decoder name=\"a\">\n  <prematch>x</prematch>\n  <type>nonsense</type>\n</decoder>\n", "invalid decoder type", 3},
  };
  for (const Case& c : cases) {
    auto set = Load(c.xml);
    EXPECT_FALSE(set) << c.xml;
    ASSERT_TRUE(diags_.HasErrors()) << c.xml;
    const Diagnostic& d = diags_.items().front();
    EXPECT_EQ(d.loc.file, path_);
    EXPECT_EQ(d.loc.line, c.line) << d.Render();
    EXPECT_GT(d.loc.column, 0);
    EXPECT_NE(d.message.find(c.needle), std::string::npos) << d.Render();
  }
}

TEST_F(DecoderTest, UnclosedTagIsAnError) {
  auto set = Load("<decoder name=\"a\">\n  <prematch>x</prematch>\n");
  EXPECT_FALSE(set);
  ASSERT_TRUE(diags_.HasErrors());
  EXPECT_EQ(diags_.items().front().loc.file, path_);
  EXPECT_GT(diags_.items().front().loc.line, 0);
}

}  // namespace
}  // namespace tripline
