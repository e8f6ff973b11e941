#include "common/snowball_stemmer.h"

#include <doctest/doctest.h>

TEST_CASE("the Snowball English stemmer conflates inflections") {
  const Xapian::Stem stem = morgue::make_stemmer("english");
  CHECK(stem("ignored") == stem("ignore"));
  CHECK(stem("concerns") == "concern");
  CHECK(stem("russia's") == "russia");
  CHECK(stem.get_description().find("snowball:english") != std::string::npos);
}

TEST_CASE("an unknown language is an error, not a silent no-op") {
  CHECK_THROWS_AS((void)morgue::make_stemmer("klingon"), std::invalid_argument);
}
