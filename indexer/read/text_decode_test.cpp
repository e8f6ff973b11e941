#include "indexer/read/text_decode.h"

#include <doctest/doctest.h>

using morgue::decode_text_bytes;

TEST_CASE("decode_text_bytes: clean UTF-8 passes without a warning") {
  const auto d = decode_text_bytes("Orb\xC3\xA1n");
  CHECK(d.text == "Orb\xC3\xA1n");
  CHECK(d.encoding == "utf-8");
  CHECK_FALSE(d.warning);
  CHECK_FALSE(d.rejected);
}

TEST_CASE("decode_text_bytes: stray bytes in UTF-8 are repaired and located") {
  const auto d = decode_text_bytes("Orb\xC3\xA1n \xFF ok");
  CHECK(d.text == "Orb\xC3\xA1n \xEF\xBF\xBD ok");
  REQUIRE(d.warning);
  CHECK(*d.warning == "invalid UTF-8 at byte offset 7 (1 sequence(s) replaced with U+FFFD)");
}

TEST_CASE("decode_text_bytes: legacy Windows-1252 is recognised") {
  const auto d = decode_text_bytes("Orb\xE1n said \x93yes\x94");
  CHECK(d.encoding == "windows-1252");
  CHECK(d.text == "Orb\xC3\xA1n said \xE2\x80\x9Cyes\xE2\x80\x9D");
  REQUIRE(d.warning);
}

TEST_CASE("decode_text_bytes: UTF-16 with a BOM") {
  const std::string le("\xFF\xFEO\0r\0b\0\xE1\0n\0", 12);
  CHECK(decode_text_bytes(le).text == "Orb\xC3\xA1n");
  const std::string be("\xFE\xFF\0O\0k", 6);
  CHECK(decode_text_bytes(be).text == "Ok");
  CHECK(decode_text_bytes(be).encoding == "utf-16be");
}

TEST_CASE("decode_text_bytes: NUL bytes without a BOM mean binary") {
  const std::string bin(
      "\x7F"
      "ELF\0\0\x01",
      7);
  const auto d = decode_text_bytes(bin);
  REQUIRE(d.rejected);
  CHECK(*d.rejected == "binary data (NUL byte at offset 4), not a text file");
}

TEST_CASE("decode_text_bytes: UTF-16 without a BOM is recognised by its NUL pattern") {
  const std::string le("P\0u\0t\0i\0n\0 \0s\0a\0i\0d\0", 20);
  const auto d = decode_text_bytes(le);
  CHECK(d.encoding == "utf-16le");
  CHECK(d.text == "Putin said");
  CHECK_FALSE(d.rejected);
}

TEST_CASE("decode_text_bytes: a stray NUL in text is removed, not a reason to reject") {
  std::string text(2000, 'a');
  text[100] = '\0';
  const auto d = decode_text_bytes(text);
  CHECK_FALSE(d.rejected);
  CHECK(d.text == std::string(1999, 'a'));
  REQUIRE(d.warning);
  CHECK(*d.warning == "1 NUL byte(s) removed (first at offset 100)");
}
