#include "bench/reuters_sgml.h"

#include <doctest/doctest.h>

#include "tests/support/temp_dir.h"

TEST_CASE("Reuters SGML: dateline and body apart, entities decoded, codes listed") {
  morgue::test::TempDir dir;
  const auto file = dir.write(
      "reut2-000.sgm",
      "<REUTERS NEWID=\"3\"><DATE>26-FEB-1987 15:18:59.34</DATE>"
      "<PLACES><D>usa</D></PLACES><PEOPLE></PEOPLE><ORGS></ORGS><TOPICS></TOPICS>\n"
      "<TEXT><TITLE>TEXAS COMMERCE BANCSHARES &lt;TCB> FILES PLAN</TITLE>\n"
      "<DATELINE>    HOUSTON, Feb 26 - </DATELINE><BODY>Texas Commerce Bancshares Inc's bank "
      "filed.\n Reuter\n&#3;</BODY></TEXT></REUTERS>\n"
      "<REUTERS NEWID=\"4\"><DATE>26-FEB-1987 15:19:00.00</DATE>"
      "<TEXT><TITLE>ONLY A TITLE</TITLE><DATELINE>    LONDON, Feb 26 - </DATELINE>"
      "</TEXT></REUTERS>\n");
  const auto articles = morgue::bench::read_reuters_sgm(file);
  REQUIRE(articles.size() == 2);
  CHECK(articles[0].newid == "3");
  CHECK(articles[0].title == "TEXAS COMMERCE BANCSHARES <TCB> FILES PLAN");
  CHECK(articles[0].dateline == "HOUSTON, Feb 26 -");
  CHECK(articles[0].body.starts_with("Texas Commerce Bancshares Inc's bank filed."));
  CHECK(articles[0].places == std::vector<std::string>{"usa"});
  CHECK(articles[1].body.empty());
  CHECK(articles[1].dateline == "LONDON, Feb 26 -");
}
