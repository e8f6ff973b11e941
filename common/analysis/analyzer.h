// Text analysis, identical at index and query time: fold (text_fold.h), then Xapian's
// tokenizer with the Snowball stemmer, stemmed and unstemmed terms side by side.
#pragma once

#include <xapian.h>

#include <span>
#include <string>
#include <string_view>

#include "common/index/article.h"

namespace morgue {

/// Settings for Analyzer; the defaults are what morgue indexes with.
struct AnalyzerOptions {
  /// Snowball algorithm name. Default "english".
  std::string language = "english";
  /// Within-document frequency each title word adds to the unprefixed term, against 1 per body
  /// occurrence: how much a title match outweighs a body match in BM25. Default 3.
  Xapian::termcount title_weight = 3;
};

/// An article's title and body after fold_text(). Folded once per article and read by every
/// stage that needs the words: the analyzer, the spelling vocabulary, near-duplicate shingles.
struct FoldedArticle {
  std::string title;
  std::string body;
};
[[nodiscard]] FoldedArticle fold_article(const Article& article);

/// Builds the free-text terms of an article. Xapian::TermGenerator writes, with STEM_SOME:
/// every word unstemmed with its positions (exact names and phrases) and "Z"+stem (recall).
/// Title words also get the "S" prefix for `title:` queries. Not thread-safe: one per thread.
class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});

  /// Adds the title and body terms of an article, folded, to `doc`. Throws Xapian::Error on
  /// Xapian failure.
  void index_text(const FoldedArticle& article, Xapian::Document& doc);

  /// The stemmer, for a QueryParser or for matching words to stems.
  [[nodiscard]] const Xapian::Stem& stemmer() const { return stemmer_; }

  /// The term Xapian indexes for one word: folded, lower-cased. "Orbán" -> "orban".
  [[nodiscard]] static std::string word_term(std::string_view word);

 private:
  AnalyzerOptions options_;
  Xapian::Stem stemmer_;
  Xapian::TermGenerator generator_;
};

/// Folds query text the way index_text() folds documents, keeping case (for AND/OR/NOT and
/// Xapian's capitalised-word rule). Curly quotes become straight ones, so “...” is a phrase.
[[nodiscard]] std::string fold_query_text(std::string_view query);

/// English stop words (Snowball's list) dropped from free-text queries, never from phrases.
[[nodiscard]] const Xapian::Stopper& english_stopper();
/// The words english_stopper() stops.
[[nodiscard]] std::span<const char* const> english_stop_words();

}  // namespace morgue
