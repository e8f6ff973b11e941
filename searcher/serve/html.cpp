#include "searcher/serve/html.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <regex>

#include "common/text/text_fold.h"
#include "common/text/url.h"
#include "searcher/alert/saved_searches.h"
#include "searcher/facets/facets.h"

namespace morgue::html {
namespace {

constexpr std::string_view kStyle = R"css(
*{box-sizing:border-box}body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1f2a44;padding:.8em 1em}header a{color:#fff;text-decoration:none;font-weight:600;margin-right:1em}
form{display:flex;gap:.5em;flex:1;min-width:0}header div{display:flex;align-items:center;max-width:70em;margin:auto}
input[type=search]{flex:1;width:100%;font-size:1em;padding:.45em .6em;border:0;border-radius:4px;min-width:0}
button{font-size:1em;padding:.45em .9em;border:0;border-radius:4px;background:#e3a21a;color:#1d1d1f;cursor:pointer}
main{max-width:70em;margin:auto;padding:1em;display:flex;gap:2em;align-items:flex-start}
#results{flex:3;min-width:0}aside{flex:1;min-width:14em}
.hit{margin:0 0 1.3em}.hit h2{font-size:1.1em;margin:0}.hit h2 a{color:#1a4fa0}
.meta{color:#666;font-size:.85em}.snippet{margin:.2em 0}mark{background:#ffe58f;padding:0 .1em}
details{font-size:.9em;color:#444}details ul{margin:.3em 0;padding-left:1.2em}
.chips a{display:inline-block;background:#e8eefb;border-radius:1em;padding:0 .7em;margin:0 .3em .3em 0;color:#1a4fa0;text-decoration:none}
aside h3{font-size:.95em;margin:1em 0 .3em;text-transform:capitalize}aside ul{list-style:none;margin:0;padding:0;font-size:.9em}
aside li{display:flex;justify-content:space-between;gap:.5em}aside li a{color:#1a4fa0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.count{color:#666}svg a rect{fill:#5b7bd5}svg a:hover rect{fill:#e3a21a}.paging a{margin-right:1em}
.error{background:#fdecea;border-left:4px solid #c0392b;padding:.6em 1em}.body p{max-width:42em}
@media (max-width:45em){main{flex-direction:column}aside{min-width:0;width:100%}}
)css";

std::string search_href(const SearchRequest& r) {
  std::string href = "/search?q=" + url_encode(r.query);
  if (r.any) href += "&any=1";
  if (r.sort != "relevance") href += "&sort=" + url_encode(r.sort);
  if (!r.from.empty()) href += "&from=" + url_encode(r.from);
  if (!r.to.empty()) href += "&to=" + url_encode(r.to);
  if (!r.collapse) href += "&collapse=0";
  if (!r.like.empty()) href += "&like=" + url_encode(r.like);
  if (r.limit != SearchRequest{}.limit) href += "&limit=" + std::to_string(r.limit);
  if (r.offset != 0) href += "&offset=" + std::to_string(r.offset);
  return href;
}

// The search's /save link: the same query, filters and dates.
std::string save_href(const SearchRequest& r) {
  std::string href = "/save?q=" + url_encode(r.query);
  if (r.any) href += "&any=1";
  if (!r.from.empty()) href += "&from=" + url_encode(r.from);
  if (!r.to.empty()) href += "&to=" + url_encode(r.to);
  return href;
}

// A name for a saved search, from its query: its words folded as searching folds them, joined
// by '-' ("outlet:\"CBC News\" Álvarez" -> "outlet-cbc-news-alvarez"), at most 40 bytes.
std::string saved_search_name(std::string_view query) {
  std::string name;
  bool gap = false;
  for (const char c : fold_text(query, {.case_fold = true})) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || b >= 0x80) {
      if (gap && !name.empty()) {
        if (name.size() >= 40) break;
        name += '-';
      }
      name += c;
      gap = false;
    } else {
      gap = true;
    }
  }
  if (name.size() > 40) {  // one long word: cut, never inside a UTF-8 sequence
    std::size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
  }
  return name.empty() ? "everything" : name;
}

std::string page(std::string_view title, std::string_view query, const std::string& body) {
  std::string out =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"morgue\" "
      "href=\"/opensearch.xml\"><title>";
  out += escape(title);
  // The style sheet is a file of its own: the Content-Security-Policy allows no inline style.
  out += "</title><link rel=\"stylesheet\" href=\"/style.css\">";
  out +=
      "</head><body><header><div><a href=\"/\">morgue</a>"
      "<form action=\"/search\" role=\"search\"><input type=\"search\" name=\"q\" "
      "aria-label=\"Search the archive\" placeholder=\"Search the archive\" value=\"";
  out += escape(query);
  out += "\" autofocus><button type=\"submit\">Search</button></form></div></header>";
  out += body;
  out += "</body></html>\n";
  return out;
}

// The snippet with its matches marked.
std::string marked(const Snippet& snippet) {
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : snippet.highlights) {
    if (begin < at || end > snippet.text.size()) continue;
    out += escape(std::string_view(snippet.text).substr(at, begin - at));
    out += "<mark>" + escape(std::string_view(snippet.text).substr(begin, end - begin)) + "</mark>";
    at = end;
  }
  out += escape(std::string_view(snippet.text).substr(at));
  return out;
}

// The filter token a facet value adds to the query ("person:\"Viktor Orbán\"").
std::string filter_token(std::string_view field, std::string_view value) {
  return std::string(field) + ":\"" + std::string(value) + "\"";
}

std::string with_filter(const SearchRequest& r, const std::string& token) {
  SearchRequest next = r;
  next.query = r.query.empty() ? token : r.query + " " + token;
  next.offset = 0;
  return search_href(next);
}

// The field filters typed in the query, each with the link that removes it.
std::string active_filters(const SearchRequest& r) {
  static const std::regex kFilter(
      R"((^|\s)(-?(?:outlet|section|person|org|place|entity|date|title):(?:"[^"]*"|\S+)))");
  std::string chips;
  for (auto it = std::sregex_iterator(r.query.begin(), r.query.end(), kFilter);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    SearchRequest without = r;
    without.query = r.query.substr(0, static_cast<std::size_t>(m.position(2))) +
                    r.query.substr(static_cast<std::size_t>(m.position(2) + m.length(2)));
    without.offset = 0;
    chips += "<a href=\"" + escape(search_href(without)) + "\" title=\"remove this filter\">" +
             escape(m.str(2)) + " &times;</a>";
  }
  return chips.empty() ? "" : "<p class=\"chips\">" + chips + "</p>";
}

std::string copies_list(const Hit& hit) {
  if (hit.similar == 0) return "";
  std::string out = "<details><summary>+ " + std::to_string(hit.similar) + " similar (same story)";
  std::vector<std::string> outlets;
  for (const SimilarArticle& c : hit.similar_articles) {
    if (c.outlet && std::find(outlets.begin(), outlets.end(), *c.outlet) == outlets.end()) {
      outlets.push_back(*c.outlet);
    }
  }
  for (std::size_t i = 0; i < outlets.size() && i < 3; ++i) {
    out += (i == 0 ? ": " : ", ") + escape(outlets[i]);
  }
  out += "</summary><ul>";
  for (const SimilarArticle& c : hit.similar_articles) {
    out += "<li><a href=\"/articles/" + escape(url_encode(c.id)) + "\">" + escape(c.display_title) +
           "</a> <span class=\"meta\">" + escape(c.outlet.value_or("outlet unknown")) +
           " &middot; " + escape(c.published.value_or("undated")) + "</span></li>";
  }
  return out + "</ul></details>";
}

std::string hit_html(const Hit& hit) {
  SearchRequest like;  // a new search: the article's words, no query
  like.like = hit.id;
  std::string out = "<article class=\"hit\"><h2><a href=\"/articles/" + escape(url_encode(hit.id)) +
                    "\">" + escape(hit.display_title) + "</a></h2><div class=\"meta\">" +
                    escape(hit.outlet.value_or("outlet unknown")) +
                    (hit.section ? " / " + escape(*hit.section) : "") + " &middot; " +
                    escape(hit.published.value_or("undated")) + " &middot; <a href=\"" +
                    escape(search_href(like)) + "\">more like this</a></div><p class=\"snippet\">" +
                    marked(hit.snippet) + "</p>" + copies_list(hit) + "</article>";
  return out;
}

// The date histogram as bars, each a link that filters to its bucket.
std::string date_chart(const SearchRequest& r, const FacetResult& dates) {
  std::vector<const FacetValue*> buckets;
  Xapian::doccount top = 0;
  for (const FacetValue& v : dates.values) {
    if (v.missing) continue;
    buckets.push_back(&v);
    top = std::max(top, v.count);
  }
  if (buckets.empty() || top == 0) return "";
  const std::size_t width = 10, height = 60;
  // Room for at least a dozen bars, so that a single month is not the whole width.
  const std::size_t slots = std::max<std::size_t>(buckets.size(), 12);
  std::string svg =
      "<h3>date</h3><svg role=\"img\" aria-label=\"articles by date\" viewBox=\"0 0 " +
      std::to_string(slots * width) + " " + std::to_string(height) +
      "\" preserveAspectRatio=\"none\" width=\"100%\" height=\"80\">";
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const FacetValue& v = *buckets[i];
    const double h = v.count == 0 ? 0 : std::max(1.0, double(height) * v.count / top);
    char rect[160];
    std::snprintf(rect, sizeof rect,
                  "<rect x=\"%zu\" y=\"%.1f\" width=\"%zu\" height=\"%.1f\"></rect>", i * width + 1,
                  double(height) - h, width - 2, h);
    svg += "<a href=\"" + escape(with_filter(r, "date:" + v.value)) + "\"><title>" +
           escape(v.value) + ": " + std::to_string(v.count) + "</title>" + rect + "</a>";
  }
  svg += "</svg><div class=\"meta\">" + escape(buckets.front()->value) + " &ndash; " +
         escape(buckets.back()->value) + "</div>";
  return svg;
}

std::string facet_sidebar(const SearchRequest& r, const SearchResult& result) {
  std::string out = "<aside>";
  for (const FacetResult& f : result.facets) {
    if (f.kind == FacetKind::kDate) {
      out += date_chart(r, f);
      continue;
    }
    // Nothing to choose from: no values, or only the bucket of articles without one (an
    // archive that files no sections).
    if (f.values.empty() || (f.values.size() == 1 && f.values.front().missing)) continue;
    const std::string field(facet_name(f.kind));
    out += "<h3>" + escape(field) + "</h3><ul>";
    for (const FacetValue& v : f.values) {
      if (v.value.find('"') != std::string::npos) continue;  // no way to quote it
      out += "<li><a href=\"" + escape(with_filter(r, filter_token(field, v.value))) + "\">" +
             escape(v.value) + "</a><span class=\"count\">" + std::to_string(v.count) +
             "</span></li>";
    }
    out += "</ul>";
  }
  return out + "</aside>";
}

std::string count_line(const SearchResult& result) {
  std::string out = (result.total_exact ? "" : "about ") + std::to_string(result.total) +
                    (result.total == 1 ? " article" : " articles");
  if (result.collapsed && result.results != result.total) {
    out += " in " + std::string(result.results_exact ? "" : "about ") +
           std::to_string(result.results) + (result.results == 1 ? " story" : " stories");
  }
  return out;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view style_sheet() { return kStyle; }

std::string search_page() {
  return page("morgue", "",
              "<main><div id=\"results\"><p>Search the archive. All words are required; "
              "case and accents never matter.</p><ul class=\"meta\">"
              "<li><code>\"exact phrase\"</code>, <code>a OR b</code>, <code>-word</code>, "
              "<code>zelensky NEAR kyiv</code>, <code>ukrain*</code>, "
              "<code>title:word</code></li>"
              "<li>filters: <code>person:Orban</code>, <code>org:NATO</code>, "
              "<code>place:Kyiv</code>, <code>outlet:\"CBC News\"</code>, "
              "<code>date:2022-02</code>, <code>date:2022-02-01..2022-02-28</code></li>"
              "</ul></div></main>");
}

std::string results_page(const SearchRequest& r, const SearchResult& result) {
  std::string body = "<main><div id=\"results\">";
  body += active_filters(r);
  if (!r.like.empty()) {
    body += "<p class=\"meta\">More like <a href=\"/articles/" + escape(url_encode(r.like)) +
            "\">" + escape(r.like) + "</a></p>";
  }
  body += "<p class=\"meta\" id=\"count\">" + count_line(result);
  if (r.like.empty()) {
    body += " &middot; <a id=\"save\" href=\"" + escape(save_href(r)) + "\">save this search</a>";
  }
  body += "</p>";
  if (result.suggestion) {
    SearchRequest corrected = r;
    corrected.query = *result.suggestion;
    corrected.offset = 0;
    body += "<p>Did you mean <a id=\"suggestion\" href=\"" + escape(search_href(corrected)) +
            "\">" + escape(*result.suggestion) + "</a>?</p>";
  }
  for (const Hit& hit : result.hits) body += hit_html(hit);
  body += "<p class=\"paging\">";
  if (r.offset > 0) {
    SearchRequest prev = r;
    prev.offset = std::max<long long>(0, r.offset - r.limit);
    body += "<a rel=\"prev\" href=\"" + escape(search_href(prev)) + "\">&larr; previous</a>";
  }
  if (static_cast<std::size_t>(r.offset + r.limit) < result.results) {
    SearchRequest next = r;
    next.offset = r.offset + r.limit;
    body += "<a rel=\"next\" href=\"" + escape(search_href(next)) + "\">next &rarr;</a>";
  }
  body += "</p></div>" + facet_sidebar(r, result) + "</main>";
  return page(r.query.empty() ? "morgue" : r.query + " - morgue", r.query, body);
}

std::string saved_search_query(const SearchRequest& r) {
  std::string query = r.query;
  if (!r.from.empty() || !r.to.empty()) {
    if (!query.empty()) query += ' ';
    query += "date:" + r.from + ".." + r.to;
  }
  return query;
}

std::string save_page(const SearchRequest& r) {
  const std::string query = saved_search_query(r);
  const std::string line = saved_search_line(saved_search_name(query), query, r.any);
  SearchRequest back = r;
  return page(
      "Save this search - morgue", r.query,
      "<main><div id=\"results\"><h1>Save this search</h1>"
      "<p>Add this line to the saved searches (<code>/etc/morgue/saved-searches.jsonl</code> "
      "on the server, one search per line; the name is yours to change). After each nightly "
      "reindex, <code>morgue-alert</code> reports the articles that came in since and match "
      "it, each once.</p><pre id=\"saved-line\">" +
          escape(line) + "</pre><p><a href=\"" + escape(search_href(back)) +
          "\">&larr; back to the results</a></p></div></main>");
}

std::string error_page(const SearchRequest& r, std::string_view message) {
  return page(
      "morgue", r.query,
      "<main><div id=\"results\"><p class=\"error\">" + escape(message) + "</p></div></main>");
}

std::string article_page(const ArticleView& view) {
  const Article& a = view.article;
  std::string body =
      "<main><div id=\"results\"><article><h1>" + escape(view.display_title) +
      "</h1><p class=\"meta\">" + escape(a.outlet.empty() ? "outlet unknown" : a.outlet) +
      (a.section.empty() ? "" : " / " + escape(a.section)) + " &middot; " +
      escape(a.published ? a.published->iso() : "undated") + " &middot; " + escape(a.id);
  if (!a.byline.empty()) body += " &middot; by " + escape(a.byline);
  if (is_web_url(a.url)) {
    body += " &middot; <a rel=\"noopener noreferrer\" href=\"" + escape(a.url) + "\">source</a>";
  } else if (!a.url.empty()) {
    // Anything but http(s) (javascript:, data:) would run in this page's origin when clicked:
    // shown, never linked.
    body += " &middot; source: <span class=\"url\">" + escape(a.url) + "</span>";
  }
  body += "</p><div class=\"body\">";
  std::size_t at = 0;
  while (at <= a.body.size()) {
    const std::size_t end = std::min(a.body.find("\n\n", at), a.body.size());
    if (end > at) body += "<p>" + escape(std::string_view(a.body).substr(at, end - at)) + "</p>";
    at = end + 2;
  }
  body += "</div></article>";
  if (view.copies > 0) {
    body += "<h3>" + std::to_string(view.copies) + " other cop" + (view.copies == 1 ? "y" : "ies") +
            " of this story</h3><ul>";
    for (const SimilarArticle& c : view.copies_listed) {
      body += "<li><a href=\"/articles/" + escape(url_encode(c.id)) + "\">" +
              escape(c.display_title) + "</a> <span class=\"meta\">" +
              escape(c.outlet.value_or("outlet unknown")) + " &middot; " +
              escape(c.published.value_or("undated")) + "</span></li>";
    }
    body += "</ul>";
  }
  body += "</div><aside>";
  for (const auto& [kind, names] : view.entities) {
    body += "<h3>" + escape(kind) + "</h3><ul>";
    for (const std::string& name : names) {
      SearchRequest filter;
      filter.query = filter_token(kind, name);
      body += "<li><a href=\"" + escape(search_href(filter)) + "\">" + escape(name) + "</a></li>";
    }
    body += "</ul>";
  }
  body += "</aside></main>";
  return page(view.display_title + " - morgue", "", body);
}

std::string opensearch_description(std::string_view base_url) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">"
         "<ShortName>morgue</ShortName><Description>Search the news archive</Description>"
         "<InputEncoding>UTF-8</InputEncoding><Url type=\"text/html\" template=\"" +
         escape(base_url) +
         "/search?q={searchTerms}\"/><Url type=\"application/json\" "
         "template=\"" +
         escape(base_url) +
         "/api/search?q={searchTerms}\"/>"
         "</OpenSearchDescription>\n";
}

}  // namespace morgue::html
