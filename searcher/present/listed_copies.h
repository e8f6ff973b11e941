// The copies of a story (its near-duplicate cluster) listed under its hit.
#pragma once

#include <xapian.h>

#include <vector>

#include "searcher/search.h"

namespace morgue {

/// A copy as listed under its hit (or an article's page): id, outlet, date, title.
[[nodiscard]] SimilarArticle listed_copy(const Xapian::Document& doc);

/// A hit whose copies are to be listed under it, and its document.
struct HitDocument {
  Xapian::docid docid;
  Hit* hit;
};

/// The other articles of each of `hits`' clusters that match `query`: their exact count and
/// the first kMaxSimilarListed of each in index order (the order they arrived in, unless the
/// index is sharded). Not by relevance: copies of one story score alike, and weighing them
/// reads every copy's document length, a block each since copies lie far apart in a large
/// index. The clusters up to options.max_mapped_cluster are served by one match, its results
/// told apart by the clusters' own posting lists (collapsing on the cluster slot would read
/// each copy's value); a larger cluster gets a match of its own, which keeps only what it
/// lists.
void list_similar(const Xapian::Database& db, const SearchOptions& options,
                  const Xapian::Query& query, const std::vector<HitDocument>& hits);

}  // namespace morgue
