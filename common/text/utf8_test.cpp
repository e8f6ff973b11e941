#include "common/text/utf8.h"

#include <doctest/doctest.h>

using morgue::repair_utf8;

TEST_CASE("repair_utf8 keeps valid text untouched") {
  const auto r = repair_utf8("Orb\xC3\xA1n \xE2\x80\x99 \xF0\x9F\x93\xB0");
  CHECK(r.text == "Orb\xC3\xA1n \xE2\x80\x99 \xF0\x9F\x93\xB0");
  CHECK(r.invalid_sequences == 0);
  CHECK_FALSE(r.first_invalid.has_value());
}

TEST_CASE("repair_utf8 replaces each maximal invalid subpart with U+FFFD") {
  struct Case {
    const char* input;
    const char* expected;
    std::size_t count;
    std::size_t first;
  };
  const Case cases[] = {
      {"ab\xFF"
       "cd",
       "ab\xEF\xBF\xBD"
       "cd",
       1, 2},                                  // stray byte
      {"Orb\xE1n", "Orb\xEF\xBF\xBDn", 1, 3},  // Latin-1 a-acute
      {"x\xC3", "x\xEF\xBF\xBD", 1, 1},        // truncated at end
      {"\xE2\x80"
       "a",
       "\xEF\xBF\xBD"
       "a",
       1, 0},                                                          // truncated 3-byte
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", 2, 0},                  // overlong
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3, 0},  // surrogate
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 4, 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    const auto r = repair_utf8(c.input);
    CHECK(r.text == c.expected);
    CHECK(r.invalid_sequences == c.count);
    REQUIRE(r.first_invalid.has_value());
    CHECK(*r.first_invalid == c.first);
    CHECK(morgue::is_valid_utf8(r.text));
  }
}

TEST_CASE("repair_utf8 drops a BOM and reports offsets in the original bytes") {
  const auto r = repair_utf8("\xEF\xBB\xBFok\xFF");
  CHECK(r.had_bom);
  CHECK(r.text == "ok\xEF\xBF\xBD");
  CHECK(*r.first_invalid == 5);
}

TEST_CASE("append_utf8 encodes every length") {
  std::string s;
  morgue::append_utf8(s, U'a');
  morgue::append_utf8(s, U'\u00E1');
  morgue::append_utf8(s, U'\u2019');
  morgue::append_utf8(s, U'\U0001F4F0');
  CHECK(s == "a\xC3\xA1\xE2\x80\x99\xF0\x9F\x93\xB0");
}

TEST_CASE("has_lowercase: any script's lower-case letters, not digits or capitals") {
  CHECK(morgue::has_lowercase("NOTE: results"));
  CHECK(morgue::has_lowercase("\xC3\x89TAT \xC3\xA9t\xC3\xA9"));  // "ÉTAT été"
  CHECK(morgue::has_lowercase("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"));  // Москва
  CHECK_FALSE(morgue::has_lowercase("GRAIN TRADERS WAIT, 1987"));
  CHECK_FALSE(morgue::has_lowercase("\xC3\x89TATS-UNIS 12.5"));  // ÉTATS-UNIS
  CHECK_FALSE(morgue::has_lowercase(""));
}

TEST_CASE("starts_with_capital: an upper- or title-case letter first, any script") {
  CHECK(morgue::starts_with_capital("Zelensky"));
  CHECK(morgue::starts_with_capital("NATO"));
  CHECK(morgue::starts_with_capital("\xC3\x89vora"));              // Évora
  CHECK(morgue::starts_with_capital("\xD0\x9C\xD0\xBE\xD1\x81"));  // Мос
  CHECK(morgue::starts_with_capital("\xC7\x85"));                  // ǅ, title case
  CHECK_FALSE(morgue::starts_with_capital("zelensky"));
  CHECK_FALSE(morgue::starts_with_capital("1987"));
  CHECK_FALSE(morgue::starts_with_capital("'Twas"));
  CHECK_FALSE(morgue::starts_with_capital(""));
}
