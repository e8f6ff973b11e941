#include "common/text/url.h"

#include <doctest/doctest.h>

TEST_CASE("url_encode: unreserved bytes stay, every other byte is %XX") {
  CHECK(morgue::url_encode("AZaz09-_.~") == "AZaz09-_.~");
  CHECK(morgue::url_encode("reuters 1/2?&#") == "reuters%201%2F2%3F%26%23");
  CHECK(morgue::url_encode("Orbán") == "Orb%C3%A1n");
}

TEST_CASE("url_decode: %XX and, in query strings, '+'; malformed escapes stay") {
  CHECK(morgue::url_decode("Orb%C3%A1n+visit", true) == "Orb\xC3\xA1n visit");
  CHECK(morgue::url_decode("a+b", false) == "a+b");
  CHECK(morgue::url_decode("100%", true) == "100%");
  CHECK(morgue::url_decode("%zz%4", true) == "%zz%4");
  CHECK(morgue::url_decode("%0d%0A", false) == "\r\n");
  CHECK(morgue::url_decode(morgue::url_encode("reuters 1/2?&#"), false) == "reuters 1/2?&#");
}

TEST_CASE("is_web_url: only http and https, whatever the case or leading space") {
  CHECK(morgue::is_web_url("https://example.com/a"));
  CHECK(morgue::is_web_url("HTTP://example.com/"));
  CHECK(morgue::is_web_url("  \thttps://example.com/"));
  for (const char* bad : {"javascript:alert(1)", "JavaScript:alert(1)", "  javascript:x",
                          "\x01javascript:x", "data:text/html,<script>", "vbscript:x", "//evil.com",
                          "/relative", "", "http:/x", "https:x", "ftp://x"}) {
    CAPTURE(bad);
    CHECK_FALSE(morgue::is_web_url(bad));
  }
}
