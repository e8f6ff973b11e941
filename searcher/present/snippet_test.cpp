#include "searcher/present/snippet.h"

#include <doctest/doctest.h>

#include "common/analysis/snowball_stemmer.h"

using morgue::HighlightTerms;
using morgue::make_snippet;

namespace {

std::vector<std::string> marked(const morgue::Snippet& s) {
  std::vector<std::string> out;
  for (const auto& [b, e] : s.highlights) out.push_back(s.text.substr(b, e - b));
  return out;
}

}  // namespace

TEST_CASE("snippets highlight folded matches in the original spelling") {
  const Xapian::Stem stem = morgue::make_stemmer();
  HighlightTerms terms;
  terms.words = {"orban"};
  const auto s = make_snippet("Putin is hosting Hungary's prime minister, Viktor Orbán, today.",
                              terms, stem, 200);
  CHECK(s.text == "Putin is hosting Hungary's prime minister, Viktor Orbán, today.");
  CHECK(marked(s) == std::vector<std::string>{"Orbán"});
}

TEST_CASE("stems match inflections; phrases highlight as one span, their words not alone") {
  const Xapian::Stem stem = morgue::make_stemmer();
  HighlightTerms terms;
  terms.stems = {"ignor"};
  terms.phrases = {{{"indivisibility"}, {"of"}, {"security"}}};
  const auto s = make_snippet(
      "Security was ignored: the principle of \"indivisibility of security\" was cited.", terms,
      stem, 200);
  CHECK(marked(s) == std::vector<std::string>{"ignored", "indivisibility of security"});
}

TEST_CASE(
    "a stem is found whichever letter its words begin with, for a stemmer that strips prefixes") {
  // Indonesian "membaca" (reads) stems to "baca": the English first-letter shortcut must
  // not apply to it.
  HighlightTerms terms;
  terms.stems = {"baca"};
  const auto s =
      make_snippet("Dia membaca buku, lalu tidur.", terms, morgue::make_stemmer("indonesian"), 200);
  CHECK(marked(s) == std::vector<std::string>{"membaca"});
  // English: only words beginning as a stem does are stemmed, and still all are found.
  terms.stems = {"ignor", "secur"};
  const auto e = make_snippet("Insecure? Securing it was ignored; we are ignoring securities.",
                              terms, morgue::make_stemmer(), 200);
  CHECK(marked(e) == std::vector<std::string>{"Securing", "ignored", "ignoring", "securities"});
}

TEST_CASE("the window moves to the matches and marks cuts") {
  const Xapian::Stem stem = morgue::make_stemmer();
  HighlightTerms terms;
  terms.words = {"lavrov"};
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Filler words here. ";
  text += "Foreign Minister Sergei Lavrov said.\n\nMore filler follows after this, and more.";
  const auto s = make_snippet(text, terms, stem, 80);
  CHECK(s.text.starts_with("…"));
  CHECK(s.text.find("Sergei Lavrov said.") != std::string::npos);
  CHECK(s.text.find('\n') == std::string::npos);
  CHECK(marked(s) == std::vector<std::string>{"Lavrov"});
  CHECK(s.text.size() <= 80 + 2 * std::string("…").size() + 3);
}

TEST_CASE("no match: the start of the text, cut at a word") {
  const Xapian::Stem stem = morgue::make_stemmer();
  const auto s = make_snippet("Alpha beta gamma delta epsilon", HighlightTerms{}, stem, 12);
  CHECK(s.text == "Alpha beta…");
  CHECK(s.highlights.empty());
}

TEST_CASE("HighlightQuery keeps phrase-only and excluded words out of single-word highlighting") {
  morgue::MatchableWords matchable;
  matchable.terms = {"Zrussia"};
  matchable.phrase_only = {"indivisibility", "of", "security"};
  matchable.excluded = {"Zopec"};
  matchable.phrases = {{{"indivisibility"}, {"of"}, {"security"}}};
  const morgue::HighlightQuery hq(matchable);
  const auto terms =
      hq.for_document({"indivisibility", "of", "security", "Zrussia", "Zopec", "XOcbc"});
  CHECK(terms.words.empty());
  CHECK(terms.stems == std::unordered_set<std::string>{"russia"});
  REQUIRE(terms.phrases.size() == 1);
  CHECK(terms.phrases[0] == morgue::PhraseWords{{"indivisibility"}, {"of"}, {"security"}});
  CHECK(hq.for_every_document().stems == std::unordered_set<std::string>{"russia"});
}

TEST_CASE("a phrase position may hold alternatives: the name or its possessive") {
  morgue::MatchableWords matchable;
  matchable.phrase_only = {"paul", "volcker", "volcker's"};
  matchable.phrases = {{{"paul"}, {"volcker", "volcker's"}}};
  const auto terms = morgue::HighlightQuery(matchable).for_document({"paul", "volcker's"});
  REQUIRE(terms.phrases.size() == 1);
  const std::string text = "Fed chairman Paul Volcker's testimony was long.";
  const auto s = morgue::make_snippet(text, terms, morgue::make_stemmer(), 240);
  REQUIRE(s.highlights.size() == 1);
  CHECK(s.text.substr(s.highlights[0].first, s.highlights[0].second - s.highlights[0].first) ==
        "Paul Volcker's");
}
