// The index's own vocabulary for did-you-mean, kept beside the postings: the spelling table
// holds the words the archive really uses, without scraping noise.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "common/analysis/analyzer.h"

namespace morgue {

/// The words of an article (title and body, folded) that may be suggested: folded, lower-cased, as
/// Xapian indexes them; letters only, 3 to 32 bytes; never a token glued together by a
/// scraper ("PressRussian", "agoDuration": a lower-case letter followed by a capital) or mixed
/// with digits. Each word once, sorted.
[[nodiscard]] std::vector<std::string> spelling_words(const FoldedArticle& article);

/// Index-time upkeep of the spelling table as documents come and go. Spelling
/// frequencies count articles, so removing an article takes its words back out. Changes
/// are gathered and written by flush(), once per word and batch.
class VocabularyUpdater {
 public:
  /// `article` was (re)indexed.
  void added(const Article& article);
  /// An article with spelling_words() `words` was (re)indexed.
  void added(const std::vector<std::string>& words);
  /// The indexed document `old` is about to be replaced or deleted.
  void removed(const Xapian::Document& old);
  /// An indexed article with spelling_words() `words` is about to be replaced or deleted.
  void removed(const std::vector<std::string>& words);
  /// Writes the spelling changes gathered so far. Call before each commit.
  void flush(Xapian::WritableDatabase& db);

 private:
  std::unordered_map<std::string, int> spelling_changes_;  // word -> articles gained (lost)
};

}  // namespace morgue
