#include "common/text/ascii.h"

#include <doctest/doctest.h>

TEST_CASE("ascii_lower lowers ASCII capitals and leaves every other byte") {
  CHECK(morgue::ascii_lower("Content-Type: TEXT/html") == "content-type: text/html");
  CHECK(morgue::ascii_lower("ÉCOLE") == "École");  // UTF-8 bytes untouched
  CHECK(morgue::ascii_lower("") == "");
}
