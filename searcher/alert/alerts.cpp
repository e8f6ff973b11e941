#include "searcher/alert/alerts.h"

#include <algorithm>
#include <set>

#include "common/index/index_db.h"
#include "common/index/schema.h"

namespace morgue {
namespace {

// Past this many runs since a report, one value range over the slot instead of a term per run.
constexpr std::uint64_t kMostRunTerms = 256;

// The articles indexing runs after..through (exclusive, inclusive) wrote.
Xapian::Query written_in_runs(std::uint64_t after, std::uint64_t through) {
  if (through - after > kMostRunTerms) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::slot(schema::Slot::kChangedRun),
                         schema::run_value(after + 1), schema::run_value(through));
  }
  std::vector<Xapian::Query> runs;
  for (std::uint64_t run = after + 1; run <= through; ++run) {
    runs.emplace_back(schema::run_term(run));
  }
  return Xapian::Query(Xapian::Query::OP_OR, runs.begin(), runs.end());
}

Xapian::Query any_of_ids(const std::vector<std::string>& ids) {
  std::vector<Xapian::Query> terms;
  for (const auto& id : ids) terms.emplace_back(schema::id_term(id));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// New or updated for a search that reported through run `reported_through`: updated when
// the article was indexed by then and changed after.
AlertChange change_of(const Xapian::Database& db, const std::string& id,
                      std::uint64_t reported_through) {
  const std::string term = schema::id_term(id);
  const auto post = db.postlist_begin(term);
  if (post == db.postlist_end(term)) return AlertChange::kNew;
  const Xapian::Document doc = db.get_document(*post);
  const auto first = schema::run_from_value(doc.get_value(schema::slot(schema::Slot::kFirstRun)));
  const auto changed =
      schema::run_from_value(doc.get_value(schema::slot(schema::Slot::kChangedRun)));
  return first <= reported_through && changed > reported_through ? AlertChange::kUpdated
                                                                 : AlertChange::kNew;
}

// The search's options: as morgue-search with the saved query, newest first, every story.
SearchOptions search_options(const SavedSearch& saved, const AlertOptions& options) {
  SearchOptions o;
  o.query = saved.query;
  o.match_any = saved.any;
  o.sort = SortOrder::kDate;
  o.snippet_bytes = options.snippet_bytes;
  o.suggest_below = 0;
  o.from = options.since;
  return o;
}

class SearchRun {
 public:
  SearchRun(Xapian::Database& db, const SavedSearch& saved, const AlertOptions& options,
            std::uint64_t index_run, AlertOutcome& outcome)
      : db_(db), saved_(saved), options_(options), index_run_(index_run), outcome_(outcome) {}

  // Runs the search from `before` (its state; nullopt: none) and returns its state after.
  SearchState run(const std::optional<SearchState>& before) {
    SearchState after = before.value_or(SearchState{});
    after.query = saved_.query;
    if (before && before->run > index_run_ && !options_.since) {
      outcome_.warnings.push_back("the index's last run (" + std::to_string(index_run_) +
                                  ") is older than the one " + "this search reported through (" +
                                  std::to_string(before->run) +
                                  "): a new or restored index; recording a new baseline");
      return baseline(std::move(after));
    }
    if (!before && !options_.since) return baseline(std::move(after));
    report(before ? before->run : 0, after.reported);
    after.run = index_run_;
    return after;
  }

 private:
  // Nothing reported: the query is only checked, and the run recorded.
  SearchState baseline(SearchState state) {
    SearchOptions o = search_options(saved_, options_);
    o.within = Xapian::Query::MatchNothing;
    (void)matching_ids(o, db_);
    outcome_.baseline = true;
    state.run = index_run_;
    return state;
  }

  void report(std::uint64_t reported_through, std::set<std::string>& reported) {
    SearchOptions o = search_options(saved_, options_);
    if (!options_.since) {
      if (reported_through == index_run_) return;  // no run finished since
      o.within = written_in_runs(reported_through, index_run_);
    }
    // The candidates, less the articles reported before (a few: the matches are new ones).
    std::vector<std::string> before, fresh;
    for (auto& id : matching_ids(o, db_)) {
      (reported.contains(id) ? before : fresh).push_back(std::move(id));
    }
    if (fresh.empty()) return;
    if (!before.empty()) {
      const Xapian::Query seen = any_of_ids(before);
      o.within = o.within ? Xapian::Query(Xapian::Query::OP_AND_NOT, *o.within, seen)
                          : Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, seen);
    }
    o.limit = fresh.size();
    SearchResult result = search(o, db_);
    outcome_.warnings.insert(outcome_.warnings.end(), result.warnings.begin(),
                             result.warnings.end());
    // Recorded whole: the copies folded under a hit beyond those listed too, and the hits
    // themselves should a writer have moved the index on between the two matches.
    reported.insert(fresh.begin(), fresh.end());
    for (Hit& hit : result.hits) {
      reported.insert(hit.id);
      for (const SimilarArticle& copy : hit.similar_articles) reported.insert(copy.id);
      outcome_.articles += 1 + hit.similar;
      const AlertChange change = change_of(db_, hit.id, reported_through);
      outcome_.hits.push_back({std::move(hit), change});
    }
  }

  Xapian::Database& db_;
  const SavedSearch& saved_;
  const AlertOptions& options_;
  const std::uint64_t index_run_;
  AlertOutcome& outcome_;
};

}  // namespace

std::string_view alert_change_name(AlertChange change) {
  return change == AlertChange::kNew ? "new" : "updated";
}

bool AlertReport::reported() const {
  return std::any_of(outcomes.begin(), outcomes.end(),
                     [](const AlertOutcome& o) { return !o.hits.empty(); });
}

bool AlertReport::failed() const {
  return std::any_of(outcomes.begin(), outcomes.end(),
                     [](const AlertOutcome& o) { return o.error.has_value(); });
}

AlertReport run_alerts(Xapian::Database& db, const SavedSearches& saved, AlertState& state,
                       const AlertOptions& options) {
  AlertReport report;
  // One snapshot's last run for every search: a run finishing meanwhile is the next report's.
  report.index_run = read_newest(db, [&] { return schema::last_run(db); });
  const std::string index_id = read_newest(db, [&] { return schema::index_id(db); });
  // A state recorded against another index (deleted and made again, a state file copied
  // from elsewhere) says nothing of this one's runs: every search starts over, and says so.
  const bool other_index =
      !state.index_id.empty() && !index_id.empty() && state.index_id != index_id;
  for (const SavedSearchError& e : saved.errors) {
    AlertOutcome outcome;
    outcome.name = e.name;
    outcome.line = e.line;
    outcome.error = e.message;
    report.outcomes.push_back(std::move(outcome));
  }
  AlertState next;
  for (const SavedSearch& s : saved.searches) {
    AlertOutcome outcome;
    outcome.name = s.name;
    outcome.query = s.query;
    outcome.line = s.line;
    const auto it = state.searches.find(s.name);
    std::optional<SearchState> before;
    if (it != state.searches.end()) before = it->second;
    if (other_index && before) {
      outcome.warnings.push_back(
          "the state was recorded for another index (" + state.index_id + ", this one is " +
          index_id + ": deleted and made again, or another index's state)" +
          (options.since ? "; reporting from --since" : "; recording a new baseline"));
      before.reset();
    }
    try {
      next.searches[s.name] = SearchRun(db, s, options, report.index_run, outcome).run(before);
    } catch (const QueryError& e) {
      outcome.error = e.what();
    } catch (const Xapian::QueryParserError& e) {
      outcome.error = e.get_msg();
    }
    if (outcome.error) {
      outcome.hits.clear();
      outcome.articles = 0;
      if (before) next.searches[s.name] = *before;  // as it was: its news stay to report
    }
    report.outcomes.push_back(std::move(outcome));
  }
  // The file's order, lines in error among the searches.
  std::stable_sort(report.outcomes.begin(), report.outcomes.end(),
                   [](const AlertOutcome& a, const AlertOutcome& b) { return a.line < b.line; });
  for (auto& [name, s] : state.searches) {
    if (!saved.errors.empty() && !next.searches.contains(name)) next.searches[name] = s;
  }
  next.index_id = index_id.empty() ? state.index_id : index_id;
  state = std::move(next);
  return report;
}

}  // namespace morgue
