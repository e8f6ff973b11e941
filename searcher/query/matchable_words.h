// What a hit of a parsed query can have matched, as the highlighter marks it: recorded by the
// parser (query_parser.h) when it builds the query, read by searcher/present/snippet.h.
#pragma once

#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/index/schema.h"

namespace morgue {

/// A phrase to highlight: per position the words that may stand there ("volcker" or
/// "volcker's").
using PhraseWords = std::vector<std::vector<std::string>>;

/// The words a hit can have matched, as the highlighter marks them: the terms of the query's
/// positive part (not what it excludes, its filters, or the date range), field prefixes
/// stripped, and its phrases position by position; the names its person:, org:, place: and
/// entity: filters ask for (not those it excludes) are phrases too.
struct MatchableWords {
  std::unordered_set<std::string> terms;        ///< matched on their own (stems with their prefix)
  std::unordered_set<std::string> phrase_only;  ///< occur only inside phrases
  std::unordered_set<std::string> excluded;     ///< occur only in what the query excludes
  std::vector<PhraseWords> phrases;
};

/// `term` without the title field's prefix ("Sorban" -> "orban", "ZSorban" -> "Zorban"), as
/// the highlighter compares terms with the words of a text; other prefixes stay.
[[nodiscard]] inline std::string without_title_prefix(const std::string& term) {
  const std::string title(schema::kTitlePrefix);
  const std::string stem(schema::kStemPrefix);
  if (term.starts_with(stem + title)) return stem + term.substr(stem.size() + title.size());
  if (term.starts_with(title) && term.size() > title.size() &&
      !std::isupper(static_cast<unsigned char>(term[title.size()]))) {
    return term.substr(title.size());
  }
  return term;
}

}  // namespace morgue
