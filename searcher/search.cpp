// Query parsing and ranking.
#include "searcher/search.h"

#include "common/analyzer.h"
#include "common/article.h"
#include "common/index_db.h"
#include "common/schema.h"
#include "common/snowball_stemmer.h"
#include "searcher/filters.h"

namespace morgue {
namespace {

constexpr int kModifiedRetries = 5;

Xapian::Query parse_text(const SearchOptions& options, const Xapian::Database& db,
                         const Xapian::Stem& stemmer);

// BM25 with Xapian's defaults spelled out: k1 term-frequency saturation, b length
// normalisation; k2 = 0 and k3 = 1 (query-term frequency) as in classic Okapi.
Xapian::BM25Weight ranking() { return Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5); }

SearchResult run(const SearchOptions& options, Xapian::Database& db, const Xapian::Stem& stemmer) {
  const Xapian::Query query = parse_query(options, db, stemmer);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(ranking());
  FacetCounter facets(db, options.facets);
  facets.attach(enquire);
  if (options.sort == SortOrder::kDate) {
    enquire.set_sort_by_value_then_relevance(schema::slot(schema::Slot::kPublished), true);
  }
  // Facet counts must see every match; otherwise a few beyond the page are enough for a
  // good estimate of the total.
  const Xapian::doccount check_at_least =
      options.facets.empty() ? static_cast<Xapian::doccount>(options.offset + options.limit + 100)
                             : db.get_doccount();
  Xapian::MSet mset;
  try {
    mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                            static_cast<Xapian::doccount>(options.limit), check_at_least);
  } catch (const Xapian::WildcardError&) {
    throw QueryError("a wildcard in the query matches too many words (limit " +
                     std::to_string(options.max_wildcard_terms) + "); make it longer");
  }

  SearchResult result;
  result.query = options.query;
  result.total = mset.get_matches_estimated();
  result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  result.offset = options.offset;
  result.limit = options.limit;
  if (!options.facets.empty()) result.facets = facets.results(mset.get_matches_estimated());
  const HighlightQuery highlight = highlight_query(query);
  std::size_t rank = options.offset;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    StoredArticle stored = decode_stored_article(it.get_document().get_data());
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
    const std::vector<std::string> matching(enquire.get_matching_terms_begin(it),
                                            enquire.get_matching_terms_end(it));
    hit.snippet = make_snippet(article.body, highlight.for_document(matching), stemmer,
                               options.snippet_bytes);
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace

Xapian::Query parse_query(const SearchOptions& options, const Xapian::Database& db,
                          const Xapian::Stem& stemmer) {
  Xapian::Query query = parse_text(options, db, stemmer);
  if (options.from || options.to) {
    query =
        Xapian::Query(Xapian::Query::OP_FILTER, query, date_range_query(options.from, options.to));
  }
  return query;
}

namespace {

Xapian::Query parse_text(const SearchOptions& options, const Xapian::Database& db,
                         const Xapian::Stem& stemmer) {
  const std::string folded = fold_query_text(options.query);
  if (folded.find_first_not_of(" \t\r\n") == std::string::npos) return Xapian::Query::MatchAll;
  const EntityAliases aliases =
      EntityAliases::from_json(db.get_metadata(std::string(kAliasesMetadataKey)));
  Xapian::QueryParser parser;
  std::string filter_error;
  add_filter_fields(parser, db, aliases, &filter_error);
  parser.set_database(db);
  parser.set_stemmer(stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_stopper(&english_stopper());
  parser.set_default_op(options.match_any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
  parser.add_prefix("title", std::string(schema::kTitlePrefix));
  parser.set_max_expansion(options.max_wildcard_terms, Xapian::Query::WILDCARD_LIMIT_ERROR,
                           Xapian::QueryParser::FLAG_WILDCARD);
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
  Xapian::Query query;
  try {
    query = parser.parse_query(folded, flags);
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError("cannot parse query: " + e.get_msg());
  }
  if (!filter_error.empty()) throw QueryError(filter_error);
  return query;
}

}  // namespace

SearchResult search(const SearchOptions& options) {
  if (options.query.size() > kMaxQueryBytes) {
    throw QueryError("the query is " + std::to_string(options.query.size()) +
                     " bytes, over the limit of " + std::to_string(kMaxQueryBytes));
  }
  Xapian::Database db = open_index_for_reading(options.db);
  const Xapian::Stem stemmer = make_stemmer();
  for (int attempt = 0;; ++attempt) {
    try {
      return run(options, db, stemmer);
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer committed past the revision we opened; read the new one.
      if (attempt >= kModifiedRetries) throw;
      db.reopen();
    }
  }
}

}  // namespace morgue
