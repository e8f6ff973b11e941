// Tests for plain-word scanning.
#include "searcher/query/query_words.h"

#include <doctest/doctest.h>

namespace morgue {
namespace {

std::vector<std::string> words_of(std::string_view q) {
  std::vector<std::string> out;
  for (const QueryWord& w : plain_words(q)) out.emplace_back(q.substr(w.begin, w.end - w.begin));
  return out;
}

TEST_CASE("plain words skip phrases, fields, operators and wildcards") {
  CHECK(words_of("Orban Zelensky") == std::vector<std::string>{"Orban", "Zelensky"});
  CHECK(words_of("\"indivisibility of security\" Orban") == std::vector<std::string>{"Orban"});
  CHECK(words_of("title:ignored person:Orban war") == std::vector<std::string>{"war"});
  CHECK(words_of("outlet:\"CBC News\" date:2022-02-01..2022-02-28 Kyiv") ==
        std::vector<std::string>{"Kyiv"});
  CHECK(words_of("Orban AND NOT ukrain* -Putin +Kyiv") ==
        std::vector<std::string>{"Orban", "Putin", "Kyiv"});
  CHECK(words_of("Russia's (war OR peace)") ==
        std::vector<std::string>{"Russia's", "war", "peace"});
  CHECK(words_of("").empty());
}

TEST_CASE("replace_words swaps the spans and keeps the rest") {
  const std::string q = "Orbn AND \"a phrase\" Zelenskky";
  const auto words = plain_words(q);
  REQUIRE(words.size() == 2);
  CHECK(replace_words(q, words, {"Orban", "Zelensky"}) == "Orban AND \"a phrase\" Zelensky");
}

TEST_CASE("a query of negated items only is told apart from one with a positive item") {
  using V = std::vector<std::string>;
  CHECK(negated_items("-putin") == V{"putin"});
  CHECK(negated_items("-outlet:\"USA TODAY\"") == V{"outlet:\"USA TODAY\""});
  CHECK(negated_items("NOT lavrov -person:Orban") == V{"lavrov", "person:Orban"});
  CHECK(negated_items("-(kyiv OR kiev) AND -war") == V{"(kyiv OR kiev)", "war"});
  CHECK_FALSE(negated_items("putin -lavrov"));
  CHECK_FALSE(negated_items("-putin OR -lavrov"));
  CHECK(negated_items("-demands NOT lavrov NEAR kyiv") == V{"demands", "lavrov NEAR kyiv"});
  CHECK_FALSE(negated_items(""));
  CHECK_FALSE(negated_items("NOT"));
  CHECK_FALSE(negated_items("-"));
}

TEST_CASE("NEAR chains beside other words are bracketed") {
  CHECK(group_near_chains("c a NEAR b d") == "c (a NEAR b) d");
  CHECK(group_near_chains("a NEAR/3 b NEAR c -d") == "(a NEAR/3 b NEAR c) -d");
  CHECK(group_near_chains("a NEAR b") == "a NEAR b");
  CHECK(group_near_chains("\"x NEAR y\" z") == "\"x NEAR y\" z");
  CHECK(group_near_chains("a b") == "a b");
  CHECK(group_near_chains("c -a NEAR b") == "c -(a NEAR b)");
}

TEST_CASE("a capital marks a name inside a sentence, not at its start or in capitals") {
  const auto cased = [](std::string_view q, std::string_view word) {
    const std::size_t at = q.find(word);
    REQUIRE(at != std::string_view::npos);
    return name_cased(q, at, at + word.size());
  };
  CHECK(cased("talks with Orban", "Orban"));
  CHECK(cased("what did \"Lavrov\" say", "Lavrov"));
  CHECK(cased("a (Baker) b", "Baker"));
  CHECK(cased("x \u0417\u0435\u043b\u0435\u043d\u0441\u043a\u0438\u0439",
              "\u0417\u0435\u043b\u0435\u043d\u0441\u043a\u0438\u0439"));  // Cyrillic
  CHECK_FALSE(cased("Orban", "Orban"));                                    // the query's first word
  CHECK_FALSE(cased("  \"Trade deficit\"", "Trade"));                      // still the first
  CHECK_FALSE(cased("Oil prices. Trade deficits", "Trade"));               // a new sentence
  CHECK_FALSE(cased("why? Trade", "Trade"));
  CHECK_FALSE(cased("talks with orban", "orban"));
  CHECK_FALSE(cased("the NATO summit", "NATO"));  // capitals throughout
  CHECK(cased("the X summit", "X"));              // one capital letter is no acronym
  // A date range's dots end no sentence (the oracle found "date:2022-02-10.. Zelensky").
  CHECK(cased("date:2022-02-10.. Zelensky", "Zelensky"));
  CHECK(cased("growth of 3. Orban", "Orban"));
}

TEST_CASE("unknown field names are listed once, phrases and known fields left out") {
  using V = std::vector<std::string>;
  const std::vector<std::string_view> known{"title", "date"};
  CHECK(unknown_fields("author:x title:y author:z", known) == V{"author"});
  CHECK(unknown_fields("\"a b:c\" date:2022 -byline:q", known) == V{"byline"});
  CHECK(unknown_fields("10:30 war", known).empty());
  CHECK(unknown_fields("war", known).empty());
}

}  // namespace
}  // namespace morgue
