#include "common/text/word_list.h"

#include <doctest/doctest.h>

namespace morgue {

TEST_CASE("word_set: words separated by any white space; comment lines skipped") {
  const auto words =
      word_set("# a comment: not, words\nof for\tand\r\n  # indented comment\n\nthe\n");
  CHECK(words == std::unordered_set<std::string>{"of", "for", "and", "the"});
}

TEST_CASE("word_set: a '#' inside a line is part of a word; no final new line needed") {
  CHECK(word_set("C# F#") == std::unordered_set<std::string>{"C#", "F#"});
  CHECK(word_set("").empty());
  CHECK(word_set("\n\n   \n").empty());
}

}  // namespace morgue
