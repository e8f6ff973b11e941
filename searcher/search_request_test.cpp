#include "searcher/search_request.h"

#include <doctest/doctest.h>

#include <limits>

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
  CHECK(message(r) == "--limit must be between 0 and 1000000, not -3");
  r = {};
  // Past 32 bits Xapian's counts would wrap: hits labelled from 4294967297, or none.
  r.limit = 4294967296LL;
  CHECK(message(r) == "--limit must be between 0 and 1000000, not 4294967296");
  r = {};
  r.offset = 4294967296LL;
  CHECK(message(r) == "--offset must be between 0 and 1000000000, not 4294967296");
  r = {};
  r.offset = 1'000'000'000;
  r.limit = 1'000'000;
  CHECK(message(r) == "accepted");
  r = {};
  r.time_limit = -1;
  CHECK(message(r) == "--time-limit must be between 0 (none) and 3600 seconds");
  r = {};
  r.max_wildcard_terms = 0;
  CHECK(message(r) == "--max-wildcard-terms must be between 1 and 10000000, not 0");
  r = {};
  r.to = "yesterday";
  CHECK(message(r) == "--to 'yesterday' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  r = {};
  r.facets = "colour";
  CHECK(message(r).starts_with("--facets: "));
  r = {};
  r.bm25_b = 2;
  CHECK(message(r).starts_with("--bm25-k1 and --proximity-boost"));
  for (const double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), -1.0}) {
    r = {};
    r.bm25_k1 = bad;
    CHECK(message(r).starts_with("--bm25-k1 and --proximity-boost"));
    r = {};
    r.proximity_boost = bad;
    CHECK(message(r).starts_with("--bm25-k1 and --proximity-boost"));
    r = {};
    r.feedback_weight = bad;
    CHECK(message(r) == "--feedback-weight must be between 0 and 1");
    r = {};
    r.time_limit = bad;
    CHECK(message(r) == "--time-limit must be between 0 (none) and 3600 seconds");
  }
}

}  // namespace morgue
