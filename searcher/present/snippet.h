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

namespace morgue {

/// A phrase to highlight: per position the words that may stand there ("volcker" or
/// "volcker's").
using PhraseWords = std::vector<std::vector<std::string>>;

/// What to highlight in one document.
struct HighlightTerms {
  std::unordered_set<std::string> words;  ///< folded, lower-cased words matched on their own
  std::unordered_set<std::string> stems;  ///< stems: any word stemming to one matches
  std::vector<PhraseWords> phrases;       ///< word sequences highlighted as one span
};

/// The highlightable structure of a parsed query: which terms occur only inside phrases.
class HighlightQuery {
 public:
  HighlightQuery() = default;
  explicit HighlightQuery(const Xapian::Query& query);

  /// Restricts to the terms one document matched (Enquire::get_matching_terms, which also
  /// lists what wildcards expanded to). Terms that occur only inside phrases are left to
  /// phrase matching; field prefixes are stripped.
  [[nodiscard]] HighlightTerms for_document(const std::vector<std::string>& matching) const;

 private:
  std::unordered_set<std::string> phrase_only_;
  std::vector<PhraseWords> phrases_;
};

[[nodiscard]] inline HighlightQuery highlight_query(const Xapian::Query& q) {
  return HighlightQuery(q);
}

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
