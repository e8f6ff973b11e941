#include "indexer/document/document_builder.h"

#include <doctest/doctest.h>

#include "common/entities/entity_aliases.h"
#include "tests/support/temp_dir.h"

using morgue::schema::EntityKind;

namespace {

const morgue::ExtractedEntity* place(const std::vector<morgue::ExtractedEntity>& es,
                                     const std::string& display) {
  for (const auto& e : es) {
    if (e.kind == EntityKind::kPlace && e.display == display) return &e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("article entities: a city or region adds its country once, with no mentions") {
  morgue::Article a;
  a.body = "Storms hit Houston and Dallas on Monday. Texas asked for federal help.";
  const auto es = morgue::article_entities(a);
  REQUIRE(place(es, "Houston") != nullptr);
  REQUIRE(place(es, "Texas") != nullptr);
  const auto* us = place(es, "United States");
  REQUIRE(us != nullptr);
  CHECK(us->mentions == 0);
  // Its canonical name, for facets to show, counted zero times.
  CHECK(us->spellings == std::map<std::string, std::size_t>{{"United States", 0}});
  CHECK(es.back().display == "United States");  // ordered by mentions: last
  std::size_t places = 0;
  for (const auto& e : es) places += e.kind == EntityKind::kPlace;
  CHECK(places == 4);
}

TEST_CASE(
    "article entities: a city only the tagger and the world-cities list know adds its country") {
  morgue::Article a;
  a.body = "He was born in Leeds and moved to Bradford in 1990.";
  auto es = morgue::article_entities(a);
  REQUIRE(place(es, "Leeds") != nullptr);
  REQUIRE(place(es, "Bradford") != nullptr);
  REQUIRE(place(es, "United Kingdom") != nullptr);
  CHECK(place(es, "United Kingdom")->mentions == 0);
  // Without the tagger the rules do not know Leeds, and nothing is added.
  morgue::DocumentOptions rules;
  rules.tagger = nullptr;
  es = morgue::article_entities(a, rules);
  CHECK(place(es, "Leeds") == nullptr);
  CHECK(place(es, "United Kingdom") == nullptr);
}

TEST_CASE("article entities: a country the text names keeps its own mentions") {
  morgue::Article a;
  a.body = "The United States said talks in Geneva would go on. Switzerland agreed.";
  const auto es = morgue::article_entities(a);
  REQUIRE(place(es, "United States") != nullptr);
  CHECK(place(es, "United States")->mentions == 1);
  REQUIRE(place(es, "Switzerland") != nullptr);
  CHECK(place(es, "Switzerland")->mentions == 1);  // named, and implied by Geneva: once
}

TEST_CASE("article entities: user aliases apply to implied countries too") {
  morgue::test::TempDir dir;
  const auto aliases = morgue::EntityAliases::load(
      dir.write("aliases.jsonl",
                "{\"kind\": \"place\", \"name\": \"USA\", \"aliases\": [\"United States\"]}\n"));
  morgue::DocumentOptions options;
  options.aliases = &aliases;
  morgue::Article a;
  a.body = "Officials in Boston declined to comment.";
  const auto es = morgue::article_entities(a, options);
  CHECK(place(es, "United States") == nullptr);
  REQUIRE(place(es, "USA") != nullptr);
  CHECK(place(es, "USA")->mentions == 0);
}

TEST_CASE("article entities: the implied country is the one of the article's day") {
  morgue::Article a;
  a.body = "Talks in Moscow and Bonn went on. Officials in Berlin said little.";
  a.published = morgue::Date::make(1987, 3, 2);
  auto es = morgue::article_entities(a);
  CHECK(place(es, "Soviet Union") != nullptr);
  CHECK(place(es, "West Germany") != nullptr);
  CHECK(place(es, "Russia") == nullptr);
  CHECK(place(es, "Germany") == nullptr);  // Berlin, divided, gives none
  CHECK(place(es, "Soviet Union")->mentions == 0);

  a.published = morgue::Date::make(2022, 2, 1);
  es = morgue::article_entities(a);
  CHECK(place(es, "Russia") != nullptr);
  CHECK(place(es, "Germany") != nullptr);
  CHECK(place(es, "Soviet Union") == nullptr);

  a.published.reset();  // undated: today's countries
  es = morgue::article_entities(a);
  CHECK(place(es, "Russia") != nullptr);
}

TEST_CASE("article entities: a country the text names stays as named in an old article") {
  morgue::Article a;
  a.body = "Russia and Ukraine were Soviet republics; Moscow ruled.";
  a.published = morgue::Date::make(1987, 3, 2);
  const auto es = morgue::article_entities(a);
  REQUIRE(place(es, "Russia") != nullptr);
  CHECK(place(es, "Russia")->mentions == 1);
  REQUIRE(place(es, "Ukraine") != nullptr);
  CHECK(place(es, "Soviet Union") != nullptr);  // Moscow's, as of 1987
}
