// Did-you-mean: a corrected query from the index's own spelling table.
#include "searcher/query/suggestion.h"

#include <algorithm>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/index/schema.h"
#include "searcher/query/name_rule.h"
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

// Edit distance (insertions, deletions, substitutions, adjacent transpositions) of a and b,
// or `most` + 1 when it is more than `most`.
unsigned edits(std::string_view a, std::string_view b, unsigned most) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > most) return most + 1;
  std::vector<std::vector<unsigned>> d(n + 1, std::vector<unsigned>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<unsigned>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    unsigned row_best = most + 1;
    for (std::size_t j = 1; j <= m; ++j) {
      const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
      row_best = std::min(row_best, d[i][j]);
    }
    if (row_best > most) return most + 1;
  }
  return std::min(d[n][m], most + 1);
}

// A word the archive writes like a name within kMaxSpellingEdits of `term`: the closest, then the
// one the most articles hold. For a word read as a name a name is what was meant ("Blare" is Blair,
// not blame; "Yeuttr" is Yeutter, not Reuter), whatever the common words near it.
std::optional<std::string> nearest_name(const Xapian::Database& db, const std::string& term) {
  const std::string prefix(schema::kNameVariantPrefix);
  std::optional<std::string> best;
  unsigned best_edits = kMaxSpellingEdits + 1;
  Xapian::doccount best_freq = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string& raw = *t;
    const auto tab = raw.find('\t');
    if (tab == std::string::npos) continue;
    const std::string_view spelling = std::string_view(raw).substr(tab + 1);
    if (spelling == term || spelling.ends_with("'s") || !ascii_letters(spelling)) continue;
    const unsigned e = edits(term, spelling, kMaxSpellingEdits);
    if (e > kMaxSpellingEdits || e > best_edits) continue;
    const Xapian::doccount freq = db.get_termfreq(std::string(spelling));
    if (freq == 0) continue;
    if (e < best_edits || freq > best_freq) {
      best = std::string(spelling);
      best_edits = e;
      best_freq = freq;
    }
  }
  return best;
}

}  // namespace

std::optional<std::string> suggest_correction(const ParsedQuery& parsed,
                                              const SearchOptions& options,
                                              const Xapian::Database& db,
                                              const Xapian::Stem& stemmer, Xapian::doccount total) {
  std::vector<QueryWord> spans;
  std::vector<std::string> replacements;
  for (const ReadWord& w : parsed.words) {
    if (!w.span) continue;  // a phrase's words are left as typed
    const std::string term = Analyzer::word_term(w.typed);
    if (term.size() < 3 || !ascii_letters(term) || english_stopper()(term)) continue;
    // What the query meant by the word is the parser's (the name rule, name_rule.h): a word read
    // as a name that no article holds is corrected to the nearest name the archive writes.
    const Xapian::doccount freq = db.get_termfreq(term);
    const std::optional<std::string> name =
        w.name && freq == 0 ? nearest_name(db, term) : std::nullopt;
    const std::string suggestion =
        name ? *name : db.get_spelling_suggestion(term, kMaxSpellingEdits);
    if (suggestion.empty() || suggestion == term) continue;
    const Xapian::doccount suggested_freq = db.get_termfreq(suggestion);
    // The spelling table may remember a word no article holds any more.
    if (suggested_freq == 0 || (freq > 0 && suggested_freq < kRareFactor * freq)) continue;
    spans.push_back(*w.span);
    replacements.push_back(with_case_of(w.typed, suggestion));
  }
  if (spans.empty()) return std::nullopt;
  SearchOptions corrected = options;
  corrected.query = replace_words(parsed.text, spans, replacements);
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
