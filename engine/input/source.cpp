#include "input/source.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "input/aws_envelope.h"
#include "input/byte_stream.h"
#include "input/json_stream.h"
#include "json/cjson.h"

namespace tripline::input {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Case-sensitive member lookup (Python dict semantics).
json::Element Member(json::Element obj, std::string_view name) {
  if (!obj || !obj.IsObject()) return {};
  for (json::Element c = obj.first_child(); c; c = c.next()) {
    if (c.key() == name) return c;
  }
  return {};
}

bool IsCloudTrailRecord(json::Element e) {
  return e.IsObject() && Member(e, "eventName") &&
         (Member(e, "eventSource") || Member(e, "eventVersion") || Member(e, "eventTime") ||
          Member(e, "userIdentity"));
}

bool IsGuardDutyFinding(json::Element e) {
  return e.IsObject() && Member(e, "severity") && Member(e, "type") &&
         (Member(e, "service") || Member(e, "schemaVersion"));
}

bool IsDigest(json::Element e) {
  return Member(e, "digestStartTime") || Member(e, "digestEndTime") ||
         Member(e, "digestS3Bucket");
}

bool IsEventBridge(json::Element e) {
  return e.IsObject() && (Member(e, "detail") || Member(e, "detail-type"));
}

std::optional<InputKind> ClassifyJson(json::Element root) {
  if (root.IsArray()) {
    json::Element first = root.first_child();
    if (!first) return std::nullopt;
    root = first;
  }
  if (!root.IsObject()) return std::nullopt;
  if (Member(root, "Records") || IsDigest(root) || IsCloudTrailRecord(root)) {
    return InputKind::kCloudTrail;
  }
  if (Member(root, "findings") || IsGuardDutyFinding(root)) return InputKind::kGuardDuty;
  if (IsEventBridge(root)) {
    json::Element source = Member(root, "source");
    if ((source && source.string() == "aws.guardduty") ||
        IsGuardDutyFinding(Member(root, "detail"))) {
      return InputKind::kGuardDuty;
    }
  }
  return std::nullopt;
}

// Every field name AWS documents for flow-log records (versions 2 to 8).
constexpr std::string_view kVpcFieldNames[] = {
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log-status", "vpc-id",
    "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region",
    "az-id", "sublocation-type", "sublocation-id", "pkt-src-aws-service",
    "pkt-dst-aws-service", "flow-direction", "traffic-path", "ecs-cluster-arn",
    "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id",
    "ecs-container-id", "ecs-second-container-id", "ecs-service-name",
    "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id", "reject-reason", "resource-id",
    "tgw-id", "tgw-attachment-id", "tgw-src-vpc-account-id", "tgw-dst-vpc-account-id",
    "tgw-src-vpc-id", "tgw-dst-vpc-id", "tgw-src-subnet-id", "tgw-dst-subnet-id",
    "tgw-src-eni", "tgw-dst-eni", "tgw-src-az-id", "tgw-dst-az-id", "tgw-pair-attachment-id",
    "packets-lost-no-route", "packets-lost-blackhole", "packets-lost-mtu-exceeded",
    "packets-lost-ttl-expired", "tcp-flags"};

constexpr std::string_view kDefaultV2Fields[] = {
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log-status"};

void SplitFields(std::string_view line, std::vector<std::string_view>* out) {
  out->clear();
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    out->push_back(line.substr(start, i - start));
  }
}

// A header: every token looks like a field name ([a-z][a-z0-9-]*) and one at least is known.
bool IsVpcHeader(const std::vector<std::string_view>& tokens) {
  if (tokens.empty()) return false;
  bool known = false;
  for (std::string_view t : tokens) {
    if (t[0] < 'a' || t[0] > 'z') return false;
    for (char c : t) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    for (std::string_view k : kVpcFieldNames) known = known || t == k;
  }
  return known;
}

bool IsHeaderlessV2(const std::vector<std::string_view>& tokens) {
  return tokens.size() == 14 && tokens[0] == "2" && tokens[2].substr(0, 4) == "eni-";
}

bool IsQueueLine(std::string_view line) {
  return line.size() >= 3 && line[1] == ':' && line[0] > ' ' && line[0] != ':' &&
         line.find(':', 2) != std::string_view::npos;
}

std::string_view StripBom(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

class FileSource : public Source {
 public:
  FileSource(const std::string& path, std::unique_ptr<ByteStream> stream,
             std::optional<InputKind> forced, const ReaderLimits& limits)
      : limits_(limits), in_(std::move(stream)), aws_(AwsFileInfoForPath(path)) {
    stats_.path = path;
    // Sniff the first bytes (kept in the window, nothing consumed).
    while (in_.data().size() < kSniffBytes && in_.Fill()) {
    }
    if (StripBom(in_.data()).size() != in_.data().size()) in_.Consume(3);
    stats_.kind = forced ? *forced : DetectKind(in_.data(), in_.eof());
    stats_.kind_forced = forced.has_value();
    switch (stats_.kind) {
      case InputKind::kCloudTrail:
        json_ = std::make_unique<JsonItemReader>(&in_, std::vector<std::string>{"Records"}, true,
                                                 limits_.max_item_bytes);
        break;
      case InputKind::kGuardDuty:
        json_ = std::make_unique<JsonItemReader>(&in_, std::vector<std::string>{"findings"}, true,
                                                 limits_.max_item_bytes);
        break;
      case InputKind::kJsonLines:
        json_ = std::make_unique<JsonItemReader>(&in_, std::vector<std::string>{}, false,
                                                 limits_.max_item_bytes);
        break;
      default:
        break;
    }
  }

  bool Next(InputRecord* out) override {
    while (true) {
      if (pending_pos_ < pending_.size()) {
        std::swap(*out, pending_[pending_pos_++]);
        return true;
      }
      pending_.clear();
      pending_pos_ = 0;
      if (done_) return false;
      if (!ReadUnit()) {
        Finish();
        done_ = true;
      }
    }
  }

  size_t max_buffer_bytes() const override { return in_.max_capacity(); }

 private:
  // Reads the next piece of input into pending_ (possibly nothing); false at the end.
  bool ReadUnit() {
    switch (stats_.kind) {
      case InputKind::kCloudTrail:
      case InputKind::kGuardDuty:
      case InputKind::kJsonLines:
        return ReadJsonUnit();
      case InputKind::kVpcFlow:
        return ReadVpcUnit();
      case InputKind::kSyslog:
      case InputKind::kQueue:
        return ReadTextUnit();
    }
    return false;
  }

  void Reject(const std::string& reason, uint64_t line, const std::string& message) {
    std::string r = reason;
    std::string m = message;
    // A damaged gzip stream explains a truncated last record: count it once, as the gzip error.
    if ((reason == "truncated_json") && !in_.stream().error().empty()) {
      r = in_.stream().error_reason();
      m = in_.stream().error();
      stream_error_counted_ = true;
      Fail(m);
    }
    stats_.records++;
    stats_.rejected[r]++;
    AddMessage(line, m);
  }

  void AddMessage(uint64_t line, const std::string& message) {
    if (stats_.messages.size() < limits_.max_messages) {
      stats_.messages.push_back(stats_.path + (line ? ":" + std::to_string(line) : "") + ": " +
                                message);
    } else {
      stats_.messages_dropped++;
    }
  }

  // The longest message a record at `location` can carry: its "<q>:<location>:<message>" must
  // fit in max_event_bytes.
  size_t EventBudget(std::string_view location) const {
    const size_t framing = location.size() + 3;
    return limits_.max_event_bytes > framing ? limits_.max_event_bytes - framing : 0;
  }

  // False, with the record rejected as "too_long", when a message built from JSON is longer
  // than `limit`; a cut JSON text would not decode.
  bool FitsOrReject(size_t size, size_t limit, uint64_t line) {
    if (size <= limit) return true;
    Reject("too_long", line,
           "record of " + std::to_string(size) + " bytes is longer than the " + std::to_string(limit) +
               " an event may carry");
    return false;
  }

  void Note(const std::string& key, uint64_t line, const std::string& message) {
    stats_.notes[key]++;
    if (!message.empty()) AddMessage(line, message);
  }

  void Fail(const std::string& message) {
    stats_.failed = true;
    if (stats_.error.empty()) stats_.error = stats_.path + ": " + message;
  }

  void Finish() {
    const ByteStream& s = in_.stream();
    if (!s.error().empty() && !stream_error_counted_) {
      stats_.records++;
      stats_.rejected[s.error_reason()]++;
      AddMessage(in_.line(), s.error());
      Fail(s.error());
    }
    if (stats_.records == 0 && stats_.notes.empty()) {
      stats_.records++;
      stats_.rejected["empty_file"]++;
      AddMessage(0, "empty file: no records");
    }
  }

  InputRecord& Emit(uint64_t line, std::string message, const std::string& location) {
    InputRecord& r = pending_.emplace_back();
    r.queue = '1';
    r.location = location;
    r.message = std::move(message);
    r.file = stats_.path;
    r.line = line;
    r.record = stats_.records - 1;  // index of the record being accepted
    stats_.events++;
    return r;
  }

  void AcceptRecord() {
    stats_.records++;
    stats_.accepted++;
  }

  // ---- JSON kinds ----

  bool ReadJsonUnit() {
    JsonItemReader::Item item;
    std::string reason, message;
    uint64_t line = 0;
    uint64_t empty_before = json_->empty_containers();
    JsonItemReader::Status st = json_->Next(&item, &reason, &message, &line);
    if (json_->empty_containers() != empty_before) {
      Note(stats_.kind == InputKind::kGuardDuty ? "empty_findings_list" : "empty_records", line,
           "");
    }
    if (st == JsonItemReader::Status::kEnd) return false;
    if (st == JsonItemReader::Status::kError) {
      Reject(reason, line, message);
      return true;
    }
    if (!doc_.Parse(item.text)) {
      if (doc_.too_deep()) {
        Reject("json_too_deep", item.line,
               "JSON nested deeper than " + std::to_string(json::kNestingLimit) +
                   " levels (cJSON refuses it)");
      } else {
        Reject("invalid_json", item.line, "invalid JSON: the record does not parse");
      }
      return true;
    }
    json::Element root = doc_.root();
    switch (stats_.kind) {
      case InputKind::kCloudTrail:
        CloudTrailItem(root, item);
        break;
      case InputKind::kGuardDuty:
        GuardDutyItem(root, item.line);
        break;
      default:
        JsonLinesItem(root, item);
        break;
    }
    return true;
  }

  void CloudTrailItem(json::Element root, const JsonItemReader::Item& item) {
    if (!item.in_container && root.IsObject()) {
      json::Element records = Member(root, "Records");
      if (records) {  // a wrapper whose "Records" is not its first member
        if (!records.IsArray()) {
          Reject("not_an_array", item.line, "\"Records\" is not an array");
          return;
        }
        if (!records.first_child()) Note("empty_records", item.line, "");
        for (json::Element r = records.first_child(); r; r = r.next()) {
          CloudTrailRecord(r, item.line);
        }
        return;
      }
      if (IsDigest(root)) {
        Note("cloudtrail_digest_skipped", item.line, "CloudTrail digest file skipped");
        return;
      }
    }
    CloudTrailRecord(root, item.line);
  }

  void CloudTrailRecord(json::Element rec, uint64_t line) {
    if (!rec.IsObject()) {
      Reject("not_an_object", line, "a CloudTrail record must be a JSON object");
      return;
    }
    std::string message = CloudTrailMessage(rec.ToValue(), aws_);
    if (!FitsOrReject(message.size(), limits_.max_aws_record_bytes, line)) return;
    AcceptRecord();
    InputRecord& r = Emit(line, std::move(message), kAwsLocation);
    json::Element t = Member(rec, "eventTime");
    if (t) SetTime(t.ToValue(), &r);
  }

  void GuardDutyItem(json::Element root, uint64_t line) {
    if (root.IsObject()) {
      json::Element findings = Member(root, "findings");
      if (findings && findings.IsArray()) {
        if (!findings.first_child()) Note("empty_findings_list", line, "");
        for (json::Element f = findings.first_child(); f; f = f.next()) GuardDutyRecord(f, line);
        return;
      }
    }
    GuardDutyRecord(root, line);
  }

  void GuardDutyRecord(json::Element e, uint64_t line) {
    if (!e.IsObject()) {
      Reject("not_an_object", line, "a GuardDuty finding must be a JSON object");
      return;
    }
    json::Element finding = e;
    std::string source;
    if (IsEventBridge(e) && !IsGuardDutyFinding(e)) {
      finding = Member(e, "detail");
      if (!finding || !finding.IsObject()) {
        Reject("eventbridge_without_detail", line,
               "EventBridge event without a \"detail\" object (Wazuh drops it too)");
        return;
      }
      json::Element s = Member(e, "source");
      if (s && s.type() == json::Type::kString) {
        source = std::string(s.string());
        for (size_t p; (p = source.find("aws.")) != std::string::npos;) source.erase(p, 4);
      }
    }
    if (source.empty()) {
      json::Element name = Member(Member(finding, "service"), "serviceName");
      source = name && name.type() == json::Type::kString ? std::string(name.string()) : "guardduty";
    }
    messages_.clear();
    GuardDutyMessages(finding.ToValue(), source, aws_, &messages_);
    size_t longest = 0;
    for (const std::string& m : messages_) longest = std::max(longest, m.size());
    if (!FitsOrReject(longest, limits_.max_aws_record_bytes, line)) return;
    AcceptRecord();
    int64_t ms = 0;
    bool has_time = false;
    for (json::Element t : {Member(finding, "updatedAt"),
                            Member(Member(finding, "service"), "eventLastSeen"),
                            Member(finding, "createdAt")}) {
      if (t && ParseTimeValue(t.ToValue(), &ms)) {
        has_time = true;
        break;
      }
    }
    for (std::string& m : messages_) {
      InputRecord& r = Emit(line, std::move(m), kAwsLocation);
      r.has_event_time = has_time;
      r.event_time_ms = ms;
    }
  }

  void JsonLinesItem(json::Element root, const JsonItemReader::Item& item) {
    std::string message;
    if (item.text.find('\n') == std::string_view::npos) {
      message.assign(item.text);
    } else {
      json::AppendUnformatted(root, &message);  // a multi-line value becomes one line
    }
    const size_t limit = std::min(limits_.max_line_bytes, EventBudget(stats_.path));
    if (!FitsOrReject(message.size(), limit, item.line)) return;
    AcceptRecord();
    Emit(item.line, std::move(message), stats_.path);
  }

  static void SetTime(const json::Value& v, InputRecord* r) {
    int64_t ms = 0;
    if (ParseTimeValue(v, &ms)) {
      r->has_event_time = true;
      r->event_time_ms = ms;
    }
  }

  // ---- line kinds ----

  // The next line without its end of line ('\n', "\r\n"); false at the end of the file. A
  // line longer than `max` bytes keeps its first `max` (*full_size is then the whole line's
  // size, else 0); the rest is skipped without being buffered.
  bool ReadLine(size_t max, std::string_view* line, uint64_t* line_no, uint64_t* full_size) {
    *full_size = 0;
    size_t scanned = 0;
    while (true) {
      std::string_view d = in_.data();
      size_t nl = d.find('\n', scanned);
      if (nl != std::string_view::npos ? nl > max : d.size() > max) {
        *line_no = in_.line();
        long_line_.assign(d.substr(0, max));
        *line = long_line_;
        *full_size = SkipRestOfLine(max);
        return true;
      }
      if (nl != std::string_view::npos) {
        *line_no = in_.line();
        *line = d.substr(0, nl);
        in_.Consume(nl + 1);
        break;
      }
      scanned = d.size();
      if (!in_.Fill()) {
        d = in_.data();
        if (d.empty()) return false;
        *line_no = in_.line();
        *line = d;
        in_.Consume(d.size());
        break;
      }
    }
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    return true;
  }

  // Consumes the current line (its first `kept` bytes included) through its '\n', reading on
  // as needed. Returns the line's size without the '\n'.
  uint64_t SkipRestOfLine(size_t kept) {
    uint64_t size = 0;
    in_.Consume(kept);
    size += kept;
    while (true) {
      std::string_view d = in_.data();
      size_t nl = d.find('\n');
      if (nl != std::string_view::npos) {
        in_.Consume(nl + 1);
        return size + nl;
      }
      in_.Consume(d.size());
      size += d.size();
      if (!in_.Fill()) return size;
    }
  }

  void NoteTruncated(uint64_t line, uint64_t full_size, size_t kept, const char* why) {
    stats_.truncated++;
    AddMessage(line, "line of " + std::to_string(full_size) + " bytes cut to its first " +
                         std::to_string(kept) + " (" + why + ")");
  }

  bool ReadTextUnit() {
    std::string_view line;
    uint64_t no = 0;
    uint64_t full_size = 0;
    const bool queue = stats_.kind == InputKind::kQueue;
    // A queue line is the framed event itself; a syslog line is also cut so that its framed
    // event fits.
    const size_t max = queue ? limits_.max_event_bytes
                             : std::min(limits_.max_line_bytes, EventBudget(stats_.path));
    if (!ReadLine(max, &line, &no, &full_size)) return false;
    if (line.empty()) return true;
    if (full_size > 0) {
      NoteTruncated(no, full_size, line.size(),
                    queue || line.size() < limits_.max_line_bytes ? "the longest event analysisd reads"
                                                                 : "the longest line logcollector sends");
    }
    if (queue) {
      if (!IsQueueLine(line)) {
        Reject("bad_framing", no, "not Wazuh queue framing \"<q>:<location>:<message>\"");
        return true;
      }
      size_t colon = line.find(':', 2);
      AcceptRecord();
      InputRecord& r = Emit(no, std::string(line.substr(colon + 1)),
                            std::string(line.substr(2, colon - 2)));
      r.queue = line[0];
      return true;
    }
    AcceptRecord();
    InputRecord& r = Emit(no, std::string(line), stats_.path);
    int64_t ms = 0;
    if (ParseIsoTimePrefix(line, &ms) > 0) {
      r.has_event_time = true;
      r.event_time_ms = ms;
    }
    return true;
  }

  bool ReadVpcUnit() {
    std::string_view line;
    uint64_t no = 0;
    uint64_t full_size = 0;
    if (!ReadLine(limits_.max_line_bytes, &line, &no, &full_size)) return false;
    if (full_size > 0) NoteTruncated(no, full_size, line.size(), "the longest line read");
    SplitFields(line, &tokens_);
    if (tokens_.empty()) return true;
    if (IsVpcHeader(tokens_)) {
      std::vector<std::string> schema(tokens_.begin(), tokens_.end());
      if (schema_.empty()) {
        Note("vpc_header", no, "");
      } else if (schema == schema_) {
        Note("vpc_header_repeated", no, "");
      } else {
        Note("vpc_schema_changed", no, "flow-log header with a new format: schema switched");
      }
      schema_ = std::move(schema);
      schema_line_ = no;
      return true;
    }
    if (schema_.empty()) {
      if (!IsHeaderlessV2(tokens_)) {
        Reject("vpc_no_header", no,
               "flow-log record before any header line (and not the default v2 format)");
        return true;
      }
      schema_.assign(std::begin(kDefaultV2Fields), std::end(kDefaultV2Fields));
      Note("vpc_no_header_default_v2", no, "no header line: the default v2 format is assumed");
    }
    if (tokens_.size() != schema_.size()) {
      Reject("field_count", no,
             "flow-log record has " + std::to_string(tokens_.size()) + " fields, the header (line " +
                 std::to_string(schema_line_) + ") names " + std::to_string(schema_.size()));
      return true;
    }
    fields_.clear();
    int64_t start_ms = 0;
    bool has_time = false;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      fields_.emplace_back(schema_[i], tokens_[i]);
      if (schema_[i] == "start") {
        json::Value v = json::Value::String(tokens_[i]);
        long long secs = 0;
        std::string_view t = tokens_[i];
        auto res = std::from_chars(t.data(), t.data() + t.size(), secs);
        if (res.ec == std::errc() && res.ptr == t.data() + t.size()) {
          has_time = true;
          start_ms = secs * 1000;
        }
      }
    }
    std::string message = VpcFlowMessage(fields_, aws_);
    if (!FitsOrReject(message.size(), limits_.max_aws_record_bytes, no)) return true;
    AcceptRecord();
    InputRecord& r = Emit(no, std::move(message), kAwsLocation);
    r.has_event_time = has_time;
    r.event_time_ms = start_ms;
    return true;
  }

  ReaderLimits limits_;
  InputBuffer in_;
  AwsFileInfo aws_;
  std::unique_ptr<JsonItemReader> json_;
  json::Document doc_;
  std::vector<InputRecord> pending_;
  size_t pending_pos_ = 0;
  bool done_ = false;
  bool stream_error_counted_ = false;
  std::vector<std::string> messages_;
  std::string long_line_;  // the kept part of a line longer than the limit
  // VPC state.
  std::vector<std::string> schema_;
  uint64_t schema_line_ = 0;
  std::vector<std::string_view> tokens_;
  std::vector<std::pair<std::string_view, std::string_view>> fields_;
};

void ExpandOne(const std::string& path, std::optional<InputKind> kind,
               std::vector<ExpandedInput>* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    out->push_back({path, kind, path + ": cannot open: " + (ec ? ec.message() : "no such file")});
    return;
  }
  if (!fs::is_directory(st)) {
    out->push_back({path, kind, ""});
    return;
  }
  std::vector<std::string> entries;
  fs::directory_iterator it(path, ec);
  if (ec) {
    out->push_back({path, kind, path + ": cannot read directory: " + ec.message()});
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    entries.push_back(it->path().string());
  }
  if (ec) {
    out->push_back({path, kind, path + ": cannot read directory: " + ec.message()});
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const std::string& e : entries) {
    fs::file_status es = fs::status(e, ec);
    if (!ec && !fs::is_directory(es) && !fs::is_regular_file(es)) continue;  // sockets, fifos
    ExpandOne(e, kind, out);
  }
}

}  // namespace

std::string_view KindName(InputKind kind) {
  switch (kind) {
    case InputKind::kCloudTrail:
      return "cloudtrail";
    case InputKind::kVpcFlow:
      return "vpcflow";
    case InputKind::kGuardDuty:
      return "guardduty";
    case InputKind::kSyslog:
      return "syslog";
    case InputKind::kJsonLines:
      return "jsonl";
    case InputKind::kQueue:
      return "queue";
  }
  return "syslog";
}

std::optional<InputKind> ParseKindName(std::string_view name) {
  for (InputKind k : {InputKind::kCloudTrail, InputKind::kVpcFlow, InputKind::kGuardDuty,
                      InputKind::kSyslog, InputKind::kJsonLines, InputKind::kQueue}) {
    if (KindName(k) == name) return k;
  }
  if (name == "json") return InputKind::kJsonLines;
  return std::nullopt;
}

InputSpec ParseInputSpec(std::string_view arg) {
  size_t colon = arg.find(':');
  if (colon != std::string_view::npos) {
    std::optional<InputKind> k = ParseKindName(arg.substr(0, colon));
    if (k) return {std::string(arg.substr(colon + 1)), k};
  }
  return {std::string(arg), std::nullopt};
}

std::vector<ExpandedInput> ExpandInputs(const std::vector<InputSpec>& specs) {
  std::vector<ExpandedInput> out;
  for (const InputSpec& s : specs) ExpandOne(s.path, s.kind, &out);
  return out;
}

uint64_t SourceStats::TotalRejected() const {
  uint64_t n = 0;
  for (const auto& [reason, count] : rejected) n += count;
  return n;
}

InputKind DetectKind(std::string_view head, bool at_eof) {
  head = StripBom(head);
  size_t i = 0;
  while (i < head.size() && IsSpace(head[i])) ++i;
  head.remove_prefix(i);
  if (head.empty()) return InputKind::kSyslog;
  // A text line may start with '[' too (Apache's "[Sun Dec 04 ...] [notice]"): JSON only when
  // the first value parses, or, when it is longer than the sniffed bytes, looks like JSON.
  bool json_like = head[0] == '{' || head[0] == '[';
  if (json_like && head[0] == '[') {
    size_t k = 1;
    while (k < head.size() && IsSpace(head[k])) ++k;
    json_like = k >= head.size() || std::string_view("{[\"]-0123456789tfn").find(head[k]) != std::string_view::npos;
  }
  ValueScanner scanner;
  const bool scanner_done = json_like && scanner.Scan(head, at_eof) == ValueScanner::Result::kDone;
  if (scanner_done) {
    json::Document doc;
    if (doc.Parse(head.substr(0, scanner.end()))) {
      std::optional<InputKind> k = ClassifyJson(doc.root());
      return k ? *k : InputKind::kJsonLines;
    }
    // A complete first value that does not parse: a damaged AWS file when it has their keys
    // (its records are then rejected one by one), else a text file.
  }
  if (json_like) {
    // The first value is larger than the sniffed bytes (or broken): look for telltale keys.
    auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
    if (has("\"Records\"") || has("\"digestStartTime\"") || has("\"eventVersion\"") ||
        has("\"eventSource\"")) {
      return InputKind::kCloudTrail;
    }
    if (has("\"findings\"") || has("\"schemaVersion\"") || has("\"aws.guardduty\"")) {
      return InputKind::kGuardDuty;
    }
    if (!scanner_done) return InputKind::kJsonLines;
  }
  std::string_view first = head.substr(0, head.find('\n'));
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  std::vector<std::string_view> tokens;
  SplitFields(first, &tokens);
  if (IsVpcHeader(tokens) || IsHeaderlessV2(tokens)) return InputKind::kVpcFlow;
  if (IsQueueLine(first)) return InputKind::kQueue;
  return InputKind::kSyslog;
}

std::unique_ptr<Source> Source::Open(const std::string& path, std::optional<InputKind> forced,
                                     std::string* error, const ReaderLimits& limits) {
  std::unique_ptr<ByteStream> stream = ByteStream::Open(path, error);
  if (!stream) return nullptr;
  return std::make_unique<FileSource>(path, std::move(stream), forced, limits);
}

SourceStats UnreadableStats(const std::string& path, std::optional<InputKind> kind,
                            const std::string& error) {
  SourceStats s;
  s.path = path;
  if (kind) {
    s.kind = *kind;
    s.kind_forced = true;
  }
  s.records = 1;
  s.rejected["unreadable"] = 1;
  s.messages.push_back(error);
  s.failed = true;
  s.error = error;
  return s;
}

bool InputReader::Next(InputRecord* out) {
  while (true) {
    if (current_) {
      if (current_->Next(out)) return true;
      stats_.back() = current_->stats();
      current_.reset();
    }
    if (next_ >= inputs_.size()) return false;
    const ExpandedInput& in = inputs_[next_++];
    std::string error = in.error;
    if (error.empty()) current_ = Source::Open(in.path, in.kind, &error, limits_);
    if (!current_) {
      stats_.push_back(UnreadableStats(in.path, in.kind, error));
      continue;
    }
    stats_.push_back(current_->stats());
  }
}

std::vector<std::string> InputReader::Errors() const {
  std::vector<std::string> errors;
  for (const SourceStats& s : stats_) {
    if (s.failed) errors.push_back(s.error);
  }
  return errors;
}

}  // namespace tripline::input
