// Decoder compiler: Wazuh XML decoder files -> DecoderSet (docs/wazuh-semantics.md §2.3-2.4).
// Validation follows decode-xml.c: everything it treats as fatal is an error diagnostic here,
// everything it only warns about is a warning. Codes are listed in docs/diagnostics.md.
#include <strings.h>

#include <algorithm>
#include <string>

#include "decode/decoder.h"
#include "xml/wazuh_xml.h"

namespace tripline {

std::optional<DecoderType> ParseDecoderType(std::string_view s) {
  static constexpr std::pair<std::string_view, DecoderType> kTypes[] = {
      {"syslog", DecoderType::kSyslog},   {"firewall", DecoderType::kFirewall},
      {"ids", DecoderType::kIds},         {"web-log", DecoderType::kWebLog},
      {"squid", DecoderType::kSquid},     {"windows", DecoderType::kWindows},
      {"host-information", DecoderType::kHostInfo}, {"ossec", DecoderType::kOssec}};
  for (const auto& [name, t] : kTypes) {
    if (name == s) return t;
  }
  return std::nullopt;
}

std::string_view DecoderTypeName(DecoderType t) {
  switch (t) {
    case DecoderType::kSyslog: return "syslog";
    case DecoderType::kFirewall: return "firewall";
    case DecoderType::kIds: return "ids";
    case DecoderType::kWebLog: return "web-log";
    case DecoderType::kSquid: return "squid";
    case DecoderType::kWindows: return "windows";
    case DecoderType::kHostInfo: return "host-information";
    case DecoderType::kOssec: return "ossec";
  }
  return "syslog";
}

namespace {

constexpr size_t kMaxPatternBytes = 1023;  // _loadmemory: concatenated texts stay below 1024

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

SourceLoc Loc(const std::string& file, const xml::Node& n) { return {file, n.line, n.column}; }

std::optional<Offset> ParseOffset(std::string_view v) {
  if (v == "after_parent") return Offset::kAfterParent;
  if (v == "after_prematch") return Offset::kAfterPrematch;
  if (v == "after_regex") return Offset::kAfterRegex;
  return std::nullopt;
}

std::string_view OffsetName(Offset o) {
  switch (o) {
    case Offset::kAfterParent: return "after_parent";
    case Offset::kAfterPrematch: return "after_prematch";
    case Offset::kAfterRegex: return "after_regex";
    default: return "none";
  }
}

// The texts of one <decoder> element before compilation.
struct PatternText {
  bool present = false;
  std::string text;
  std::string type;  // last `type=` attribute seen ("" = default)
  const xml::Node* node = nullptr;
};

}  // namespace

// Builds a DecoderSet file by file; friend of DecoderSet.
class DecoderLoader {
 public:
  DecoderLoader(DecoderSet* set, Diagnostics* diags) : set_(set), diags_(diags) {}

  void LoadFile(const std::string& path) {
    xml::Document doc;
    if (!xml::ParseFile(path, &doc, diags_)) return;
    for (const xml::Node& root : doc.roots) LoadDecoder(path, root);
  }

  void AssignIds() {
    auto& names = set_->names_;
    for (const char* internal : {"rootcheck", "syscheck_integrity_changed", "syscheck_integrity_changed_2nd",
                                 "syscheck_integrity_changed_3rd", "syscheck_new_entry", "syscheck_deleted",
                                 "syscheck_registry_key_added", "syscheck_registry_key_deleted",
                                 "syscheck_registry_key_modified", "syscheck_registry_value_added",
                                 "syscheck_registry_value_deleted", "syscheck_registry_value_modified",
                                 "hostinfo_new", "hostinfo_modified", "syscollector", "ciscat",
                                 "windows_eventchannel", "sca", "dbsync", "upgrade", "task_manager"}) {
      names.emplace_back(internal);
    }
    for (const auto& d : set_->decoders_) names.push_back(d->own_name);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    // Top-level decoders get the id of their name; children take their parent's id and name
    // unless use_own_name (os_setdecoderids).
    for (auto* list : {&set_->pn_, &set_->nopn_}) {
      for (DecoderSet::Node& node : *list) {
        Decoder* top = node.decoder;
        top->id = set_->IdOf(top->own_name);
        for (int ci : node.children) {
          Decoder* child = set_->child_nodes_[ci];
          if (child->use_own_name) {
            child->id = set_->IdOf(child->own_name);
          } else {
            child->id = top->id;
            child->name = top->own_name;
          }
        }
      }
    }
  }

 private:
  bool Append(const std::string& file, const xml::Node& el, PatternText* pt) {
    if (pt->text.size() + el.text.size() > kMaxPatternBytes) {
      diags_->Error("DEC011", Loc(file, el),
                    "<" + el.name + "> text is longer than 1023 bytes (repeated elements are concatenated)");
      return false;
    }
    pt->present = true;
    pt->text += el.text;
    pt->node = &el;
    return true;
  }

  // Reads the offset= attribute of <prematch>/<regex>/<plugin_decoder>; unknown attributes
  // other than type= are errors.
  bool ReadAttrs(const std::string& file, const xml::Node& el, std::optional<std::string>* offset,
                 std::string* type, bool allow_type) {
    for (const xml::Attr& a : el.attrs) {
      if (a.name == "offset") {
        *offset = a.value;
      } else if (allow_type && a.name == "type") {
        *type = a.value;
      } else {
        diags_->Error("DEC012", {file, a.line, a.column},
                      "invalid attribute '" + a.name + "' on <" + el.name + ">");
        return false;
      }
    }
    return true;
  }

  bool CompilePattern(const std::string& file, const PatternText& pt, match::PatternType type, int flags,
                      std::optional<match::Pattern>* out) {
    std::string error;
    match::Pattern p;
    if (!p.Compile(type, pt.text, false, flags, &error)) {
      diags_->Error("DEC020", Loc(file, *pt.node),
                    "invalid " + std::string(match::PatternTypeName(type)) + " pattern in <" + pt.node->name +
                        "> '" + pt.text + "': " + error);
      return false;
    }
    *out = std::move(p);
    return true;
  }

  void LoadDecoder(const std::string& file, const xml::Node& root) {
    if (!IEquals(root.name, "decoder")) {
      diags_->Error("DEC001", Loc(file, root), "invalid root element <" + root.name + ">: expected <decoder name=\"...\">");
      return;
    }
    const xml::Attr* name_attr = root.attrs.empty() ? nullptr : &root.attrs[0];
    if (!name_attr || !IEquals(name_attr->name, "name") || name_attr->value.empty()) {
      diags_->Error("DEC002", Loc(file, root), "<decoder> needs a name=\"...\" attribute as its first attribute");
      return;
    }
    if (root.attrs.size() > 2 || (root.attrs.size() == 2 && !IEquals(root.attrs[1].name, "status"))) {
      const xml::Attr& a = root.attrs.back();
      diags_->Error("DEC003", {file, a.line, a.column}, "invalid attribute '" + a.name + "' on <decoder>");
      return;
    }

    auto d = std::make_unique<Decoder>();
    d->own_name = name_attr->value;
    d->name = d->own_name;
    d->loc = Loc(file, root);
    const std::string& dn = d->own_name;
    auto where = [&](const xml::Node& n) { return Loc(file, n); };
    auto fail = [&](const char* code, const xml::Node& n, const std::string& msg) {
      diags_->Error(code, where(n), "decoder '" + dn + "': " + msg);
      return;
    };

    PatternText parent, program_name, prematch, regex, ftscomment;
    std::optional<std::string> prematch_offset_text, regex_offset_text;
    const xml::Node* order_node = nullptr;
    const xml::Node* fts_node = nullptr;
    const xml::Node* plugin_node = nullptr;
    std::vector<std::string> dyn_order_names;

    for (const xml::Node& el : root.children) {
      const std::string& en = el.name;
      if (IEquals(en, "parent")) {
        if (!Append(file, el, &parent)) return;
      } else if (IEquals(en, "regex") || IEquals(en, "prematch")) {
        bool is_regex = IEquals(en, "regex");
        PatternText& pt = is_regex ? regex : prematch;
        std::optional<std::string> off;
        std::string type;
        if (!ReadAttrs(file, el, &off, &type, true)) return;
        if (off) {
          if (pt.present) return fail("DEC013", el, "only the first <" + en + "> may carry an offset");
          (is_regex ? regex_offset_text : prematch_offset_text) = off;
        }
        if (!type.empty()) pt.type = type;
        if (!Append(file, el, &pt)) return;
      } else if (IEquals(en, "program_name")) {
        for (const xml::Attr& a : el.attrs) {
          if (a.name == "type") {
            program_name.type = a.value;
          } else {
            diags_->Error("DEC012", {file, a.line, a.column}, "invalid attribute '" + a.name + "' on <program_name>");
            return;
          }
        }
        if (!Append(file, el, &program_name)) return;
      } else if (IEquals(en, "ftscomment")) {
        if (!Append(file, el, &ftscomment)) return;
      } else if (IEquals(en, "use_own_name")) {
        if (el.text == "true") d->use_own_name = true;
      } else if (IEquals(en, "plugin_decoder")) {
        std::optional<std::string> off;
        std::string unused;
        if (!ReadAttrs(file, el, &off, &unused, false)) return;
        static constexpr std::pair<std::string_view, Plugin> kPlugins[] = {
            {"JSON_Decoder", Plugin::kJson}, {"PF_Decoder", Plugin::kPf},
            {"SymantecWS_Decoder", Plugin::kSymantecWs}, {"SonicWall_Decoder", Plugin::kSonicWall},
            {"OSSECAlert_Decoder", Plugin::kOssecAlert}};
        d->plugin = Plugin::kNone;
        for (const auto& [pname, p] : kPlugins) {
          if (el.text == pname) d->plugin = p;
        }
        if (d->plugin == Plugin::kNone) return fail("DEC014", el, "unknown plugin_decoder '" + el.text + "'");
        if (off) {
          auto o = ParseOffset(*off);
          if (!o) return fail("DEC015", el, "invalid offset '" + *off + "' on <plugin_decoder>");
          d->plugin_offset = *o;
        }
        plugin_node = &el;
      } else if (en == "type") {
        auto t = ParseDecoderType(el.text);
        if (!t) return fail("DEC016", el, "invalid decoder type '" + el.text +
                                              "' (expected syslog, firewall, ids, web-log, squid, windows, host-information or ossec)");
        d->type = *t;
      } else if (IEquals(en, "order")) {
        if (!ParseOrder(file, el, d.get(), &dyn_order_names)) return;
        order_node = &el;
      } else if (IEquals(en, "accumulate")) {
        d->accumulate = true;
      } else if (IEquals(en, "fts")) {
        d->fts = el.text;
        fts_node = &el;
      } else if (IEquals(en, "json_null_field")) {
        if (IEquals(el.text, "discard")) {
          d->json_options.null_field = json::NullField::kDiscard;
        } else {
          d->json_options.null_field = json::NullField::kString;
          if (!IEquals(el.text, "string") && !IEquals(el.text, "empty")) {
            diags_->Warning("DEC030", where(el), "decoder '" + dn + "': invalid json_null_field '" + el.text + "', using 'string'");
          }
        }
      } else if (IEquals(en, "json_array_structure")) {
        if (IEquals(el.text, "csv")) {
          d->json_options.array_structure = json::ArrayStructure::kCsv;
        } else {
          d->json_options.array_structure = json::ArrayStructure::kArray;
          if (!IEquals(el.text, "array")) {
            diags_->Warning("DEC031", where(el), "decoder '" + dn + "': invalid json_array_structure '" + el.text + "', using 'array'");
          }
        }
      } else {
        return fail("DEC004", el, "invalid element <" + en + ">");
      }
    }
    d->json_options.max_dynamic_fields = opts_.decoder_order_size;
    d->parent = parent.text;
    d->ftscomment = ftscomment.text;

    // --- checks of decode-xml.c, in its order ---
    if (!prematch.present && !parent.present && !program_name.present) {
      return fail("DEC005", root, "needs a <prematch>, a <parent> or a <program_name>");
    }
    if ((!regex.present && (fts_node || order_node)) || (regex.present && !order_node)) {
      const xml::Node& at = regex.present ? *regex.node : (order_node ? *order_node : *fts_node);
      return fail("DEC006", at, regex.present ? "<regex> needs an <order>" : "<order> and <fts> need a <regex>");
    }
    if (regex_offset_text) {
      auto o = ParseOffset(*regex_offset_text);
      if (!o) {
        diags_->Warning("DEC032", where(*regex.node), "decoder '" + dn + "': invalid offset '" + *regex_offset_text + "' on <regex> ignored");
      } else {
        d->regex_offset = *o;
      }
    }
    if (d->regex_offset == Offset::kAfterParent && !parent.present) {
      return fail("DEC007", *regex.node, "<regex offset=\"after_parent\"> needs a <parent>");
    }
    if (d->regex_offset == Offset::kAfterPrematch) {
      if (!parent.present) {
        d->regex_offset = Offset::kAfterParent;  // top level: after its own prematch
      } else if (!prematch.present) {
        return fail("DEC007", *regex.node, "<regex offset=\"after_prematch\"> needs a <prematch>");
      }
    }
    if (d->regex_offset == Offset::kAfterRegex && (!parent.present || !regex.present)) {
      return fail("DEC007", *regex.node, "<regex offset=\"after_regex\"> needs a <parent>");
    }
    if (prematch_offset_text) {
      auto o = ParseOffset(*prematch_offset_text);
      if (o == Offset::kAfterParent) {
        if (!parent.present) return fail("DEC007", *prematch.node, "<prematch offset=\"after_parent\"> needs a <parent>");
        d->prematch_offset = *o;
      } else if (o) {
        return fail("DEC007", *prematch.node, "<prematch> only accepts offset=\"after_parent\", not '" + *prematch_offset_text + "'");
      } else {
        return fail("DEC015", *prematch.node, "invalid offset '" + *prematch_offset_text + "' on <prematch>");
      }
    }
    if (d->plugin != Plugin::kNone) {
      if (d->plugin_offset == Offset::kAfterParent && !parent.present) {
        return fail("DEC007", *plugin_node, "<plugin_decoder offset=\"after_parent\"> needs a <parent>");
      }
      if (d->plugin_offset == Offset::kAfterPrematch && !prematch.present) {
        return fail("DEC007", *plugin_node, "<plugin_decoder offset=\"after_prematch\"> needs a <prematch>");
      }
      if (regex.present || order_node) {
        return fail("DEC008", *plugin_node, "<plugin_decoder> cannot be combined with <regex>/<order>");
      }
    }
    if (fts_node && !CheckFts(file, *fts_node, dn, dyn_order_names)) return;

    // --- compile ---
    if (prematch.present) {
      auto t = match::PatternType::kOsRegex;
      if (!prematch.type.empty()) {
        auto pt = match::ParsePatternType(prematch.type);
        if (pt == match::PatternType::kPcre2) {
          t = *pt;
        } else if (pt != match::PatternType::kOsRegex) {
          diags_->Warning("DEC033", where(*prematch.node), "decoder '" + dn + "': <prematch type=\"" + prematch.type + "\"> is not supported, using osregex");
        }
      }
      if (!CompilePattern(file, prematch, t, match::OsRegex::kNone, &d->prematch)) return;
    }
    if (program_name.present) {
      auto t = match::PatternType::kOsMatch;
      if (!program_name.type.empty()) {
        auto pt = match::ParsePatternType(program_name.type);
        if (pt && *pt != match::PatternType::kString) {
          t = *pt;
        } else {
          diags_->Warning("DEC033", where(*program_name.node), "decoder '" + dn + "': <program_name type=\"" + program_name.type + "\"> is not supported, using osmatch");
        }
      }
      if (!CompilePattern(file, program_name, t, match::OsRegex::kNone, &d->program_name)) return;
    }
    if (regex.present) {
      auto t = match::PatternType::kOsRegex;
      if (!regex.type.empty()) {
        auto pt = match::ParsePatternType(regex.type);
        if (pt == match::PatternType::kPcre2) {
          t = *pt;
        } else if (pt != match::PatternType::kOsRegex) {
          diags_->Warning("DEC033", where(*regex.node), "decoder '" + dn + "': <regex type=\"" + regex.type + "\"> is not supported, using osregex");
        }
      }
      if (!CompilePattern(file, regex, t, match::OsRegex::kCaptures, &d->regex)) return;
    }

    Add(file, root, std::move(d));
  }

  bool ParseOrder(const std::string& file, const xml::Node& el, Decoder* d, std::vector<std::string>* dyn_names) {
    const std::string& s = el.text;
    size_t commas = std::count(s.begin(), s.end(), ',');
    if (commas >= opts_.decoder_order_size) {
      diags_->Error("DEC009", Loc(file, el), "decoder '" + d->own_name + "': <order> has too many fields (limit " +
                                                 std::to_string(opts_.decoder_order_size) + ")");
      return false;
    }
    d->order.clear();
    std::string item;
    auto flush = [&]() -> bool {
      size_t b = item.find_first_not_of(' ');
      std::string word = b == std::string::npos ? "" : item.substr(b);
      word = word.substr(0, word.find(' '));
      if (word.empty()) {
        diags_->Error("DEC010", Loc(file, el), "decoder '" + d->own_name + "': empty field name in <order> '" + s + "'");
        return false;
      }
      OrderItem oi;
      StaticField f;
      if (StaticFieldFromOrderName(word, &f)) {
        oi.is_static = true;
        oi.field = f;
      } else {
        oi.name = word;
        dyn_names->push_back(word);
      }
      d->order.push_back(std::move(oi));
      item.clear();
      return true;
    };
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == ',') {
        item += ',';
        ++i;
      } else if (s[i] == ',') {
        if (!flush()) return false;
      } else {
        item += s[i];
      }
    }
    return flush();
  }

  bool CheckFts(const std::string& file, const xml::Node& el, const std::string& dn,
                const std::vector<std::string>& dyn_names) {
    static constexpr std::string_view kKnown[] = {"name", "location", "user", "dstuser", "srcuser", "srcip",
                                                  "dstip", "id", "data", "extra_data", "system_name"};
    size_t start = 0;
    const std::string& s = el.text;
    while (start <= s.size()) {
      size_t comma = s.find(',', start);
      std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      size_t b = item.find_first_not_of(' ');
      std::string word = b == std::string::npos ? "" : item.substr(b);
      word = word.substr(0, word.find(' '));
      bool ok = !word.empty() && (std::find(std::begin(kKnown), std::end(kKnown), word) != std::end(kKnown) ||
                                  std::any_of(dyn_names.begin(), dyn_names.end(),
                                              [&](const std::string& n) { return IEquals(n, word); }));
      if (!ok) {
        diags_->Error("DEC017", Loc(file, el), "decoder '" + dn + "': wrong field '" + item + "' in <fts>");
        return false;
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return true;
  }

  // OS_AddOSDecoder: top-level decoders go to the PN or NOPN list; children are appended to
  // every top-level decoder of that name loaded so far, forming same-name sibling chains.
  void Add(const std::string& file, const xml::Node& root, std::unique_ptr<Decoder> d) {
    Decoder* dp = d.get();
    if (dp->parent.empty()) {
      set_->decoders_.push_back(std::move(d));
      (dp->program_name ? set_->pn_ : set_->nopn_).push_back({dp, {}, {}});
      return;
    }
    std::vector<DecoderSet::Node*> parents;
    for (auto* list : {&set_->pn_, &set_->nopn_}) {
      for (DecoderSet::Node& n : *list) {
        if (n.decoder->own_name == dp->parent) parents.push_back(&n);
      }
    }
    if (parents.empty()) {
      diags_->Error("DEC018", Loc(file, root), "decoder '" + dp->own_name + "': unknown parent '" + dp->parent +
                                                   "' (a parent must be a top-level decoder loaded earlier)");
      return;
    }
    for (DecoderSet::Node* p : parents) {
      bool has_sibling = false;
      for (int ci : p->children) {
        Decoder* sib = set_->child_nodes_[ci];
        if (sib->own_name != dp->own_name) continue;
        has_sibling = true;
        if ((!sib->regex && sib->plugin == Plugin::kNone) || (!dp->regex && dp->plugin == Plugin::kNone)) {
          diags_->Error("DEC019", Loc(file, root), "decoder '" + dp->own_name +
                                                       "': every decoder of a same-name chain needs a <regex> or <plugin_decoder>");
          return;
        }
        sib->get_next = true;
      }
      if (has_sibling && (dp->prematch || !dp->fts.empty())) {
        diags_->Error("DEC019", Loc(file, root), "decoder '" + dp->own_name +
                                                     "': a later decoder of a same-name chain cannot have <prematch> or <fts>");
        return;
      }
    }
    if (dp->regex_offset == Offset::kAfterRegex) {
      // after_regex needs an earlier same-name sibling with a prematch or regex.
      bool ok = false;
      for (DecoderSet::Node* p : parents) {
        for (int ci : p->children) {
          const Decoder* sib = set_->child_nodes_[ci];
          if (sib->own_name == dp->own_name && (sib->prematch || sib->regex)) ok = true;
        }
      }
      if (!ok) {
        diags_->Error("DEC007", Loc(file, root), "decoder '" + dp->own_name +
                                                     "': <regex offset=\"after_regex\"> needs an earlier decoder of the same name");
        return;
      }
    }
    int index = static_cast<int>(set_->child_nodes_.size());
    set_->child_nodes_.push_back(dp);
    set_->decoders_.push_back(std::move(d));
    for (DecoderSet::Node* p : parents) p->children.push_back(index);
  }

 public:
  DecoderLoadOptions opts_;

 private:
  DecoderSet* set_;
  Diagnostics* diags_;
};

std::unique_ptr<DecoderSet> DecoderSet::Load(const std::vector<std::string>& files,
                                             const DecoderLoadOptions& opts, Diagnostics* diags) {
  auto set = std::unique_ptr<DecoderSet>(new DecoderSet());
  set->opts_ = opts;
  int errors_before = diags->error_count();
  DecoderLoader loader(set.get(), diags);
  loader.opts_ = opts;
  for (const std::string& f : files) loader.LoadFile(f);
  loader.AssignIds();
  if (diags->error_count() > errors_before) return nullptr;
  if (opts.candidate_index) set->BuildIndex();
  return set;
}

int DecoderSet::IdOf(std::string_view name) const {
  auto it = std::lower_bound(names_.begin(), names_.end(), name,
                             [](const std::string& a, std::string_view b) { return a < b; });
  if (it == names_.end() || *it != name) return 0;
  return static_cast<int>(it - names_.begin()) + 1;
}

}  // namespace tripline
