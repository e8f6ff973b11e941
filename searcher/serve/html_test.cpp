#include "searcher/serve/html.h"

#include <doctest/doctest.h>

#include "common/text/url.h"

namespace morgue::html {

TEST_CASE("escape and url_encode: nothing from an article or a query reaches the page raw") {
  CHECK(escape("<script>alert('x')</script> & \"q\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  CHECK(url_encode("person:\"Viktor Orbán\" a&b") == "person%3A%22Viktor%20Orb%C3%A1n%22%20a%26b");
}

TEST_CASE("results_page: hits, marks, facet links, the chart, filters to remove") {
  SearchRequest request;
  request.query = "oil person:\"Viktor Orbán\"";
  SearchResult result;
  result.total = 3;
  result.total_exact = true;
  result.results = 2;
  result.results_exact = true;
  result.collapsed = true;
  Hit hit;
  hit.id = "a<1>";
  hit.display_title = "Oil <b>rises</b>";
  hit.snippet = {"crude oil rose", {{6, 9}}};
  hit.similar = 1;
  hit.similar_articles.push_back({"b", std::string("Wire"), std::nullopt, "Copy"});
  result.hits.push_back(hit);
  result.facets.push_back({FacetKind::kOutlet, DateGranularity::kDay, {{"CBC <News>", 2}}, 1});
  result.facets.push_back(
      {FacetKind::kDate, DateGranularity::kMonth, {{"2022-01", 1}, {"2022-02", 2}}, 2});
  const std::string page = results_page(request, result);
  CHECK(page.find("Oil &lt;b&gt;rises&lt;/b&gt;") != std::string::npos);
  CHECK(page.find("<b>rises") == std::string::npos);
  CHECK(page.find("crude <mark>oil</mark> rose") != std::string::npos);
  CHECK(page.find("href=\"/articles/a%3C1%3E\"") != std::string::npos);
  CHECK(page.find("+ 1 similar (same story): Wire") != std::string::npos);
  CHECK(page.find("CBC &lt;News&gt;") != std::string::npos);
  CHECK(page.find("outlet%3A%22CBC%20%3CNews%3E%22") != std::string::npos);  // adds the filter
  CHECK(page.find("date%3A2022-02") != std::string::npos);                   // a chart bar
  CHECK(page.find("<svg") != std::string::npos);
  CHECK(page.find("person:&quot;Viktor Orbán&quot; &times;") != std::string::npos);
  CHECK(page.find("1&ndash;1 of 2 stories (3 articles)") != std::string::npos);
  CHECK(page.find("<link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">") !=
        std::string::npos);
}

TEST_CASE("results_page: the search's state as controls a new query keeps, numbered pages") {
  SearchRequest request;
  request.query = "oil";
  request.sort = "date";
  request.from = "2022-02-01";
  request.to = "2022";  // a year: kept in the links, not shown in a day input
  request.any = true;
  request.offset = 20;
  SearchResult result;
  result.total = 2242;
  result.results = 2242;
  result.total_exact = result.results_exact = true;
  for (int i = 0; i < 10; ++i) {
    Hit hit;
    hit.id = "a" + std::to_string(i);
    hit.display_title = "Oil";
    result.hits.push_back(hit);
  }
  const ArchiveDates archive{Date{1987, 2, 26}, Date{1987, 10, 20}};
  const std::string page = results_page(request, result, archive);
  CHECK(page.find("21&ndash;30 of 2,242 articles") != std::string::npos);
  // Controls tied to the query box's form; the state a new query keeps.
  CHECK(page.find("<form id=\"search\"") != std::string::npos);
  CHECK(page.find("<option value=\"date\" selected>newest first</option>") != std::string::npos);
  CHECK(page.find("name=\"from\" form=\"search\" value=\"2022-02-01\" min=\"1987-02-26\" "
                  "max=\"1987-10-20\"") != std::string::npos);
  CHECK(page.find("name=\"to\" form=\"search\" value=\"\"") != std::string::npos);
  CHECK(page.find("<input type=\"hidden\" name=\"any\" value=\"1\">") != std::string::npos);
  // Presets counted back from the archive's last day, not today.
  CHECK(page.find("from=1987-10-14&amp;to=1987-10-20\">last 7 days") != std::string::npos);
  CHECK(page.find("from=1987-09-21&amp;to=1987-10-20\">last 30 days") != std::string::npos);
  CHECK(page.find("from=1987-01-01&amp;to=1987-12-31\">1987") != std::string::npos);
  CHECK(page.find(">any date</a>") != std::string::npos);
  // Pages: previous, 1..7 around page 3 (of 225), next.
  CHECK(page.find("rel=\"prev\" href=\"/search?q=oil&amp;any=1&amp;sort=date&amp;from=2022-02-01"
                  "&amp;to=2022&amp;offset=10\"") != std::string::npos);
  CHECK(page.find("<strong aria-current=\"page\">3</strong>") != std::string::npos);
  CHECK(page.find(">9</a>") != std::string::npos);
  CHECK(page.find(">10</a>") == std::string::npos);
  CHECK(page.find("rel=\"next\"") != std::string::npos);
  CHECK(page.find("undated") != std::string::npos);  // a dated archive says which hits are not
  // An archive with no dates at all: no date controls, no "undated" on every hit.
  const std::string undated = results_page(request, result, {});
  CHECK(undated.find("undated") == std::string::npos);
  CHECK(undated.find("type=\"date\"") == std::string::npos);
  CHECK(undated.find("last 7 days") == std::string::npos);
}

}  // namespace morgue::html

namespace morgue::html {

TEST_CASE("save_page: the saved-search line of the page's search, dates as a filter, escaped") {
  SearchRequest request;
  request.query = "Orbán outlet:\"CBC <News>\"";
  request.any = true;
  request.from = "2022-02";
  const std::string page = save_page(request);
  CHECK(saved_search_query(request) == "Orbán outlet:\"CBC <News>\" date:2022-02..");
  // The line as the file holds it, HTML-escaped on the page.
  CHECK(page.find("<pre id=\"saved-line\">{&quot;name&quot;:&quot;orban-outlet-cbc-news-date-"
                  "2022-02&quot;,&quot;query&quot;:&quot;Orbán outlet:\\&quot;CBC &lt;News&gt;"
                  "\\&quot; date:2022-02..&quot;,&quot;any&quot;:true}</pre>") !=
        std::string::npos);
  CHECK(page.find("<News>") == std::string::npos);
  SearchRequest everything;
  CHECK(save_page(everything).find("&quot;name&quot;:&quot;everything&quot;") != std::string::npos);
}

TEST_CASE("results_page: a 'save this search' link, not for 'more like this'") {
  SearchRequest request;
  request.query = "oil";
  request.to = "2022";
  const SearchResult result;
  CHECK(results_page(request, result).find("href=\"/save?q=oil&amp;to=2022\"") !=
        std::string::npos);
  request.like = "a1";
  CHECK(results_page(request, result).find("id=\"save\"") == std::string::npos);
}

}  // namespace morgue::html

TEST_CASE("article page: only http(s) URLs become links; the style sheet is no inline style") {
  for (const char* url : {"javascript:alert(document.domain)", "  JaVaScRiPt:alert(1)",
                          "data:text/html,<script>alert(1)</script>", "vbscript:msgbox"}) {
    CAPTURE(url);
    morgue::ArticleView view;
    view.article.id = "a1";
    view.article.body = "Text.";
    view.article.url = url;
    view.display_title = "A";
    const std::string page = morgue::html::article_page(view);
    CHECK(page.find("href=\"" + std::string(url)) == std::string::npos);
    CHECK(page.find(">source</a>") == std::string::npos);
    CHECK(page.find("source: <span class=\"url\">") != std::string::npos);
  }
  morgue::ArticleView view;
  view.article.id = "a1";
  view.article.url = "https://example.com/story";
  const std::string page = morgue::html::article_page(view);
  CHECK(page.find("href=\"https://example.com/story\">source</a>") != std::string::npos);
  CHECK(page.find("<style") == std::string::npos);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("style=") == std::string::npos);
  CHECK(page.find("<link rel=\"stylesheet\" href=\"/style.css\">") != std::string::npos);
}

namespace morgue::html {

TEST_CASE("a search that found nothing offers its ways out, each with what it finds") {
  SearchRequest request;
  request.query = "oil person:\"Viktor Orbán\" -outlet:BBC";
  const auto filters = removable_filters(request);
  REQUIRE(filters.size() == 2);
  CHECK(filters[0].first == "person:\"Viktor Orbán\"");
  CHECK(filters[0].second.query == "oil  -outlet:BBC");
  CHECK(filters[1].first == "-outlet:BBC");
  SearchRequest any = request;
  any.any = true;
  const std::string page = results_page(request, SearchResult{}, {},
                                        {{"without " + filters[0].first, filters[0].second, 12},
                                         {"without " + filters[1].first, filters[1].second, 0},
                                         {"any of the words", any, 1}});
  CHECK(page.find("Nothing matches all of it") != std::string::npos);
  CHECK(page.find("without person:&quot;Viktor Orbán&quot;</a> <span class=\"count\">12 "
                  "articles") != std::string::npos);
  CHECK(page.find("without -outlet:BBC") == std::string::npos);  // finds nothing either
  CHECK(page.find("&amp;any=1\">any of the words</a> <span class=\"count\">1 article<") !=
        std::string::npos);
}

}  // namespace morgue::html
