#include "indexer/page/page_charset.h"

#include <doctest/doctest.h>

TEST_CASE("the charset a page declares: HTTP header, then <meta>, as browsers decide") {
  CHECK(morgue::content_type_charset("text/html; charset=ISO-8859-1") == "ISO-8859-1");
  CHECK(morgue::content_type_charset("text/html;charset=\"utf-8\"") == "utf-8");
  CHECK(morgue::content_type_charset("text/html") == "");
  CHECK(morgue::meta_charset("<html><head><meta charset=\"windows-1251\">") == "windows-1251");
  CHECK(morgue::meta_charset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
                             "charset=Shift_JIS\">") == "shift_jis");
  CHECK(morgue::meta_charset("<meta name=description content=\"charset-free\">") == "");
}

TEST_CASE("a page's bytes decoded from the charset it declares") {
  // "Café" in Latin-1, declared by <meta>; ISO-8859-1 means Windows-1252, as in browsers.
  const auto latin = morgue::decode_page_bytes("<meta charset=iso-8859-1><p>Caf\xE9 \x93q\x94");
  CHECK(latin.charset == "windows-1252");
  CHECK(latin.html == "<meta charset=iso-8859-1><p>Café “q”");
  CHECK_FALSE(latin.warning.has_value());
  // The HTTP header wins over the page.
  const auto cyrillic =
      morgue::decode_page_bytes("<meta charset=utf-8><p>\xcf\xf0\xe8", "text/html; charset=cp1251");
  CHECK(cyrillic.html == "<meta charset=utf-8><p>При");
  // Shift_JIS: "日本" (0x93FA 0x967B).
  const auto japanese = morgue::decode_page_bytes("<meta charset=shift_jis><p>\x93\xfa\x96\x7b");
  CHECK(japanese.html == "<meta charset=shift_jis><p>日本");
  // A byte-order mark decides over everything.
  const auto bom =
      morgue::decode_page_bytes("\xEF\xBB\xBF<p>Caf\xC3\xA9", "text/html; charset=latin1");
  CHECK(bom.html == "<p>Café");
}

TEST_CASE("an unknown charset is reported and ignored, as browsers ignore it") {
  const auto page = morgue::decode_page_bytes("<meta charset=x-made-up><p>Caf\xC3\xA9");
  CHECK(page.html == "<meta charset=x-made-up><p>Café");
  CHECK(page.charset == "utf-8");
  REQUIRE(page.warning.has_value());
  CHECK(page.warning->find("unknown charset \"x-made-up\"") != std::string::npos);
  // Undeclared and not UTF-8: Windows-1252, said so.
  const auto guessed = morgue::decode_page_bytes("<p>Caf\xE9");
  CHECK(guessed.html == "<p>Café");
  CHECK(guessed.warning.has_value());
}

TEST_CASE("bytes that are no text are rejected") {
  std::string binary(4096, '\0');
  binary[0] = '\x89';
  CHECK(morgue::decode_page_bytes(binary).rejected.has_value());
}
