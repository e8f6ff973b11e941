// Saved searches run over what came into the index since their last report: morgue-alert's
// work (start reading here). Each search runs as morgue-search runs it, within the articles
// that the indexing runs since its last report wrote (schema.h kRunPrefix: a match over what
// is new, not over the archive), less those it has reported before; copies of one story are
// one hit. The state (alert_state.h) moves on only for the searches that ran.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/index/date.h"
#include "searcher/alert/alert_state.h"
#include "searcher/alert/saved_searches.h"
#include "searcher/search.h"

namespace morgue {

/// kNew: the article came into the index since the search's last report. kUpdated: it was
/// there before, and was changed since so that it now matches (and was not reported).
enum class AlertChange { kNew, kUpdated };

/// "new" or "updated".
[[nodiscard]] std::string_view alert_change_name(AlertChange change);

/// One story reported: a search hit, copies folded under it.
struct AlertHit {
  Hit hit;
  AlertChange change = AlertChange::kNew;
};

/// What one saved search (or a line of the file that is none) came to.
struct AlertOutcome {
  std::string name;  ///< empty for a line that gave no name
  std::string query;
  std::size_t line = 0;  ///< of the saved-search file
  /// Set when the search could not run (a line that is no saved search, a query that no
  /// longer parses, ...): its state is left as it was.
  std::optional<std::string> error;
  /// First run of this search (no state, no --since): nothing reported; it reports from the
  /// next index run on.
  bool baseline = false;
  std::vector<AlertHit> hits;         ///< newest first
  std::size_t articles = 0;           ///< articles reported, copies included
  std::vector<std::string> warnings;  ///< how the query was read, and state surprises
};

/// Settings for run_alerts(); the defaults are morgue-alert's.
struct AlertOptions {
  /// Report the articles published on or after this day that the search has not reported,
  /// whatever its state says (a first run reports instead of recording a baseline).
  std::optional<Date> since;
  std::size_t snippet_bytes = 240;  ///< snippet length, as morgue-search's
};

/// A whole run: each saved search's outcome, in the file's order.
struct AlertReport {
  std::uint64_t index_run = 0;  ///< the index's last finished run, reported through
  std::vector<AlertOutcome> outcomes;
  [[nodiscard]] bool reported() const;  ///< some search reported an article
  [[nodiscard]] bool failed() const;    ///< some search or line is in error
};

/// Runs `saved` over `db` (a caller's open index; reopened when a writer moved it on) and
/// moves `state` on for the searches that ran: their run, and the articles now reported.
/// State entries of searches no longer in the file are dropped when every line of it was
/// read; kept otherwise (a line in error may be theirs). Throws on an index it cannot read
/// (IndexUnavailable, Xapian::Error); a search's own failure is its outcome's error.
[[nodiscard]] AlertReport run_alerts(Xapian::Database& db, const SavedSearches& saved,
                                     AlertState& state, const AlertOptions& options = {});

}  // namespace morgue
