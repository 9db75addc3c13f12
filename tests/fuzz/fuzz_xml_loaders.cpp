// Fuzz target: the Wazuh XML reader and the decoder and rule compilers on the same bytes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "decode/decoder.h"
#include "rules/rule_set.h"
#include "xml/wazuh_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  tripline::Diagnostics diags;
  tripline::xml::Document doc;
  tripline::xml::Parse("fuzz.xml", text, &doc, &diags);

  static const std::string path = "/tmp/tripline-fuzz-" + std::to_string(getpid()) + ".xml";
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  auto decoders = tripline::DecoderSet::Load({path}, {}, &diags);
  static std::unique_ptr<tripline::DecoderSet> empty = [] {
    tripline::Diagnostics d;
    return tripline::DecoderSet::Load({}, {}, &d);
  }();
  auto resolve = [](std::string_view) -> const tripline::lists::CdbList* { return nullptr; };
  tripline::rules::RuleSet::Load({path}, decoders ? *decoders : *empty, resolve, {}, &diags);
  return 0;
}
