// Pseudo-relevance feedback: a long question ranked with the most telling stems of its own
// top results as well as its words. Long natural-language questions name a topic in a few of
// the words its articles use; the articles that rank first for them hold more (docs/searching.md,
// "Ranking"). Short newsroom queries (a name, a phrase, two or three words) and questions
// that name something never pass the gate and rank as before.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "searcher/query/query_parser.h"
#include "searcher/search.h"

namespace morgue {

/// Whether `parsed`, read from `options`, passes the gate: feedback on, relevance order, no
/// --like, no phrase, NEAR or wildcard, nothing named (ParsedQuery::names_something), and at
/// least options.feedback_min_terms distinct words (stop words and filters do not count).
[[nodiscard]] bool wants_feedback(const ParsedQuery& parsed, const SearchOptions& options);

/// A stem feedback adds to a query, with its expand weight.
struct FeedbackStem {
  std::string term;
  double weight = 0;
};

/// The stems feedback adds to `query`, heaviest first (as Xapian orders equal weights): up to
/// options.feedback_terms plain stems (three letters or more, no digits, no stop word's stem)
/// that at least two of the top options.feedback_docs stories by `ranking` hold (one article
/// of each story), weighed as Xapian's expand set weighs them (TradEWeight). The query's own
/// stems are among them: those its top stories use most weigh more. Empty when the query
/// matches nothing or its top stories share no such stem.
[[nodiscard]] std::vector<FeedbackStem> feedback_stems(const Xapian::Database& db,
                                                       const Xapian::Query& query,
                                                       const SearchOptions& options,
                                                       const Xapian::Weight& ranking,
                                                       const Xapian::Stem& stemmer);

/// The query to rank `query`'s matches with: AND_MAYBE(query scaled by feedback_weight,
/// feedback_stems() each scaled by its weight over the heaviest's, times the rest). `query`
/// itself when there are no stems. The matches are `query`'s either way (AND_MAYBE).
[[nodiscard]] Xapian::Query with_feedback(const Xapian::Database& db, const Xapian::Query& query,
                                          const SearchOptions& options,
                                          const Xapian::Weight& ranking,
                                          const Xapian::Stem& stemmer);

}  // namespace morgue
