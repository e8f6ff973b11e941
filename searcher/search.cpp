// One search, from the top: parse the query (query/), count the matches, stories and facets
// (facets/, count/), match and rank one page (BM25, copies collapsed; long questions with
// feedback from their top results, query/feedback.h), hits with snippets and their listed
// copies (present/), a did-you-mean when little matched.
#include "searcher/search.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "common/analysis/snowball_stemmer.h"
#include "common/index/article.h"
#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/index/shards.h"
#include "searcher/count/value_column.h"
#include "searcher/present/listed_copies.h"
#include "searcher/query/feedback.h"
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

[[noreturn]] void timed_out(const SearchOptions& options) {
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", options.time_limit);
  throw SearchTimeout(std::string("the search took longer than its time limit of ") + limit +
                      " s and was stopped; narrow it (fewer wildcards, a filter, a date range)");
}

// Between the stages of a search.
void check_deadline(const SearchOptions& options) {
  if (options.deadline && std::chrono::steady_clock::now() > *options.deadline) {
    timed_out(options);
  }
}

// Stops a match past the deadline: Xapian calls it for each match, and its exception ends
// get_mset(). Looks at the clock every 64 matches.
class DeadlineSpy : public Xapian::MatchSpy {
 public:
  explicit DeadlineSpy(const SearchOptions& options) : options_(options) {}
  void operator()(const Xapian::Document&, double) override {
    if (++calls_ % 64 == 0) check_deadline(options_);
  }

 private:
  const SearchOptions& options_;
  unsigned calls_ = 0;
};

// The query to match, and the words to highlight: the query's own, not the like-article's
// expansion terms.
struct PreparedQuery {
  ParsedQuery parsed;  // as read: the query without --like and --within, its warnings
  Xapian::Query query;
  HighlightQuery highlight;
};

PreparedQuery prepare_query(const SearchOptions& options, const Xapian::Database& db,
                            const Xapian::Stem& stemmer) {
  ParsedQuery parsed = read_query(options, db, stemmer);
  Xapian::Query query = parsed.query;
  // Every index morgue writes has positions; without them Xapian answers a phrase as if its
  // words were merely all present ("prices grain" found "grain prices").
  if (db.get_doccount() > 0 && !db.has_positions() && parsed.positional) {
    throw QueryError(
        "the index has no word positions (position.glass missing or damaged): phrase and NEAR "
        "queries cannot be answered; rebuild it with morgue-index --rebuild");
  }
  HighlightQuery highlight(parsed.matchable);
  if (options.like) {
    const Xapian::Query like = like_query(db, *options.like);
    const bool no_query = options.query.find_first_not_of(" \t\r\n") == std::string::npos &&
                          !options.from && !options.to;
    query = no_query ? like : Xapian::Query(Xapian::Query::OP_FILTER, like, query);
  }
  if (options.within) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *options.within);
  if (options.rank_by) {
    // The text selects, weighing nothing; the ranking query weighs what it selected.
    query =
        Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0.0), *options.rank_by);
  }
  return {std::move(parsed), std::move(query), std::move(highlight)};
}

// Whether no shard of the index is remote: remote shards run only Xapian's own spies. Read
// once a search: it reads the stub.
bool local_shards_only(const SearchOptions& options) { return !has_remote_shards(options.db); }

// Whether a match may carry the deadline spy: a deadline is set and every shard is local
// (remote ones cannot run it; there the stages' checks bound the time).
bool deadline_spy(const SearchOptions& options, bool local) { return options.deadline && local; }

Xapian::MSet match(Xapian::Enquire& enquire, const SearchOptions& options, Xapian::doccount first,
                   Xapian::doccount maxitems, Xapian::doccount check_at_least, bool spy) {
  check_deadline(options);
  if (spy) {  // the enquire owns it (release())
    enquire.add_matchspy((new DeadlineSpy(options))->release());
  }
  try {
    return enquire.get_mset(first, maxitems, check_at_least);
  } catch (const Xapian::WildcardError&) {
    throw QueryError("the query's wildcards match too many words (at most " +
                     std::to_string(options.max_wildcard_terms) +
                     " in all, shared between them); make them longer");
  }
}

// Whether matching `query` checks word positions (a phrase, NEAR): each candidate then costs
// a read of its positions, where a boolean match only walks posting lists. An AND_MAYBE's
// optional side (the proximity boost, rank_by's terms) only weighs: a boolean match skips it.
bool checks_positions(const Xapian::Query& query) {
  const Xapian::Query::op op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) return true;
  const std::size_t deciding = op == Xapian::Query::OP_AND_MAYBE
                                   ? std::min<std::size_t>(1, query.get_num_subqueries())
                                   : query.get_num_subqueries();
  for (std::size_t i = 0; i < deciding; ++i) {
    if (checks_positions(query.get_subquery(i))) return true;
  }
  return false;
}

// `query` with its phrases and NEARs as plain ANDs: the candidates whose positions its match
// checks. Nothing where it holds an operator that cannot be rebuilt from outside Xapian (an
// elite set's size is not exposed). An AND_MAYBE's or a scaled weight's first part decides.
std::optional<Xapian::Query> without_positions(const Xapian::Query& query) {
  using Q = Xapian::Query;
  const Q::op op = query.get_type();
  const std::size_t n = query.get_num_subqueries();
  if (n == 0) return query;  // a word, a wildcard, a date range, every article
  if (op == Q::OP_AND_MAYBE || op == Q::OP_SCALE_WEIGHT) {
    return without_positions(query.get_subquery(0));
  }
  Q::op rebuilt = op;
  switch (op) {
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
      rebuilt = Q::OP_AND;
      break;
    case Q::OP_AND:
    case Q::OP_OR:
    case Q::OP_AND_NOT:
    case Q::OP_XOR:
    case Q::OP_FILTER:
    case Q::OP_SYNONYM:
    case Q::OP_MAX:
      break;
    default:
      return std::nullopt;
  }
  std::vector<Q> parts;
  parts.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::optional<Q> part = without_positions(query.get_subquery(i));
    if (!part) return std::nullopt;
    parts.push_back(std::move(*part));
  }
  return Q(rebuilt, parts.begin(), parts.end());
}

// How many matches a match showed it, the highest docid among them and how many were at most
// `bound`: where a match that stopped early got to.
class DocidSpy : public Xapian::MatchSpy {
 public:
  explicit DocidSpy(Xapian::docid bound = 0) : bound_(bound) {}
  void operator()(const Xapian::Document& doc, double) override {
    const Xapian::docid id = doc.get_docid();
    ++seen_;
    last_ = std::max(last_, id);
    if (id <= bound_) ++up_to_bound_;
  }
  [[nodiscard]] Xapian::doccount seen() const { return seen_; }
  [[nodiscard]] Xapian::docid last() const { return last_; }
  [[nodiscard]] Xapian::doccount up_to_bound() const { return up_to_bound_; }

 private:
  Xapian::docid bound_;
  Xapian::doccount seen_ = 0;
  Xapian::docid last_ = 0;
  Xapian::doccount up_to_bound_ = 0;
};

// The counts, in a match of their own: no ranking and nothing kept, every match seen up to
// exact_count_limit (all of them when facets are counted), copies included. A built-in spy on
// the cluster slot counts the stories; built-in so that remote shards run it too. Counting
// here rather than in the page's match keeps that one cheap: a ranked, collapsing match that
// must see ten thousand matches reads and folds every one's cluster (docs/benchmarks.md).
// Xapian goes through a combined database shard by shard, docids out of order, and so never
// stops such a match early: it would see every match. Where the shards are registered
// (common/index/shards.h) each gets a match of its own, which stops, and the counts are
// summed (stories by cluster value: copies may lie in different shards).
class MatchCounter {
 public:
  MatchCounter(const Xapian::Database& db, const Xapian::Query& query, const SearchOptions& options,
               FacetCounter& facets, ValueColumns* columns, bool spy, bool local)
      : db_(db),
        collapse_(options.collapse),
        every_match_(!options.facets.empty()),
        local_(local),
        count_articles_(!checks_positions(query)) {
    // Estimating a phrase's matches needs a spy of morgue's own, which remote shards cannot
    // run.
    if (!count_articles_ && !every_match_ && local_) {
      relaxed_ = without_positions(query);
      estimate_positions_ = relaxed_.has_value();
    }
    // Facets are counted over every match; then so is everything else.
    check_at_least_ = every_match_
                          ? db.get_doccount()
                          : static_cast<Xapian::doccount>(std::max<std::size_t>(
                                options.offset + options.limit + 1, options.exact_count_limit + 1));
    const std::vector<Xapian::Database>* shards = registered_shards(db);
    if (!shards) {
      count_in(db, nullptr, query, options, facets, columns, spy);
      return;
    }
    for (const Xapian::Database& shard : *shards) {
      count_in(shard, &shard, query, options, facets, columns, spy);
    }
  }

  // The spies are registered by address.
  MatchCounter(const MatchCounter&) = delete;
  MatchCounter& operator=(const MatchCounter&) = delete;

  // Articles and stories (hits, one per cluster of copies) matching, and whether each is
  // exact. A match saw every article when it found fewer than it had to check, was told to
  // check them all, or its spy saw as many as there can be; Xapian may know the article count
  // exactly even so (one word, no filter: its posting list's length), but the stories only the
  // spies can count.
  void count(SearchResult& result) const {
    bool saw_all = true;
    result.total = 0;
    result.total_exact = true;
    for (const auto& part : parts_) {
      const Xapian::MSet& mset = part->mset;
      // Or its spy saw as many as there can be: a match over remote shards, each of which
      // stopped at the limit with all of its own seen.
      const bool part_saw_all = every_match_ || mset.get_matches_lower_bound() < check_at_least_ ||
                                (collapse_ && part->seen() >= mset.get_matches_upper_bound());
      const bool exact = part_saw_all || part->articles ||
                         mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      result.total += part->articles    ? *part->articles
                      : exact           ? mset.get_matches_lower_bound()
                      : part->estimated ? *part->estimated
                                        : mset.get_matches_estimated();
      result.total_exact = result.total_exact && exact;
      saw_all = saw_all && part_saw_all;
    }
    result.results = result.total;
    result.results_exact = result.total_exact;
    if (!collapse_) return;
    // Every article has a cluster (its own id when it has no copies); one without counts
    // as its own story.
    Xapian::doccount seen = 0, valued = 0, clusters = 0;
    std::unordered_map<std::string, Xapian::doccount> by_cluster;  // of several matches
    for (const auto& part : parts_) {
      seen += part->seen();
      part->for_each_cluster([&](const std::string& value, Xapian::doccount n) {
        valued += n;
        if (parts_.size() > 1) {
          by_cluster[value] += n;
        } else {
          ++clusters;
        }
      });
    }
    if (parts_.size() > 1) clusters = static_cast<Xapian::doccount>(by_cluster.size());
    const Xapian::doccount stories = clusters + (seen - valued);
    result.results_exact = saw_all;
    if (saw_all || seen == 0) {
      result.results = stories;
      return;
    }
    // The rest: each article seen is 1/n of a story, n its cluster's size in the index (its
    // copies match as it does), wherever in the index the other copies lie. (As many stories
    // per article as those seen had overcounted where copies are spread through the index:
    // the first matches then hold few copies of each story.)
    double share = static_cast<double>(seen - valued);  // those without a cluster: 1 each
    const auto add = [&](Xapian::doccount matched, Xapian::doccount articles) {
      share += static_cast<double>(matched) / static_cast<double>(std::max(articles, matched));
    };
    // A cluster's size is its term's frequency: a lookup each (at most exact_count_limit;
    // about 3 ms for ten thousand), so that the CLI says what the server says; a server's
    // column of one database holds them.
    const auto size = [&](const std::string& value) {
      return db_.get_termfreq(schema::cluster_term(value));
    };
    if (parts_.size() > 1) {
      for (const auto& [value, n] : by_cluster) add(n, size(value));
    } else if (parts_.front()->column) {
      parts_.front()->column->for_each_with_size(add);
    } else {
      parts_.front()->for_each_cluster(
          [&](const std::string& value, Xapian::doccount n) { add(n, size(value)); });
    }
    const double per_article = share / static_cast<double>(seen);
    result.results = std::max(stories, static_cast<Xapian::doccount>(
                                           static_cast<double>(result.total) * per_article + 0.5));
  }

 private:
  // One match: the whole database's, or one shard's.
  struct Part {
    Xapian::ValueCountMatchSpy clusters{schema::slot(schema::Slot::kCluster)};
    std::optional<ColumnCountSpy> column;  // the same counts from memory, when held
    Xapian::MSet mset;
    std::optional<Xapian::doccount> articles;   // counted past the limit, where Xapian guessed
    std::optional<Xapian::doccount> estimated;  // or estimated better than Xapian's
    DocidSpy last_seen;

    [[nodiscard]] Xapian::doccount seen() const {
      return column ? column->seen() : clusters.get_total();
    }
    template <class F>
    void for_each_cluster(F&& f) const {
      if (column) {
        column->for_each(f);
        return;
      }
      for (auto v = clusters.values_begin(); v != clusters.values_end(); ++v) {
        f(*v, v.get_termfreq());
      }
    }
  };

  // Counts in `searched` (the database, or `shard`, one of its shards).
  void count_in(const Xapian::Database& searched, const Xapian::Database* shard,
                const Xapian::Query& query, const SearchOptions& options, FacetCounter& facets,
                ValueColumns* columns, bool spy) {
    auto& part = *parts_.emplace_back(std::make_unique<Part>());
    Xapian::Enquire counting(searched);
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    facets.attach(counting, columns, shard);
    if (collapse_) {
      const Xapian::valueno slot = schema::slot(schema::Slot::kCluster);
      if (auto column = columns ? columns->for_database(searched, slot) : nullptr) {
        part.column.emplace(std::move(column));
        counting.add_matchspy(&*part.column);
      } else {
        counting.add_matchspy(&part.clusters);
      }
    }
    if (estimate_positions_) counting.add_matchspy(&part.last_seen);
    part.mset = match(counting, options, 0, 0, check_at_least_, spy);
    const Xapian::doccount lower = part.mset.get_matches_lower_bound();
    const Xapian::doccount upper = part.mset.get_matches_upper_bound();
    if (every_match_ || lower < check_at_least_ || lower == upper) return;
    if (estimate_positions_) {
      estimate_positional(searched, part, options, spy);
    } else if (count_articles_) {
      count_rest(searched, query, part, options, spy);
    }
  }

  // A boolean walk of a query's matches in one database, stopped at `cap` of them. Where the
  // database is remote (`watched` false: its shards run only Xapian's own spies) nothing is
  // known of a walk that stopped.
  struct Walk {
    DocidSpy seen;
    bool complete = false;
    double matches = 0;  // all of them: counted, or extrapolated when the walk stopped

    Walk(const Xapian::Database& searched, const Xapian::Query& query, Xapian::docid bound,
         Xapian::doccount cap, bool watched, const SearchOptions& options, bool spy)
        : seen(bound) {
      Xapian::Enquire enquire(searched);
      enquire.set_query(query);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      if (watched) enquire.add_matchspy(&seen);
      const Xapian::MSet mset = match(enquire, options, 0, 0, cap, spy);
      complete = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      matches = static_cast<double>(mset.get_matches_lower_bound());
      if (complete || seen.last() == 0) return;
      // The rest of the database taken to hold as many a docid as the part walked, within
      // what Xapian knows (an AND has no more than its rarest word): words that cluster in
      // time make the rest no copy of the part walked.
      matches = std::clamp(matches * static_cast<double>(searched.get_lastdocid()) /
                               static_cast<double>(seen.last()),
                           static_cast<double>(mset.get_matches_lower_bound()),
                           static_cast<double>(mset.get_matches_upper_bound()));
    }
  };

  // Past the limit Xapian estimates an OR, an AND NOT or a date range from its parts'
  // frequencies as if they were independent; words that go together make that too high
  // (Reuters x20 `--any oil gas`: about 40,000 articles for 33,960) and the stories estimated
  // from it with it. Without positions to check, counting the rest walks the posting lists
  // and reads nothing: up to ten times the limit, extrapolated past that.
  void count_rest(const Xapian::Database& searched, const Xapian::Query& query, Part& part,
                  const SearchOptions& options, bool spy) const {
    const Walk rest(searched, query, 0, check_at_least_ * 10, local_, options, spy);
    if (rest.complete) {
      part.articles = static_cast<Xapian::doccount>(rest.matches);
    } else if (local_) {
      part.estimated = within_bounds(part.mset, rest.matches);
    }
  }

  // A phrase's or a NEAR's matches past the limit: Xapian's estimate is rounded to one figure
  // a database (Reuters x20 `"mln dlrs"`: about 20,000 for 79,720). Their share of the
  // candidates (the same words anywhere) up to where the match stopped, times all of them;
  // the candidates are a walk of posting lists, no positions read, up to three times the
  // limit.
  void estimate_positional(const Xapian::Database& searched, Part& part,
                           const SearchOptions& options, bool spy) const {
    const Xapian::docid stopped_at = part.last_seen.last();
    if (stopped_at == 0) return;
    const Walk candidates(searched, *relaxed_, stopped_at, check_at_least_ * 3, true, options, spy);
    // The walk must have got past where the match stopped.
    if (candidates.seen.up_to_bound() == 0 || candidates.seen.last() <= stopped_at) return;
    const double share = static_cast<double>(part.last_seen.seen()) /
                         static_cast<double>(candidates.seen.up_to_bound());
    part.estimated = within_bounds(part.mset, share * candidates.matches);
  }

  static Xapian::doccount within_bounds(const Xapian::MSet& mset, double estimate) {
    return std::clamp(static_cast<Xapian::doccount>(estimate + 0.5), mset.get_matches_lower_bound(),
                      mset.get_matches_upper_bound());
  }

  const Xapian::Database& db_;
  bool collapse_ = true;
  bool every_match_ = false;
  bool local_ = true;                     // no remote shards: spies of morgue's own may run
  bool count_articles_ = false;           // past the limit, where that is a walk of posting lists
  bool estimate_positions_ = false;       // otherwise from the candidates, where local
  std::optional<Xapian::Query> relaxed_;  // the query without its positions
  Xapian::doccount check_at_least_ = 0;
  std::vector<std::unique_ptr<Part>> parts_;
};

// The page's match: ranked (or by date), one hit per cluster of copies. It stops once nothing
// later can reach the page; the counts are MatchCounter's.
class PageMatch {
 public:
  PageMatch(const Xapian::Database& db, const Xapian::Query& query, const SearchOptions& options,
            ValueColumns* columns, bool spy)
      : enquire_(db) {
    enquire_.set_query(query);
    if (options.rank_by) {
      // How often each match has the ranking terms: their wdf alone, as counted (no idf to
      // weigh one spelling against another, no length to read per match).
      enquire_.set_weighting_scheme(Xapian::TfIdfWeight("nnn"));
    } else {
      enquire_.set_weighting_scheme(ranking(options));
    }
    // Copies folded by Xapian, which reads each candidate's cluster from the index; when the
    // page is sorted by date or by counts, where copies and many others tie and every tied
    // candidate is read, from the cluster column a server holds instead. (Ranked by BM25, a
    // longer list folded afterwards lets the matcher prune less: slower on ×20.)
    if (options.collapse) {
      const Xapian::valueno slot = schema::slot(schema::Slot::kCluster);
      const bool ties = options.rank_by || options.sort != SortOrder::kRelevance;
      clusters_ = columns && ties ? columns->for_database(db, slot) : nullptr;
      if (!clusters_) enquire_.set_collapse_key(slot);
    }
    // By publication (the day as written, then the instant), the undated last either way; from
    // the slot's column when a server holds one.
    if (options.sort == SortOrder::kDate || options.sort == SortOrder::kOldest) {
      const bool newest = options.sort == SortOrder::kDate;
      const Xapian::valueno slot =
          schema::slot(newest ? schema::Slot::kPublishedAt : schema::Slot::kOldestFirst);
      if (auto column = columns ? columns->for_database(db, slot) : nullptr) {
        sort_key_.emplace(std::move(column));
        enquire_.set_sort_by_key_then_relevance(&*sort_key_, newest);
      } else {
        enquire_.set_sort_by_value_then_relevance(slot, newest);
      }
    }
    const auto offset = static_cast<Xapian::doccount>(options.offset);
    const auto limit = static_cast<Xapian::doccount>(options.limit);
    if (!clusters_) {
      mset_ = match(enquire_, options, offset, limit, 0, spy);
      for (auto it = mset_.begin(); it != mset_.end(); ++it) hits_.push_back(it);
      return;
    }
    // The first matches in order, the first of each cluster kept, as Xapian's collapse keeps
    // them; a longer list when those hold too few clusters.
    const std::uint64_t wanted = std::uint64_t{offset} + limit;
    const std::uint64_t all = std::uint64_t{db.get_doccount()} + 1;  // a list of every match
    for (std::uint64_t window = std::min(all, std::max<std::uint64_t>(64, 4 * wanted));;
         window = std::min(all, window * 4)) {
      enquire_.clear_matchspies();
      mset_ = match(enquire_, options, 0, static_cast<Xapian::doccount>(window), 0, spy);
      hits_.clear();
      std::unordered_set<std::uint32_t> seen;
      std::uint64_t kept = 0;
      for (auto it = mset_.begin(); it != mset_.end() && kept < wanted; ++it) {
        const std::uint32_t cluster = clusters_->ordinal(*it);
        if (cluster != 0 && !seen.insert(cluster).second) continue;  // 0: no copies
        if (kept++ >= offset) hits_.push_back(it);
      }
      if (kept >= wanted || mset_.size() < window) break;
    }
  }

  /// The page's hits in order, one per cluster.
  [[nodiscard]] const std::vector<Xapian::MSetIterator>& hits() const { return hits_; }
  [[nodiscard]] const Xapian::Enquire& enquire() const { return enquire_; }
  /// The cluster (collapse key) of a hit.
  [[nodiscard]] std::string cluster(const Xapian::MSetIterator& hit) const {
    return clusters_ ? clusters_->value(clusters_->ordinal(*hit)) : hit.get_collapse_key();
  }

 private:
  std::optional<ColumnSortKey> sort_key_;  // registered by address: declared before enquire_
  Xapian::Enquire enquire_;
  std::shared_ptr<const ValueColumn> clusters_;
  Xapian::MSet mset_;
  std::vector<Xapian::MSetIterator> hits_;
};

// The page's hits, each with its snippet; those with copies get them listed.
void add_hits(const Xapian::Database& db, const SearchOptions& options, const PageMatch& page,
              const PreparedQuery& prepared, const Xapian::Stem& stemmer, SearchResult& result) {
  // Without a wildcard (which expands per document) the query's own terms stand for every hit's:
  // a term a hit lacks marks nothing, since its text has no word giving it. Asking
  // Enquire::get_matching_terms instead reads each hit's term list (two block reads a hit).
  const std::optional<HighlightTerms> same_highlight =
      prepared.parsed.wildcard ? std::nullopt
                               : std::optional(prepared.highlight.for_every_document());
  std::size_t rank = options.offset;
  std::vector<std::pair<Xapian::docid, std::size_t>> with_copies;  // hits with copies listed
  for (const Xapian::MSetIterator& it : page.hits()) {
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
    if (!article.section.empty()) hit.section = article.section;
    if (!article.byline.empty()) hit.byline = article.byline;
    hit.score = it.get_weight();
    hit.entities = std::move(stored.entities);
    // Collapsing has read the cluster already.
    hit.cluster =
        options.collapse ? page.cluster(it) : doc.get_value(schema::slot(schema::Slot::kCluster));
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

SearchResult run(const SearchOptions& options, Xapian::Database& db, const Xapian::Stem& stemmer,
                 ValueColumns* columns) {
  PreparedQuery prepared = prepare_query(options, db, stemmer);
  FacetCounter facets(db, options.facets);
  const bool local = local_shards_only(options);
  const bool spy = deadline_spy(options, local);
  const MatchCounter counter(db, prepared.query, options, facets, columns, spy, local);
  check_deadline(options);
  // Feedback ranks the page only; the counts above are the query's own.
  const PageMatch page(db,
                       wants_feedback(prepared.parsed, options)
                           ? with_feedback(db, prepared.query, options, ranking(options), stemmer)
                           : prepared.query,
                       options, columns, spy);

  SearchResult result;
  result.warnings = std::move(prepared.parsed.warnings);
  result.query = options.query;
  result.like = options.like;
  result.collapsed = options.collapse;
  result.offset = options.offset;
  result.limit = options.limit;
  counter.count(result);
  if (!options.facets.empty()) {
    result.facets = facets.results(result.total);
    for (std::size_t i = 0; i < result.facets.size() && i < options.facets.size(); ++i) {
      if (result.facets[i].granularity != options.facets[i].granularity) {
        const char* by = result.facets[i].granularity == DateGranularity::kMonth ? "month" : "year";
        result.warnings.push_back(std::string("the dates matched span over ") +
                                  std::to_string(kMaxHistogramBuckets) +
                                  " buckets at the granularity asked; counted by " + by);
      }
    }
  }
  check_deadline(options);
  add_hits(db, options, page, prepared, stemmer, result);
  check_deadline(options);
  if (result.total < options.suggest_below && !options.like) {
    result.suggestion = suggest_correction(prepared.parsed, options, db, stemmer, result.total);
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

std::vector<std::string> matching_ids(const SearchOptions& options, Xapian::Database& db) {
  check_query_bytes(options);
  thread_local const Xapian::Stem stemmer = make_stemmer();
  return read_newest(db, [&] {
    const PreparedQuery prepared = prepare_query(options, db, stemmer);
    Xapian::Enquire enquire(db);
    enquire.set_query(prepared.query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet all = match(enquire, options, 0, db.get_doccount(), 0,
                                   deadline_spy(options, local_shards_only(options)));
    std::vector<std::string> ids;
    ids.reserve(all.size());
    const auto id_slot = schema::slot(schema::Slot::kId);
    for (auto it = all.begin(); it != all.end(); ++it) {
      ids.push_back(it.get_document().get_value(id_slot));
    }
    return ids;
  });
}

SearchResult search(const SearchOptions& options, Xapian::Database& db, ValueColumns* columns) {
  check_query_bytes(options);
  thread_local const Xapian::Stem stemmer = make_stemmer();
  return read_newest(db, [&] { return run(options, db, stemmer, columns); });
}

SearchResult search(const SearchOptions& options) {
  check_query_bytes(options);  // before the index is opened: the query's fault comes first
  OpenIndex index(options.db);
  return search(options, index.db());
}

FacetResult facet_of(const SearchResult& result, FacetKind kind) {
  for (const FacetResult& f : result.facets)
    if (f.kind == kind) return f;
  return {kind, DateGranularity::kMonth, {}, 0};
}

}  // namespace morgue
