#include "common/index/article.h"

#include <doctest/doctest.h>

#include <stdexcept>

using morgue::Article;
using morgue::decode_stored_article;
using morgue::encode_stored_article;

TEST_CASE("a stored article decodes to what was encoded") {
  Article a;
  a.id = "wire/2022/“kyiv”-1";
  a.url = "https://example.org/a?b=1&c=\"2\"";
  a.outlet = "Le Monde";
  a.published = morgue::parse_date("2022-02-01");
  a.title = "Orbán says \"no\"\tto \\ sanctions";
  a.body = "First paragraph, café.\n\nSecond \x01 paragraph: 😀 and \u00e9.";
  a.source = "dir/file.jsonl:12";
  const morgue::EntityNames entities = {{"person", {"Viktor Orbán", "Sergei Lavrov"}},
                                        {"place", {"Kyiv"}}};
  const auto stored = decode_stored_article(encode_stored_article(a, entities));
  CHECK(stored.article.id == a.id);
  CHECK(stored.article.url == a.url);
  CHECK(stored.article.outlet == a.outlet);
  REQUIRE(stored.article.published);
  CHECK(stored.article.published->iso() == "2022-02-01");
  CHECK(stored.article.title == a.title);
  CHECK(stored.article.body == a.body);
  CHECK(stored.article.source == a.source);
  CHECK(stored.entities == entities);
}

TEST_CASE("fields left out of a stored article decode empty") {
  Article a;
  a.id = "x";
  const auto stored = decode_stored_article(encode_stored_article(a));
  CHECK(stored.article.id == "x");
  CHECK(stored.article.body.empty());
  CHECK(stored.article.title.empty());
  CHECK_FALSE(stored.article.published);
  CHECK(stored.entities.empty());
}

TEST_CASE("data morgue did not write is refused, repeatedly with one parser") {
  for (const char* data :
       {"", "not json", "[1,2]", "{\"body\":\"no id\"}", "{\"id\":7}",
        "{\"id\":\"x\",\"entities\":{\"person\":\"Orban\"}}",
        "{\"id\":\"x\",\"entities\":{\"person\":[1]}}", "{\"id\":\"x\"", "{\"id\":\"\xff\"}"}) {
    CAPTURE(data);
    CHECK_THROWS_AS((void)decode_stored_article(data), std::runtime_error);
  }
  CHECK(decode_stored_article("{\"id\":\"after\",\"extra\":[{}]}").article.id == "after");
}

TEST_CASE("display_title falls back to the body's first words") {
  Article a;
  a.title = "Headline";
  CHECK(morgue::display_title(a) == "Headline");
  a.title.clear();
  a.body = "Short first line\nmore";
  CHECK(morgue::display_title(a) == "Short first line");
}

TEST_CASE("byline, section and language are stored and read back; absent ones stay absent") {
  morgue::Article a;
  a.id = "x";
  a.body = "Text.";
  a.byline = "Ann Lee, Bo Chan";
  a.section = "Économie";
  a.language = "fr";
  a.source_file = "/feeds/x.jsonl";  // not stored: the index keeps it in a value slot
  const std::string data = morgue::encode_stored_article(a);
  CHECK(data.find("source_file") == std::string::npos);
  const morgue::Article back = morgue::decode_stored_article(data).article;
  CHECK(back.byline == "Ann Lee, Bo Chan");
  CHECK(back.section == "Économie");
  CHECK(back.language == "fr");
  a.byline.clear();
  CHECK(morgue::encode_stored_article(a).find("byline") == std::string::npos);
}
