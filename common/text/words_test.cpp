#include "common/text/words.h"

#include <doctest/doctest.h>

#include <string>

namespace {

std::vector<std::string> words(std::string_view text, std::u32string_view joiners) {
  std::vector<std::string> out;
  for (const auto& w : morgue::word_spans(text, joiners)) {
    out.emplace_back(text.substr(w.begin, w.end - w.begin));
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("word spans keep joiners only between word characters") {
  CHECK(words("Russia’s ‘fundamental’ concerns", U"'\u2019") ==
        V{"Russia’s", "fundamental", "concerns"});
  CHECK(words("Co-operation in U.S. policy - now", U"-.") ==
        V{"Co-operation", "in", "U.S", "policy", "now"});
  CHECK(words("Orbán, Zelenskyy!", U"") == V{"Orbán", "Zelenskyy"});
  CHECK(words("", U"'").empty());
  CHECK(words("' - ...", U"'-.").empty());
}

TEST_CASE("glued_at: the first capital right after a lower-case letter") {
  CHECK(morgue::glued_at("PressRussian") == 5);
  CHECK(morgue::glued_at("McDonald") == 2);
  CHECK(morgue::glued_at("agoDuration") == 3);
  CHECK(morgue::glued_at("NATO") == std::string_view::npos);
  CHECK(morgue::glued_at("Zelenskyy") == std::string_view::npos);
  CHECK(morgue::glued_at("") == std::string_view::npos);
}
