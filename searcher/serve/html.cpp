#include "searcher/serve/html.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <regex>
#include <tuple>

#include "common/text/text_fold.h"
#include "common/text/url.h"
#include "searcher/alert/saved_searches.h"
#include "searcher/facets/facets.h"
#include "searcher/present/entity_profile.h"

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
.count{color:#666}svg a rect{fill:#5b7bd5}svg a:hover rect{fill:#e3a21a}.paging a{margin-right:.4em}
.error{background:#fdecea;border-left:4px solid #c0392b;padding:.6em 1em}.body p{max-width:42em}
.controls{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;font-size:.9em;margin:0 0 .8em}
.controls label{display:flex;gap:.3em;align-items:center}.controls select,.controls input{font-size:.95em;padding:.15em .3em}
.controls button{padding:.2em .7em;font-size:.95em}.presets a{margin-right:.6em}
.to-page{margin-left:auto;padding:0 .3em;text-decoration:none}aside li .count{min-width:2.5em;text-align:right}
.profile h1,.front h1{margin:.2em 0}.front h2{font-size:1.05em;margin:1.2em 0 .5em}aside h2.span{font-size:1em;margin:1em 0 0}.profile h2{font-size:1.05em;margin:1.2em 0 .5em}
.chart{display:flex;gap:.3em}.y-axis{display:flex;flex-direction:column;justify-content:space-between;text-align:right;min-width:1.5em;height:80px}
.x-axis{display:flex;justify-content:space-between;margin-left:1.8em}
.paging a,.paging strong{display:inline-block;min-width:1.8em;text-align:center}.paging strong{color:#1d1d1f}
.phone-filters{display:none}.phone-filters summary{cursor:pointer;font-weight:600;padding:.3em 0}
@media (max-width:45em){main{flex-direction:column}aside{min-width:0;width:100%}
main>aside.facets{display:none}.phone-filters{display:block;width:100%;border-bottom:1px solid #ddd;margin-bottom:.5em}
.phone-filters h3{font-size:.95em;margin:.7em 0 .2em;text-transform:capitalize}.phone-filters ul{list-style:none;padding:0;margin:0}
.phone-filters li{display:flex;justify-content:space-between;gap:.5em}}
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

// The search's state a new query keeps, as hidden fields of the query box's form (the sort
// and the dates are visible controls, tied to the same form).
std::string kept_state(const SearchRequest* r) {
  if (r == nullptr) return {};
  std::string out;
  if (r->any) out += "<input type=\"hidden\" name=\"any\" value=\"1\">";
  if (!r->collapse) out += "<input type=\"hidden\" name=\"collapse\" value=\"0\">";
  if (r->limit != SearchRequest{}.limit)
    out += "<input type=\"hidden\" name=\"limit\" value=\"" + std::to_string(r->limit) + "\">";
  return out;
}

std::string page(std::string_view title, std::string_view query, const std::string& body,
                 const SearchRequest* state = nullptr) {
  std::string out =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"morgue\" "
      "href=\"/opensearch.xml\"><link rel=\"icon\" type=\"image/svg+xml\" "
      "href=\"/favicon.svg\"><title>";
  out += escape(title);
  // The style sheet is a file of its own: the Content-Security-Policy allows no inline style.
  out += "</title><link rel=\"stylesheet\" href=\"/style.css\">";
  out +=
      "</head><body><header><div><a href=\"/\">morgue</a>"
      "<form id=\"search\" action=\"/search\" role=\"search\"><input type=\"search\" name=\"q\" "
      "aria-label=\"Search the archive\" placeholder=\"Search the archive\" value=\"";
  out += escape(query);
  out += "\" autofocus>" + kept_state(state) +
         "<button type=\"submit\">Search</button></form></div></header>";
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

std::string grouped(std::size_t n);

// The field filters typed in the query, each with the link that removes it.
std::string active_filters(const SearchRequest& r) {
  std::string chips;
  for (const auto& [token, without] : removable_filters(r)) {
    chips += "<a href=\"" + escape(search_href(without)) + "\" title=\"remove this filter\">" +
             escape(token) + " &times;</a>";
  }
  return chips.empty() ? "" : "<p class=\"chips\">" + chips + "</p>";
}

// What to try when nothing matched: did-you-mean is above; each filter dropped, any of the
// words, each with what it would find.
std::string relaxations_html(const std::vector<Relaxation>& relaxations) {
  std::string out;
  for (const Relaxation& x : relaxations) {
    if (x.results == 0) continue;
    out += "<li><a href=\"" + escape(search_href(x.request)) + "\">" + escape(x.label) +
           "</a> <span class=\"count\">" + grouped(x.results) +
           (x.results == 1 ? " article" : " articles") + "</span></li>";
  }
  return out.empty()
             ? ""
             : "<div id=\"relax\"><p>Nothing matches all of it. Try:</p><ul>" + out + "</ul></div>";
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

std::string hit_html(const Hit& hit, bool dated_archive) {
  SearchRequest like;  // a new search: the article's words, no query
  like.like = hit.id;
  std::string out =
      "<article class=\"hit\"><h2><a href=\"/articles/" + escape(url_encode(hit.id)) + "\">" +
      escape(hit.display_title) + "</a></h2><div class=\"meta\">" +
      escape(hit.outlet.value_or("outlet unknown")) +
      (hit.section ? " / " + escape(*hit.section) : "") + " &middot; " +
      (dated_archive ? escape(hit.published.value_or("undated")) + " &middot; " : std::string()) +
      "<a href=\"" + escape(search_href(like)) +
      "\">more like this</a></div><p class=\"snippet\">" + marked(hit.snippet) + "</p>" +
      copies_list(hit) + "</article>";
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
  // The peak's bucket, named under the chart with its count; the axes labelled beside it.
  const FacetValue* peak = buckets.front();
  for (const FacetValue* v : buckets)
    if (v->count > peak->count) peak = v;
  std::string svg =
      "<h3>date</h3><div class=\"chart\"><div class=\"y-axis meta\" aria-hidden=\"true\">"
      "<span>" +
      std::to_string(top) +
      "</span><span>0</span></div>"
      "<svg role=\"group\" aria-label=\"articles by date, " +
      escape(buckets.front()->value) + " to " + escape(buckets.back()->value) + ", at most " +
      std::to_string(top) + "\" viewBox=\"0 0 " + std::to_string(slots * width) + " " +
      std::to_string(height) + "\" preserveAspectRatio=\"none\" width=\"100%\" height=\"80\">";
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
  svg += "</svg></div><div class=\"x-axis meta\"><span>" + escape(buckets.front()->value) +
         "</span><span>" + escape(buckets.back()->value) + "</span></div><div class=\"meta\">" +
         "most: " + grouped(peak->count) + " in " + escape(peak->value) + " &middot; " +
         (dates.granularity == DateGranularity::kYear    ? "by year"
          : dates.granularity == DateGranularity::kMonth ? "by month"
                                                         : "by day") +
         "</div>";
  return svg;
}

// The page of an entity named in a facet, an article or a profile ("person" -> /people/NAME);
// "" for any other field.
std::string entity_href(std::string_view field, std::string_view name) {
  for (const auto kind : schema::kEntityKinds) {
    if (schema::entity_kind_name(kind) == field)
      return "/" + std::string(entity_path_name(kind)) + "/" + url_encode(name);
  }
  return {};
}

// The facets' lists and the date chart.
std::string facet_lists(const SearchRequest& r, const SearchResult& result) {
  std::string out;
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
             escape(v.value) + "</a>";
      // An entity has a page of its own: who appears with it, when, where.
      if (const std::string page_href = entity_href(field, v.value); !page_href.empty())
        out += "<a class=\"to-page\" href=\"" + escape(page_href) + "\" title=\"" +
               escape(v.value) + ": page\" aria-label=\"" + escape(v.value) +
               ": page\">&rsaquo;</a>";
      out += "<span class=\"count\">" + std::to_string(v.count) + "</span></li>";
    }
    out += "</ul>";
  }
  return out;
}

// The facets beside the results; on a phone, where the sidebar would come after every hit,
// the same lists in a block to open above them.
std::string facet_sidebar(const SearchRequest& r, const SearchResult& result) {
  const std::string lists = facet_lists(r, result);
  if (lists.empty()) return "<aside></aside>";
  return "<aside class=\"facets\" aria-label=\"filters\">" + lists + "</aside>";
}

std::string phone_filters(const SearchRequest& r, const SearchResult& result) {
  const std::string lists = facet_lists(r, result);
  if (lists.empty()) return {};
  return "<details class=\"phone-filters\"><summary>Filters and dates</summary>" + lists +
         "</details>";
}

// 1234567 -> "1,234,567".
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "1-10 of 2,242 articles in 1,980 stories", "about" where a count is estimated; "0 articles".
std::string count_line(const SearchRequest& r, const SearchResult& result) {
  const std::size_t paged = result.collapsed ? result.results : result.total;
  const bool paged_exact = result.collapsed ? result.results_exact : result.total_exact;
  std::string out;
  if (!result.hits.empty()) {
    out = grouped(static_cast<std::size_t>(r.offset) + 1) + "&ndash;" +
          grouped(static_cast<std::size_t>(r.offset) + result.hits.size()) + " of " +
          (paged_exact ? "" : "about ") + grouped(paged) + " " +
          (result.collapsed && result.results != result.total
               ? (paged == 1 ? "story" : "stories")
               : (paged == 1 ? "article" : "articles"));
    if (result.collapsed && result.results != result.total) {
      out += " (" + std::string(result.total_exact ? "" : "about ") + grouped(result.total) +
             (result.total == 1 ? " article" : " articles") + ")";
    }
    return out;
  }
  return (result.total_exact ? "" : "about ") + grouped(result.total) +
         (result.total == 1 ? " article" : " articles");
}

// "&larr; previous 1 2 [3] 4 5 next &rarr;": up to nine numbered pages around this one.
std::string paging(const SearchRequest& r, const SearchResult& result) {
  const std::size_t paged = result.collapsed ? result.results : result.total;
  if (r.limit <= 0) return {};
  const std::size_t per = static_cast<std::size_t>(r.limit);
  const std::size_t current = static_cast<std::size_t>(r.offset) / per;
  const std::size_t pages = (paged + per - 1) / per;
  if (pages <= 1 && r.offset == 0) return {};
  const auto link = [&](std::size_t page_index, const std::string& label, const char* rel) {
    SearchRequest to = r;
    to.offset = static_cast<long long>(page_index * per);
    return "<a" + std::string(rel ? std::string(" rel=\"") + rel + "\"" : "") + " href=\"" +
           escape(search_href(to)) + "\">" + label + "</a>";
  };
  std::string out = "<nav class=\"paging\" aria-label=\"pages\">";
  if (current > 0) out += link(current - 1, "&larr; previous", "prev");
  const std::size_t first = current >= 4 ? current - 4 : 0;
  const std::size_t last = std::min(pages, first + 9);
  for (std::size_t p = first; p < last; ++p) {
    out += p == current ? "<strong aria-current=\"page\">" + std::to_string(p + 1) + "</strong>"
                        : link(p, std::to_string(p + 1), nullptr);
  }
  if (current + 1 < pages) out += link(current + 1, "next &rarr;", "next");
  return out + "</nav>";
}

// The search's state on screen: sort order, a date range and its presets, each tied to the
// query box's form so that a new query keeps them.
std::string controls(const SearchRequest& r, const ArchiveDates& archive) {
  std::string out = "<div class=\"controls\"><label>Sort <select name=\"sort\" form=\"search\">";
  for (const auto& [value, label] : {std::pair<const char*, const char*>{"relevance", "relevance"},
                                     {"date", "newest first"},
                                     {"oldest", "oldest first"}}) {
    out += "<option value=\"" + std::string(value) + "\"" + (r.sort == value ? " selected" : "") +
           ">" + label + "</option>";
  }
  out += "</select></label>";
  if (archive.last) {
    const std::string min = archive.first ? archive.first->iso() : "";
    const std::string max = archive.last->iso();
    const auto date_input = [&](const char* name, const char* label, const std::string& value) {
      return "<label>" + std::string(label) + " <input type=\"date\" name=\"" + name +
             "\" form=\"search\" value=\"" + escape(value) + "\" min=\"" + min + "\" max=\"" + max +
             "\"></label>";
    };
    // A date input holds whole days; a bound given as a year or a month is shown as typed
    // in the query box's URL, not in the input (it would not take it).
    const auto day_or_empty = [](const std::string& v) { return v.size() == 10 ? v : ""; };
    out += date_input("from", "From", day_or_empty(r.from));
    out += date_input("to", "to", day_or_empty(r.to));
  }
  out += "<button type=\"submit\" form=\"search\">Apply</button></div>";
  if (archive.last) {
    // Presets counted back from the archive's own last day, not from today's.
    const Date last = *archive.last;
    const auto preset = [&](const std::string& label, const Date& from, const Date& to) {
      SearchRequest ranged = r;
      ranged.from = from.iso();
      ranged.to = to.iso();
      ranged.offset = 0;
      return "<a href=\"" + escape(search_href(ranged)) + "\">" + label + "</a>";
    };
    out += "<p class=\"presets meta\">" +
           preset("last 7 days", Date::from_days_since_epoch(last.days_since_epoch() - 6), last) +
           preset("last 30 days", Date::from_days_since_epoch(last.days_since_epoch() - 29), last) +
           preset(std::to_string(last.year), Date{last.year, 1, 1}, Date{last.year, 12, 31});
    if (!r.from.empty() || !r.to.empty()) {
      SearchRequest open = r;
      open.from.clear();
      open.to.clear();
      open.offset = 0;
      out += "<a href=\"" + escape(search_href(open)) + "\">any date</a>";
    }
    out += "</p>";
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

std::string_view favicon() {
  // A folded newspaper: the header's navy and the button's amber.
  return R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f2a44"/><rect x="7" y="7" width="18" height="18" rx="2" fill="#fafafa"/><rect x="10" y="10" width="12" height="4" fill="#e3a21a"/><rect x="10" y="16" width="12" height="2" fill="#1f2a44"/><rect x="10" y="20" width="8" height="2" fill="#1f2a44"/></svg>)svg";
}

namespace {

constexpr std::string_view kSyntax =
    "<ul class=\"meta\" id=\"syntax\">"
    "<li>All words are required; case and accents never matter. "
    "<code>\"exact phrase\"</code>, <code>a OR b</code>, <code>-word</code>, "
    "<code>zelensky NEAR kyiv</code>, <code>ukrain*</code>, <code>title:word</code></li>"
    "<li>filters: <code>person:Orban</code>, <code>org:NATO</code>, <code>place:Kyiv</code>, "
    "<code>outlet:\"CBC News\"</code>, <code>section:Politics</code>, "
    "<code>date:2022-02</code>, <code>date:2022-02-01..2022-02-28</code></li></ul>";

}  // namespace

std::string search_page() {
  return page("morgue", "",
              "<main><div id=\"results\"><p>Search the archive.</p>" + std::string(kSyntax) +
                  "</div></main>");
}

std::string front_page(const ArchiveOverview& o, std::string_view changed_at) {
  std::string body = "<main><div id=\"results\" class=\"front\"><h1>The archive</h1>";
  body +=
      "<p id=\"holdings\">" + grouped(o.articles) + (o.articles == 1 ? " article" : " articles");
  if (o.stories != o.articles) body += " in " + grouped(o.stories) + " stories";
  if (o.first && o.last) body += ", " + o.first->iso() + " to " + o.last->iso();
  if (!changed_at.empty()) body += "; last changed " + escape(changed_at);
  body += "</p>";
  SearchRequest all;
  if (!o.timeline.values.empty()) body += date_chart(all, o.timeline);
  if (!o.latest.empty()) {
    body += "<h2 id=\"latest\">Latest: the last run's stories</h2>";
    for (const Hit& h : o.latest) body += hit_html(h, o.last.has_value());
  }
  body += "<h2>Searching</h2>" + std::string(kSyntax) + "</div><aside>";
  const auto most = [&](const char* title, const MostMentioned& m) {
    if (!m.from || !m.to) return std::string();
    std::string out = "<h2 class=\"span\">" + std::string(title) + " <span class=\"meta\">" +
                      m.from->iso() + " &ndash; " + m.to->iso() + "</span></h2>";
    for (const auto& [heading, field, f] :
         {std::tuple<const char*, const char*, const FacetResult*>{"people", "person", &m.people},
          {"organizations", "org", &m.organizations},
          {"places", "place", &m.places}}) {
      if (f->values.empty()) continue;
      out += "<h3>" + std::string(heading) + "</h3><ul>";
      for (const FacetValue& v : f->values) {
        SearchRequest ranged;
        ranged.query = filter_token(field, v.value);
        ranged.from = m.from->iso();
        ranged.to = m.to->iso();
        out += "<li><a href=\"" + escape(entity_href(field, v.value)) + "\">" + escape(v.value) +
               "</a><a class=\"count\" href=\"" + escape(search_href(ranged)) +
               "\" title=\"its articles of these days\">" + std::to_string(v.count) + "</a></li>";
      }
      out += "</ul>";
    }
    return out;
  };
  body += most("Last 7 days", o.week);
  body += most("Last 30 days", o.month);
  body += "</aside></main>";
  return page("morgue", "", body);
}

std::vector<std::pair<std::string, SearchRequest>> removable_filters(const SearchRequest& r) {
  static const std::regex kFilter(
      R"((^|\s)(-?(?:outlet|section|person|org|place|entity|date|title):(?:"[^"]*"|\S+)))");
  std::vector<std::pair<std::string, SearchRequest>> out;
  for (auto it = std::sregex_iterator(r.query.begin(), r.query.end(), kFilter);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    SearchRequest without = r;
    without.query = r.query.substr(0, static_cast<std::size_t>(m.position(2))) +
                    r.query.substr(static_cast<std::size_t>(m.position(2) + m.length(2)));
    without.offset = 0;
    out.emplace_back(m.str(2), std::move(without));
  }
  return out;
}

std::string results_page(const SearchRequest& r, const SearchResult& result,
                         const ArchiveDates& archive, const std::vector<Relaxation>& relaxations) {
  std::string body = "<main>" + phone_filters(r, result) + "<div id=\"results\">";
  body += controls(r, archive);
  body += active_filters(r);
  if (!r.like.empty()) {
    body += "<p class=\"meta\">More like <a href=\"/articles/" + escape(url_encode(r.like)) +
            "\">" + escape(r.like) + "</a></p>";
  }
  body += "<p class=\"meta\" id=\"count\">" + count_line(r, result);
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
  if (result.total == 0) body += relaxations_html(relaxations);
  for (const Hit& hit : result.hits) body += hit_html(hit, archive.last.has_value());
  body += paging(r, result);
  body += "</div>" + facet_sidebar(r, result) + "</main>";
  return page(r.query.empty() ? "morgue" : r.query + " - morgue", r.query, body, &r);
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
      const std::string page_href = entity_href(kind, name);
      SearchRequest filter;
      filter.query = filter_token(kind, name);
      body += "<li><a href=\"" +
              escape(page_href.empty() || name.find('"') != std::string::npos ? search_href(filter)
                                                                              : page_href) +
              "\">" + escape(name) + "</a></li>";
    }
    body += "</ul>";
  }
  body += "</aside></main>";
  return page(view.display_title + " - morgue", "", body);
}

std::string entity_page(const EntityProfile& p) {
  const std::string field(schema::entity_kind_name(p.kind));
  SearchRequest all;
  all.query = filter_token(field, p.name);
  std::string body = "<main><div id=\"results\" class=\"profile\"><h1>" + escape(p.name) +
                     "</h1><p class=\"meta\" id=\"count\">" + escape(field) +
                     " &middot; <a href=\"" + escape(search_href(all)) + "\">" +
                     grouped(p.articles) + (p.articles == 1 ? " article" : " articles") + "</a>";
  if (p.spellings.size() > 1) {
    body += " &middot; written ";
    for (std::size_t i = 0; i < p.spellings.size() && i < 6; ++i) {
      body += (i ? ", " : "") + escape(p.spellings[i].first) + " (" +
              std::to_string(p.spellings[i].second) + ")";
    }
  }
  body += "</p>" + date_chart(all, p.timeline);
  const auto hits = [&](const char* id, const std::string& title, const std::vector<Hit>& list) {
    std::string out = "<h2 id=\"" + std::string(id) + "\">" + title + "</h2>";
    for (const Hit& h : list) out += hit_html(h, true);
    return out;
  };
  body += hits("latest", "Latest", p.latest);
  body += hits("relevant", "Most about " + escape(p.name), p.relevant);
  body += "</div><aside>";
  const auto related = [&](const char* title, const char* other_field, const FacetResult& f) {
    if (f.values.empty()) return std::string();
    std::string out = "<h3>" + std::string(title) + "</h3><ul>";
    for (const FacetValue& v : f.values) {
      if (v.missing) continue;
      const std::string page_href = entity_href(other_field, v.value);
      SearchRequest both = all;
      both.query += " " + filter_token(other_field, v.value);
      out += "<li><a href=\"" + escape(page_href.empty() ? search_href(both) : page_href) + "\">" +
             escape(v.value) + "</a><a class=\"count\" href=\"" + escape(search_href(both)) +
             "\" title=\"the articles naming both\">" + std::to_string(v.count) + "</a></li>";
    }
    return out + "</ul>";
  };
  body += related("People with", "person", p.people);
  body += related("Organizations with", "org", p.organizations);
  body += related("Places with", "place", p.places);
  body += related("Outlets", "outlet", p.outlets);
  body += "</aside></main>";
  return page(p.name + " - morgue", "", body);
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
