#include "common/index/date.h"

#include <doctest/doctest.h>

using morgue::parse_date;

TEST_CASE("parse_date gives the day as written, in the writer's own zone") {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"2022-02-01", "2022-02-01"},
      {" 2022-02-01 ", "2022-02-01"},
      {"20220201", "2022-02-01"},
      {"2022/02/01", "2022-02-01"},
      {"2022-02-01T21:30:00Z", "2022-02-01"},
      {"2022-02-01T21:30:00.123Z", "2022-02-01"},
      {"2022-02-01T21:30:00-05:00", "2022-02-01"},  // 02:30 UTC the next day
      {"2022-02-01T01:30:00+0300", "2022-02-01"},   // 22:30 UTC the day before
      {"2022-02-01 16:30", "2022-02-01"},
      {"Tue, 01 Feb 2022 21:30:00 +0000", "2022-02-01"},
      {"Tue, 01 Feb 2022 21:30:00 EST", "2022-02-01"},
      {"1 Feb 2022 10:00 GMT", "2022-02-01"},
      {"February 1, 2022", "2022-02-01"},
      {"Feb. 1, 2022", "2022-02-01"},
      {"Sept 30 2021", "2021-09-30"},
      {"1 February 2022", "2022-02-01"},
      {"2024-02-29", "2024-02-29"},
      {"2000-02-29", "2000-02-29"},
      {"2021-12-31T23:59:59-01:00", "2021-12-31"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    const auto d = parse_date(c.input);
    REQUIRE(d.has_value());
    CHECK(d->iso() == c.expected);
  }
}

TEST_CASE("parse_date rejects what is not a real date instead of guessing") {
  const char* bad[] = {"",
                       "yesterday",
                       "2022-13-01",
                       "2022-02-30",
                       "2023-02-29",
                       "1900-02-29",
                       "2022-02-01T25:00:00Z",
                       "2022-02-01 junk",
                       "Feb 2022",
                       "02/01/2022",
                       "2022-2-1",
                       "Tue, 01 Foo 2022"};
  for (const char* b : bad) {
    CAPTURE(b);
    CHECK_FALSE(parse_date(b).has_value());
  }
}

TEST_CASE("Date encodings round-trip through days since the epoch") {
  const morgue::Date d{2022, 2, 1};
  CHECK(d.compact() == "20220201");
  CHECK(morgue::Date::from_days_since_epoch(d.days_since_epoch()) == d);
  CHECK(morgue::Date{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(morgue::Date::from_days_since_epoch(-1) == morgue::Date{1969, 12, 31});
}

TEST_CASE("parse_date_bound widens years and months to their first or last day") {
  using morgue::parse_date_bound;
  CHECK(parse_date_bound("2022", false)->iso() == "2022-01-01");
  CHECK(parse_date_bound("2022", true)->iso() == "2022-12-31");
  CHECK(parse_date_bound("2024-02", true)->iso() == "2024-02-29");
  CHECK(parse_date_bound("2023-02", true)->iso() == "2023-02-28");
  CHECK(parse_date_bound("2022-02", false)->iso() == "2022-02-01");
  CHECK(parse_date_bound("2022-02-10", true)->iso() == "2022-02-10");
  CHECK_FALSE(parse_date_bound("2022-13", true).has_value());
  CHECK_FALSE(parse_date_bound("soon", false).has_value());
}

TEST_CASE("offsets that carry the instant out of the supported range keep the day only") {
  // Found by fuzzing when days were converted to UTC.
  const auto late = morgue::parse_timestamp("9999-12-31T23:59:59-14:00");
  REQUIRE(late.has_value());
  CHECK(late->day.iso() == "9999-12-31");
  CHECK_FALSE(late->utc_minutes.has_value());
  const auto early = morgue::parse_timestamp("0001-01-01T00:00:00+14:00");
  REQUIRE(early.has_value());
  CHECK(early->day.iso() == "0001-01-01");
  CHECK_FALSE(early->utc_minutes.has_value());
  CHECK(parse_date("9999-12-31T09:00:00-14:00")->iso() == "9999-12-31");
}

TEST_CASE("parse_timestamp keeps the UTC instant of a time for ordering") {
  const auto late = morgue::parse_timestamp("2022-02-01T22:30:00-05:00");
  REQUIRE(late.has_value());
  CHECK(late->day.iso() == "2022-02-01");
  REQUIRE(late->utc_minutes.has_value());
  CHECK(morgue::utc_minutes_compact(*late->utc_minutes) == "202202020330");
  const auto early = morgue::parse_timestamp("2022-02-02T01:00:00Z");
  REQUIRE(early.has_value());
  CHECK(*early->utc_minutes < *late->utc_minutes);  // the next local day, but earlier
  CHECK_FALSE(morgue::parse_timestamp("2022-02-01")->utc_minutes.has_value());
  CHECK(morgue::utc_minutes_compact(-1) == "196912312359");
}
