#include "serve/logtest_service.h"

#include "base/limit_counters.h"
#include "json/cjson.h"
#include "serve/protocol.h"

namespace tripline::serve {
namespace {

// Wazuh's response codes (`error`).
constexpr int kSuccess = 0;
constexpr int kErrorParsing = 1;
constexpr int kInvalidJson = 2;
constexpr int kCommandNotAllowed = 3;
constexpr int kInvalidToken = 4;

constexpr size_t kTokenLength = 8;

std::string Quoted(const char* code_and_text_before, const std::string& value, const char* after) {
  return std::string(code_and_text_before) + "'" + value + "'" + after;
}

std::string FieldNotFound(const char* field) { return Quoted("(7313): ", field, " JSON field not found"); }
std::string FieldNotValid(const char* field) { return Quoted("(7317): ", field, " JSON field value is not valid"); }
std::string FieldRequired(const char* field) {
  return Quoted("(7308): ", field, " JSON field is required and must be a string");
}
std::string InvalidToken(const std::string& token) { return Quoted("(7309): ", token, " is not a valid token"); }

bool IsNonEmptyString(const json::Value* v) { return v && v->IsString() && !v->string().empty(); }

// codemsg: -1 when some message is an ERROR, else 1 when some is a WARNING, else 0.
int CodeOf(const std::vector<std::string>& messages) {
  int code = 0;
  for (const std::string& m : messages) {
    if (m.rfind("ERROR: ", 0) == 0) return -1;
    if (m.rfind("WARNING: ", 0) == 0) code = 1;
  }
  return code;
}

json::Value StringArray(const std::vector<std::string>& items) {
  json::Value a = json::Value::Array();
  for (const std::string& s : items) a.AddItemToArray(json::Value::String(s));
  return a;
}

std::string_view CutAtNul(std::string_view text) {
  size_t nul = text.find('\0');
  return nul == std::string_view::npos ? text : text.substr(0, nul);
}

}  // namespace

timespec RealTimeNow() {
  timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return now;
}

LogtestService::LogtestService(std::shared_ptr<const Ruleset> ruleset, ServiceOptions opts)
    : opts_(std::move(opts)),
      sessions_(opts_.max_sessions, opts_.session_timeout),
      ruleset_(std::move(ruleset)) {}

void LogtestService::SetRuleset(std::shared_ptr<const Ruleset> ruleset) {
  std::lock_guard<std::mutex> lock(ruleset_mu_);
  ruleset_ = std::move(ruleset);
}

std::shared_ptr<const Ruleset> LogtestService::ruleset() const {
  std::lock_guard<std::mutex> lock(ruleset_mu_);
  return ruleset_;
}

bool ReloadRuleset(LogtestService* service, const RulesetSources& sources, const RulesetOptions& opts,
                   std::string* report) {
  Diagnostics diags;
  std::shared_ptr<const Ruleset> ruleset = Ruleset::Load(sources, opts, &diags);
  *report = diags.RenderAll();
  if (!ruleset) return false;
  service->SetRuleset(std::move(ruleset));
  return true;
}

size_t LogtestService::ExpireIdle() { return sessions_.ExpireIdle(opts_.clock().tv_sec); }

std::optional<std::string> LogtestService::HandleBytes(std::string_view received) {
  if (received.size() < 4) return std::nullopt;
  uint32_t length = DecodeLength(reinterpret_cast<const unsigned char*>(received.data()));
  if (length > kMaxPayload) {
    CountLimitHit(LimitCounter::kLogtestOversize);
    return Frame(OversizeReply());
  }
  if (length == 0 || received.size() - 4 < length) return std::nullopt;
  return Frame(HandleRequest(received.substr(4, length)));
}

std::string LogtestService::HandleRequest(std::string_view payload) {
  // The service reads the payload as a C string.
  std::string_view text = CutAtNul(payload);
  json::Value data = json::Value::Object();
  std::string error_message;
  int error = kSuccess;

  json::Value root;
  const json::Value* params = nullptr;
  const json::Value* command = nullptr;
  if (!json::Parse(text, &root)) {
    error = kErrorParsing;
    error_message = JsonParseErrorMessage(text);
  } else if (params = root.GetObjectItemCaseSensitive("parameters"); !params) {
    error = kInvalidJson;
    error_message = FieldNotFound("parameters");
  } else if (!params->IsObject()) {
    error = kInvalidJson;
    error_message = FieldNotValid("parameters");
  } else if (command = root.GetObjectItemCaseSensitive("command"); !command) {
    error = kInvalidJson;
    error_message = FieldNotFound("command");
  } else if (!command->IsString()) {
    error = kInvalidJson;
    error_message = FieldNotValid("command");
  } else if (command->string() == "remove_session") {
    const json::Value* token = params->GetObjectItemCaseSensitive("token");
    if (!token || !token->IsString()) {
      error = kInvalidToken;
      error_message = "(7316): Failure to remove session. token JSON field must be a string";
    } else if (token->string().size() != kTokenLength) {
      error = kInvalidToken;
      error_message = InvalidToken(token->string());
    } else {
      data.AddNumberToObject("codemsg", RemoveSession(*params, &data));
    }
  } else if (command->string() == "log_processing") {
    std::vector<std::string> warnings;
    const json::Value* event = params->GetObjectItemCaseSensitive("event");
    if (!IsNonEmptyString(params->GetObjectItemCaseSensitive("location"))) {
      error = kInvalidJson;
      error_message = FieldRequired("location");
    } else if (!IsNonEmptyString(params->GetObjectItemCaseSensitive("log_format"))) {
      error = kInvalidJson;
      error_message = FieldRequired("log_format");
    } else if (!event) {
      error = kInvalidJson;
      error_message = FieldNotFound("event");
    } else if (!IsNonEmptyString(event) && !(event->IsObject() && event->size() > 0)) {
      error = kInvalidJson;
      error_message = FieldNotValid("event");
    } else {
      data.AddNumberToObject("codemsg", LogProcessing(*params, &data, &warnings));
    }
  } else {
    error = kCommandNotAllowed;
    error_message = "(7306): Unable to process command";
  }

  json::Value reply = json::Value::Object();
  if (!error_message.empty()) reply.AddStringToObject("message", error_message);
  reply.AddNumberToObject("error", error);
  reply.AddItemToObject("data", error == kSuccess ? std::move(data) : json::Value::Object());
  return json::PrintUnformatted(reply);
}

int LogtestService::LogProcessing(const json::Value& params, json::Value* data, std::vector<std::string>* messages) {
  // Request checks that only warn: a token that is not an 8-byte string is dropped, and so are
  // options that are not an object.
  const json::Value* token = params.GetObjectItemCaseSensitive("token");
  if (token && !(token->IsString() && token->string().size() == kTokenLength)) {
    messages->push_back("WARNING: " + InvalidToken(token->IsString() ? token->string() : json::PrintUnformatted(*token)));
    token = nullptr;
  }
  const json::Value* options = params.GetObjectItemCaseSensitive("options");
  if (options && !options->IsObject()) {
    messages->push_back("WARNING: (7005): 'options' field must be a JSON object. The parameter will be ignored");
    options = nullptr;
  }

  const timespec now = opts_.clock();
  sessions_.ExpireIdle(now.tv_sec);
  std::shared_ptr<SessionEntry> entry;
  std::unique_lock<std::mutex> in_use;
  if (token) {
    entry = sessions_.Find(token->string(), now.tv_sec);
    if (entry) {
      in_use = std::unique_lock<std::mutex>(entry->mutex);
    } else {
      messages->push_back("WARNING: (7003): '" + token->string() + "' token expires");
    }
  }
  bool created = false;
  if (!entry) {
    entry = sessions_.CreateLocked(ruleset(), opts_.logtest, now.tv_sec);
    in_use = std::unique_lock<std::mutex>(entry->mutex, std::adopt_lock);
    created = true;
    // Wazuh reports the ruleset's load messages, then the new token.
    for (const std::string& w : entry->ruleset->session_warnings()) messages->push_back(w);
    messages->push_back("INFO: (7202): Session initialized with token '" + entry->token + "'");
  }
  std::vector<std::string> all = *messages;
  if (!messages->empty()) data->AddItemToObject("messages", StringArray(*messages));
  data->AddStringToObject("token", entry->token);

  std::vector<std::string> later;
  bool rules_debug = false;
  if (const json::Value* rd = options ? options->GetObjectItemCaseSensitive("rules_debug") : nullptr) {
    if (rd->IsBool()) {
      rules_debug = rd->IsTrue();
    } else {
      later.push_back("WARNING: (7006): 'rules_debug' field must be a boolean. The parameter will be ignored");
    }
  }

  const json::Value& event = *params.GetObjectItemCaseSensitive("event");
  std::string event_text = event.IsString() ? event.string() : json::PrintUnformatted(event);
  LogtestReply reply;
  entry->session->Process(params.GetObjectItemCaseSensitive("location")->string(), event_text, rules_debug, now,
                          &reply);
  in_use.unlock();

  // A session's first reply starts with its initialization messages, reported above already.
  size_t skip = 0;
  if (created && !reply.messages.empty() && reply.messages[0].rfind("INFO: (7202)", 0) == 0) {
    skip = std::min(reply.messages.size(), 1 + entry->ruleset->session_warnings().size());
  }
  later.insert(later.end(), reply.messages.begin() + static_cast<ptrdiff_t>(skip), reply.messages.end());

  if (reply.has_output) data->AddItemToObject("output", std::move(reply.output));
  if (rules_debug) data->AddItemToObject("rules_debug", StringArray(reply.rules_debug));
  if (!later.empty()) {
    json::Value* arr = data->GetObjectItemCaseSensitive("messages");
    if (!arr) arr = &data->AddItemToObject("messages", json::Value::Array());
    for (const std::string& m : later) arr->AddItemToArray(json::Value::String(m));
    all.insert(all.end(), later.begin(), later.end());
  }
  int codemsg = CodeOf(all);
  if (codemsg >= 0) data->AddBoolToObject("alert", reply.alert);
  return codemsg;
}

int LogtestService::RemoveSession(const json::Value& params, json::Value* data) {
  const std::string& token = params.GetObjectItemCaseSensitive("token")->string();
  std::string message;
  switch (sessions_.Remove(token)) {
    case SessionStore::RemoveResult::kRemoved:
      message = "INFO: (7206): The session '" + token + "' was closed successfully";
      break;
    case SessionStore::RemoveResult::kNotFound:
      message = "ERROR: (7004): No session found for token '" + token + "'";
      break;
    case SessionStore::RemoveResult::kBusy:
      message = "ERROR: (7318): Failure to remove session '" + token + "'";
      break;
  }
  data->AddItemToObject("messages", StringArray({message}));
  return CodeOf({message});
}

}  // namespace tripline::serve
