// tripline run: offline correlation of exported logs (CloudTrail, VPC flow logs, GuardDuty,
// syslog, JSON lines, queue framing) with a ruleset; alerts as Wazuh alerts.json lines.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "base/limit_counters.h"
#include "commands.h"
#include "deliver/config.h"
#include "deliver/delivery.h"
#include "input/source.h"
#include "json/cjson.h"
#include "pipeline/event_time_source.h"
#include "pipeline/merge_source.h"
#include "pipeline/pipeline.h"
#include "ruleset_args.h"

namespace tripline::cli {
namespace {

constexpr const char* kUsage =
    "usage: tripline run [INPUT ...] [--ruleset DIR ...] [--time event|processing] [--threads N]\n"
    "                    [-o FILE] [--alerts-log FILE] [--stats FILE]\n"
    "                    [--sink TYPE:TARGET ...] [--sinks-config FILE] [--spool-dir DIR]\n"
    "                    [--deliver-timeout DURATION] [--max-line-bytes N]\n"
    "                    [--max-aws-record-bytes N] [--max-item-bytes N]\n";

void PrintHelp() {
  std::printf(
      "%s\n"
      "Reads exported logs, merges them in event time and runs them through the ruleset, writing\n"
      "the alerts as Wazuh alerts.json lines. An INPUT is a file or a folder (recursed); plain or\n"
      "gzip. Its kind is detected from its content; KIND:PATH forces one of cloudtrail, vpcflow,\n"
      "guardduty, syslog, jsonl, queue. With no INPUT, stdin is read as syslog lines.\n\n"
      "options:\n%s"
      "                        (with none, the bundled decoders/ and rulesets/ are used)\n"
      "  --time event          windows use each event's own time (default)\n"
      "  --time processing     windows use the time each event is read, as Wazuh does\n"
      "  --lateness SECONDS    event time: how late an event may arrive and still be put in\n"
      "                        order (default 60); later ones are processed and counted\n"
      "  --time-field PATH     event time: a JSON field holding the time when the reader and\n"
      "                        the syslog header give none (e.g. eventTime)\n"
      "  --threads N           worker threads (default 1); alerts are identical for any N\n"
      "  --reference-paths     switch every fast path off (decoder candidate index, stateless\n"
      "                        rule checks ahead of correlation, correlation search index,\n"
      "                        direct alert writer): slower, same alerts; for checking\n"
      "  -o FILE               alerts.json lines to FILE (default: stdout)\n"
      "  --alerts-log FILE     also write the alerts.log text form\n"
      "  --stats FILE          write the run summary as JSON\n"
      "  --manager-name NAME   manager host name in alerts (default: this host's name)\n"
      "  --sink TYPE:TARGET    also deliver alerts to webhook:URL, thehive:URL (API key from\n"
      "                        $THEHIVE_API_KEY), alerts_json:PATH, alerts_log:PATH or stdout\n"
      "  --sinks-config FILE   sinks with filters, spools and secrets (docs/delivery.md)\n"
      "  --spool-dir DIR       where network sinks spool by default (default: tripline-spool)\n"
      "  --deliver-timeout D   at the end, wait at most D (30s, 500ms, 2m) for the spools to\n"
      "                        drain (default 30s); what is left is delivered by the next run\n"
      "  --max-line-bytes N    input files: syslog and flow-log lines keep their first N bytes,\n"
      "                        longer JSON lines are rejected (default 65278, logcollector's)\n"
      "  --max-aws-record-bytes N  reject CloudTrail, GuardDuty and flow-log records whose\n"
      "                        event is longer than N bytes (default: no bound; Wazuh's AWS\n"
      "                        module drops those over 65536)\n"
      "  --max-item-bytes N    refuse a JSON value over N bytes and skip the rest of its file\n"
      "                        (default 16777216)\n"
      "\n"
      "At the end a summary goes to stderr: per input the records read, the events, the lines\n"
      "cut and the rejected records by reason; the alerts by level; the nonzero counters of\n"
      "bounded state and limits (docs/limits.md); per sink what was delivered. Exit status\n"
      "0; 3 when a sink lost alerts (spool full, write error, refused by the receiver); else 4\n"
      "when alerts are left undelivered in a spool after --deliver-timeout; else 1 when an input\n"
      "could not be read (the others are still processed); 2 on usage errors.\n",
      kUsage, kRulesetOptionsHelp);
}

// The bundled content: <prefix>/share/tripline next to an installed binary, or the source
// tree for a binary in the build tree. Empty when neither is found.
std::string BundledContentRoot() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  std::vector<std::filesystem::path> candidates = {exe.parent_path().parent_path() / "share" / "tripline"};
  for (auto p = exe.parent_path(); !p.empty() && p != p.root_path(); p = p.parent_path()) {
    candidates.push_back(p);
  }
  for (const auto& c : candidates) {
    if (std::filesystem::is_directory(c / "decoders", ec) && std::filesystem::is_directory(c / "rulesets", ec)) {
      return c.string();
    }
  }
  return "";
}

// stdin as one syslog source. A line keeps at most max_line_bytes bytes, as a file input's; the rest of a longer line is skipped (counted in truncated_). Reads stdin in 64 KB
// blocks and fills the record's buffers in place (no allocation per line once warm).
class StdinSource : public pipeline::RecordSource {
 public:
  explicit StdinSource(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}
  bool Next(input::InputRecord* out) override {
    bool cut = false;
    while (ReadLine(&out->message, &cut)) {
      if (out->message.empty()) continue;
      if (cut) ++truncated_;
      static const std::string kLocation = "stdin", kFile = "-";
      out->location = kLocation;
      out->has_event_time = false;
      out->file = kFile;
      out->line = ++lines_;
      return true;
    }
    return false;
  }
  uint64_t truncated_ = 0;
  uint64_t read_errors_ = 0;  // read(2) failures, each ending the input

 private:
  // One line without its '\n', cut at max_line_bytes_ (*cut set). False at the end of stdin.
  bool ReadLine(std::string* line, bool* cut) {
    line->clear();
    *cut = false;
    bool any = false;
    while (true) {
      if (pos_ == end_) {
        if (eof_) return any;
        const ssize_t n = read(STDIN_FILENO, buf_.data(), buf_.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          if (n < 0) ++read_errors_;
          eof_ = true;
          return any;
        }
        pos_ = 0;
        end_ = static_cast<size_t>(n);
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const size_t avail = end_ - pos_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
      const size_t len = nl != nullptr ? static_cast<size_t>(nl - start) : avail;
      const size_t room = max_line_bytes_ - std::min(max_line_bytes_, line->size());
      if (len > room) *cut = true;
      line->append(start, std::min(len, room));
      pos_ += nl != nullptr ? len + 1 : len;
      if (nl != nullptr) return true;
    }
  }

  size_t max_line_bytes_;
  std::array<char, 65536> buf_{};
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  uint64_t lines_ = 0;
};

// "30s", "500ms", "2m" or a number of seconds; -1 when it does not parse.
int64_t ParseDurationMs(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || v < 0) return -1;
  std::string unit = end;
  if (unit.empty() || unit == "s") return static_cast<int64_t>(v * 1000);
  if (unit == "ms") return static_cast<int64_t>(v);
  if (unit == "m") return static_cast<int64_t>(v * 60000);
  return -1;
}

}  // namespace

int RunRun(int argc, char** argv) {
  RulesetSources sources;
  std::vector<input::InputSpec> specs;
  pipeline::PipelineOptions opts;
  bool reference_paths = false;
  opts.manager_name = HostName();
  std::string out_path, log_path, stats_path;
  EventTimeOptions time_opts;
  ReorderOptions reorder_opts;
  std::vector<deliver::SinkConfig> sink_configs;
  std::string spool_root = "tripline-spool";
  int64_t deliver_timeout_ms = 30000;
  input::ReaderLimits reader_limits;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string error;
    if (ParseRulesetOption(argc, argv, &i, &sources, &error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "tripline run: %s\n%s", error.c_str(), kUsage);
        return 2;
      }
      continue;
    }
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tripline run: option %s needs a value\n%s", a.c_str(), kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      PrintHelp();
      return 0;
    } else if (a == "--time") {
      std::string v = value();
      if (v == "event") {
        opts.time_mode = pipeline::TimeMode::kEvent;
      } else if (v == "processing") {
        opts.time_mode = pipeline::TimeMode::kProcessing;
      } else {
        std::fprintf(stderr, "tripline run: --time takes event or processing\n");
        return 2;
      }
    } else if (a == "--threads") {
      opts.threads = std::atoi(value().c_str());
      if (opts.threads < 1) {
        std::fprintf(stderr, "tripline run: --threads needs a positive number\n");
        return 2;
      }
    } else if (a == "--max-line-bytes" || a == "--max-aws-record-bytes" || a == "--max-item-bytes") {
      const std::string v = value();
      char* end = nullptr;
      errno = 0;
      const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || v[0] == '-' || *end != '\0' || errno != 0 || n == 0) {
        std::fprintf(stderr, "tripline run: %s needs a positive number of bytes\n", a.c_str());
        return 2;
      }
      size_t& field = a == "--max-line-bytes"         ? reader_limits.max_line_bytes
                      : a == "--max-aws-record-bytes" ? reader_limits.max_aws_record_bytes
                                                      : reader_limits.max_item_bytes;
      field = static_cast<size_t>(n);
    } else if (a == "--reference-paths") {
      reference_paths = true;
      opts.reference_matching = true;
      opts.reference_output = true;
      opts.session.search_index = false;
    } else if (a == "--lateness") {
      reorder_opts.allowed_lateness = std::atoll(value().c_str());
    } else if (a == "--time-field") {
      time_opts.time_field = value();
    } else if (a == "-o") {
      out_path = value();
    } else if (a == "--alerts-log") {
      log_path = value();
    } else if (a == "--stats") {
      stats_path = value();
    } else if (a == "--manager-name") {
      opts.manager_name = value();
    } else if (a == "--sink") {
      deliver::SinkConfig c;
      std::string error;
      if (!deliver::ParseSinkSpec(value(), &c, &error)) {
        std::fprintf(stderr, "tripline run: %s\n", error.c_str());
        return 2;
      }
      sink_configs.push_back(std::move(c));
    } else if (a == "--sinks-config") {
      std::string path = value();
      std::ifstream in(path);
      if (!in) {
        std::fprintf(stderr, "tripline run: cannot read %s\n", path.c_str());
        return 2;
      }
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::string error;
      if (!deliver::ParseSinksConfig(text, &sink_configs, &error)) {
        std::fprintf(stderr, "tripline run: %s: %s\n", path.c_str(), error.c_str());
        return 2;
      }
    } else if (a == "--spool-dir") {
      spool_root = value();
    } else if (a == "--deliver-timeout") {
      deliver_timeout_ms = ParseDurationMs(value());
      if (deliver_timeout_ms < 0) {
        std::fprintf(stderr, "tripline run: --deliver-timeout takes a duration such as 30s, 500ms or 2m\n");
        return 2;
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "tripline run: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    } else {
      specs.push_back(input::ParseInputSpec(a));
    }
  }
  if (sources.ruleset_dirs.empty() && sources.decoder_paths.empty() && sources.rule_paths.empty()) {
    std::string root = BundledContentRoot();
    if (root.empty()) {
      std::fprintf(stderr, "tripline run: no --ruleset given and the bundled content was not found\n");
      return 2;
    }
    sources.ruleset_dirs.push_back(root + "/rulesets");
    sources.decoder_paths.push_back(root + "/decoders");
  }

  std::unique_ptr<deliver::Delivery> delivery;
  if (!sink_configs.empty()) {
    std::string error;
    if (!deliver::FinalizeSinks(&sink_configs, spool_root, &error)) {
      std::fprintf(stderr, "tripline run: %s\n", error.c_str());
      return 2;
    }
    delivery = deliver::Delivery::Create(sink_configs, deliver::StderrLogger(), &error);
    if (!delivery) {
      std::fprintf(stderr, "tripline run: %s\n", error.c_str());
      return 1;
    }
    if (delivery->needs_log_text()) opts.alerts_log = true;
  }

  Diagnostics diags;
  RulesetOptions ruleset_opts;
  ruleset_opts.decoders.candidate_index = !reference_paths;
  auto ruleset = Ruleset::Load(sources, ruleset_opts, &diags);
  if (!ruleset) {
    std::fputs(diags.RenderAll().c_str(), stderr);
    std::fprintf(stderr, "tripline run: the ruleset has %d error(s); nothing was processed\n", diags.error_count());
    return 1;
  }
  if (!diags.items().empty()) std::fputs(diags.RenderAll().c_str(), stderr);

  FILE* out = stdout;
  if (!out_path.empty() && out_path != "-") {
    out = std::fopen(out_path.c_str(), "w");
    if (!out) {
      std::fprintf(stderr, "tripline run: cannot write %s\n", out_path.c_str());
      return 1;
    }
  }
  FILE* log = nullptr;
  if (!log_path.empty()) {
    log = std::fopen(log_path.c_str(), "w");
    if (!log) {
      std::fprintf(stderr, "tripline run: cannot write %s\n", log_path.c_str());
      return 1;
    }
    opts.alerts_log = true;
  }

  std::unique_ptr<pipeline::RecordSource> source;
  pipeline::MergeSource* merge = nullptr;
  StdinSource* stdin_source = nullptr;
  if (specs.empty()) {
    auto s = std::make_unique<StdinSource>(reader_limits.max_line_bytes);
    stdin_source = s.get();
    source = std::move(s);
  } else {
    auto m = std::make_unique<pipeline::MergeSource>(pipeline::MergeSource::GroupInputs(input::ExpandInputs(specs)),
                                                     opts.time_mode == pipeline::TimeMode::kEvent,
                                                     reader_limits);
    merge = m.get();
    source = std::move(m);
  }

  std::unique_ptr<pipeline::EventTimeSource> timed;
  pipeline::RecordSource* feed = source.get();
  if (opts.time_mode == pipeline::TimeMode::kEvent) {
    timed = std::make_unique<pipeline::EventTimeSource>(source.get(), time_opts, reorder_opts);
    feed = timed.get();
  }

  const bool tty = isatty(STDERR_FILENO);
  uint64_t written = 0;
  pipeline::Pipeline p(ruleset, opts);
  pipeline::PipelineStats st = p.Run(feed, [&](std::string_view line, int level, std::string_view log_text) {
    std::fwrite(line.data(), 1, line.size(), out);
    std::fputc('\n', out);
    if (log) std::fwrite(log_text.data(), 1, log_text.size(), log);
    if (delivery) delivery->Offer(line, level, log_text);
    if (tty && (++written % 1000) == 0) std::fprintf(stderr, "\r%llu alerts", static_cast<unsigned long long>(written));
  });
  if (tty && written >= 1000) std::fputc('\n', stderr);
  if (out != stdout) std::fclose(out);
  if (log) std::fclose(log);

  // Summary.
  std::vector<input::SourceStats> inputs = merge ? merge->Stats() : std::vector<input::SourceStats>();
  json::Value summary = json::Value::Object();
  json::Value in_arr = json::Value::Array();
  std::fprintf(stderr, "tripline run: %llu events, %llu decoded, %llu alerts\n",
               static_cast<unsigned long long>(st.events), static_cast<unsigned long long>(st.decoded),
               static_cast<unsigned long long>(st.alerts));
  for (const input::SourceStats& s : inputs) {
    std::string rejected;
    json::Value rej = json::Value::Object();
    for (const auto& [reason, n] : s.rejected) {
      rejected += " " + reason + "=" + std::to_string(n);
      rej.AddNumberToObject(reason, static_cast<double>(n));
    }
    std::string truncated = s.truncated ? ", " + std::to_string(s.truncated) + " truncated" : "";
    std::fprintf(stderr, "  %s [%s]: %llu records, %llu events%s, %llu rejected%s\n", s.path.c_str(),
                 std::string(input::KindName(s.kind)).c_str(), static_cast<unsigned long long>(s.records),
                 static_cast<unsigned long long>(s.events), truncated.c_str(),
                 static_cast<unsigned long long>(s.TotalRejected()), rejected.c_str());
    for (const std::string& m : s.messages) std::fprintf(stderr, "    %s\n", m.c_str());
    if (s.messages_dropped) {
      std::fprintf(stderr, "    (%llu more problems not listed)\n", static_cast<unsigned long long>(s.messages_dropped));
    }
    json::Value o = json::Value::Object();
    o.AddStringToObject("path", s.path);
    o.AddStringToObject("kind", input::KindName(s.kind));
    o.AddNumberToObject("records", static_cast<double>(s.records));
    o.AddNumberToObject("events", static_cast<double>(s.events));
    o.AddNumberToObject("truncated", static_cast<double>(s.truncated));
    o.AddItemToObject("rejected", std::move(rej));
    in_arr.AddItemToArray(std::move(o));
  }
  std::string by_level_text;
  json::Value by_level = json::Value::Object();
  for (int l = 0; l <= 16; ++l) {
    if (st.alerts_by_level[l] == 0) continue;
    by_level.AddNumberToObject(std::to_string(l), static_cast<double>(st.alerts_by_level[l]));
    by_level_text.append(" ").append(std::to_string(l)).append(":").append(std::to_string(st.alerts_by_level[l]));
  }
  std::fprintf(stderr, "  alerts by level:%s\n", by_level_text.empty() ? " none" : by_level_text.c_str());
  // Counters of the bounded state and of event time.
  json::Value counters = json::Value::Object();
  auto count = [&](const char* name, uint64_t v) {
    counters.AddNumberToObject(name, static_cast<double>(v));
  };
  if (const rules::SessionCounters* c = p.session_counters()) {
    count("last_events_evicted", c->last_events_evicted);
    count("fts_evicted", c->fts_evicted);
    count("diff_evicted", c->diff_evicted);
    count("accumulator_evicted", c->accumulator_evicted);
    count("late_clamped", c->late_clamped);
  }
  if (timed) {
    count("late_events", timed->reorder_counters().late_events);
    count("reorder_buffer_full", timed->reorder_counters().reorder_buffer_full);
    count("time_from_input", timed->counters().from_input);
    count("time_from_header", timed->counters().from_header);
    count("time_from_field", timed->counters().from_field);
    count("time_carried", timed->counters().carried);
  }
  // Process-wide limit counters (docs/limits.md).
  for (size_t i = 0; i < static_cast<size_t>(LimitCounter::kCount); ++i) {
    const auto c = static_cast<LimitCounter>(i);
    count(std::string(LimitCounterName(c)).c_str(), LimitHits(c));
  }
  if (stdin_source) {
    count("stdin_lines_truncated", stdin_source->truncated_);
    count("stdin_read_errors", stdin_source->read_errors_);
  }
  std::string counters_text;
  for (const json::Value& c : counters.items()) {
    if (c.number() != 0) counters_text += " " + c.name() + "=" + std::to_string(static_cast<uint64_t>(c.number()));
  }
  std::fprintf(stderr, "  counters:%s\n", counters_text.empty() ? " none" : counters_text.c_str());
  summary.AddItemToObject("inputs", std::move(in_arr));
  json::Value alerts = json::Value::Object();
  alerts.AddNumberToObject("total", static_cast<double>(st.alerts));
  alerts.AddItemToObject("by_level", std::move(by_level));
  summary.AddItemToObject("alerts", std::move(alerts));
  summary.AddItemToObject("counters", std::move(counters));
  if (!stats_path.empty()) {
    std::ofstream(stats_path) << json::PrintUnformatted(summary) << "\n";
  }
  std::vector<std::string> errors = merge ? merge->Errors() : std::vector<std::string>();
  for (const std::string& e : errors) std::fprintf(stderr, "tripline run: %s\n", e.c_str());
  int status = errors.empty() ? 0 : 1;
  if (delivery) {
    bool drained = delivery->Drain(std::chrono::milliseconds(deliver_timeout_ms));
    std::fprintf(stderr, "  delivery:\n");
    for (const std::string& l : delivery->Report()) std::fprintf(stderr, "    %s\n", l.c_str());
    const uint64_t lost = delivery->lost(), pending = delivery->pending();
    if (!drained || pending > 0) {
      std::fprintf(stderr,
                   "tripline run: %llu alert(s) undelivered after %lld ms, kept in the spools for the next run\n",
                   static_cast<unsigned long long>(pending), static_cast<long long>(deliver_timeout_ms));
      status = 4;
    }
    if (lost > 0) {
      std::fprintf(stderr, "tripline run: ERROR: %llu alert(s) LOST by the sinks (see above)\n",
                   static_cast<unsigned long long>(lost));
      status = 3;
    }
    delivery.reset();  // stops the delivery threads; undelivered alerts stay spooled
  }
  return status;
}

}  // namespace tripline::cli
