// The copies of a story listed under its hit.
#include "searcher/present/listed_copies.h"

#include <unordered_map>

#include "common/index/article.h"
#include "common/index/schema.h"

namespace morgue {

SimilarArticle listed_copy(const Xapian::Document& doc) {
  const Article a = decode_stored_article(doc.get_data()).article;
  SimilarArticle copy;
  copy.id = a.id;
  if (!a.outlet.empty()) copy.outlet = a.outlet;
  if (a.published) copy.published = a.published->iso();
  copy.display_title = display_title(a);
  return copy;
}

namespace {

// The query for the copies of some hits: their clusters' articles matching `query`, the
// hits themselves included (they are told apart by docid; leaving them out by id term would
// read a posting list each).
Xapian::Query copies_query(const Xapian::Query& query, const std::vector<const Hit*>& hits) {
  std::vector<Xapian::Query> clusters;
  for (const Hit* hit : hits) clusters.emplace_back(schema::cluster_term(hit->cluster));
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_OR, clusters.begin(), clusters.end()));
}

}  // namespace

void list_similar(const Xapian::Database& db, const SearchOptions& options,
                  const Xapian::Query& query, const std::vector<HitDocument>& hits) {
  std::vector<const Hit*> mapped;
  std::unordered_map<Xapian::docid, Hit*> by_member;
  for (const auto& [docid, hit] : hits) {
    if (hit->cluster.empty()) continue;
    const std::string term = schema::cluster_term(hit->cluster);
    const Xapian::doccount size = db.get_termfreq(term);
    if (size <= 1) continue;  // the hit alone
    if (size <= options.max_mapped_cluster) {
      mapped.push_back(hit);
      for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        by_member.emplace(*p, hit);
      }
      continue;
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(copies_query(query, {hit}));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // Checking the whole cluster makes the count exact; the hit itself is one of them and
    // may be among the first.
    const Xapian::MSet mset = enquire.get_mset(0, kMaxSimilarListed + 1, size);
    const Xapian::doccount matching = mset.get_matches_estimated();
    hit->similar = matching > 0 ? matching - 1 : 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      if (*it == docid || hit->similar_articles.size() == kMaxSimilarListed) continue;
      hit->similar_articles.push_back(listed_copy(it.get_document()));
    }
  }
  if (by_member.empty()) return;
  // The hits match too, so they count towards the match size; then they are no copies.
  const auto members = static_cast<Xapian::doccount>(by_member.size());
  for (const HitDocument& h : hits) by_member.erase(h.docid);
  Xapian::Enquire enquire(db);
  enquire.set_query(copies_query(query, mapped));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  // Every matching copy, in docid order: the counts are exact and each cluster's first
  // copies come first.
  const Xapian::MSet mset = enquire.get_mset(0, members, members);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const auto h = by_member.find(*it);
    if (h == by_member.end()) continue;
    Hit& hit = *h->second;
    ++hit.similar;
    if (hit.similar_articles.size() < kMaxSimilarListed) {
      hit.similar_articles.push_back(listed_copy(it.get_document()));
    }
  }
}

}  // namespace morgue
