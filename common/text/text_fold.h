// Text folding shared by indexing and querying: what makes Orbán match Orban and
// Russia’s match Russia's. The one place that decides which spellings are "the same".
#pragma once

#include <string>
#include <string_view>

namespace morgue {

/// Settings for fold_text().
struct FoldOptions {
  /// Apply Unicode full case folding too. Default false: the query parser needs the case of
  /// AND/OR/NOT and of capitalised words, and Xapian lower-cases terms itself.
  bool case_fold = false;
};

/// Folds valid UTF-8 `text`: Unicode NFKC (full-width forms, ligatures, no-break spaces),
/// diacritics removed (á -> a), letters without a decomposition spelled out (ß -> ss,
/// ø -> o, ł -> l, æ -> ae), typographic apostrophes and quotes made ASCII (’ -> ',
/// “ ” -> "), dashes and the minus sign made '-'. Pure-ASCII input is returned unchanged
/// without touching ICU. Thread-safe.
[[nodiscard]] std::string fold_text(std::string_view text, FoldOptions options = {});

/// Unicode full case folding alone, of text fold_text() already folded: case folding is
/// fold_text()'s last step, so case_fold(fold_text(t)) == fold_text(t, {.case_fold = true})
/// and text folded once can be read both ways. Thread-safe.
[[nodiscard]] std::string case_fold(std::string_view folded);

/// fold_text() with case folding: the key a single word is compared by.
[[nodiscard]] inline std::string fold_word(std::string_view word) {
  return fold_text(word, FoldOptions{.case_fold = true});
}

}  // namespace morgue
