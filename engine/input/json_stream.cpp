#include "input/json_stream.h"

namespace tripline::input {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

ValueScanner::Result ValueScanner::Scan(std::string_view s, bool at_eof) {
  size_t i = offset_;
  if (!started_ && i < s.size()) {
    started_ = true;
    container_ = s[0] == '{' || s[0] == '[';
    in_string_ = s[0] == '"';
    depth_ = container_ ? 1 : 0;
    i = 1;
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (in_string_) {
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;
      } else if (c == '"') {
        in_string_ = false;
        if (!container_) {
          end_ = i + 1;
          return Result::kDone;
        }
      }
      if (c == '\n' && resync_ && i + 1 < s.size() && s[i + 1] == '{') {
        end_ = i + 1;
        return Result::kBad;
      }
      continue;
    }
    if (!container_) {  // a scalar ends at a delimiter
      if (IsSpace(c) || c == ',' || c == ']' || c == '}') {
        end_ = i;
        return Result::kDone;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string_ = true;
        break;
      case '{':
      case '[':
        ++depth_;
        break;
      case '}':
      case ']':
        if (--depth_ == 0) {
          end_ = i + 1;
          return Result::kDone;
        }
        break;
      case '\n':
        if (resync_ && i + 1 < s.size() && s[i + 1] == '{') {
          end_ = i + 1;
          return Result::kBad;
        }
        break;
      default:
        break;
    }
  }
  // A newline at the very end of the buffer: the resync check needs the next byte.
  offset_ = (resync_ && !s.empty() && s.back() == '\n' && !at_eof) ? s.size() - 1 : s.size();
  if (at_eof && started_ && !container_ && !in_string_) {
    end_ = s.size();
    return Result::kDone;
  }
  return Result::kMore;
}

bool JsonItemReader::SkipSpace() {
  while (true) {
    std::string_view d = in_->data();
    size_t i = 0;
    while (i < d.size() && IsSpace(d[i])) ++i;
    in_->Consume(i);
    if (i < d.size()) return true;
    if (!in_->Fill()) return false;
  }
}

JsonItemReader::Peek JsonItemReader::PeekContainerKey(size_t* after) {
  std::string_view d = in_->data();
  size_t i = 1;
  auto skip = [&] {
    while (i < d.size() && IsSpace(d[i])) ++i;
    return i < d.size();
  };
  if (!skip()) return Peek::kMore;
  if (d[i] != '"') return Peek::kNoMatch;
  size_t key_start = ++i;
  while (i < d.size() && d[i] != '"' && d[i] != '\\') ++i;
  if (i >= d.size()) return Peek::kMore;
  if (d[i] == '\\') return Peek::kNoMatch;
  std::string_view key = d.substr(key_start, i - key_start);
  bool known = false;
  for (const std::string& k : container_keys_) known = known || key == k;
  if (!known) return Peek::kNoMatch;
  ++i;
  if (!skip()) return Peek::kMore;
  if (d[i] != ':') return Peek::kNoMatch;
  ++i;
  if (!skip()) return Peek::kMore;
  if (d[i] != '[') return Peek::kNoMatch;
  *after = i + 1;
  return Peek::kMatch;
}

size_t JsonItemReader::ScanValue(bool resync, std::string* reason, std::string* message) {
  ValueScanner scanner(resync);
  while (true) {
    std::string_view d = in_->data();
    ValueScanner::Result r = scanner.Scan(d, in_->eof());
    if (r == ValueScanner::Result::kDone) return scanner.end();
    if (r == ValueScanner::Result::kBad) {
      *reason = "invalid_json";
      *message = "invalid JSON: the value is not closed before the next line starting with '{'";
      in_->Consume(scanner.end());
      return 0;
    }
    if (d.size() > max_item_bytes_) {
      *reason = "too_large";
      *message = "record larger than " + std::to_string(max_item_bytes_) +
                 " bytes; the rest of the file is skipped";
      in_->Consume(d.size());
      state_ = State::kFailed;
      return 0;
    }
    if (!in_->eof()) {
      in_->Fill();
      continue;
    }
    {
      *reason = "truncated_json";
      *message = "truncated JSON: the file ends inside a value";
      in_->Consume(in_->data().size());
      state_ = State::kFailed;
      return 0;
    }
  }
}

JsonItemReader::Status JsonItemReader::Next(Item* item, std::string* reason,
                                            std::string* message, uint64_t* line) {
  while (true) {
    switch (state_) {
      case State::kFailed:
        return Status::kEnd;
      case State::kTop: {
        if (!SkipSpace()) return Status::kEnd;
        char c = in_->data()[0];
        *line = in_->line();
        if (c == '[' && dive_arrays_) {
          in_->Consume(1);
          state_ = State::kArray;
          wrapper_ = false;
          expect_comma_ = false;
          continue;
        }
        if (c == '{' && !container_keys_.empty()) {
          size_t after = 0;
          Peek p;
          while ((p = PeekContainerKey(&after)) == Peek::kMore && in_->data().size() < 4096) {
            if (!in_->Fill()) break;
          }
          if (p == Peek::kMatch) {
            in_->Consume(after);
            state_ = State::kArray;
            wrapper_ = true;
            expect_comma_ = false;
            continue;
          }
        }
        if (c != '{' && c != '[') {
          std::string_view d = in_->data();
          size_t eol = d.find('\n');
          while (eol == std::string_view::npos && d.size() < max_item_bytes_ && in_->Fill()) {
            d = in_->data();
            eol = d.find('\n');
          }
          in_->Consume(eol == std::string_view::npos ? d.size() : eol + 1);
          *reason = "invalid_json";
          *message = std::string("invalid JSON: expected an object or an array, found '") + c + "'";
          return Status::kError;
        }
        size_t n = ScanValue(true, reason, message);
        if (n == 0) return Status::kError;
        item->text = in_->data().substr(0, n);
        item->line = *line;
        item->in_container = false;
        in_->Consume(n);
        return Status::kItem;
      }
      case State::kArray: {
        if (!SkipSpace()) {
          *line = in_->line();
          *reason = "truncated_json";
          *message = "truncated JSON: the file ends inside the records array";
          state_ = State::kFailed;
          return Status::kError;
        }
        char c = in_->data()[0];
        if (c == ']') {
          if (!expect_comma_) ++empty_containers_;
          in_->Consume(1);
          state_ = wrapper_ ? State::kWrapperRest : State::kTop;
          continue;
        }
        if (expect_comma_) {
          if (c == ',') {
            in_->Consume(1);
            expect_comma_ = false;
            continue;
          }
          *line = in_->line();
          *reason = "invalid_json";
          *message = std::string("invalid JSON: expected ',' or ']' in the records array, found '") +
                     c + "'; the rest of the file is skipped";
          in_->Consume(in_->data().size());
          while (in_->Fill()) in_->Consume(in_->data().size());
          state_ = State::kFailed;
          return Status::kError;
        }
        *line = in_->line();
        size_t n = ScanValue(false, reason, message);
        if (n == 0) return Status::kError;
        item->text = in_->data().substr(0, n);
        item->line = *line;
        item->in_container = true;
        in_->Consume(n);
        expect_comma_ = true;
        return Status::kItem;
      }
      case State::kWrapperRest: {
        ValueScanner scanner;
        scanner.StartInsideObject();
        *line = in_->line();
        while (true) {
          ValueScanner::Result r = scanner.Scan(in_->data(), in_->eof());
          if (r == ValueScanner::Result::kDone) {
            in_->Consume(scanner.end());
            state_ = State::kTop;
            break;
          }
          if (in_->data().size() > max_item_bytes_ || !in_->Fill()) {
            in_->Consume(in_->data().size());
            *reason = "truncated_json";
            *message = "truncated JSON: the file ends inside the wrapper object";
            state_ = State::kFailed;
            return Status::kError;
          }
        }
        continue;
      }
    }
  }
}

}  // namespace tripline::input
