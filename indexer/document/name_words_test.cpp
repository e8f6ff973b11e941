#include "indexer/document/name_words.h"

#include <doctest/doctest.h>

using morgue::name_words;
using Words = std::vector<std::string>;

TEST_CASE("name_words: capitalised words mid-sentence, as indexed") {
  CHECK(name_words("Officials said Volodymyr Zelenskyy's plan reached Kyiv.") ==
        Words{"kyiv", "volodymyr", "zelenskyy"});
  // Sentence starts say nothing: the first word, after . ! ? (quotes between), a blank line.
  CHECK(name_words("Talks ended. Prices fell! \"Markets rose,\" Grain said.\n\nWinter came") ==
        Words{"grain"});
  CHECK(name_words("it rose? \"Grain fell\"") == Words{});
  // Hard-wrapped text: a line break alone starts no sentence.
  CHECK(name_words("talks with\nOrban went on") == Words{"orban"});
}

TEST_CASE("name_words: abbreviations and initials end no sentence") {
  CHECK(name_words("he met Mr. Zelenskyy and J. Baker in the U.S. Senate") ==
        Words{"baker", "mr", "senate", "zelenskyy"});
  CHECK(name_words("it fell. Then Baker spoke... Reagan agreed") == Words{"baker"});
}

TEST_CASE("name_words: lines in capitals, case, length") {
  CHECK(name_words("the report\nNORTHBROOK, ILL., MARCH 25 - SHARES ROSE\nsaid Reuter") ==
        Words{"reuter"});
  // A line in capitals (a dateline) ends what came before it.
  CHECK(name_words("BUDAPEST, FEB 3 - REAGAN\nReagan's remarks came late") == Words{});
  CHECK(name_words("in Łódź and in Évora, Ñ x") == Words{"evora", "lodz"});
  CHECK(name_words("a B c") == Words{});  // one letter is no name
  CHECK(name_words("") == Words{});
  CHECK(name_words("he says NATO's role") == Words{"nato"});
}

TEST_CASE("name_words: glued scraping artefacts are no names; particles are") {
  CHECK(name_words("watch VideoTrudeau and PressRussian now") == Words{});
  CHECK(name_words("with McDonald and DeSantis and O'Brien") ==
        Words{"desantis", "mcdonald", "o'brien"});
}
