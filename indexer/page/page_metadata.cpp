#include "indexer/page/page_metadata.h"

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "common/index/date.h"
#include "common/text/text_fold.h"
#include "common/text/url.h"
#include "indexer/read/article_record.h"
#include "indexer/read/outlet_map.h"

namespace morgue {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// What separates a headline from the site's name in a <title>.
constexpr std::array<std::string_view, 7> kTitleSeparators{
    " | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00B7 ", " \u00BB "};

// The JSON-LD objects that describe the article: NewsArticle and its kin, wherever they sit
// (top level, in an array, in an @graph).
bool article_type(const nlohmann::json& type) {
  static constexpr std::array<std::string_view, 11> kTypes{
      "NewsArticle",           "Article",
      "BlogPosting",           "ReportageNewsArticle",
      "AnalysisNewsArticle",   "OpinionNewsArticle",
      "LiveBlogPosting",       "ReviewNewsArticle",
      "BackgroundNewsArticle", "Report",
      "SocialMediaPosting"};
  const auto one = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    for (const auto k : kTypes)
      if (s == k || s == "https://schema.org/" + std::string(k) ||
          s == "http://schema.org/" + std::string(k))
        return true;
    return false;
  };
  if (type.is_array()) {
    for (const auto& t : type)
      if (one(t)) return true;
    return false;
  }
  return one(type);
}

void find_articles(const nlohmann::json& j, std::vector<const nlohmann::json*>& out, int depth) {
  if (depth > 8) return;
  if (j.is_array()) {
    for (const auto& e : j) find_articles(e, out, depth + 1);
  } else if (j.is_object()) {
    if (const auto t = j.find("@type"); t != j.end() && article_type(*t)) out.push_back(&j);
    if (const auto g = j.find("@graph"); g != j.end()) find_articles(*g, out, depth + 1);
  }
}

std::string json_text(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array() && !j.empty()) return json_text(j.front());
  return {};
}

// A person or organization: a name, {"name": ...}, or a list of them.
std::string json_names(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object()) {
    if (const auto n = j.find("name"); n != j.end()) return json_text(*n);
    return {};
  }
  std::string out;
  if (j.is_array()) {
    for (const auto& e : j) {
      const std::string name = json_names(e);
      if (name.empty() || out.find(name) != std::string::npos) continue;
      out += (out.empty() ? "" : ", ") + name;
    }
  }
  return out;
}

struct JsonLd {
  std::string headline, published, author, publisher, section, language, url;
};

JsonLd read_json_ld(const HtmlNode* root) {
  JsonLd out;
  for_each_element(root, [&](const HtmlNode* e) {
    if (tag_name(e) != "script") return true;
    const auto type = attribute(e, "type");
    if (!type || lower_ascii(*type).find("ld+json") == std::string::npos) return false;
    std::string text;
    for (std::size_t i = 0; i < child_count(e); ++i)
      if (const auto t = node_text(child(e, i))) text += *t;
    if (json_depth(text) > 64) return false;  // destroyed recursively: keep it shallow
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return false;
    std::vector<const nlohmann::json*> articles;
    find_articles(j, articles, 0);
    for (const nlohmann::json* a : articles) {
      const auto set = [&](std::string& field, const char* key, auto read) {
        if (!field.empty()) return;
        if (const auto v = a->find(key); v != a->end()) field = read(*v);
      };
      set(out.headline, "headline", json_text);
      set(out.published, "datePublished", json_text);
      set(out.author, "author", json_names);
      set(out.publisher, "publisher", json_names);
      set(out.section, "articleSection", json_text);
      set(out.language, "inLanguage", json_text);
      set(out.url, "url", json_text);
    }
    return false;
  });
  return out;
}

// <meta> values by property/name/itemprop, lower case key, first one kept.
struct Metas {
  std::vector<std::pair<std::string, std::string>> items;
  [[nodiscard]] std::string get(std::string_view key) const {
    for (const auto& [k, v] : items)
      if (k == key && !v.empty()) return v;
    return {};
  }
};

bool is_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//");
}

std::string strip_by(std::string text) {
  const std::string lower = lower_ascii(text.substr(0, 3));
  if (lower == "by ") text = text.substr(3);
  return text;
}

// The names of a "By Gareth Price · Wednesday 6 March" line: up to the first separator.
std::string byline_of_line(const std::string& line) {
  if (lower_ascii(line.substr(0, 3)) != "by ") return {};
  std::string names = line.substr(3);
  for (const std::string_view sep :
       {" \u00B7", " |", " -", " \u2013", " \u2014", "\n", " on ", " updated", " published"}) {
    if (const std::size_t at = lower_ascii(names).find(sep); at != std::string::npos)
      names = names.substr(0, at);
  }
  while (!names.empty() && (names.back() == ',' || names.back() == ' ')) names.pop_back();
  return names.size() <= 80 ? names : std::string();
}

}  // namespace

std::string url_path_date(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return {};
  const std::string_view p = url.substr(path);
  for (std::size_t i = 0; i + 10 <= p.size(); ++i) {
    if (p[i] != '/' || !is_digit(p[i + 1])) continue;
    // /YYYY/MM/DD/ or /YYYY-MM-DD
    const std::string_view s = p.substr(i + 1);
    if (s.size() < 10 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3]))
      continue;
    const char sep = s[4];
    if (sep != '/' && sep != '-') continue;
    if (!is_digit(s[5]) || !is_digit(s[6]) || s[7] != sep || !is_digit(s[8]) || !is_digit(s[9]))
      continue;
    if (s.size() > 10 && is_digit(s[10])) continue;
    const int year = std::stoi(std::string(s.substr(0, 4)));
    const int month = std::stoi(std::string(s.substr(5, 2)));
    const int day = std::stoi(std::string(s.substr(8, 2)));
    if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) continue;
    return std::string(s.substr(0, 4)) + "-" + std::string(s.substr(5, 2)) + "-" +
           std::string(s.substr(8, 2));
  }
  return {};
}

std::string resolve_url(std::string_view base, std::string_view href) {
  if (href.empty()) return {};
  if (is_web_url(href)) return std::string(href);
  const std::size_t scheme = base.find("://");
  if (scheme == std::string_view::npos || !is_web_url(base)) return {};
  if (href.starts_with("//")) return std::string(base.substr(0, scheme + 1)) + std::string(href);
  const std::size_t host_end = base.find('/', scheme + 3);
  const std::string_view origin = base.substr(0, host_end);
  if (href.starts_with("/")) return std::string(origin) + std::string(href);
  if (href.find(':') != std::string_view::npos) return {};  // mailto:, javascript:
  // Relative to the base's directory.
  std::string_view dir = host_end == std::string_view::npos ? "" : base.substr(host_end);
  dir = dir.substr(0, dir.find_first_of("?#"));
  dir = dir.substr(0, dir.rfind('/') == std::string_view::npos ? 0 : dir.rfind('/') + 1);
  return std::string(origin) + (dir.empty() ? "/" : std::string(dir)) + std::string(href);
}

std::string strip_site_suffix(std::string_view title, std::string_view site, std::string_view h1,
                              std::string_view url) {
  const auto& kSeparators = kTitleSeparators;
  std::size_t cut = std::string_view::npos, width = 0;
  for (const auto sep : kSeparators) {
    const std::size_t at = title.rfind(sep);
    if (at != std::string_view::npos && (cut == std::string_view::npos || at > cut)) {
      cut = at;
      width = sep.size();
    }
  }
  if (cut == std::string_view::npos || cut == 0) return std::string(title);
  const std::string_view head = title.substr(0, cut);
  const std::string tail = fold_word(title.substr(cut + width));
  std::string host = lower_ascii(url_host(url));
  if (host.starts_with("www.")) host = host.substr(4);
  host = host.substr(0, host.find('.'));
  std::string tail_joined;
  for (const char c : tail)
    if (c != ' ' && c != '.' && c != '\'') tail_joined += c;
  const bool names_site = (!site.empty() && tail == fold_word(site)) ||
                          (!host.empty() && (tail_joined == host || tail_joined.find(host) == 0 ||
                                             host.find(tail_joined) == 0));
  const bool h1_is_head = !h1.empty() && fold_word(h1) == fold_word(head);
  if (names_site || h1_is_head) return strip_site_suffix(head, site, h1, url);
  return std::string(title);
}

PageMetadata read_page_metadata(const HtmlTree& tree, std::string_view url) {
  const HtmlNode* root = tree.root();
  Metas metas;
  std::string title, h1, canonical, rel_author, byline_class, time_datetime, meta_language;
  for_each_element(root, [&](const HtmlNode* e) {
    const std::string_view tag = tag_name(e);
    if (tag == "script" || tag == "style" || tag == "svg" || tag == "noscript") return false;
    if (tag == "meta") {
      const auto content = attribute(e, "content");
      if (!content) return false;
      for (const char* key : {"property", "name", "itemprop"}) {
        if (const auto k = attribute(e, key))
          metas.items.emplace_back(lower_ascii(*k), squeeze_spaces(*content));
      }
      if (const auto equiv = attribute(e, "http-equiv");
          equiv && lower_ascii(*equiv) == "content-language")
        meta_language = squeeze_spaces(*content);
      return false;
    }
    if (tag == "title" && title.empty()) {
      title = text_content(e);
      return false;
    }
    if (tag == "link") {
      const auto rel = attribute(e, "rel");
      const auto href = attribute(e, "href");
      if (rel && href && lower_ascii(*rel) == "canonical" && canonical.empty())
        canonical = resolve_url(url, squeeze_spaces(*href));
      return false;
    }
    if (tag == "h1" && h1.empty()) h1 = text_content(e);
    if (tag == "a" && rel_author.empty()) {
      if (const auto rel = attribute(e, "rel"); rel && lower_ascii(*rel) == "author")
        rel_author = text_content(e);
    }
    if (tag == "time" && time_datetime.empty()) {
      const auto prop = attribute(e, "itemprop");
      const auto dt = attribute(e, "datetime");
      if (dt && (!prop || lower_ascii(*prop) == "datepublished")) time_datetime = *dt;
    }
    if (byline_class.empty()) {
      const auto cls = attribute(e, "class");
      const auto prop = attribute(e, "itemprop");
      const std::string c = cls ? lower_ascii(*cls) : std::string();
      if (c.find("byline") != std::string::npos || (prop && lower_ascii(*prop) == "author")) {
        std::string text = text_content(e);
        if (!text.empty() && text.size() < 120) {
          const std::string names = byline_of_line(text);
          byline_class = names.empty() ? strip_by(text) : names;
        }
      } else if (c.find("meta") != std::string::npos || c.find("author") != std::string::npos) {
        byline_class = byline_of_line(text_content(e));
      }
    }
    return true;
  });
  const JsonLd ld = read_json_ld(root);

  PageMetadata m;
  const auto first = [](std::initializer_list<std::string> values) {
    for (const auto& v : values)
      if (!squeeze_spaces(v).empty()) return squeeze_spaces(v);
    return std::string();
  };
  m.outlet = first({metas.get("og:site_name"), ld.publisher, metas.get("application-name")});
  if (is_url(m.outlet) || m.outlet.starts_with("www."))
    m.outlet.clear();  // a URL is no name: the outlet map names the host
  const std::string site = m.outlet;
  const std::string title_head = strip_site_suffix(title, site, h1, url);
  m.headline =
      first({strip_site_suffix(metas.get("og:title"), site, h1, url), ld.headline,
             strip_site_suffix(metas.get("twitter:title"), site, h1, url), h1, title_head});
  // "Flood warning - Valley Gazette": the part cut from the title names the site.
  if (m.outlet.empty() && title_head.size() + 3 < title.size()) {
    std::string_view tail = std::string_view(title).substr(title_head.size());
    for (const auto sep : kTitleSeparators) {
      if (tail.starts_with(sep)) {
        tail.remove_prefix(sep.size());
        break;
      }
    }
    // Only the last part: "Rates rise - Markets - FT" names FT.
    for (const auto sep : kTitleSeparators) {
      if (const std::size_t at = tail.rfind(sep); at != std::string_view::npos)
        tail.remove_prefix(at + sep.size());
    }
    if (!tail.empty() && tail.size() <= 60) m.outlet = squeeze_spaces(tail);
  }
  // The first date that reads as one; else the first written, for the reader to report.
  const std::vector<std::string> dates{metas.get("article:published_time"),
                                       metas.get("datepublished"),
                                       ld.published,
                                       metas.get("og:published_time"),
                                       metas.get("pubdate"),
                                       metas.get("publishdate"),
                                       metas.get("publish-date"),
                                       metas.get("dc.date.issued"),
                                       metas.get("dcterms.created"),
                                       metas.get("sailthru.date"),
                                       metas.get("parsely-pub-date"),
                                       metas.get("date"),
                                       time_datetime,
                                       url_path_date(url)};
  for (const auto& d : dates) {
    if (!d.empty() && parse_timestamp(squeeze_spaces(d))) {
      m.published = squeeze_spaces(d);
      break;
    }
  }
  if (m.published.empty()) {
    for (const auto& d : dates)
      if (m.published.empty()) m.published = squeeze_spaces(d);
  }
  std::string meta_author = metas.get("author");
  if (is_url(meta_author)) meta_author.clear();
  std::string article_author = metas.get("article:author");
  if (is_url(article_author)) article_author.clear();
  m.byline = strip_by(first({ld.author, meta_author, article_author, rel_author, byline_class}));
  m.canonical_url =
      first({canonical, resolve_url(url, metas.get("og:url")), resolve_url(url, ld.url)});
  if (!is_web_url(m.canonical_url)) m.canonical_url.clear();
  std::string html_lang;
  if (const auto lang = attribute(root, "lang")) html_lang = *lang;
  m.language = first({html_lang, meta_language, ld.language, metas.get("og:locale")});
  m.section = first({metas.get("article:section"), ld.section});
  return m;
}

}  // namespace morgue
