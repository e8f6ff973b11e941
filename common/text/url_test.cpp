#include "common/text/url.h"

#include <doctest/doctest.h>

TEST_CASE("url_encode: unreserved bytes stay, every other byte is %XX") {
  CHECK(morgue::url_encode("AZaz09-_.~") == "AZaz09-_.~");
  CHECK(morgue::url_encode("reuters 1/2?&#") == "reuters%201%2F2%3F%26%23");
  CHECK(morgue::url_encode("Orbán") == "Orb%C3%A1n");
}
