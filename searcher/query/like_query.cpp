// More like this: the query for --like.
#include "searcher/query/like_query.h"

#include "common/analysis/analyzer.h"
#include "common/index/schema.h"
#include "searcher/search.h"

namespace morgue {
namespace {

// Keeps only plain free-text terms for more-like-this: no prefixed (filter, stem, entity)
// terms, stop words, numbers or short words, and none that only the article itself holds
// (they cannot find another).
class LikeTermDecider : public Xapian::ExpandDecider {
 public:
  explicit LikeTermDecider(const Xapian::Database& db) : db_(db) {}
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || !(term[0] >= 'a' && term[0] <= 'z')) return false;
    if (term.find_first_of("0123456789") != std::string::npos) return false;
    return !english_stopper()(term) && db_.get_termfreq(term) > 1;
  }

 private:
  const Xapian::Database& db_;
};

// Terms of the relevance-set expansion that make up a more-like-this query.
constexpr Xapian::termcount kLikeTerms = 25;

}  // namespace

Xapian::Query like_query(const Xapian::Database& db, const std::string& id) {
  const std::string id_term = schema::id_term(id);
  auto post = db.postlist_begin(id_term);
  if (post == db.postlist_end(id_term)) {
    throw QueryError("--like: no article with id \"" + id + "\" in the index");
  }
  const Xapian::Document doc = db.get_document(*post);
  Xapian::RSet rset;
  rset.add_document(*post);
  Xapian::Enquire enquire(db);
  const LikeTermDecider decider(db);
  // Exact term frequencies: over shards Xapian otherwise estimates them per shard, and the
  // terms chosen would depend on how the index is split.
  const Xapian::ESet eset =
      enquire.get_eset(kLikeTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
  if (terms.empty()) return Xapian::Query::MatchNothing;
  const std::string cluster = doc.get_value(schema::slot(schema::Slot::kCluster));
  Xapian::Query exclude(id_term);
  if (!cluster.empty()) {
    exclude =
        Xapian::Query(Xapian::Query::OP_OR, exclude, Xapian::Query(schema::cluster_term(cluster)));
  }
  return Xapian::Query(Xapian::Query::OP_AND_NOT,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), exclude);
}

}  // namespace morgue
