#include "common/text/text_fold.h"

#include <doctest/doctest.h>

using morgue::case_fold;
using morgue::fold_text;
using morgue::fold_word;

TEST_CASE("fold_text removes diacritics and typographic punctuation, keeps case") {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"Viktor Orbán", "Viktor Orban"},
      {"Russia’s", "Russia's"},
      {"‘Ignored’: Putin", "'Ignored': Putin"},
      {"“in the foreseeable future.”", "\"in the foreseeable future.\""},
      {"Russia–Ukraine — tensions", "Russia-Ukraine - tensions"},
      {"Zürich São Paulo Kraków Łódź", "Zurich Sao Paulo Krakow Lodz"},
      {"Straße Øresund Æsir", "Strasse Oresund AEsir"},
      {"ﬁnancial", "financial"},           // NFKC ligature
      {"ＮＡＴＯ", "NATO"},                // full-width
      {"a\u00A0b", "a b"},                 // no-break space
      {"Dmitry Peskov", "Dmitry Peskov"},  // ASCII fast path
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(fold_text(c.input) == c.expected);
  }
}

TEST_CASE("fold_word also folds case") {
  CHECK(fold_word("ORBÁN") == "orban");
  CHECK(fold_word("Zelenskyy") == "zelenskyy");
  CHECK(fold_word("STRASSE") == fold_word("Straße"));
}

TEST_CASE("fold_text keeps U+FFFD and other symbols") {
  CHECK(fold_text("bad \xEF\xBF\xBD byte") == "bad \xEF\xBF\xBD byte");
  CHECK(fold_text("100 €") == "100 €");
}

TEST_CASE("case_fold of folded text is fold_word: text folded once can be read both ways") {
  for (const std::string_view text :
       {"Orbán met ZELENSKY in Kyiv", "STRASSE Straße ẞ", "İstanbul DİYARBAKIR", "Ǆungla ǅ ǆ",
        "ΣΊΣΥΦΟΣ Σίσυφος", "ﬁnance ＡＢＣ", "Ærø Łódź Þór", "plain ascii TEXT", "", "Ωmega ΐ ΰ"}) {
    CAPTURE(text);
    CHECK(case_fold(fold_text(text)) == fold_word(text));
  }
}
