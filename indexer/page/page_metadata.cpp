#include "indexer/page/page_metadata.h"

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <vector>

#include "common/index/date.h"
#include "common/text/ascii.h"
#include "common/text/text_fold.h"
#include "common/text/url.h"
#include "indexer/read/article_record.h"
#include "indexer/read/outlet_map.h"

namespace morgue {

namespace {

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
  std::string page_published;  ///< a WebPage's datePublished (Yoast puts it there)
};

bool web_page_type(const nlohmann::json& type) {
  const auto one = [](const nlohmann::json& t) {
    return t.is_string() && (t == "WebPage" || t == "https://schema.org/WebPage" ||
                             t == "http://schema.org/WebPage");
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), one);
  return one(type);
}

void find_pages(const nlohmann::json& j, std::string& published, int depth) {
  if (depth > 8 || !published.empty()) return;
  if (j.is_array()) {
    for (const auto& e : j) find_pages(e, published, depth + 1);
  } else if (j.is_object()) {
    if (const auto t = j.find("@type"); t != j.end() && web_page_type(*t)) {
      if (const auto d = j.find("datePublished"); d != j.end() && d->is_string())
        published = d->get<std::string>();
    }
    if (const auto g = j.find("@graph"); g != j.end()) find_pages(*g, published, depth + 1);
  }
}

JsonLd read_json_ld(const HtmlNode* root) {
  JsonLd out;
  for_each_element(root, [&](const HtmlNode* e) {
    if (tag_name(e) != "script") return true;
    const auto type = attribute(e, "type");
    if (!type || ascii_lower(*type).find("ld+json") == std::string::npos) return false;
    std::string text;
    for (std::size_t i = 0; i < child_count(e); ++i)
      if (const auto t = node_text(child(e, i))) text += *t;
    if (json_depth(text) > 64) return false;  // destroyed recursively: keep it shallow
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return false;
    std::vector<const nlohmann::json*> articles;
    find_articles(j, articles, 0);
    find_pages(j, out.page_published, 0);
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
  const std::string lower = ascii_lower(text.substr(0, 3));
  if (lower == "by ") text = text.substr(3);
  return text;
}

// The names of a "By Gareth Price · Wednesday 6 March" line: up to the first separator.
std::string byline_of_line(const std::string& line) {
  if (ascii_lower(line.substr(0, 3)) != "by ") return {};
  std::string names = line.substr(3);
  for (const std::string_view sep :
       {" \u00B7", " |", " -", " \u2013", " \u2014", "\n", " on ", " updated", " published"}) {
    if (const std::size_t at = ascii_lower(names).find(sep); at != std::string::npos)
      names = names.substr(0, at);
  }
  while (!names.empty() && (names.back() == ',' || names.back() == ' ')) names.pop_back();
  return names.size() <= 80 ? names : std::string();
}

}  // namespace

namespace {

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  const std::string head = ascii_lower(name.substr(0, 3));
  for (std::size_t m = 0; m < kMonths.size(); ++m)
    if (head == kMonths[m]) return static_cast<int>(m) + 1;
  return 0;
}

std::string iso_day(int year, int month, int day) {
  if (year < 1990 || year > 2100 || !Date::make(year, month, day)) return {};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
  return out;
}

}  // namespace

std::string url_path_date(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return {};
  std::string_view p = url.substr(path);
  p = p.substr(0, p.find_first_of("?#"));
  // /YYYY/MM/DD/, /YYYY-MM-DD, /YYYY/mon/DD/
  static const std::regex kPathDate(
      R"(/((?:19|20)\d\d)([/-])(\d\d|[A-Za-z]{3,9})\2(\d\d)(?:[^0-9]|$))");
  std::cmatch m;
  if (std::regex_search(p.data(), p.data() + p.size(), m, kPathDate)) {
    const std::string month = m[3].str();
    const int mon =
        std::isdigit(static_cast<unsigned char>(month[0])) ? std::stoi(month) : month_number(month);
    if (std::string day = iso_day(std::stoi(m[1].str()), mon, std::stoi(m[4].str())); !day.empty())
      return day;
  }
  // A last segment ending in the day: "...-immune-responses-20191115/".
  static const std::regex kSlugDate(R"([-_/]((?:19|20)\d\d)(\d\d)(\d\d)/?$)");
  if (std::regex_search(p.data(), p.data() + p.size(), m, kSlugDate)) {
    return iso_day(std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str()));
  }
  return {};
}

std::string written_date(std::string_view text) {
  static const std::regex kMonthFirst(
      R"(\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b)",
      std::regex::icase);
  static const std::regex kDayFirst(
      R"(\b(\d{1,2})(?:st|nd|rd|th)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+((?:19|20)\d\d)\b)",
      std::regex::icase);
  static const std::regex kIso(R"(\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b)");
  if (text.size() > 200) text = text.substr(0, 200);
  std::cmatch m;
  std::string best;
  std::ptrdiff_t at = -1;
  const auto consider = [&](std::string day, std::ptrdiff_t position) {
    if (!day.empty() && (at < 0 || position < at)) {
      best = std::move(day);
      at = position;
    }
  };
  const char* b = text.data();
  const char* e = text.data() + text.size();
  if (std::regex_search(b, e, m, kMonthFirst))
    consider(iso_day(std::stoi(m[3].str()), month_number(m[1].str()), std::stoi(m[2].str())),
             m.position(0));
  if (std::regex_search(b, e, m, kDayFirst))
    consider(iso_day(std::stoi(m[3].str()), month_number(m[2].str()), std::stoi(m[1].str())),
             m.position(0));
  if (std::regex_search(b, e, m, kIso))
    consider(iso_day(std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str())),
             m.position(0));
  return best;
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
  std::string host = ascii_lower(url_host(url));
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

namespace {

// The publication day an element shows readers: a <time>'s text, or the short text of an
// element whose class says it holds the date ("date", "time", "published", "posted",
// "dateline", "byline", "meta"); "" for anything else, and for an update's date.
std::string shown_publication_day(const HtmlNode* e) {
  const std::string_view tag = tag_name(e);
  std::string hints;
  for (const char* name : {"class", "itemprop", "id"})
    if (const auto v = attribute(e, name)) hints += ascii_lower(*v) + ' ';
  if (hints.find("updated") != std::string::npos || hints.find("modified") != std::string::npos)
    return {};
  const bool dated =
      tag == "time" || hints.find("date") != std::string::npos ||
      hints.find("time") != std::string::npos || hints.find("publish") != std::string::npos ||
      hints.find("posted") != std::string::npos || hints.find("byline") != std::string::npos ||
      hints.find("meta") != std::string::npos;
  if (!dated) return {};
  const std::string text = text_content(e);
  return text.size() <= 160 ? written_date(text) : std::string();
}

std::set<std::string> folded_words(std::string_view text) {
  std::set<std::string> out;
  std::string word;
  for (const char c : fold_word(text) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      out.insert(word);
      word.clear();
    }
  }
  return out;
}

// The <h1> that is the article's headline as readers see it: the first of two words or more
// that shares two words and at least a third of its words with what the page calls its title
// elsewhere
// (og:title, JSON-LD, <title>), so that a menu's <h1> ("Games") or the site's name is not
// taken for it. "" when none does.
std::string visible_headline(const std::vector<std::string>& h1s,
                             std::initializer_list<std::string> titles, std::string_view site) {
  for (const std::string& h : h1s) {
    const std::set<std::string> words = folded_words(h);
    if (words.size() < 2 || (!site.empty() && fold_word(h) == fold_word(site))) continue;
    for (const std::string& t : titles) {
      const std::set<std::string> other = folded_words(t);
      std::size_t shared = 0;
      for (const auto& w : words) shared += other.contains(w);
      if (shared >= 2 && 3 * shared >= words.size()) return h;
    }
  }
  return {};
}

}  // namespace

PageMetadata read_page_metadata(const HtmlTree& tree, std::string_view url) {
  const HtmlNode* root = tree.root();
  Metas metas;
  std::string title, h1, canonical, rel_author, byline_class, time_datetime, meta_language,
      shown_day, shown_after_h1;
  std::vector<std::string> h1s;
  for_each_element(root, [&](const HtmlNode* e) {
    const std::string_view tag = tag_name(e);
    if (tag == "script" || tag == "style" || tag == "svg" || tag == "noscript") return false;
    if (tag == "meta") {
      const auto content = attribute(e, "content");
      if (!content) return false;
      for (const char* key : {"property", "name", "itemprop"}) {
        if (const auto k = attribute(e, key))
          metas.items.emplace_back(ascii_lower(*k), squeeze_spaces(*content));
      }
      if (const auto equiv = attribute(e, "http-equiv");
          equiv && ascii_lower(*equiv) == "content-language")
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
      if (rel && href && ascii_lower(*rel) == "canonical" && canonical.empty())
        canonical = resolve_url(url, squeeze_spaces(*href));
      return false;
    }
    if (tag == "h1") {
      h1s.push_back(text_content(e));
      if (h1.empty()) h1 = h1s.back();
    }
    // A masthead's "today" comes before the headline: see m.shown_day below.
    if (shown_after_h1.empty()) {
      std::string day = shown_publication_day(e);
      if (!day.empty()) {
        if (!h1s.empty()) shown_after_h1 = day;
        if (shown_day.empty()) shown_day = std::move(day);
      }
    }
    if (tag == "a" && rel_author.empty()) {
      if (const auto rel = attribute(e, "rel"); rel && ascii_lower(*rel) == "author")
        rel_author = text_content(e);
    }
    if (tag == "time" && time_datetime.empty()) {
      const auto prop = attribute(e, "itemprop");
      const auto dt = attribute(e, "datetime");
      if (dt && (!prop || ascii_lower(*prop) == "datepublished")) time_datetime = *dt;
    }
    if (byline_class.empty()) {
      const auto cls = attribute(e, "class");
      const auto prop = attribute(e, "itemprop");
      const std::string c = cls ? ascii_lower(*cls) : std::string();
      if (c.find("byline") != std::string::npos || (prop && ascii_lower(*prop) == "author")) {
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
  // "Autoracing | F1 | Indy": the name before the slogan or the list of topics.
  for (const auto sep : kTitleSeparators) {
    if (const std::size_t at = m.outlet.find(sep); at != std::string::npos && at > 0)
      m.outlet.resize(at);
  }
  {
    // A URL, a handle ("@politifact") or the host's bare label ("nj" on nj.com) is no name:
    // the outlet map or the <title> names the site better.
    std::string host = ascii_lower(url_host(url));
    if (host.starts_with("www.")) host = host.substr(4);
    const std::string label = host.substr(0, host.find('.'));
    if (is_url(m.outlet) || m.outlet.starts_with("www.") || m.outlet.starts_with("@") ||
        (!label.empty() && m.outlet == label))
      m.outlet.clear();
  }
  const std::string site = m.outlet;
  const std::string title_head = strip_site_suffix(title, site, h1, url);
  const std::string og_title = strip_site_suffix(metas.get("og:title"), site, h1, url);
  m.headline = first({visible_headline(h1s, {og_title, ld.headline, title_head}, site), og_title,
                      ld.headline, strip_site_suffix(metas.get("twitter:title"), site, h1, url), h1,
                      title_head});
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
                                       ld.page_published,
                                       time_datetime,
                                       url_path_date(url)};
  for (const auto& d : dates) {
    // A year before 1900 is a template's placeholder ("0001-01-01T00:00:00Z"), not a date.
    if (const auto t = d.empty() ? std::nullopt : parse_timestamp(squeeze_spaces(d));
        t && t->day.year >= 1900) {
      m.published = squeeze_spaces(d);
      break;
    }
  }
  // Only a date shown after the headline is the article's (a masthead's "today" comes
  // before it); on a page with no <h1>, the first date shown.
  m.shown_day = h1s.empty() ? shown_day : shown_after_h1;
  if (m.published.empty()) {
    for (const auto& d : dates) {
      const auto t = d.empty() ? std::nullopt : parse_timestamp(squeeze_spaces(d));
      if (m.published.empty() && !(t && t->day.year < 1900)) m.published = squeeze_spaces(d);
    }
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
