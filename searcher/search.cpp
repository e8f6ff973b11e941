// One search, from the top: parse the query (query/), count facets (facets/), match and rank
// one page (BM25, copies collapsed), exact totals, hits with snippets and their listed copies
// (present/), a did-you-mean when little matched.
#include "searcher/search.h"

#include <algorithm>

#include "common/analysis/snowball_stemmer.h"
#include "common/index/article.h"
#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "searcher/present/listed_copies.h"
#include "searcher/query/like_query.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/suggestion.h"

namespace morgue {
namespace {

// BM25: k1 term-frequency saturation, b length normalisation; k2 = 0 and k3 = 1
// (query-term frequency) as in classic Okapi, Xapian's min_normlen 0.5.
Xapian::BM25Weight ranking(const SearchOptions& o) {
  return Xapian::BM25Weight(o.bm25_k1, 0, 1, o.bm25_b, 0.5);
}

bool has_wildcard(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (has_wildcard(query.get_subquery(i))) return true;
  }
  return false;
}

// Whether the query asks for words in order or near each other. The proximity boost (a
// scaled OP_NEAR beside the query) only ranks, and is left out.
bool is_positional(const Xapian::Query& query) {
  const auto type = query.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  if (type == Xapian::Query::OP_SCALE_WEIGHT) return false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (is_positional(query.get_subquery(i))) return true;
  }
  return false;
}

// The terms to highlight in every hit, when the query names all it can match (no wildcard,
// which expands per document): a stand-in for Enquire::get_matching_terms, which reads each
// hit's term list (two block reads a hit). A query term a hit lacks changes nothing, since
// the hit's text then has no word giving that term. nullopt: ask per hit.
std::optional<HighlightTerms> highlight_for_all(const HighlightQuery& highlight,
                                                const Xapian::Query& query) {
  if (has_wildcard(query)) return std::nullopt;
  return highlight.for_document(
      std::vector<std::string>(query.get_unique_terms_begin(), query.get_unique_terms_end()));
}

// The query to match, and the words to highlight: the query's own, not the like-article's
// expansion terms.
struct PreparedQuery {
  Xapian::Query query;
  HighlightQuery highlight;
  std::vector<std::string> warnings;
};

PreparedQuery prepare_query(const SearchOptions& options, const Xapian::Database& db,
                            const Xapian::Stem& stemmer) {
  std::vector<std::string> warnings;
  Xapian::Query query = parse_query(options, db, stemmer, &warnings);
  // Every index morgue writes has positions; without them Xapian answers a phrase as if its
  // words were merely all present ("prices grain" found "grain prices").
  if (db.get_doccount() > 0 && !db.has_positions() && is_positional(query)) {
    throw QueryError(
        "the index has no word positions (position.glass missing or damaged): phrase and NEAR "
        "queries cannot be answered; rebuild it with morgue-index --rebuild");
  }
  HighlightQuery highlight = highlight_query(query);
  if (options.like) {
    const Xapian::Query like = like_query(db, *options.like);
    const bool no_query = options.query.find_first_not_of(" \t\r\n") == std::string::npos &&
                          !options.from && !options.to;
    query = no_query ? like : Xapian::Query(Xapian::Query::OP_FILTER, like, query);
  }
  return {std::move(query), std::move(highlight), std::move(warnings)};
}

Xapian::MSet match(Xapian::Enquire& enquire, const SearchOptions& options, Xapian::doccount first,
                   Xapian::doccount maxitems, Xapian::doccount check_at_least) {
  try {
    return enquire.get_mset(first, maxitems, check_at_least);
  } catch (const Xapian::WildcardError&) {
    throw QueryError("a wildcard in the query matches too many words (limit " +
                     std::to_string(options.max_wildcard_terms) + "); make it longer");
  }
}

// Facets count every match, copies included, in a match of their own: no ranking, no
// collapsing (which would read every match's cluster) and nothing kept. The page's match
// then needs only a few matches past it.
void count_facets(const Xapian::Database& db, const Xapian::Query& query,
                  const SearchOptions& options, FacetCounter& facets) {
  if (options.facets.empty()) return;
  Xapian::Enquire counting(db);
  counting.set_query(query);
  counting.set_weighting_scheme(Xapian::BoolWeight());
  facets.attach(counting);
  (void)match(counting, options, 0, 0, db.get_doccount());
}

// The page's match: ranked (or by date), one hit per cluster of copies, every match up to
// kExactCountLimit seen so that totals up to there are exact.
class PageMatch {
 public:
  PageMatch(const Xapian::Database& db, const Xapian::Query& query, const SearchOptions& options)
      : enquire_(db), uncollapsed_(schema::slot(schema::Slot::kNever)) {
    enquire_.set_query(query);
    enquire_.set_weighting_scheme(ranking(options));
    // Counts matches before collapsing: Xapian's uncollapsed figure stays an estimate even
    // when every match was seen. A built-in spy on a slot never written, so it keeps no
    // values and remote shards can run it too.
    if (options.collapse) {
      enquire_.set_collapse_key(schema::slot(schema::Slot::kCluster));
      if (options.facets.empty()) enquire_.add_matchspy(&uncollapsed_);
    }
    // By publication (the day as written, then the instant), the undated last either way.
    if (options.sort == SortOrder::kDate) {
      enquire_.set_sort_by_value_then_relevance(schema::slot(schema::Slot::kPublishedAt), true);
    } else if (options.sort == SortOrder::kOldest) {
      enquire_.set_sort_by_value_then_relevance(schema::slot(schema::Slot::kOldestFirst), false);
    }
    // Past the page's end only, a rare word's copies made "about 25" of 13.
    check_at_least_ = static_cast<Xapian::doccount>(
        std::max<std::size_t>(options.offset + options.limit + 1, kExactCountLimit + 1));
    mset_ = match(enquire_, options, static_cast<Xapian::doccount>(options.offset),
                  static_cast<Xapian::doccount>(options.limit), check_at_least_);
  }

  // The spy is registered by address.
  PageMatch(const PageMatch&) = delete;
  PageMatch& operator=(const PageMatch&) = delete;

  [[nodiscard]] const Xapian::MSet& mset() const { return mset_; }
  [[nodiscard]] const Xapian::Enquire& enquire() const { return enquire_; }

  // The result's counts: hits (one per story) and articles, and whether each is exact.
  void count(const SearchOptions& options, const FacetCounter& facets, SearchResult& result) const {
    result.results = mset_.get_matches_estimated();
    result.results_exact = mset_.get_matches_lower_bound() == mset_.get_matches_upper_bound();
    result.total = mset_.get_uncollapsed_matches_estimated();
    result.total_exact =
        mset_.get_uncollapsed_matches_lower_bound() == mset_.get_uncollapsed_matches_upper_bound();
    // The matcher checks at least check_at_least matches when there are that many; having
    // found fewer, it saw them all, and what it counted is exact (Xapian's upper bound on a
    // collapsed match stays loose even then).
    if (mset_.get_uncollapsed_matches_lower_bound() < check_at_least_) {
      result.results = mset_.get_matches_lower_bound();
      result.results_exact = true;
      result.total = mset_.get_uncollapsed_matches_lower_bound();
      result.total_exact = true;
    }
    if (!options.facets.empty()) {
      result.total = facets.seen();  // the counting match saw every one
      result.total_exact = true;
    } else if (options.collapse && result.results_exact) {
      // Every match was seen (the collapsed count is exact), so the spy saw them all.
      result.total = uncollapsed_.get_total();
      result.total_exact = true;
    }
    if (!options.collapse || result.results > result.total) result.results = result.total;
    if (!options.collapse) result.results_exact = result.total_exact;
  }

 private:
  Xapian::Enquire enquire_;
  Xapian::ValueCountMatchSpy uncollapsed_;
  Xapian::doccount check_at_least_ = 0;
  Xapian::MSet mset_;
};

// The page's hits, each with its snippet; those with copies get them listed.
void add_hits(const Xapian::Database& db, const SearchOptions& options, const PageMatch& page,
              const PreparedQuery& prepared, const Xapian::Stem& stemmer, SearchResult& result) {
  const std::optional<HighlightTerms> same_highlight =
      highlight_for_all(prepared.highlight, prepared.query);
  std::size_t rank = options.offset;
  std::vector<std::pair<Xapian::docid, std::size_t>> with_copies;  // hits with copies listed
  for (auto it = page.mset().begin(); it != page.mset().end(); ++it) {
    const Xapian::Document doc = it.get_document();
    StoredArticle stored = decode_stored_article(doc.get_data());
    const Article& article = stored.article;
    Hit hit;
    hit.rank = ++rank;
    hit.id = article.id;
    if (!article.title.empty()) hit.title = article.title;
    hit.display_title = display_title(article);
    if (!article.outlet.empty()) hit.outlet = article.outlet;
    if (article.published) hit.published = article.published->iso();
    if (!article.url.empty()) hit.url = article.url;
    hit.score = it.get_weight();
    hit.entities = std::move(stored.entities);
    // Collapsing has read the cluster already.
    hit.cluster = options.collapse ? it.get_collapse_key()
                                   : doc.get_value(schema::slot(schema::Slot::kCluster));
    // Not only the hits Xapian folded copies into (get_collapse_count()): the matcher stops
    // once nothing later can outrank the page, and copies indexed later go unseen (an empty
    // query, a filter, or --sort date), as do collapse counts from remote shards.
    const bool has_copies = options.collapse && !hit.cluster.empty();
    HighlightTerms own_terms;
    if (!same_highlight) {
      own_terms = prepared.highlight.for_document(std::vector<std::string>(
          page.enquire().get_matching_terms_begin(it), page.enquire().get_matching_terms_end(it)));
    }
    hit.snippet = make_snippet(article.body, same_highlight ? *same_highlight : own_terms, stemmer,
                               options.snippet_bytes);
    result.hits.push_back(std::move(hit));
    if (has_copies) with_copies.emplace_back(*it, result.hits.size() - 1);
  }
  if (with_copies.empty()) return;
  std::vector<HitDocument> hits;
  for (const auto& [docid, i] : with_copies) hits.push_back({docid, &result.hits[i]});
  list_similar(db, options, prepared.query, hits);
}

SearchResult run(const SearchOptions& options, Xapian::Database& db, const Xapian::Stem& stemmer) {
  PreparedQuery prepared = prepare_query(options, db, stemmer);
  FacetCounter facets(db, options.facets);
  count_facets(db, prepared.query, options, facets);
  const PageMatch page(db, prepared.query, options);

  SearchResult result;
  result.warnings = std::move(prepared.warnings);
  result.query = options.query;
  result.like = options.like;
  result.collapsed = options.collapse;
  result.offset = options.offset;
  result.limit = options.limit;
  page.count(options, facets, result);
  if (!options.facets.empty()) result.facets = facets.results(result.total);
  add_hits(db, options, page, prepared, stemmer, result);
  if (result.total < options.suggest_below && !options.like) {
    result.suggestion = suggest_correction(options, db, stemmer, result.total);
  }
  return result;
}

void check_query_bytes(const SearchOptions& options) {
  if (options.query.size() > kMaxQueryBytes) {
    throw QueryError("the query is " + std::to_string(options.query.size()) +
                     " bytes, over the limit of " + std::to_string(kMaxQueryBytes));
  }
}

}  // namespace

SearchResult search(const SearchOptions& options, Xapian::Database& db) {
  check_query_bytes(options);
  thread_local const Xapian::Stem stemmer = make_stemmer();
  return read_newest(db, [&] { return run(options, db, stemmer); });
}

SearchResult search(const SearchOptions& options) {
  check_query_bytes(options);  // before the index is opened: the query's fault comes first
  Xapian::Database db = open_index_for_reading(options.db);
  return search(options, db);
}

}  // namespace morgue
