// The spelling table.
#include "indexer/document/vocabulary.h"

#include <algorithm>

#include "common/text/text_fold.h"
#include "common/text/words.h"

namespace morgue {
namespace {

constexpr std::size_t kMinSpellingBytes = 3;
constexpr std::size_t kMaxSpellingBytes = 32;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void add_words(std::string_view folded, std::vector<std::string>& out) {
  for (const WordSpan& w : word_spans(folded, U"")) {
    const std::string_view word = std::string_view(folded).substr(w.begin, w.end - w.begin);
    if (word.size() < kMinSpellingBytes || word.size() > kMaxSpellingBytes) continue;
    // A scraper gluing two tokens ("PressRussian") leaves a capital after a lower-case letter;
    // McDonald-style names are the price (they stay searchable, just never suggested).
    if (std::any_of(word.begin(), word.end(), is_digit) ||
        glued_at(word) != std::string_view::npos) {
      continue;
    }
    if (word.find('_') != std::string_view::npos) continue;
    out.push_back(fold_word(word));
  }
}

}  // namespace

std::vector<std::string> spelling_words(const FoldedArticle& article) {
  std::vector<std::string> words;
  add_words(article.title, words);
  add_words(article.body, words);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

void VocabularyUpdater::added(const Article& article) {
  added(spelling_words(fold_article(article)));
}

void VocabularyUpdater::added(const std::vector<std::string>& words) {
  for (const std::string& word : words) ++spelling_changes_[word];
}

void VocabularyUpdater::removed(const Xapian::Document& old) {
  removed(spelling_words(fold_article(decode_stored_article(old.get_data()).article)));
}

void VocabularyUpdater::removed(const std::vector<std::string>& words) {
  for (const std::string& word : words) --spelling_changes_[word];
}

void VocabularyUpdater::flush(Xapian::WritableDatabase& db) {
  // One call per distinct word and batch rather than per word and article.
  for (const auto& [word, change] : spelling_changes_) {
    if (change > 0) db.add_spelling(word, static_cast<Xapian::termcount>(change));
    if (change < 0) db.remove_spelling(word, static_cast<Xapian::termcount>(-change));
  }
  spelling_changes_.clear();
}

}  // namespace morgue
