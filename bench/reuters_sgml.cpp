// Reuters-21578 SGML reader.
#include "bench/reuters_sgml.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/text/utf8.h"

namespace morgue::bench {
namespace {

std::string decode_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 8) {
      out += s[i];
      continue;
    }
    const std::string_view name = s.substr(i + 1, semi - i - 1);
    if (name == "lt")
      out += '<';
    else if (name == "gt")
      out += '>';
    else if (name == "amp")
      out += '&';
    else if (name == "quot")
      out += '"';
    else if (!name.empty() && name[0] == '#') {
      const int code = std::atoi(std::string(name.substr(1)).c_str());
      if (code >= 32 && code < 127)
        out += static_cast<char>(code);
      else if (code == 10 || code == 9)
        out += static_cast<char>(code);
      // Control characters (&#2; &#3; ...) are transmission codes, not text.
    } else {
      out.append(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

std::string element(std::string_view doc, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto a = doc.find(open);
  if (a == std::string_view::npos) return "";
  const auto b = doc.find(close, a);
  if (b == std::string_view::npos) return "";
  return decode_entities(doc.substr(a + open.size(), b - a - open.size()));
}

std::vector<std::string> codes(std::string_view doc, std::string_view tag) {
  const std::string inner = element(doc, tag);
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = inner.find("<D>", pos)) != std::string::npos) {
    const auto end = inner.find("</D>", pos);
    if (end == std::string::npos) break;
    out.push_back(inner.substr(pos + 3, end - pos - 3));
    pos = end + 4;
  }
  return out;
}

// "26-FEB-1987 15:01:01.79"
std::optional<Date> reuters_date(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() < 11) return std::nullopt;
  static constexpr std::array<std::string_view, 12> kMonths{
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const int day = std::atoi(std::string(s.substr(0, dash)).c_str());
  const std::string_view mon = s.substr(dash + 1, 3);
  const auto m = std::find(kMonths.begin(), kMonths.end(), mon);
  if (m == kMonths.end()) return std::nullopt;
  const int year = std::atoi(std::string(s.substr(dash + 5, 4)).c_str());
  return Date::make(year, static_cast<int>(m - kMonths.begin()) + 1, day);
}

}  // namespace

std::vector<ReutersArticle> read_reuters_sgm(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string text = repair_utf8(bytes.str()).text;
  std::vector<ReutersArticle> out;
  std::size_t pos = 0;
  while ((pos = text.find("<REUTERS", pos)) != std::string::npos) {
    const auto end = text.find("</REUTERS>", pos);
    if (end == std::string::npos) break;
    const std::string_view doc(text.data() + pos, end - pos);
    ReutersArticle a;
    if (const auto id = doc.find("NEWID=\""); id != std::string_view::npos) {
      a.newid = std::string(doc.substr(id + 7, doc.find('"', id + 7) - id - 7));
    }
    a.date = reuters_date(element(doc, "DATE"));
    a.places = codes(doc, "PLACES");
    a.people = codes(doc, "PEOPLE");
    a.orgs = codes(doc, "ORGS");
    a.topics = codes(doc, "TOPICS");
    a.title = element(doc, "TITLE");
    a.body = element(doc, "BODY");
    a.dateline = element(doc, "DATELINE");
    a.dateline.erase(0, a.dateline.find_first_not_of(' '));
    a.dateline.erase(a.dateline.find_last_not_of(' ') + 1);
    out.push_back(std::move(a));
    pos = end;
  }
  return out;
}

std::vector<ReutersArticle> read_reuters_dir(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("reut2-") && name.ends_with(".sgm")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<ReutersArticle> out;
  for (const auto& f : files) {
    auto part = read_reuters_sgm(f);
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<std::string> read_string_list(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace morgue::bench
