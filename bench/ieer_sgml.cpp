// NIST IE-ER newswire reader.
#include "bench/ieer_sgml.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace morgue::bench {
namespace {

std::string_view element(std::string_view doc, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto a = doc.find(open);
  if (a == std::string_view::npos) return {};
  const auto b = doc.find(close, a);
  if (b == std::string_view::npos) return {};
  return doc.substr(a + open.size(), b - a - open.size());
}

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string collapsed(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (!blank(c))
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "03/14/1998 10:36:00"
std::optional<Date> ieer_date(std::string_view s) {
  int month = 0, day = 0, year = 0;
  if (std::sscanf(std::string(s).c_str(), " %d/%d/%d", &month, &day, &year) != 3) {
    return std::nullopt;
  }
  return Date::make(year, month, day);
}

std::string attribute(std::string_view tag, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  const auto a = tag.find(key);
  if (a == std::string_view::npos) return "";
  const auto b = tag.find('"', a + key.size());
  return std::string(tag.substr(a + key.size(), b - a - key.size()));
}

std::optional<schema::EntityKind> kind_of(const std::string& type) {
  if (type == "PERSON") return schema::EntityKind::kPerson;
  if (type == "ORGANIZATION") return schema::EntityKind::kOrganization;
  if (type == "LOCATION") return schema::EntityKind::kPlace;
  return std::nullopt;
}

// The text of a <TEXT> element without its marks, and the names marked in it.
void read_text(std::string_view raw, IeerStory& story) {
  struct Open {
    std::size_t at;
    std::optional<schema::EntityKind> kind;
    bool optional;
  };
  std::vector<Open> open;  // enamex marks begun, not yet ended
  std::string& out = story.text;
  const auto space = [&] {
    if (!out.empty() && !blank(out.back())) out += ' ';
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '<') {
      const auto close = raw.find('>', i);
      if (close == std::string_view::npos) break;
      const std::string_view tag = raw.substr(i + 1, close - i - 1);
      if (tag == "ANNOTATION") {  // an editor's note, not the story
        const auto end = raw.find("</ANNOTATION>", close);
        i = end == std::string_view::npos ? raw.size() : end + 12;
        continue;
      }
      if (tag.starts_with("b_enamex")) {
        open.push_back(
            {out.size(), kind_of(attribute(tag, "type")), attribute(tag, "status") == "opt"});
      } else if (tag == "e_enamex" && !open.empty()) {
        const Open o = open.back();
        open.pop_back();
        if (o.kind) story.names.push_back({*o.kind, collapsed(out.substr(o.at)), o.optional});
      }
      i = close;  // timex and numex marks are dropped, their text kept
    } else if (c == '\n') {
      // An indented line begins a paragraph; any other continues the one before.
      const bool indented = i + 1 < raw.size() && (raw[i + 1] == '\t' || raw[i + 1] == ' ');
      if (indented && !out.empty()) {
        while (!out.empty() && blank(out.back())) out.pop_back();
        out += "\n\n";
      } else {
        space();
      }
    } else if (blank(c)) {
      if (!out.empty() && !blank(out.back())) out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && blank(out.back())) out.pop_back();
  const auto first = out.find_first_not_of(" \n");
  out.erase(0, first == std::string::npos ? out.size() : first);
}

}  // namespace

std::vector<IeerStory> read_ieer_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  std::vector<IeerStory> out;
  for (std::size_t pos = data.find("<DOC>"); pos != std::string::npos;
       pos = data.find("<DOC>", pos)) {
    const auto end = data.find("</DOC>", pos);
    if (end == std::string::npos) break;
    const std::string_view doc(data.data() + pos, end - pos);
    IeerStory s;
    s.docno = collapsed(element(doc, "DOCNO"));
    s.date = ieer_date(element(doc, "DATE_TIME"));
    s.headline = collapsed(element(doc, "HEADLINE"));
    read_text(element(doc, "TEXT"), s);
    out.push_back(std::move(s));
    pos = end;
  }
  return out;
}

std::vector<IeerStory> read_ieer_dir(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename() != "README") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<IeerStory> out;
  for (const auto& f : files) {
    auto part = read_ieer_file(f);
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  return out;
}

}  // namespace morgue::bench
