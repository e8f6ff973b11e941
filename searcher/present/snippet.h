// Snippets: the passage of an article that best shows why it matched, with the matched
// words (and phrases, as whole phrases) marked. Works on the original text, so "Orbán" is
// shown and highlighted as written when the query said "Orban".
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "searcher/query/matchable_words.h"

namespace morgue {

/// What to highlight in one document.
struct HighlightTerms {
  std::unordered_set<std::string> words;  ///< folded, lower-cased words matched on their own
  std::unordered_set<std::string> stems;  ///< stems: any word stemming to one matches
  std::vector<PhraseWords> phrases;       ///< word sequences highlighted as one span
};

/// What to highlight of a parsed query: what the parser recorded a hit can match
/// (ParsedQuery::matchable).
class HighlightQuery {
 public:
  HighlightQuery() = default;
  explicit HighlightQuery(MatchableWords matchable) : matchable_(std::move(matchable)) {}

  /// Restricts to the terms one document matched (Enquire::get_matching_terms, which also
  /// lists what wildcards expanded to). Terms that occur only inside phrases are left to
  /// phrase matching, those only in what the query excludes are not marked; field prefixes
  /// are stripped.
  [[nodiscard]] HighlightTerms for_document(const std::vector<std::string>& matching) const;

  /// The same for every hit, when the query holds no wildcard: its own terms.
  [[nodiscard]] HighlightTerms for_every_document() const;

 private:
  MatchableWords matchable_;
};

/// A passage with highlighted byte ranges [first, second) into `text`.
struct Snippet {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

/// Picks the window of about `max_bytes` of `text` with the most (and most varied) matches,
/// cut at word boundaries, "…" marking cuts, line breaks shown as spaces. Without any match
/// it is the start of the text. `stemmer` must be the one the index was built with.
[[nodiscard]] Snippet make_snippet(std::string_view text, const HighlightTerms& terms,
                                   const Xapian::Stem& stemmer, std::size_t max_bytes);

}  // namespace morgue
