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
  CHECK(page.find("3 articles in 2 stories") != std::string::npos);
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
