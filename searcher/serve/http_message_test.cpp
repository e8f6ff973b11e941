#include "searcher/serve/http_message.h"

#include <doctest/doctest.h>

TEST_CASE("split_target: a decoded path and parameters, in order, first value wins") {
  morgue::HttpRequest r;
  r.target = "/articles/2024-03%2Fa%20b.txt?q=orban+putin&limit=5&q=second&flag&=x&e=";
  morgue::split_target(r);
  CHECK(r.path == "/articles/2024-03/a b.txt");
  CHECK(r.param("q") == "orban putin");
  CHECK(r.param("limit") == "5");
  CHECK(r.param("flag") == "");
  CHECK(r.param("e") == "");
  CHECK_FALSE(r.param("missing"));
  CHECK(r.param_or_empty("missing").empty());
  CHECK(r.params.size() == 6);
}

TEST_CASE("split_target: CR and LF in an id survive; '+' in a path is a plus") {
  morgue::HttpRequest r;
  r.target = "/api/articles/a%0D%0Ab+c";
  morgue::split_target(r);
  CHECK(r.path == "/api/articles/a\r\nb+c");
  CHECK(r.params.empty());
}
