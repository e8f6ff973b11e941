#include "common/analysis/snowball_stemmer.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "common/text/text_fold.h"
#include "common/text/words.h"

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

TEST_CASE("English stems begin with their word's first byte; the rule is claimed for no other") {
  const Xapian::Stem english = morgue::make_stemmer("english");
  CHECK(morgue::stems_keep_first_byte(english));
  CHECK(morgue::stems_keep_first_byte(Xapian::Stem("english")));
  const Xapian::Stem indonesian = morgue::make_stemmer("indonesian");
  CHECK(indonesian("membaca") == "baca");  // why a rule per algorithm: prefixes go
  CHECK_FALSE(morgue::stems_keep_first_byte(indonesian));
  CHECK_FALSE(morgue::stems_keep_first_byte(Xapian::Stem("none")));

  // Every word of the fixture corpora, and Snowball's special cases and y-words.
  std::set<std::string> words{"dying", "lying", "tying", "skies",  "skis", "idly",    "gently",
                              "ugly",  "early", "only",  "singly", "news", "yelling", "youth",
                              "y",     "yy",    "ys",    "eyeing", "u.s",  "1987",    "generously"};
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(MORGUE_SOURCE_DIR "/tests/fixtures")) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const morgue::WordSpan& w : morgue::word_spans(text, U"'")) {
      words.insert(morgue::fold_word(text.substr(w.begin, w.end - w.begin)));
    }
  }
  REQUIRE(words.size() > 400);
  for (const std::string& word : words) {
    CAPTURE(word);
    if (word.empty()) continue;
    const std::string stem = english(word);
    CHECK((stem.empty() || stem[0] == word[0]));
  }
}
