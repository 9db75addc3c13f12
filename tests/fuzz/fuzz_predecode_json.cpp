// Fuzz target: pre-decoding of a framed message and the JSON_Decoder plugin on its log.
#include <cstddef>
#include <cstdint>
#include <string>

#include "json/json_decoder.h"
#include "predecode/predecode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tripline::Event ev;
  std::string msg(reinterpret_cast<const char*>(data), size);
  tripline::PredecodeOptions opts;
  opts.manager_host = "fuzz.example";
  if (tripline::Predecode(msg, opts, &ev)) {
    tripline::json::DecoderOptions jo;
    jo.array_structure = (size & 1) ? tripline::json::ArrayStructure::kCsv : tripline::json::ArrayStructure::kArray;
    tripline::json::DecodeFields(ev.log(), jo, &ev);
  }
  std::string framed = tripline::FrameMessage("fuzz", msg);
  tripline::Predecode(framed, opts, &ev);
  return 0;
}
