#include "indexer/page/page_metadata.h"

#include <doctest/doctest.h>

TEST_CASE("metadata from Open Graph, article: tags and the page's own elements") {
  const morgue::HtmlTree tree(R"(<html lang="en-GB"><head>
    <title>Esper visits Hanoi | Houston Chronicle</title>
    <meta property="og:title" content="Esper visits Hanoi - Houston Chronicle">
    <meta property="og:site_name" content="Houston Chronicle">
    <meta property="article:published_time" content="2019-11-20T05:27:00-06:00">
    <meta property="article:section" content="World">
    <meta name="author" content="By Robert Burns">
    <link rel="canonical" href="/news/world/article/esper-14848382.php">
    </head><body><h1>Esper visits Hanoi</h1></body></html>)");
  const auto m = morgue::read_page_metadata(tree, "https://www.chron.com/news/x?utm=1");
  CHECK(m.headline == "Esper visits Hanoi");
  CHECK(m.outlet == "Houston Chronicle");
  CHECK(m.published == "2019-11-20T05:27:00-06:00");
  CHECK(m.section == "World");
  CHECK(m.byline == "Robert Burns");
  CHECK(m.language == "en-GB");
  CHECK(m.canonical_url == "https://www.chron.com/news/world/article/esper-14848382.php");
}

TEST_CASE("metadata from schema.org JSON-LD, in an @graph, authors as a list") {
  const morgue::HtmlTree tree(R"(<html><head><title>x</title>
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","name":"Site"},
      {"@type":["NewsArticle"],"headline":"Gas deal signed","datePublished":"2022-02-01",
       "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chan"}],
       "publisher":{"@type":"Organization","name":"The Courier"},
       "articleSection":["Business","Energy"],"inLanguage":"en"}]}</script>
    <script type="application/ld+json">{ broken</script></head><body></body></html>)");
  const auto m = morgue::read_page_metadata(tree);
  CHECK(m.headline == "Gas deal signed");
  CHECK(m.published == "2022-02-01");
  CHECK(m.byline == "Ann Lee, Bo Chan");
  CHECK(m.outlet == "The Courier");
  CHECK(m.section == "Business");
  CHECK(m.language == "en");
}

TEST_CASE("fallbacks: <time>, the URL's date, <h1> and <title>") {
  const morgue::HtmlTree timed(
      "<title>Floods in Valencia</title><h1>Floods in Valencia</h1>"
      "<time datetime=\"2024-10-30T10:00:00+01:00\">Wednesday</time>");
  const auto a = morgue::read_page_metadata(timed);
  CHECK(a.headline == "Floods in Valencia");
  CHECK(a.published == "2024-10-30T10:00:00+01:00");
  const morgue::HtmlTree bare("<title>Floods in Valencia - El Diario</title><p>x");
  const auto b = morgue::read_page_metadata(bare, "https://www.eldiario.es/2024/10/30/floods");
  CHECK(b.published == "2024-10-30");
  CHECK(b.headline == "Floods in Valencia");  // the suffix names the host
  CHECK(b.canonical_url.empty());
}

TEST_CASE("a headline's own dash is kept; only a site's name is cut") {
  CHECK(morgue::strip_site_suffix("Brexit - what happens next", "", "", "") ==
        "Brexit - what happens next");
  CHECK(morgue::strip_site_suffix("Brexit - what happens next | BBC News", "BBC News", "", "") ==
        "Brexit - what happens next");
  CHECK(morgue::strip_site_suffix("Rates rise - Markets - FT", "", "Rates rise - Markets",
                                  "https://www.ft.com/x") == "Rates rise - Markets");
}

TEST_CASE("dates in URLs and relative links") {
  CHECK(morgue::url_path_date("https://x.com/2019/11/19/story") == "2019-11-19");
  CHECK(morgue::url_path_date("https://x.com/news/2019-11-19-story") == "2019-11-19");
  CHECK(morgue::url_path_date("https://x.com/news/2019-11-190") == "");
  CHECK(morgue::url_path_date("https://x.com/a/2019-11-19/b") == "2019-11-19");
  CHECK(morgue::url_path_date("https://x.com/2019/13/19/") == "");
  CHECK(morgue::url_path_date("https://2019.com/") == "");
  CHECK(morgue::resolve_url("https://a.com/x/y.html?q", "z.html") == "https://a.com/x/z.html");
  CHECK(morgue::resolve_url("https://a.com/x/y.html", "/z") == "https://a.com/z");
  CHECK(morgue::resolve_url("https://a.com/x", "//b.com/z") == "https://b.com/z");
  CHECK(morgue::resolve_url("", "/z") == "");
  CHECK(morgue::resolve_url("https://a.com/", "javascript:alert(1)") == "");
}

TEST_CASE("dates written out in text, and in URLs however they spell them") {
  CHECK(morgue::written_date("Updated 5:27 am CST, Wednesday, November 20, 2019") == "2019-11-20");
  CHECK(morgue::written_date("Published 19 Nov 2019 07:09 GMT") == "2019-11-19");
  CHECK(morgue::written_date("Sept. 3rd, 2018") == "2018-09-03");
  CHECK(morgue::written_date("posted 2018-10-12 by admin") == "2018-10-12");
  CHECK(morgue::written_date("February 30, 2019") == "");  // no such day
  CHECK(morgue::written_date("1 day ago") == "");
  CHECK(morgue::url_path_date("https://www.politifact.com/x/2019/nov/18/y/") == "2019-11-18");
  CHECK(morgue::url_path_date("https://q.example/cells-that-taste-danger-20191115/") ==
        "2019-11-15");
  CHECK(morgue::url_path_date("https://q.example/story-123420191115") == "");  // no separator
}

TEST_CASE("the headline readers see: the article's <h1> when it agrees with the page's titles") {
  // og:title written for sharing, the <h1> for readers: the <h1>.
  const morgue::HtmlTree edited(
      "<meta property=og:title content=\"Taylor Swift's AMA row seems to be over\">"
      "<title>Taylor Swift is allowed to play her music at the AMAs after all - BBC News</title>"
      "<h1>Taylor Swift is allowed to play her music at the AMAs after all</h1>");
  CHECK(morgue::read_page_metadata(edited).headline ==
        "Taylor Swift is allowed to play her music at the AMAs after all");
  // A menu's <h1>s and the site's name in an <h1> are not the headline.
  const morgue::HtmlTree menu(
      "<meta property=og:site_name content=\"Kabar\"><meta property=og:title content=\"Daily "
      "deals are live\"><h1>Kabar</h1><h1>IGN Entertainment</h1><h1>Games</h1>");
  CHECK(morgue::read_page_metadata(menu).headline == "Daily deals are live");
}

TEST_CASE("outlet names, not slogans, handles or host labels") {
  const auto outlet = [](const std::string& site, const std::string& url) {
    return morgue::read_page_metadata(
               morgue::HtmlTree("<meta property=og:site_name content=\"" + site + "\">"), url)
        .outlet;
  };
  CHECK(outlet("LinkNaija | Nigeria's popular news platform", "") == "LinkNaija");
  CHECK(outlet("@politifact", "https://www.politifact.com/x") == "");
  CHECK(outlet("nj", "https://www.nj.com/x") == "");
  CHECK(outlet("The Hill", "https://thehill.com/x") == "The Hill");
}

TEST_CASE("publication dates: placeholders are none, a WebPage's date is one") {
  const morgue::HtmlTree placeholder(
      "<meta property=article:published_time content=\"0001-01-01T00:00:00Z\">"
      "<time datetime=\"2019-11-19T10:00:00-05:00\">Nov 19</time>");
  CHECK(morgue::read_page_metadata(placeholder).published == "2019-11-19T10:00:00-05:00");
  const morgue::HtmlTree yoast(
      R"(<script type="application/ld+json">{"@graph":[{"@type":"WebPage",)"
      R"("datePublished":"2018-04-18T14:39:09+02:00"}]}</script>)");
  CHECK(morgue::read_page_metadata(yoast).published == "2018-04-18T14:39:09+02:00");
}
