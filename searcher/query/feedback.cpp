#include "searcher/query/feedback.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/index/schema.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/query_words.h"

namespace morgue {
namespace {

// Stemmed words carry Xapian's "Z" prefix (STEM_SOME); no other term of ours starts with it.
constexpr char kStemPrefix = 'Z';

bool is_stem(const std::string& term) { return !term.empty() && term[0] == kStemPrefix; }

// The stems of the stop words: "which" stems to "which", "having" to "have".
const std::set<std::string>& stop_stems(const Xapian::Stem& stemmer) {
  thread_local const std::set<std::string> stems = [&] {
    std::set<std::string> out;
    for (const char* word : english_stop_words()) out.insert(kStemPrefix + stemmer(word));
    return out;
  }();
  return stems;
}

// A stem that may join a query: three letters or more, no digits, no stop word's stem.
bool plain_stem(const std::string& term, const std::set<std::string>& stop_stems) {
  if (!is_stem(term) || term.size() < 4) return false;  // "Z" and three letters or more
  const bool plain = std::all_of(term.begin() + 1, term.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || u >= 0x80;  // letters, accented ones included
  });
  return plain && !stop_stems.contains(term);
}

// A stem of the top stories as the expand weight needs it: how many of them hold it, and
// its BM25-style within-story weights summed over them.
struct StemInStories {
  Xapian::doccount stories = 0;
  double wdf_weight = 0;
};

// The plain stems of the top stories that at least two of them hold: what one story alone
// says tells nothing of what they share (Terrier's expansion.mindocuments is 2 for the same
// reason). One pass over the stories' term lists, the stems only (our other terms sort
// before and after Xapian's "Z" prefix).
std::unordered_map<std::string, StemInStories> shared_stems(const Xapian::Database& db,
                                                            const Xapian::MSet& top,
                                                            const Xapian::Stem& stemmer) {
  const std::set<std::string>& stops = stop_stems(stemmer);
  const double average_length = std::max(db.get_avlength(), 1.0);
  std::unordered_map<std::string, StemInStories> stems;
  for (auto doc = top.begin(); doc != top.end(); ++doc) {
    const double length = static_cast<double>(db.get_doclength(*doc)) / average_length;
    auto t = db.termlist_begin(*doc);
    for (t.skip_to(std::string(1, kStemPrefix)); t != db.termlist_end(*doc); ++t) {
      const std::string term = *t;
      if (!is_stem(term)) break;
      if (!plain_stem(term, stops)) continue;
      // Within-story weight as BM25 with k = 1: wdf 1 counts ~1, more saturates toward 2.
      const auto wdf = static_cast<double>(t.get_wdf());
      StemInStories& s = stems[term];
      ++s.stories;
      s.wdf_weight += 2 * wdf / (length + wdf);
    }
  }
  std::erase_if(stems, [](const auto& entry) { return entry.second.stories < 2; });
  return stems;
}

// Stems of the top stories with their expand weights, heaviest first (heaviest_stems()).
using WeightedStems = std::vector<std::pair<double, std::string>>;

// The Robertson/Sparck Jones relevance weight of a stem that stem.stories of the `top` stories
// and `freq` of all `total` articles hold, times its within-story weight: Xapian's expand
// weight (TradEWeight), which picked the same stems with the same weights; ours so that the
// term lookups can stop early (heaviest_stems()).
double expand_weight(const StemInStories& stem, Xapian::doccount freq, Xapian::doccount top,
                     Xapian::doccount total) {
  const double r = stem.stories;
  const double n = std::max<double>(freq, r);
  const double odds = (r + 0.5) * (static_cast<double>(total) - n - top + r + 0.5) /
                      ((top - r + 0.5) * (n - r + 0.5));
  // A stem more common in all articles than in the stories weighs nothing (below 0).
  return odds > 0 ? std::log(odds) * stem.wdf_weight : 0;
}

// Up to `count` stems of the top stories by expand weight above 0, heaviest first (equal
// weights in reverse term order, as Xapian's expand set has them). A stem's weight falls as more
// articles hold it, so the weight it would have if only the stories held it bounds it from above:
// stems are weighed in order of that bound, and the weighing stops once no bound left can beat the
// count-th weight. Each weighing is a term lookup; on Reuters the bound spares most shared stems
// theirs.
WeightedStems heaviest_stems(const Xapian::Database& db, const Xapian::MSet& top,
                             const Xapian::Stem& stemmer, std::size_t count) {
  const Xapian::doccount total = db.get_doccount();
  const std::unordered_map<std::string, StemInStories> stems = shared_stems(db, top, stemmer);
  std::vector<std::pair<double, const std::pair<const std::string, StemInStories>*>> bounded;
  for (const auto& entry : stems) {
    bounded.emplace_back(expand_weight(entry.second, entry.second.stories, top.size(), total),
                         &entry);
  }
  std::sort(bounded.begin(), bounded.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  const auto heavier = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  };
  WeightedStems heaviest;  // a heap, lightest on top
  for (const auto& [bound, entry] : bounded) {
    if (count == 0 || (heaviest.size() == count && bound < heaviest.front().first)) break;
    const auto& [term, stem] = *entry;
    const double weight = expand_weight(stem, db.get_termfreq(term), top.size(), total);
    if (weight <= 0) continue;
    heaviest.emplace_back(weight, term);
    std::push_heap(heaviest.begin(), heaviest.end(), heavier);
    if (heaviest.size() > count) {
      std::pop_heap(heaviest.begin(), heaviest.end(), heavier);
      heaviest.pop_back();
    }
  }
  std::sort(heaviest.begin(), heaviest.end(), heavier);
  return heaviest;
}

// Whether `query` is AND_MAYBE(core, boosts...) with every boost a scaled subquery (the
// proximity boost, the spelling asked for).
bool is_boosted(const Xapian::Query& query) {
  const std::size_t n = query.get_num_subqueries();
  if (query.get_type() != Xapian::Query::OP_AND_MAYBE || n < 2) return false;
  for (std::size_t i = 1; i < n; ++i) {
    if (query.get_subquery(i).get_type() != Xapian::Query::OP_SCALE_WEIGHT) return false;
  }
  return true;
}

bool is_filtered(const Xapian::Query& query) {
  const auto type = query.get_type();
  return (type == Xapian::Query::OP_FILTER || type == Xapian::Query::OP_AND_NOT) &&
         query.get_num_subqueries() == 2;
}

// Splits `query` into what it matches by and the boosts beside it.
void split_boosts(const Xapian::Query& query, Xapian::Query& core,
                  std::vector<Xapian::Query>& boosts) {
  if (!is_boosted(query)) {
    core = query;
    return;
  }
  split_boosts(query.get_subquery(0), core, boosts);
  for (std::size_t i = 1; i < query.get_num_subqueries(); ++i) {
    boosts.push_back(query.get_subquery(i));
  }
}

// `query` without its boosts: what its top stories are found by. The proximity boost checks
// positions in every match, which would cost a long --any question as much again for a
// ranking the feedback hardly needs.
Xapian::Query without_boosts(const Xapian::Query& query) {
  if (is_filtered(query)) {
    return Xapian::Query(query.get_type(), without_boosts(query.get_subquery(0)),
                         query.get_subquery(1));
  }
  Xapian::Query core;
  std::vector<Xapian::Query> boosts;
  split_boosts(query, core, boosts);
  return core;
}

// The proximity boost (parse_query()'s scaled OP_NEAR beside a --any query of two to eight words).
bool is_proximity_boost(const Xapian::Query& boost) {
  return boost.get_num_subqueries() == 1 &&
         boost.get_subquery(0).get_type() == Xapian::Query::OP_NEAR;
}

// Whether `query` is a plain AND or OR of terms: the words of a query without operators.
bool is_flat(const Xapian::Query& query) {
  const auto type = query.get_type();
  if (type != Xapian::Query::OP_AND && type != Xapian::Query::OP_OR) return false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (query.get_subquery(i).get_type() != Xapian::Query::LEAF_TERM) return false;
  }
  return true;
}

// AND_MAYBE(core × share, boosts × share, expansion × (1 − share)), each stem of the
// expansion weighing its expand weight over the heaviest's, the filters kept outermost: one
// flat AND_MAYBE, which Xapian matches as cheaply as the query itself, where scaling the
// boosted query as a whole cost a long --any question three times its time. Where the core is
// a flat AND or OR, the query's own stems among the expansion scale its terms instead of
// being matched twice (the same weights, one posting list fewer each). The proximity boost
// is left out: beside the expansion its positional checks ran on far more matches (a
// five-word --any query took 2.4 times its time without feedback, 0.6 times without them),
// and the expansion rewards articles on the question's subject in its stead.
Xapian::Query blend(const Xapian::Query& query, double share,
                    const std::vector<FeedbackStem>& expansion) {
  if (is_filtered(query)) {
    return Xapian::Query(query.get_type(), blend(query.get_subquery(0), share, expansion),
                         query.get_subquery(1));
  }
  Xapian::Query core;
  std::vector<Xapian::Query> boosts;
  split_boosts(query, core, boosts);
  std::map<std::string, double> stem_scale;
  for (const FeedbackStem& stem : expansion) {
    stem_scale.emplace(stem.term, (1 - share) * stem.weight / expansion.front().weight);
  }
  Xapian::Query scaled_core(Xapian::Query::OP_SCALE_WEIGHT, core, share);
  if (is_flat(core)) {
    std::vector<Xapian::Query> terms;
    for (std::size_t i = 0; i < core.get_num_subqueries(); ++i) {
      const std::string term = *core.get_subquery(i).get_unique_terms_begin();
      double scale = share;
      if (const auto it = stem_scale.find(term); it != stem_scale.end()) {
        scale += it->second;
        stem_scale.erase(it);  // once, as a stem of the expansion would count
      }
      terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), scale);
    }
    scaled_core = Xapian::Query(core.get_type(), terms.begin(), terms.end());
  }
  std::vector<Xapian::Query> parts{scaled_core};
  for (const Xapian::Query& boost : boosts) {
    if (!is_proximity_boost(boost)) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, boost, share);
    }
  }
  for (const auto& [term, scale] : stem_scale) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), scale);
  }
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parts.begin(), parts.end());
}

}  // namespace

bool wants_feedback(const ParsedQuery& parsed, const SearchOptions& options) {
  if (options.feedback_min_terms == 0 || options.sort != SortOrder::kRelevance || options.like ||
      options.feedback_docs == 0 || options.feedback_terms == 0 || options.feedback_weight >= 1 ||
      parsed.positional || parsed.wildcard || parsed.names_something) {
    return false;
  }
  // The question's distinct words as the parser read them: a stem, or a name's term.
  std::set<std::string> words;
  for (const ReadWord& w : parsed.words) {
    if (!w.span || w.excluded) continue;
    if (w.name) {
      words.insert("name:" + w.name->term);
    } else if (!w.stem.empty()) {
      words.insert(w.stem);
    }
  }
  return words.size() >= options.feedback_min_terms;
}

std::vector<FeedbackStem> feedback_stems(const Xapian::Database& db, const Xapian::Query& query,
                                         const SearchOptions& options,
                                         const Xapian::Weight& ranking,
                                         const Xapian::Stem& stemmer) {
  // The top stories, one article each: ten copies of one story would vote ten times.
  Xapian::Enquire top(db);
  top.set_query(without_boosts(query));
  top.set_weighting_scheme(ranking);
  top.set_collapse_key(schema::slot(schema::Slot::kCluster));
  const Xapian::MSet best = top.get_mset(0, options.feedback_docs);
  std::vector<FeedbackStem> stems;
  if (best.empty()) return stems;
  // The query's own stems may be chosen too: those its top stories use most weigh more,
  // which keeps the expansion on the question's subject.
  for (auto& [weight, term] : heaviest_stems(db, best, stemmer, options.feedback_terms)) {
    stems.push_back({std::move(term), weight});
  }
  return stems;
}

Xapian::Query with_feedback(const Xapian::Database& db, const Xapian::Query& query,
                            const SearchOptions& options, const Xapian::Weight& ranking,
                            const Xapian::Stem& stemmer) {
  const std::vector<FeedbackStem> stems = feedback_stems(db, query, options, ranking, stemmer);
  return stems.empty() ? query : blend(query, options.feedback_weight, stems);
}

}  // namespace morgue
