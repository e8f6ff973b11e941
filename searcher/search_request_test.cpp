#include "searcher/search_request.h"

#include <doctest/doctest.h>

namespace morgue {

TEST_CASE("to_search_options: the request as typed, checked once for the CLI and the server") {
  SearchRequest r;
  r.query = "oil";
  r.sort = "oldest";
  r.from = "2022-02";
  r.facets = "person:5,date:month";
  r.limit = 3;
  const SearchOptions o = to_search_options(r, "/idx");
  CHECK(o.db == "/idx");
  CHECK(o.query == "oil");
  CHECK(o.sort == SortOrder::kOldest);
  CHECK(o.limit == 3);
  REQUIRE(o.from);
  CHECK(o.from->iso() == "2022-02-01");
  CHECK_FALSE(o.to);
  CHECK(o.facets.size() == 2);
  CHECK(o.collapse);
  CHECK_FALSE(o.like);
}

TEST_CASE("to_search_options: each bad value is one InvalidRequest naming it") {
  const auto message = [](SearchRequest r) {
    try {
      (void)to_search_options(r, "/idx");
    } catch (const InvalidRequest& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  SearchRequest r;
  r.sort = "newest";
  CHECK(message(r) == "--sort must be relevance, date or oldest, not 'newest'");
  r = {};
  r.limit = -3;
  CHECK(message(r) == "--limit must be 0 or more, not -3");
  r = {};
  r.to = "yesterday";
  CHECK(message(r) == "--to 'yesterday' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  r = {};
  r.facets = "colour";
  CHECK(message(r).starts_with("--facets: "));
  r = {};
  r.bm25_b = 2;
  CHECK(message(r).starts_with("--bm25-k1 and --proximity-boost"));
}

}  // namespace morgue
