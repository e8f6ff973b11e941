#include "searcher/alert/saved_searches.h"

#include <doctest/doctest.h>

using morgue::parse_saved_searches;

TEST_CASE("saved searches: one JSON object per line; blank lines and # comments skipped") {
  const auto saved = parse_saved_searches(
      "# my beat\n"
      "{\"name\": \"orban\", \"query\": \"Orban\"}\n"
      "\n"
      "  {\"name\": \"gas\", \"query\": \"gas oil\", \"any\": true, \"owner\": \"desk\"}\r\n"
      "{\"name\": \"all\", \"query\": \"\"}");
  REQUIRE(saved.errors.empty());
  REQUIRE(saved.searches.size() == 3);
  CHECK(saved.searches[0].name == "orban");
  CHECK(saved.searches[0].query == "Orban");
  CHECK(saved.searches[0].line == 2);
  CHECK_FALSE(saved.searches[0].any);
  CHECK(saved.searches[1].any);  // other fields are left for other tools
  CHECK(saved.searches[1].line == 4);
  CHECK(saved.searches[2].query.empty());  // every new article
}

TEST_CASE("saved searches: a line that is none is an error of its own; the rest count") {
  const auto saved = parse_saved_searches(
      "{\"name\": \"orban\", \"query\": \"Orban\"}\n"
      "not json\n"
      "[1, 2]\n"
      "{\"query\": \"no name\"}\n"
      "{\"name\": \"\", \"query\": \"x\"}\n"
      "{\"name\": \"q\", \"query\": 3}\n"
      "{\"name\": \"orban\", \"query\": \"Orbán\"}\n"
      "{\"name\": \"flag\", \"query\": \"x\", \"any\": \"yes\"}\n"
      "{\"name\": \"ok\", \"query\": \"Lavrov\"}\n");
  REQUIRE(saved.searches.size() == 2);
  CHECK(saved.searches[0].name == "orban");
  CHECK(saved.searches[0].query == "Orban");  // the first of a name holds it
  CHECK(saved.searches[1].name == "ok");
  REQUIRE(saved.errors.size() == 7);
  CHECK(saved.errors[0].line == 2);
  CHECK(saved.errors[0].message == "not valid JSON");
  CHECK(saved.errors[1].message == "not a JSON object");
  CHECK(saved.errors[2].message == "\"name\" is not a string");
  CHECK(saved.errors[3].message == "\"name\" is empty");
  CHECK(saved.errors[4].name == "q");  // named, so its state is known to be its
  CHECK(saved.errors[4].message == "\"query\" is not a string");
  CHECK(saved.errors[5].line == 7);
  CHECK(saved.errors[5].message == "the name \"orban\" is used by an earlier line");
  CHECK(saved.errors[6].message == "\"any\" is not true or false");
}

TEST_CASE("saved_search_line: the line that saves a query, read back the same") {
  const std::string line =
      morgue::saved_search_line("lavrov \"cbc\"", "outlet:\"CBC News\" Lavrov");
  CHECK(line == R"({"name":"lavrov \"cbc\"","query":"outlet:\"CBC News\" Lavrov"})");
  const auto saved =
      parse_saved_searches(line + "\n" + morgue::saved_search_line("gas", "gas oil", true));
  REQUIRE(saved.searches.size() == 2);
  CHECK(saved.searches[0].name == "lavrov \"cbc\"");
  CHECK(saved.searches[0].query == "outlet:\"CBC News\" Lavrov");
  CHECK(saved.searches[1].any);
}

TEST_CASE("load_saved_searches: an unreadable file names itself") {
  CHECK_THROWS_WITH_AS((void)morgue::load_saved_searches("/nonexistent/saved.jsonl"),
                       doctest::Contains("/nonexistent/saved.jsonl"), std::runtime_error);
}
