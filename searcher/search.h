// Answering a query: parsing (Xapian QueryParser over folded text), BM25 ranking, paging,
// and turning matches into hits with snippets.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/index/article.h"
#include "common/index/date.h"
#include "searcher/facets/facets.h"
#include "searcher/present/snippet.h"

namespace morgue {

class ValueColumns;

/// Totals (matching articles, and results after folding copies) are exact up to this many
/// matches; above it they are estimates, flagged as such.
inline constexpr std::size_t kExactCountLimit = 10000;

/// Most words (and field values) one query may hold, and most words one phrase or NEAR/ADJ
/// chain may join: the work a query can cause is bounded before a server exposes it (a NEAR
/// chain of 4,000 words took 56 s). Past them the query is a QueryError.
inline constexpr std::size_t kMaxQueryWords = 1024;
inline constexpr std::size_t kMaxPositionalWords = 64;

/// Longest query text searched, in bytes; longer ones are a QueryError.
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;

/// The query text cannot be searched (syntax the parser rejects, a wildcard that expands to
/// too many terms). what() is one line naming the problem.
class QueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The search took longer than its time limit (SearchOptions::deadline) and was stopped.
/// what() is one line naming the limit.
class SearchTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Seconds a search may take by default, in morgue-search and morgue-serve alike.
inline constexpr double kDefaultTimeLimit = 10;

/// kDate: newest first; kOldest: oldest first. Undated articles come last in both.
enum class SortOrder { kRelevance, kDate, kOldest };

/// Settings for search(); the defaults are morgue-search's.
struct SearchOptions {
  std::filesystem::path db;                ///< index directory
  std::string query;                       ///< query text; empty matches every article
  bool match_any = false;                  ///< --any: words are OR-ed instead of all required
  std::size_t limit = 10;                  ///< hits to return
  std::size_t offset = 0;                  ///< hits to skip (paging)
  SortOrder sort = SortOrder::kRelevance;  ///< kDate / kOldest: by date, relevance breaks ties
  std::size_t snippet_bytes = 240;         ///< snippet length before "…"
  /// The query's trailing wildcards may expand to this many words in all (each gets an equal
  /// share); more is a QueryError. Default 5000.
  Xapian::termcount max_wildcard_terms = 5000;
  /// Stop with SearchTimeout once past this instant (checked while matching and between the
  /// stages). Default none; SearchRequest sets it from its time limit.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// The time limit `deadline` came from, in seconds, for the message.
  double time_limit = 0;
  /// --from / --to: only articles published in this range (inclusive). Default: any date.
  std::optional<Date> from, to;
  /// Facets to count over all matching articles. Default none.
  std::vector<FacetRequest> facets;
  /// Show one article per near-duplicate cluster (the best ranked), with its copies listed
  /// under it. Default true; --no-collapse shows every article.
  bool collapse = true;
  /// --like ID: rank articles by similarity to this one (its own copies excluded); the query
  /// text, when given, then only filters. Default none.
  std::optional<std::string> like;
  /// BM25 term-frequency saturation (k1) and length normalisation (b). Defaults chosen with
  /// bench/ (morgue-bench-beir on the Reuters collections, docs/benchmarks.md "Ranking").
  double bm25_k1 = 1.2;
  double bm25_b = 0.5;
  /// Weight of the proximity boost: for two to eight plain words, articles where they occur
  /// within twice as many positions score this share of the words' weight again. 0 = off.
  /// Default (nullopt): kAnyProximityBoost with match_any, else off (it helps when words are
  /// optional and does nothing reliable when all are required: docs/benchmarks.md).
  std::optional<double> proximity_boost;
  /// Suggest a corrected query when this one finds fewer than suggest_below articles.
  /// Default 3; 0 turns suggestions off.
  Xapian::doccount suggest_below = 3;
  /// Copies of hits in clusters up to this size are found in one match and told apart by
  /// the clusters' posting lists, held in memory; a larger cluster (boilerplate republished
  /// thousands of times) gets a match of its own, so memory stays bounded. Default 10,000.
  Xapian::doccount max_mapped_cluster = 10000;
  /// Pseudo-relevance feedback for long questions (searcher/query/feedback.h): a relevance-
  /// ranked query of at least feedback_min_terms distinct words that names nothing is ranked
  /// with up to feedback_terms stems drawn from its own top feedback_docs stories, the
  /// original query keeping feedback_weight of the weight. It only ranks: the matches,
  /// counts, facets, copies and highlights stay the original query's. 0 min terms turns it
  /// off. Defaults tuned on half of our long questions and confirmed on the other half
  /// (docs/benchmarks.md, "Feedback for long questions").
  Xapian::doccount feedback_docs = 5;
  Xapian::termcount feedback_terms = 10;
  double feedback_weight = 0.5;
  std::size_t feedback_min_terms = 4;
  /// Counts are exact up to this many matches, estimates above (flagged). Default
  /// kExactCountLimit; tests lower it.
  std::size_t exact_count_limit = kExactCountLimit;
  /// Only articles this boolean query matches as well, for callers that select in terms of
  /// the index (alerts: the runs since their last report). It filters, never ranks nor
  /// highlights. Default none.
  std::optional<Xapian::Query> within;
  /// Ranks the matches by how often each has this query's terms (their wdf, nothing else)
  /// instead of by the query text's weights (the text still selects them: matches it need
  /// not); for callers that rank by the index's own terms (an entity page: by how often each
  /// article names the entity). Default none.
  std::optional<Xapian::Query> rank_by;
};

/// The proximity boost --any queries get by default.
inline constexpr double kAnyProximityBoost = 0.3;

/// Another copy of a hit's story (same near-duplicate cluster, also matching the query).
struct SimilarArticle {
  std::string id;
  std::optional<std::string> outlet;
  std::optional<std::string> published;  ///< "YYYY-MM-DD"
  std::string display_title;
};

/// Most copies listed under one hit; `Hit::similar` counts them all.
inline constexpr std::size_t kMaxSimilarListed = 10;

/// One ranked article.
struct Hit {
  std::size_t rank = 0;  ///< 1-based, counting from the first page
  std::string id;
  std::optional<std::string> title;  ///< nullopt when the article has no headline
  std::string display_title;         ///< title, or the first words of the body
  std::optional<std::string> outlet;
  std::optional<std::string> published;  ///< "YYYY-MM-DD" (UTC day)
  std::optional<std::string> url;
  std::optional<std::string> section;  ///< where the outlet filed it; nullopt when unknown
  std::optional<std::string> byline;   ///< the authors; nullopt when unknown
  double score = 0;                    ///< BM25 weight (0 for a pure filter / match-all)
  Snippet snippet;
  EntityNames entities;  ///< people, organizations and places found in the article
  std::string cluster;   ///< near-duplicate cluster id (the first indexed copy's article id)
  /// Other articles of the cluster matching the query, folded under this hit (0 without
  /// collapsing). Exact.
  std::size_t similar = 0;
  /// The first kMaxSimilarListed of them in index order (arrival order in one database).
  std::vector<SimilarArticle> similar_articles;
};

/// A page of results.
struct SearchResult {
  std::string query;           ///< as given
  Xapian::doccount total = 0;  ///< estimated number of matching articles (copies included)
  bool total_exact = false;    ///< `total` is exact, not an estimate
  /// Estimated number of results paged through: one per cluster when collapsed, else total.
  Xapian::doccount results = 0;
  bool results_exact = false;             ///< `results` is exact, not an estimate
  bool collapsed = false;                 ///< near-duplicates were folded (SearchOptions)
  std::optional<std::string> like;        ///< SearchOptions::like
  std::optional<std::string> suggestion;  ///< a corrected query that finds more, if any
  std::vector<std::string> warnings;      ///< how the query was read, where it may surprise
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::vector<Hit> hits;
  /// One per requested facet, in request order. Counts are per article: copies folded
  /// under a hit count too.
  std::vector<FacetResult> facets;
};

/// The facet of `kind` in `result`; an empty one (no values) when it was not asked for.
[[nodiscard]] FacetResult facet_of(const SearchResult& result, FacetKind kind);

/// The ids of every article matching `options` (query, filters, dates, `within`): unranked,
/// not collapsed, not paged. Alerts read their candidates so, then page what is left.
/// Throws as search() does.
[[nodiscard]] std::vector<std::string> matching_ids(const SearchOptions& options,
                                                    Xapian::Database& db);

/// Runs a search. Throws IndexUnavailable (index missing/incompatible), QueryError, or
/// Xapian::Error. Retries transparently when a concurrent writer modifies the index.
[[nodiscard]] SearchResult search(const SearchOptions& options);

/// search() on an index the caller holds open (a server's, one per thread; options.db is not
/// read). Reopens `db` when a writer has moved it on. `columns`, when given, holds value
/// slots of the index in memory for counting stories and facets (a server's, shared by its
/// threads): the same answer, cheaper.
[[nodiscard]] SearchResult search(const SearchOptions& options, Xapian::Database& db,
                                  ValueColumns* columns = nullptr);

}  // namespace morgue
