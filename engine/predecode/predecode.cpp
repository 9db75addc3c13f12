// Pre-decoding (docs/wazuh-semantics.md §1.2-1.4).
//
// The header is recognised by fixed byte positions only. Parsing works on ev->log_buf like a C
// string: it writes NULs where Wazuh does (timestamp, hostname and program-name terminators, ASL
// entries), and every extracted value is the C string starting at its offset in log_buf.
#include "predecode/predecode.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "base/limit_counters.h"

namespace tripline {
namespace {

constexpr char kEscape = '|';
constexpr size_t kNone = std::string_view::npos;
// The header conditions look at message bytes 0..31 only.
constexpr size_t kProbeSize = 32;

std::string_view CString(std::string_view s) {
  size_t nul = s.find('\0');
  return nul == kNone ? s : s.substr(0, nul);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z'); }

// Wazuh's isValidChar (os_regex hostname_map): A-Z a-z 0-9 - . _ / @ ( ). No byte >= 0x80.
constexpr std::array<bool, 256> kHostChars = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 'a' + 'A'] = true;
  for (unsigned char c : {'-', '.', '_', '/', '@', '(', ')'}) t[c] = true;
  return t;
}();
bool IsHostChar(char c) { return kHostChars[static_cast<unsigned char>(c)]; }

// Index of the first ':' not escaped by '|' (a '|' escapes the byte after it), or kNone.
size_t FindUnescapedColon(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':') return i;
    if (s[i] == kEscape) ++i;
  }
  return kNone;
}

// "|x" -> "x", "||" -> "|", a trailing lone '|' is kept; the result is capped at kLocationCap.
void UnescapeLocation(std::string_view s, std::string* out) {
  out->clear();
  size_t i = 0;
  for (; i < s.size() && out->size() < kLocationCap; ++i) {
    if (s[i] == kEscape && i + 1 < s.size()) ++i;
    out->push_back(s[i]);
  }
  if (i < s.size()) CountLimitHit(LimitCounter::kLocationTruncated);
}

// The header families of §1.3, in the order Wazuh tries them.
enum class Header { kNone, kSyslog, kXferlog, kSnort, kSuricata, kApache, kAsl, kSquid };

// Classifies the message by its first bytes. `p` holds kProbeSize bytes of the (umlaut-shifted)
// message, zero-padded; `L` is strlen(message)+1 of the unshifted message, as in Wazuh.
// For kSyslog, *advance is how far `log` moves past the timestamp.
Header Classify(const char* p, size_t L, size_t* advance) {
  *advance = 0;
  if (L > 17 && p[3] == ' ' && p[6] == ' ' && p[9] == ':' && p[12] == ':' && p[15] == ' ') {
    *advance = 16;  // 1a: Mmm dd hh:mm:ss
  } else if (L > 24 && p[4] == '-' && p[7] == '-' && p[10] == ' ' && p[13] == ':' &&
             p[16] == ':' && p[19] == ',') {
    *advance = 24;  // 1b: proftpd YYYY-MM-DD hh:mm:ss,mmm
  } else if (L > 33 && p[4] == '-' && p[7] == '-' && p[10] == 'T' && p[13] == ':' &&
             p[16] == ':' && ((p[22] == ':' && p[25] == ' ') || p[19] == '.')) {
    // 1c: ISO 8601
    if (p[22] == ':' && p[25] == ' ') {
      *advance = 26;  // ss±hh:mm
    } else if (p[26] == ':') {
      *advance = 30;  // ss.mmm±hh:mm
    } else if (p[29] == ':') {
      *advance = 33;  // ss.uuuuuu±hh:mm
    } else {
      *advance = 32;  // any other ss.
    }
  } else if (L > 21 && IsDigit(p[0]) && p[4] == ' ' && p[8] == ' ' && p[11] == ' ' &&
             p[14] == ':' && p[17] == ':' && p[20] == ' ') {
    *advance = 21;  // 1d: YYYY Mmm dd hh:mm:ss
  } else if (L > 33 && IsDigit(p[0]) && p[4] == '-' && p[7] == '-' && p[10] == ' ' &&
             p[13] == ':' && p[16] == ':' && p[19] == '.' && (p[26] == '-' || p[26] == '+') &&
             p[31] == ' ') {
    *advance = 32;  // 1e: macOS ULS YYYY-MM-DD hh:mm:ss.uuuuuu±hhmm
  }
  if (*advance != 0) return Header::kSyslog;

  if (L > 28 && p[3] == ' ' && p[7] == ' ' && p[10] == ' ' && p[13] == ':' && p[16] == ':' &&
      p[19] == ' ' && p[24] == ' ' && p[26] == ' ') {
    return Header::kXferlog;
  }
  if (L > 24 && p[2] == '/' && p[5] == '-' && p[8] == ':' && p[11] == ':' && p[14] == '.' &&
      p[21] == ' ') {
    return Header::kSnort;
  }
  if (L > 28 && p[2] == '/' && p[5] == '/' && p[10] == '-' && p[13] == ':' && p[16] == ':' &&
      p[19] == '.' && p[26] == ' ') {
    return Header::kSuricata;
  }
  if (L > 27 && p[0] == '[' && p[4] == ' ' && p[8] == ' ' && p[11] == ' ' && p[14] == ':' &&
      p[17] == ':' && p[20] == ' ' && p[25] == ']') {
    return Header::kApache;
  }
  if (L > 26 && p[0] == '[' && p[1] == 'T' && p[5] == ' ' && p[10] == '.' && p[13] == '.' &&
      p[16] == ' ' && p[19] == ':') {
    return Header::kAsl;
  }
  if (L > 32 && p[0] == '1' && IsDigit(p[1]) && IsDigit(p[2]) && IsDigit(p[3]) && p[10] == '.' &&
      IsDigit(p[13]) && p[14] == ' ' && (p[21] == ' ' || p[22] == ' ')) {
    return Header::kSquid;
  }
  return Header::kNone;
}

// Offsets into log_buf found while parsing the header; kNone = unset (Wazuh's NULL).
struct Found {
  size_t log = 0;
  size_t timestamp = kNone;
  size_t hostname = kNone;
  size_t program_name = kNone;
};

// Hostname, program name and Solaris msgid after a syslog-style timestamp (§1.3). `b` is the
// NUL-terminated working copy, `i` the first byte after the timestamp terminator.
void ParseSyslogSource(char* b, size_t i, Found* f) {
  if (b[i] == ' ') ++i;  // "Dec  9"
  f->log = i;
  const size_t token = i;
  while (IsHostChar(b[i])) ++i;

  bool after_program = false;  // Wazuh's `pieces != NULL`: log moves to i, msgid skipped
  if (b[i] == ':' && b[i + 1] == ' ') {
    // Solaris: no hostname, the token is the program name.
    f->program_name = token;
    b[i] = '\0';
    i += 2;
    after_program = true;
  } else if (b[i] == ' ') {
    f->hostname = token;
    b[i] = '\0';
    f->log = ++i;
    const size_t name = i;
    while (IsHostChar(b[i])) ++i;
    if (b[i] == ':') {  // name: (space optional)
      f->program_name = name;
      b[i++] = '\0';
      if (b[i] == ' ') ++i;
      after_program = true;
    } else if (b[i] == '[' && IsDigit(b[i + 1])) {
      const size_t bracket = i;
      b[i] = '\0';
      i += 2;
      while (IsDigit(b[i])) ++i;
      if (b[i] == ']' && b[i + 1] == ':') {  // name[pid]: (space optional)
        i += 2;
        if (b[i] == ' ') ++i;
        f->program_name = name;
        after_program = true;
      } else if (b[i] == ']' && b[i + 1] == ' ') {  // name[pid] without ':'
        i += 2;
        f->program_name = name;
        after_program = true;
      } else {
        b[bracket] = '[';  // not a pid: restore
      }
    } else if (b[i] == '|' && IsLower(b[i + 1])) {
      // AIX: "facility|...:severity prog: " or "... prog[pid]: "
      i += 2;
      while (IsAlnum(b[i])) ++i;
      if (b[i] == ':') {
        ++i;
        while (IsAlnum(b[i])) ++i;
        if (b[i] == ' ') {
          f->program_name = ++i;
          while (IsHostChar(b[i])) ++i;
          after_program = true;  // any other stop byte: the name runs on unterminated
          if (b[i] == ':' && b[i + 1] == ' ') {
            b[i] = '\0';
            i += 2;
          } else if (b[i] == '[' && IsDigit(b[i + 1])) {
            b[i] = '\0';
            i += 2;
            while (IsDigit(b[i])) ++i;
            if (b[i] == ']' && b[i + 1] == ':' && b[i + 2] == ' ') {
              i += 3;
            } else {
              after_program = false;  // name kept (cut at '['), log stays after the hostname
            }
          }
        }
      }
    }
  }
  // else: the token is not followed by a space; no hostname, log stays at the token.

  if (!after_program) return;
  f->log = i;
  if (b[i] == '[' && b[i + 1] == 'I' && b[i + 2] == 'D' && b[i + 3] == ' ') {
    if (const char* close = std::strchr(b + i + 4, ']')) {
      f->log = static_cast<size_t>(close - b) + 2;  // "] "; clamped by the caller
    }
  }
}

// macOS ASL entries after "[Time ...": first [Sender X] and [Message X], then [Host X] ends.
void ParseAsl(char* b, Found* f) {
  char* entry = std::strchr(b + f->log, '[');
  bool done_message = false;
  while (entry != nullptr) {
    ++entry;
    if (f->program_name == kNone && std::strncmp(entry, "Sender ", 7) == 0) {
      entry += 7;
      char* close = std::strchr(entry, ']');
      if (close == nullptr) break;
      f->program_name = static_cast<size_t>(entry - b);
      *close = '\0';
      entry = close + 1;
    } else if (!done_message && std::strncmp(entry, "Message ", 8) == 0) {
      entry += 8;
      done_message = true;
      f->log = static_cast<size_t>(entry - b);
      char* close = std::strchr(entry, ']');
      if (close == nullptr) break;
      *close = '\0';
      entry = close + 1;
    } else if (std::strncmp(entry, "Host ", 5) == 0) {
      entry += 5;
      if (char* close = std::strchr(entry, ']')) {
        f->hostname = static_cast<size_t>(entry - b);
        *close = '\0';
      }
      break;
    }
    entry = std::strchr(entry, '[');
  }
}

// Recognises the header of ev->log_buf and fills timestamp, header hostname/program name and
// log_offset. Returns the header hostname offset (kNone when none was parsed).
size_t ParseHeader(Event* ev) {
  std::string& buf = ev->log_buf;
  const size_t n = buf.size();
  char* b = buf.data();  // b[n] == '\0'

  // Umlaut fix: "Mär" is probed as "Mar", but offsets still apply to the unshifted copy.
  char probe[kProbeSize] = {};
  if (n >= 3 && static_cast<unsigned char>(b[1]) == 0xC3 &&
      static_cast<unsigned char>(b[2]) == 0xA4) {
    probe[0] = 'M';
    probe[1] = 'a';
    std::memcpy(probe + 2, b + 3, std::min(n - 3, kProbeSize - 2));
  } else {
    std::memcpy(probe, b, std::min(n, kProbeSize));
  }

  Found f;
  size_t advance = 0;
  switch (Classify(probe, n + 1, &advance)) {
    case Header::kSyslog:
      f.timestamp = 0;
      b[advance - 1] = '\0';
      ParseSyslogSource(b, advance, &f);
      break;
    case Header::kXferlog:
      f.timestamp = 0;
      f.log = 25;
      b[24] = '\0';
      break;
    case Header::kSnort:
      f.timestamp = 0;
      f.log = 23;
      b[21] = '\0';
      break;
    case Header::kSuricata:
      f.timestamp = 0;
      f.log = 28;
      b[26] = '\0';
      break;
    case Header::kApache:
      f.timestamp = 1;
      f.log = 27;
      b[25] = '\0';
      break;
    case Header::kAsl:
      f.log = 25;
      ParseAsl(b, &f);
      break;
    case Header::kSquid:
      f.timestamp = 0;
      f.log = 14;
      while (b[f.log] == ' ') ++f.log;
      b[f.log - 1] = '\0';
      break;
    case Header::kNone:
      break;
  }

  // Wazuh can step past the terminator ("[ID x]" at the very end); we stop at it.
  ev->log_offset = std::min(f.log, n);
  if (f.timestamp != kNone) {
    ev->timestamp.assign(b + f.timestamp);
    ev->has_timestamp = true;
  }
  if (f.program_name != kNone) {
    ev->program_name.assign(b + f.program_name);
    ev->has_program_name = true;
  }
  return f.hostname;
}

// Agent id and internal hostname (§1.4). False for an agent location "[id..." without ']'.
bool ResolveSource(const PredecodeOptions& opts, size_t header_hostname, Event* ev) {
  std::string& loc = ev->location;
  if (loc.empty() || loc[0] != '[') {
    ev->agent_id.assign("000");
    if (header_hostname != kNone) {
      ev->hostname.assign(ev->log_buf.c_str() + header_hostname);
    } else {
      std::string_view host = opts.manager_host;
      ev->hostname.assign(host.substr(0, host.find('.')));
    }
    return true;
  }
  const size_t close = loc.find(']');
  if (close == kNone) return false;
  ev->agent_id.assign(loc, 1, close - 1);
  // "] " is skipped as two bytes whatever the second one is.
  loc.erase(0, std::min(close + 2, loc.size()));
  ev->hostname.clear();
  if (!loc.empty() && loc[0] == '(') {
    const size_t paren = loc.find(')');
    if (paren != kNone) ev->hostname.assign(loc, 1, paren - 1);
  }
  return true;
}

}  // namespace

namespace {

// Appends the escaped `location` to *out; the escaped text keeps at most kLogtestLocationCap
// bytes.
void AppendEscapedLocation(std::string_view location, std::string* out) {
  location = CString(location);
  const size_t base = out->size();
  auto used = [&] { return out->size() - base; };
  size_t i = 0;
  while (true) {
    size_t special = location.find_first_of("|:", i);
    if (special == kNone) special = location.size();
    const size_t span = special - i;
    if (special == location.size() || used() + span >= kLogtestLocationCap - 1) {
      // Last span, or the buffer is nearly full: copy what fits and stop.
      const size_t take = std::min(span, kLogtestLocationCap - used());
      out->append(location.substr(i, take));
      if (i + take < location.size()) CountLimitHit(LimitCounter::kLocationTruncated);
      break;
    }
    out->append(location.substr(i, span));
    out->push_back(kEscape);
    out->push_back(location[special]);
    i = special + 1;
    if (i == location.size()) break;
    if (used() >= kLogtestLocationCap - 1) {
      CountLimitHit(LimitCounter::kLocationTruncated);
      break;
    }
  }
}

}  // namespace

std::string EscapeLocation(std::string_view location) {
  std::string out;
  out.reserve(std::min(location.size() + 8, kLogtestLocationCap));
  AppendEscapedLocation(location, &out);
  return out;
}

void FrameMessage(std::string_view location, std::string_view event, std::string* out) {
  out->assign("1:");
  AppendEscapedLocation(location, out);
  out->push_back(':');
  out->append(CString(event));
}

std::string FrameMessage(std::string_view location, std::string_view event) {
  std::string framed;
  framed.reserve(std::min(location.size() + 8, kLogtestLocationCap) + event.size() + 3);
  FrameMessage(location, event, &framed);
  return framed;
}

bool Predecode(std::string_view framed, const PredecodeOptions& opts, Event* ev) {
  ev->Reset();
  framed = CString(framed);
  if (framed.size() < 2) return false;  // Wazuh skips "<q>:" unchecked
  ev->queue = framed[0];
  const std::string_view rest = framed.substr(2);
  const size_t colon = FindUnescapedColon(rest);
  if (colon == kNone) return false;
  UnescapeLocation(rest.substr(0, colon), &ev->location);

  const std::string_view message = rest.substr(colon + 1);
  ev->full_log.assign(message);
  ev->log_buf.assign(message);
  const size_t header_hostname = ParseHeader(ev);
  return ResolveSource(opts, header_hostname, ev);
}

}  // namespace tripline
