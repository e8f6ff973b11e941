// Pseudo-relevance feedback: a long question ranked with the most telling stems of its own
// top results as well as its words. Long natural-language questions name a topic in a few of
// the words its articles use; the articles that rank first for them hold more (docs/searching.md,
// "Ranking"). Short newsroom queries (a name, a phrase, two or three words) never pass the
// gate and rank as before.
#pragma once

#include <xapian.h>

#include "searcher/search.h"

namespace morgue {

/// Whether `query`, parsed from `options`, passes the gate: feedback on, relevance order, no
/// --like, no phrase, NEAR or wildcard, and at least options.feedback_min_terms distinct
/// words (stop words and filters do not count; a name the index knows counts as one word
/// however many spellings it has).
[[nodiscard]] bool wants_feedback(const Xapian::Query& query, const SearchOptions& options);

/// The query to rank `query`'s matches with: AND_MAYBE(query scaled by feedback_weight,
/// expansion scaled by the rest), the expansion being up to options.feedback_terms stems from
/// the top options.feedback_docs stories by `ranking` (Xapian's ESet; each scaled by its
/// expand weight over the best's). Expansion stems: none of the query's own, no stop word's
/// stem, no digits, three letters or more, in more than one article. `query` itself when
/// nothing qualifies. The matches are `query`'s either way (AND_MAYBE).
[[nodiscard]] Xapian::Query with_feedback(const Xapian::Database& db, const Xapian::Query& query,
                                          const SearchOptions& options,
                                          const Xapian::Weight& ranking,
                                          const Xapian::Stem& stemmer);

}  // namespace morgue
