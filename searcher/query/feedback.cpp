#include "searcher/query/feedback.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/index/schema.h"
#include "searcher/query/query_parser.h"

namespace morgue {
namespace {

// Stemmed words carry Xapian's "Z" prefix (STEM_SOME); no other term of ours starts with it.
constexpr char kStemPrefix = 'Z';

bool is_stem(const std::string& term) { return !term.empty() && term[0] == kStemPrefix; }

// A word of the query as the parser made it a term: stemmed ("Zgrain"), or left as written
// because it was capitalised ("grain" from "Grain"). Field terms (names, filters, titles)
// carry upper-case prefixes.
bool is_word(const std::string& term) {
  if (term.empty()) return false;
  const auto first = static_cast<unsigned char>(term[0]);
  return term[0] == kStemPrefix || (first >= 'a' && first <= 'z') || first >= 0x80;
}

// The stems of the stop words: "which" stems to "which", "having" to "have".
const std::set<std::string>& stop_stems(const Xapian::Stem& stemmer) {
  thread_local const std::set<std::string> stems = [&] {
    std::set<std::string> out;
    for (const char* word : english_stop_words()) out.insert(kStemPrefix + stemmer(word));
    return out;
  }();
  return stems;
}

// Which stems of the top stories may join the query.
class ExpansionStems : public Xapian::ExpandDecider {
 public:
  ExpansionStems(const Xapian::Database& db, const Xapian::Stem& stemmer)
      : db_(db), stop_stems_(stop_stems(stemmer)) {}

  bool operator()(const std::string& term) const override {
    if (!is_stem(term) || term.size() < 4) return false;  // "Z" and three letters or more
    const bool plain = std::all_of(term.begin() + 1, term.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return (u >= 'a' && u <= 'z') || u >= 0x80;  // letters, accented ones included
    });
    return plain && !stop_stems_.contains(term) && db_.get_termfreq(term) > 1;
  }

 private:
  const Xapian::Database& db_;
  const std::set<std::string>& stop_stems_;
};

// The words `query` asks for, each once: a term of a plain word, or a name's spellings
// (OP_SYNONYM) as one. What only ranks (a scaled subquery: the proximity and name boosts, the
// right of AND_MAYBE) or only filters (the right of FILTER and AND_NOT) is no word.
void collect_words(const Xapian::Query& query, std::set<std::string>& words) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *query.get_unique_terms_begin();
      if (is_word(term)) words.insert(term);
      return;
    }
    case Xapian::Query::OP_SYNONYM:
      words.insert(query.get_description());
      return;
    case Xapian::Query::OP_SCALE_WEIGHT:
      return;
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
      if (query.get_num_subqueries() > 0) collect_words(query.get_subquery(0), words);
      return;
    default:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        collect_words(query.get_subquery(i), words);
      }
  }
}

}  // namespace

bool wants_feedback(const Xapian::Query& query, const SearchOptions& options) {
  if (options.feedback_min_terms == 0 || options.sort != SortOrder::kRelevance || options.like ||
      options.feedback_docs == 0 || options.feedback_terms == 0 || options.feedback_weight >= 1 ||
      is_positional(query) || has_wildcard(query)) {
    return false;
  }
  std::set<std::string> words;
  collect_words(query, words);
  return words.size() >= options.feedback_min_terms;
}

Xapian::Query with_feedback(const Xapian::Database& db, const Xapian::Query& query,
                            const SearchOptions& options, const Xapian::Weight& ranking,
                            const Xapian::Stem& stemmer) {
  // The top stories, one article each: ten copies of one story would vote ten times.
  Xapian::Enquire top(db);
  top.set_query(query);
  top.set_weighting_scheme(ranking);
  top.set_collapse_key(schema::slot(schema::Slot::kCluster));
  const Xapian::MSet best = top.get_mset(0, options.feedback_docs);
  if (best.empty()) return query;
  Xapian::RSet relevant;
  for (auto it = best.begin(); it != best.end(); ++it) relevant.add_document(*it);
  const ExpansionStems decider(db, stemmer);
  const Xapian::ESet eset = top.get_eset(options.feedback_terms, relevant, &decider);
  if (eset.empty()) return query;
  const double strongest = eset.begin().get_weight();
  std::vector<Xapian::Query> stems;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    stems.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                       strongest > 0 ? it.get_weight() / strongest : 1.0);
  }
  const Xapian::Query expansion(Xapian::Query::OP_OR, stems.begin(), stems.end());
  return Xapian::Query(
      Xapian::Query::OP_AND_MAYBE,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, options.feedback_weight),
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, 1 - options.feedback_weight));
}

}  // namespace morgue
