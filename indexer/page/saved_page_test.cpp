#include "indexer/page/saved_page.h"

#include <doctest/doctest.h>

namespace {
std::string story(const std::string& head) {
  std::string page = "<html lang=en><head>" + head + "</head><body><article><h1>Talks resume</h1>";
  for (int i = 0; i < 4; ++i)
    page += "<p>Negotiators met again on Monday, officials said, and talks went on late.</p>";
  return page + "</article></body></html>";
}
}  // namespace

TEST_CASE("a saved page read as an article") {
  const auto page = morgue::read_saved_page(
      story("<meta property=og:site_name content=\"The Courier\">"
            "<meta property=article:published_time content=\"2022-02-01T21:30:00-05:00\">"
            "<link rel=canonical href=\"https://courier.example/talks\">"),
      {.url = "https://courier.example/talks?ref=rss", .content_type = "", .fetched = {}});
  REQUIRE(page.article.has_value());
  const morgue::Article& a = *page.article;
  CHECK(a.title == "Talks resume");
  CHECK(a.body.starts_with("Negotiators met again on Monday"));
  CHECK(a.url == "https://courier.example/talks");
  CHECK(page.canonical_url == "https://courier.example/talks");
  CHECK(a.outlet == "The Courier");
  CHECK(a.published->iso() == "2022-02-01");  // the day as written, in its own zone
  CHECK(a.published_utc_minutes.has_value());
  CHECK(a.language == "en");
}

TEST_CASE("a page with no date of its own is dated by its fetch, and says nothing false") {
  const auto fetched = morgue::parse_timestamp("2023-05-06T07:08:09Z");
  const auto page = morgue::read_saved_page(
      story(""), {.url = "https://x.example/a", .content_type = "", .fetched = fetched});
  REQUIRE(page.article.has_value());
  CHECK(page.article->published->iso() == "2023-05-06");
  CHECK(page.article->url == "https://x.example/a");
  CHECK(page.canonical_url.empty());
  const auto unparsed = morgue::read_saved_page(
      story("<meta property=article:published_time content=\"last Tuesday\">"));
  REQUIRE(unparsed.article.has_value());
  CHECK_FALSE(unparsed.article->published.has_value());
  REQUIRE(unparsed.warnings.size() == 1);
  CHECK(unparsed.warnings[0].find("\"last Tuesday\" not understood") != std::string::npos);
}

TEST_CASE("pages that are no article are rejected with the reason") {
  const auto empty = morgue::read_saved_page("<html><body><nav>Home</nav></body></html>");
  CHECK_FALSE(empty.article.has_value());
  CHECK(empty.error->find("no article text") != std::string::npos);
  std::string deep;
  for (int i = 0; i < 20'000; ++i) deep += "<div>";
  const auto hostile = morgue::read_saved_page(deep);
  CHECK(hostile.error->find("nested 20000 deep") != std::string::npos);
}

TEST_CASE("a timestamp in UTC is filed under the day the page shows its readers") {
  // 04:31 UTC on the 20th is the evening of the 19th where the page is read; it says so.
  const auto shown = morgue::read_saved_page(
      story("<meta property=article:published_time content=\"2019-11-20T04:31:13+00:00\">") +
      "<p class=\"post-date\">Nov 19, 2019</p>");
  REQUIRE(shown.article.has_value());
  CHECK(shown.article->published->iso() == "2019-11-19");
  CHECK(shown.article->published_utc_minutes.has_value());  // the instant still orders it
  // Never more than a day: a page showing another date keeps its timestamp's day.
  const auto far = morgue::read_saved_page(
      story("<meta property=article:published_time content=\"2019-11-20T04:31:13+00:00\">") +
      "<p class=\"post-date\">Nov 12, 2019</p>");
  CHECK(far.article->published->iso() == "2019-11-20");
  // A masthead's date before the headline is not the article's.
  const auto masthead = morgue::read_saved_page(
      "<div class=\"date\">November 21, 2019</div>" +
      story("<meta property=article:published_time content=\"2019-11-20T04:31:13+00:00\">"));
  CHECK(masthead.article->published->iso() == "2019-11-20");
}
