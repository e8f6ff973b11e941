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

// Whether `query` is AND_MAYBE(core, boosts...) with every boost a scaled subquery (the
// proximity boost, the spelling asked for).
bool is_boosted(const Xapian::Query& query) {
  const std::size_t n = query.get_num_subqueries();
  if (query.get_type() != Xapian::Query::OP_AND_MAYBE || n < 2) return false;
  for (std::size_t i = 1; i < n; ++i) {
    if (query.get_subquery(i).get_type() != Xapian::Query::OP_SCALE_WEIGHT) return false;
  }
  return true;
}

bool is_filtered(const Xapian::Query& query) {
  const auto type = query.get_type();
  return (type == Xapian::Query::OP_FILTER || type == Xapian::Query::OP_AND_NOT) &&
         query.get_num_subqueries() == 2;
}

// Splits `query` into what it matches by and the boosts beside it.
void split_boosts(const Xapian::Query& query, Xapian::Query& core,
                  std::vector<Xapian::Query>& boosts) {
  if (!is_boosted(query)) {
    core = query;
    return;
  }
  split_boosts(query.get_subquery(0), core, boosts);
  for (std::size_t i = 1; i < query.get_num_subqueries(); ++i) {
    boosts.push_back(query.get_subquery(i));
  }
}

// `query` without its boosts: what its top stories are found by. The proximity boost checks
// positions in every match, which would cost a long --any question as much again for a
// ranking the feedback hardly needs.
Xapian::Query without_boosts(const Xapian::Query& query) {
  if (is_filtered(query)) {
    return Xapian::Query(query.get_type(), without_boosts(query.get_subquery(0)),
                         query.get_subquery(1));
  }
  Xapian::Query core;
  std::vector<Xapian::Query> boosts;
  split_boosts(query, core, boosts);
  return core;
}

// The proximity boost (parse_query()'s scaled OP_NEAR beside a --any query of two to eight words).
bool is_proximity_boost(const Xapian::Query& boost) {
  return boost.get_num_subqueries() == 1 &&
         boost.get_subquery(0).get_type() == Xapian::Query::OP_NEAR;
}

// AND_MAYBE(core × share, boosts × share, expansion × (1 − share)), the filters kept
// outermost: one flat AND_MAYBE, which Xapian matches as cheaply as the query itself, where
// scaling the boosted query as a whole cost a long --any question three times its time.
// The proximity boost is left out: beside the expansion its positional checks ran on far more
// matches (a five-word --any query took 2.4 times its time without feedback, 0.6 times
// without them), and the expansion rewards articles on the question's subject in its stead.
Xapian::Query blend(const Xapian::Query& query, double share, const Xapian::Query& expansion) {
  if (is_filtered(query)) {
    return Xapian::Query(query.get_type(), blend(query.get_subquery(0), share, expansion),
                         query.get_subquery(1));
  }
  Xapian::Query core;
  std::vector<Xapian::Query> boosts;
  split_boosts(query, core, boosts);
  std::vector<Xapian::Query> parts{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, core, share)};
  for (const Xapian::Query& boost : boosts) {
    if (!is_proximity_boost(boost))
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, boost, share);
  }
  parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, expansion, 1 - share);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parts.begin(), parts.end());
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
  top.set_query(without_boosts(query));
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
  return blend(query, options.feedback_weight,
               Xapian::Query(Xapian::Query::OP_OR, stems.begin(), stems.end()));
}

}  // namespace morgue
