#include "indexer/read/outlet_map.h"

#include <doctest/doctest.h>

#include "tests/support/temp_dir.h"

TEST_CASE("outlets from URLs: exact host, parent domain, www, unknown") {
  const auto map = morgue::OutletMap::builtin();
  CHECK(map.outlet_for_url("https://www.usatoday.com/story/news/2022/02/01/x") == "USA TODAY");
  CHECK(map.outlet_for_url("https://www.cbc.ca/news/world/russia") == "CBC News");
  CHECK(map.outlet_for_url("http://edition.cnn.com/2022/02/01") == "CNN");
  CHECK(map.outlet_for_url("https://USER@APNEWS.COM:443/article") == "Associated Press");
  CHECK_FALSE(map.outlet_for_url("https://unknown.example/x").has_value());
  CHECK_FALSE(map.outlet_for_url("not a url").has_value());
  CHECK_FALSE(map.outlet_for_url("https://notcnn.com/").has_value());
}

TEST_CASE("a user map extends and overrides the shipped one") {
  morgue::test::TempDir dir;
  const auto file =
      dir.write("map.json", R"({"domains": {"budapest-daily.example": "Budapest Daily",
                                                         "cnn.com": "CNN International"}})");
  auto map = morgue::OutletMap::builtin();
  map.merge_file(file);
  CHECK(map.outlet_for_url("https://budapest-daily.example/a") == "Budapest Daily");
  CHECK(map.outlet_for_url("https://cnn.com/a") == "CNN International");
  const auto bad = dir.write("bad.json", R"({"domains": {"x.com": 3}})");
  CHECK_THROWS_WITH(map.merge_file(bad), doctest::Contains("outlet for x.com is not a string"));
}
