// Query parsing and ranking.
#include "searcher/search.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>

#include "common/analysis/analyzer.h"
#include "common/analysis/snowball_stemmer.h"
#include "common/entities/entity_key.h"
#include "common/index/article.h"
#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/text/words.h"
#include "searcher/query/filters.h"
#include "searcher/query/query_words.h"

namespace morgue {
namespace {

Xapian::Query parse_text(const SearchOptions& options, const Xapian::Database& db,
                         const Xapian::Stem& stemmer, std::vector<std::string>* warnings);

// The query field a surname with several spellings is rewritten to, and what it expands to:
// all the spellings as one term (OP_SYNONYM: one idf, so a rare spelling does not outrank
// the common one), unstemmed.
// Possessives are in the group too: "Lavrov's" is indexed as the word lavrov's, and a name is
// not stemmed. As an operand of NEAR or ADJ the group is an OP_OR (Xapian's positional
// operators take an OR of terms, not a synonym), through a field of its own.
constexpr std::string_view kNameField = "morguename";
constexpr std::string_view kNearNameField = "morguenamenear";
class NameVariants : public Xapian::FieldProcessor {
 public:
  explicit NameVariants(Xapian::Query::op op) : op_(op) {}
  void add(const std::string& term, std::vector<std::string> spellings) {
    spellings_[term] = std::move(spellings);
  }
  Xapian::Query operator()(const std::string& term) override {
    const auto it = spellings_.find(term);
    if (it == spellings_.end()) return Xapian::Query(term);  // typed by hand: as written
    return Xapian::Query(op_, it->second.begin(), it->second.end());
  }

 private:
  Xapian::Query::op op_;
  std::map<std::string, std::vector<std::string>> spellings_;
};

// The terms a name's spelling stands for in text: the word and its possessive.
void add_with_possessive(std::vector<std::string>& terms, const std::string& spelling) {
  terms.push_back(spelling);
  if (!spelling.ends_with("'s")) terms.push_back(spelling + "'s");
}

// Rewrites the plain words of `folded` that are known surnames (schema XV terms) to a
// kNameField query expanded by `variants` (its spellings and their possessives, never
// stemmed), or kNearNameField by `near_variants` beside NEAR/ADJ. Returns the former's
// words, for the exact-spelling boost. Terms rather than Xapian's synonym table, which stub
// databases of shards and remote servers do not merge.
std::vector<std::string> expand_names(std::string& folded, const Xapian::Database& db,
                                      NameVariants& variants, NameVariants& near_variants);

// OP_NEAR over the plain words of a query of two to eight of them and nothing else (no
// phrase, field or operator), within twice as many positions as words; nullopt otherwise.
std::optional<Xapian::Query> proximity_query(const std::string& folded) {
  const std::vector<QueryWord> words = plain_words(folded);
  if (words.size() < 2 || words.size() > 8) return std::nullopt;
  // Syntax (phrase, group, field, sign, wildcard) or operator words: leave the query alone.
  if (folded.find_first_of("\"():*+-") != std::string::npos ||
      word_spans(folded, U"'").size() != words.size()) {
    return std::nullopt;
  }
  std::vector<Xapian::Query> terms;
  for (const QueryWord& w : words) {
    const std::string term =
        Analyzer::word_term(std::string_view(folded).substr(w.begin, w.end - w.begin));
    if (!english_stopper()(term)) terms.emplace_back(term);
  }
  if (terms.size() < 2) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(2 * terms.size()));
}

// Weight of the exact spelling of a name on top of the variants' group.
constexpr double kExactNameBoost = 1.0;

// BM25: k1 term-frequency saturation, b length normalisation; k2 = 0 and k3 = 1
// (query-term frequency) as in classic Okapi, Xapian's min_normlen 0.5.
Xapian::BM25Weight ranking(const SearchOptions& o) {
  return Xapian::BM25Weight(o.bm25_k1, 0, 1, o.bm25_b, 0.5);
}

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

// The query for --like: the article's most telling terms (Xapian's relevance-set expansion,
// the Robertson selection weight over its words), OR-ed, the article and its copies excluded.
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

// A copy as listed under its hit.
SimilarArticle listed_copy(const Xapian::Document& doc) {
  const Article a = decode_stored_article(doc.get_data()).article;
  SimilarArticle copy;
  copy.id = a.id;
  if (!a.outlet.empty()) copy.outlet = a.outlet;
  if (a.published) copy.published = a.published->iso();
  copy.display_title = display_title(a);
  return copy;
}

// A hit whose copies are to be listed under it, and its document.
struct HitDocument {
  Xapian::docid docid;
  Hit* hit;
};

// The query for the copies of some hits: their clusters' articles matching `query`, the
// hits themselves included (they are told apart by docid; leaving them out by id term would
// read a posting list each).
Xapian::Query copies_query(const Xapian::Query& query, const std::vector<const Hit*>& hits) {
  std::vector<Xapian::Query> clusters;
  for (const Hit* hit : hits) clusters.emplace_back(schema::cluster_term(hit->cluster));
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_OR, clusters.begin(), clusters.end()));
}

// The other articles of each of `hits`' clusters that match `query`: their exact count and
// the first kMaxSimilarListed of each in index order (the order they arrived in, unless the
// index is sharded). Not by relevance: copies of one story score alike, and weighing them
// read every copy's document length, a block each since copies lie far apart in a large
// index (Reuters x20 `oil`: 1,162 -> 909 block reads). The clusters up to
// options.max_mapped_cluster are served by one match, its results told apart by the
// clusters' own posting lists (collapsing on the cluster slot read each copy's value); a
// larger cluster gets a match of its own, which keeps only what it lists.
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

SearchResult run(const SearchOptions& options, Xapian::Database& db, const Xapian::Stem& stemmer) {
  std::vector<std::string> warnings;
  Xapian::Query query = parse_query(options, db, stemmer, &warnings);
  // Every index morgue writes has positions; without them Xapian answers a phrase as if its
  // words were merely all present ("prices grain" found "grain prices").
  if (db.get_doccount() > 0 && !db.has_positions() && is_positional(query)) {
    throw QueryError(
        "the index has no word positions (position.glass missing or damaged): phrase and NEAR "
        "queries cannot be answered; rebuild it with morgue-index --rebuild");
  }
  // The words to highlight: the query's own, not the like-article's expansion terms.
  const HighlightQuery highlight = highlight_query(query);
  if (options.like) {
    const Xapian::Query like = like_query(db, *options.like);
    query = options.query.find_first_not_of(" \t\r\n") == std::string::npos && !options.from &&
                    !options.to
                ? like
                : Xapian::Query(Xapian::Query::OP_FILTER, like, query);
  }
  const auto match = [&](Xapian::Enquire& enquire, Xapian::doccount first,
                         Xapian::doccount maxitems, Xapian::doccount check_at_least) {
    try {
      return enquire.get_mset(first, maxitems, check_at_least);
    } catch (const Xapian::WildcardError&) {
      throw QueryError("a wildcard in the query matches too many words (limit " +
                       std::to_string(options.max_wildcard_terms) + "); make it longer");
    }
  };
  // Facets count every match, copies included, in a match of their own: no ranking, no
  // collapsing (which would read every match's cluster) and nothing kept. The page below
  // then needs only a few matches past it.
  FacetCounter facets(db, options.facets);
  if (!options.facets.empty()) {
    Xapian::Enquire counting(db);
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    facets.attach(counting);
    (void)match(counting, 0, 0, db.get_doccount());
  }

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(ranking(options));
  // Counts matches before collapsing: Xapian's uncollapsed figure stays an estimate even
  // when every match was seen. A built-in spy on a slot never written, so it keeps no
  // values and remote shards can run it too.
  Xapian::ValueCountMatchSpy uncollapsed(schema::slot(schema::Slot::kNever));
  if (options.collapse) {
    enquire.set_collapse_key(schema::slot(schema::Slot::kCluster));
    if (options.facets.empty()) enquire.add_matchspy(&uncollapsed);
  }
  // By publication (the day as written, then the instant), the undated last either way.
  if (options.sort == SortOrder::kDate) {
    enquire.set_sort_by_value_then_relevance(schema::slot(schema::Slot::kPublishedAt), true);
  } else if (options.sort == SortOrder::kOldest) {
    enquire.set_sort_by_value_then_relevance(schema::slot(schema::Slot::kOldestFirst), false);
  }
  // Every match up to kExactCountLimit is seen, so totals up to there are exact; past the
  // page's end only, a rare word's copies made "about 25" of 13.
  const Xapian::doccount check_at_least = static_cast<Xapian::doccount>(
      std::max<std::size_t>(options.offset + options.limit + 1, kExactCountLimit + 1));
  const Xapian::MSet mset = match(enquire, static_cast<Xapian::doccount>(options.offset),
                                  static_cast<Xapian::doccount>(options.limit), check_at_least);

  SearchResult result;
  result.warnings = std::move(warnings);
  result.query = options.query;
  result.like = options.like;
  result.collapsed = options.collapse;
  result.results = mset.get_matches_estimated();
  result.results_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  result.total = mset.get_uncollapsed_matches_estimated();
  result.total_exact =
      mset.get_uncollapsed_matches_lower_bound() == mset.get_uncollapsed_matches_upper_bound();
  // The matcher checks at least check_at_least matches when there are that many; having
  // found fewer, it saw them all, and what it counted is exact (Xapian's upper bound on a
  // collapsed match stays loose even then).
  if (mset.get_uncollapsed_matches_lower_bound() < check_at_least) {
    result.results = mset.get_matches_lower_bound();
    result.results_exact = true;
    result.total = mset.get_uncollapsed_matches_lower_bound();
    result.total_exact = true;
  }
  if (!options.facets.empty()) {
    result.total = facets.seen();  // the counting match saw every one
    result.total_exact = true;
  } else if (options.collapse && result.results_exact) {
    // Every match was seen (the collapsed count is exact), so the spy saw them all.
    result.total = uncollapsed.get_total();
    result.total_exact = true;
  }
  if (!options.collapse || result.results > result.total) result.results = result.total;
  if (!options.collapse) result.results_exact = result.total_exact;
  result.offset = options.offset;
  result.limit = options.limit;
  if (!options.facets.empty()) result.facets = facets.results(result.total);
  const std::optional<HighlightTerms> same_highlight = highlight_for_all(highlight, query);
  std::size_t rank = options.offset;
  std::vector<std::pair<Xapian::docid, std::size_t>> with_copies;  // hits with copies listed
  for (auto it = mset.begin(); it != mset.end(); ++it) {
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
      own_terms = highlight.for_document(std::vector<std::string>(
          enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it)));
    }
    hit.snippet = make_snippet(article.body, same_highlight ? *same_highlight : own_terms, stemmer,
                               options.snippet_bytes);
    result.hits.push_back(std::move(hit));
    if (has_copies) with_copies.emplace_back(*it, result.hits.size() - 1);
  }
  if (!with_copies.empty()) {
    std::vector<HitDocument> hits;
    for (const auto& [docid, i] : with_copies) hits.push_back({docid, &result.hits[i]});
    list_similar(db, options, query, hits);
  }
  if (result.total < options.suggest_below && !options.like) {
    result.suggestion = suggest_correction(options, db, stemmer, result.total);
  }
  return result;
}

}  // namespace

Xapian::Query parse_query(const SearchOptions& options, const Xapian::Database& db,
                          const Xapian::Stem& stemmer, std::vector<std::string>* warnings) {
  Xapian::Query query = parse_text(options, db, stemmer, warnings);
  if (options.from && options.to && *options.from > *options.to) {
    throw QueryError(
        reversed_range_message("--from " + options.from->iso() + " --to " + options.to->iso()));
  }
  if (options.from || options.to) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          date_range_query(db, options.from, options.to));
  }
  return query;
}

namespace {

// Refuses a query whose words, or whose longest phrase or NEAR/ADJ chain, are over the limits
// (kMaxQueryWords, kMaxPositionalWords): counted on the text, before Xapian builds anything.
void check_query_size(std::string_view folded) {
  std::size_t words = 0, run = 0, longest = 0;
  bool quoted = false, chained = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    const char c = folded[i];
    if (c == '"') {
      quoted = !quoted;
      run = 0;  // a phrase starts or ends
      ++i;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && static_cast<unsigned char>(c) < 0x80) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < folded.size() && folded[end] != ' ' && folded[end] != '\t' && folded[end] != '"' &&
           folded[end] != '(' && folded[end] != ')') {
      ++end;
    }
    const std::string_view word = folded.substr(i, end - i);
    i = end;
    if (is_positional_operator(word)) {
      chained = true;
      continue;
    }
    ++words;
    // A phrase's words, or words joined by NEAR/ADJ, make one positional run.
    run = quoted || chained ? run + 1 : 1;
    if (quoted || chained) longest = std::max(longest, run);
    chained = false;
  }
  if (words > kMaxQueryWords) {
    throw QueryError("the query has " + std::to_string(words) + " words, over the limit of " +
                     std::to_string(kMaxQueryWords));
  }
  if (longest > kMaxPositionalWords) {
    throw QueryError("a phrase or NEAR chain of " + std::to_string(longest) +
                     " words is over the limit of " + std::to_string(kMaxPositionalWords));
  }
}

// The fields a query may name; any other `name:` is read as words.
constexpr std::string_view kFieldNames[] = {"title", "date",  "outlet", "person",
                                            "org",   "place", "entity"};

Xapian::Query parse_text(const SearchOptions& options, const Xapian::Database& db,
                         const Xapian::Stem& stemmer, std::vector<std::string>* warnings) {
  std::string folded = fold_query_text(options.query);
  if (folded.find_first_not_of(" \t\r\n") == std::string::npos) return Xapian::Query::MatchAll;
  if (warnings != nullptr) {
    std::string fields;
    for (const std::string_view name : kFieldNames) {
      fields += (fields.empty() ? "" : ", ") + std::string(name);
    }
    for (const std::string& field :
         unknown_fields(folded, {std::begin(kFieldNames), std::end(kFieldNames)})) {
      warnings->push_back("'" + field + ":' is not a field (" + fields + "); read as words");
    }
  }
  const std::string as_typed = folded;  // before names are expanded
  NameVariants variants(Xapian::Query::OP_SYNONYM), near_variants(Xapian::Query::OP_OR);
  const std::vector<std::string> variant_names = expand_names(folded, db, variants, near_variants);
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
  parser.add_prefix(std::string(kNameField), &variants);
  parser.add_prefix(std::string(kNearNameField), &near_variants);
  parser.set_max_expansion(options.max_wildcard_terms, Xapian::Query::WILDCARD_LIMIT_ERROR,
                           Xapian::QueryParser::FLAG_WILDCARD);
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
  const auto parse = [&](const std::string& text) {
    try {
      return parser.parse_query(text, flags);
    } catch (const Xapian::QueryParserError& e) {
      throw QueryError("cannot parse query: " + e.get_msg());
    }
  };
  check_query_size(folded);
  folded = group_near_chains(folded);
  Xapian::Query query;
  if (const auto negated = negated_items(folded)) {
    // Nothing but exclusions: every article except those (Xapian would drop the sign of a
    // lone -word and keep what it names).
    std::vector<Xapian::Query> excluded;
    for (const std::string& item : *negated) excluded.push_back(parse(item));
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                          Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
  } else {
    query = parse(folded);
  }
  if (!filter_error.empty()) throw QueryError(filter_error);
  const double proximity =
      options.proximity_boost.value_or(options.match_any ? kAnyProximityBoost : 0);
  if (proximity > 0) {
    if (auto near = proximity_query(as_typed); near) {
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, *near, proximity));
    }
  }
  if (!variant_names.empty()) {
    // Every spelling matches; the one asked for ranks first.
    std::vector<std::string> exact_terms;
    for (const std::string& name : variant_names) add_with_possessive(exact_terms, name);
    const Xapian::Query exact(Xapian::Query::OP_OR, exact_terms.begin(), exact_terms.end());
    query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, exact, kExactNameBoost));
  }
  return query;
}

// True when the word before or after [begin, end) in `text` is NEAR or ADJ, read as Xapian's
// parser reads it: punctuation around it does not count ("pi @NEAR orban" is a NEAR), nor a
// "/5" window after it. A synonym there would make the parser build OP_NEAR over it, which
// throws inside the parser and terminates the process (found by fuzzing).
bool near_operand(std::string_view text, std::size_t begin, std::size_t end) {
  const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  // The word before: skip what is no word, and a "/N" window.
  std::size_t i = begin;
  while (i > 0 && !alnum(text[i - 1])) --i;
  std::size_t word_end = i;
  while (i > 0 && alnum(text[i - 1])) --i;
  std::string_view before = text.substr(i, word_end - i);
  if (!before.empty() &&
      std::all_of(before.begin(), before.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      i > 0 && text[i - 1] == '/') {
    word_end = --i;
    while (i > 0 && alnum(text[i - 1])) --i;
    before = text.substr(i, word_end - i);
  }
  if (is_positional_operator(before)) return true;
  std::size_t k = end;
  while (k < text.size() && !alnum(text[k])) ++k;
  const std::size_t start = k;
  while (k < text.size() && alnum(text[k])) ++k;
  return is_positional_operator(text.substr(start, k - start));
}

// A word standing alone (spaces or brackets around it, or a sign that itself follows a
// space), not glued to another by punctuation the parser reads as a phrase ("zelensky-kyiv",
// "pi-orban"): only such a word can become a field query.
bool standalone(std::string_view text, std::size_t begin, std::size_t end) {
  const auto space_or_open = [&](std::size_t i) {
    return text[i] == ' ' || text[i] == '\t' || text[i] == '(';
  };
  bool left = begin == 0 || space_or_open(begin - 1);
  if (!left && (text[begin - 1] == '+' || text[begin - 1] == '-')) {
    left = begin == 1 || space_or_open(begin - 2);
  }
  const bool right =
      end == text.size() || text[end] == ' ' || text[end] == '\t' || text[end] == ')';
  return left && right;
}

std::vector<std::string> expand_names(std::string& folded, const Xapian::Database& db,
                                      NameVariants& variants, NameVariants& near_variants) {
  std::vector<std::string> with_variants;
  const std::vector<QueryWord> words = plain_words(folded);
  std::vector<std::string> replacements;
  bool changed = false;
  for (const QueryWord& w : words) {
    const std::string_view word = std::string_view(folded).substr(w.begin, w.end - w.begin);
    replacements.emplace_back(word);
    if (!standalone(folded, w.begin, w.end)) continue;
    const std::string term = Analyzer::word_term(word);
    // Most words are no surname: one lookup (half the cost of listing the spellings)
    // tells, since a known surname is among its own spellings.
    const std::string variant_key = entity_key(term);
    if (!db.term_exists(schema::name_variant_term(variant_key, term))) continue;
    const std::string prefix = schema::name_variant_prefix(variant_key);
    std::vector<std::string> spellings;
    bool found = false;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const std::string spelling = (*t).substr(prefix.size());
      found = found || spelling == term;
      add_with_possessive(spellings, spelling);
    }
    if (!found) continue;
    const bool near = near_operand(folded, w.begin, w.end);
    (near ? near_variants : variants).add(term, std::move(spellings));
    if (!near) with_variants.push_back(term);
    replacements.back() = std::string(near ? kNearNameField : kNameField) + ":" + term;
    changed = true;
  }
  if (changed) folded = replace_words(folded, words, replacements);
  return with_variants;
}

}  // namespace

namespace {

// Edit distance Xapian's spelling suggestion may go to.
constexpr unsigned kMaxSpellingEdits = 2;
// A word the index holds is corrected only to one this many times as frequent: a name rarely
// used is not a typo of a common word ("Orban" stays, never "urban").
constexpr Xapian::doccount kRareFactor = 20;

bool ascii_letters(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// `suggestion` (lower case) cased like `word`: "ORBN" -> "ORBAN", "Orbn" -> "Orban".
std::string with_case_of(std::string_view word, std::string suggestion) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const bool all_upper = word.size() > 1 && std::all_of(word.begin(), word.end(), upper);
  for (std::size_t i = 0; i < suggestion.size(); ++i) {
    if ((i == 0 && upper(word.front())) || all_upper) {
      if (suggestion[i] >= 'a' && suggestion[i] <= 'z') suggestion[i] = char(suggestion[i] - 32);
    }
  }
  return suggestion;
}

}  // namespace

std::optional<std::string> suggest_correction(const SearchOptions& options,
                                              const Xapian::Database& db,
                                              const Xapian::Stem& stemmer, Xapian::doccount total) {
  const auto corrected_text = rewrite_plain_words(
      fold_query_text(options.query), [&](std::string_view word) -> std::optional<std::string> {
        const std::string term = Analyzer::word_term(word);
        if (term.size() < 3 || !ascii_letters(term) || english_stopper()(term)) {
          return std::nullopt;
        }
        const std::string suggestion = db.get_spelling_suggestion(term, kMaxSpellingEdits);
        if (suggestion.empty() || suggestion == term) return std::nullopt;
        const Xapian::doccount freq = db.get_termfreq(term);
        const Xapian::doccount suggested_freq = db.get_termfreq(suggestion);
        // The spelling table may remember a word no article holds any more.
        if (suggested_freq == 0 || (freq > 0 && suggested_freq < kRareFactor * freq)) {
          return std::nullopt;
        }
        return with_case_of(word, suggestion);
      });
  if (!corrected_text) return std::nullopt;
  SearchOptions corrected = options;
  corrected.query = *corrected_text;
  try {
    Xapian::Enquire enquire(db);
    enquire.set_query(parse_query(corrected, db, stemmer));
    if (enquire.get_mset(0, 0, total + 1).get_matches_estimated() <= total) return std::nullopt;
  } catch (const QueryError&) {
    return std::nullopt;
  } catch (const Xapian::WildcardError&) {
    return std::nullopt;
  }
  return corrected.query;
}

SearchResult search(const SearchOptions& options) {
  if (options.query.size() > kMaxQueryBytes) {
    throw QueryError("the query is " + std::to_string(options.query.size()) +
                     " bytes, over the limit of " + std::to_string(kMaxQueryBytes));
  }
  Xapian::Database db = open_index_for_reading(options.db);
  const Xapian::Stem stemmer = make_stemmer();
  return read_newest(db, [&] { return run(options, db, stemmer); });
}

}  // namespace morgue
