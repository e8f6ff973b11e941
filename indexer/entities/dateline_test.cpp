#include "indexer/entities/dateline.h"

#include <doctest/doctest.h>

using morgue::read_dateline;

TEST_CASE("read_dateline: the forms news uses") {
  auto d = read_dateline("NORTHBROOK, ILL., March 25 - Allstate Corp said");
  REQUIRE(d);
  CHECK(d->city == "NORTHBROOK");
  CHECK(d->region == "ILL.");
  CHECK(d->state == "Illinois");
  CHECK(std::string_view("NORTHBROOK, ILL., March 25 - Allstate Corp said").substr(d->length) ==
        "Allstate Corp said");

  d = read_dateline("ST. LOUIS, Mo. - Monsanto Co said");
  REQUIRE(d);
  CHECK(d->city == "ST. LOUIS");
  CHECK(d->state == "Missouri");

  d = read_dateline("KYIV, Ukraine (AP) \u2014 Russian forces shelled");
  REQUIRE(d);
  CHECK(d->city == "KYIV");
  CHECK(d->region == "Ukraine");
  CHECK(d->state.empty());

  d = read_dateline("WASHINGTON (Reuters) - The Fed said");
  REQUIRE(d);
  CHECK(d->city == "WASHINGTON");
  CHECK(d->region.empty());

  d = read_dateline("LONDON, March 3 (Reuters) -- Shares fell");
  REQUIRE(d);
  CHECK(d->city == "LONDON");
  CHECK(d->region.empty());

  d = read_dateline("NEW YORK, N.Y., Feb 26 - Prices rose");
  REQUIRE(d);
  CHECK(d->city == "NEW YORK");
  CHECK(d->state == "New York");
  d = read_dateline("NITRO, W. Va., March 31 - Heck's Inc said");
  REQUIRE(d);
  CHECK(d->region == "W. Va.");
  CHECK(d->state == "West Virginia");
  d = read_dateline("RIO DE JANEIRO - Brazil said");
  REQUIRE(d);
  CHECK(d->city == "RIO DE JANEIRO");
}

TEST_CASE("read_dateline: lower case in any script tells a dateline from a headline") {
  // "MOSKVA - Путин сказал": the story's words are Cyrillic, the dateline Latin capitals.
  const auto d = read_dateline(
      "MOSKVA - \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD \xD1\x81\xD0\xBA\xD0\xB0"
      "\xD0\xB7\xD0\xB0\xD0\xBB");
  REQUIRE(d);
  CHECK(d->city == "MOSKVA");
}

TEST_CASE("read_dateline: what is no dateline") {
  CHECK_FALSE(read_dateline("NATO, the alliance, said on Monday"));
  CHECK_FALSE(read_dateline("Officials in LONDON - said nothing"));
  CHECK_FALSE(read_dateline("OIL PRICES FALL - OPEC MEETS"));  // a headline in capitals
  CHECK_FALSE(read_dateline("LONDON, March (Reuters) - no day"));
  CHECK_FALSE(read_dateline("A - B"));
  CHECK_FALSE(read_dateline("LONDON-based banks said"));
  CHECK_FALSE(read_dateline(""));
}

TEST_CASE("title_case: a city written in capitals as facets show it") {
  CHECK(morgue::title_case("ST. LOUIS") == "St. Louis");
  CHECK(morgue::title_case("NORTHBROOK") == "Northbrook");
  CHECK(morgue::title_case("WINSTON-SALEM") == "Winston-Salem");
}
