// Did-you-mean: a corrected query from the index's own spelling table.
#include "searcher/query/suggestion.h"

#include <algorithm>

#include "common/analysis/analyzer.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/query_words.h"

namespace morgue {
namespace {

// Edit distance Xapian's spelling suggestion may go to.
constexpr unsigned kMaxSpellingEdits = 2;
// A word the index holds is corrected only to one this many times as frequent: a name rarely
// used is not a typo of a common word ("Orban" stays, never "urban").
constexpr Xapian::doccount kRareFactor = 20;

bool ascii_letters(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// `suggestion` (lower case) cased like `word`: "ORBN" -> "ORBAN", "Orbn" -> "Orban".
std::string with_case_of(std::string_view word, std::string suggestion) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const bool all_upper = word.size() > 1 && std::all_of(word.begin(), word.end(), upper);
  for (std::size_t i = 0; i < suggestion.size(); ++i) {
    if ((i == 0 && upper(word.front())) || all_upper) {
      if (suggestion[i] >= 'a' && suggestion[i] <= 'z') suggestion[i] = char(suggestion[i] - 32);
    }
  }
  return suggestion;
}

}  // namespace

std::optional<std::string> suggest_correction(const SearchOptions& options,
                                              const Xapian::Database& db,
                                              const Xapian::Stem& stemmer, Xapian::doccount total) {
  const auto corrected_text = rewrite_plain_words(
      fold_query_text(options.query), [&](std::string_view word) -> std::optional<std::string> {
        const std::string term = Analyzer::word_term(word);
        if (term.size() < 3 || !ascii_letters(term) || english_stopper()(term)) {
          return std::nullopt;
        }
        const std::string suggestion = db.get_spelling_suggestion(term, kMaxSpellingEdits);
        if (suggestion.empty() || suggestion == term) return std::nullopt;
        const Xapian::doccount freq = db.get_termfreq(term);
        const Xapian::doccount suggested_freq = db.get_termfreq(suggestion);
        // The spelling table may remember a word no article holds any more.
        if (suggested_freq == 0 || (freq > 0 && suggested_freq < kRareFactor * freq)) {
          return std::nullopt;
        }
        return with_case_of(word, suggestion);
      });
  if (!corrected_text) return std::nullopt;
  SearchOptions corrected = options;
  corrected.query = *corrected_text;
  try {
    Xapian::Enquire enquire(db);
    enquire.set_query(parse_query(corrected, db, stemmer));
    if (enquire.get_mset(0, 0, total + 1).get_matches_estimated() <= total) return std::nullopt;
  } catch (const QueryError&) {
    return std::nullopt;
  } catch (const Xapian::WildcardError&) {
    return std::nullopt;
  }
  return corrected.query;
}

}  // namespace morgue
