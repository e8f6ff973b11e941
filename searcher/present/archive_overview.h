// What the archive holds, for the page a reporter opens every morning: how many articles and
// stories, from when to when, what came in with the last nightly run, the whole archive by
// month, and who and what it mentioned most in its own last 7 and 30 days.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "common/index/date.h"
#include "searcher/count/value_column.h"
#include "searcher/facets/facets.h"
#include "searcher/search.h"

namespace morgue {

/// What an index spans: its first and last publication days; none when no article is dated.
struct ArchiveDates {
  std::optional<Date> first, last;
};

/// The publication days `db` spans, from the published slot's bounds (kept by Xapian per
/// database: no document is read).
[[nodiscard]] ArchiveDates archive_dates(const Xapian::Database& db);

/// The most mentioned people, organizations and places over a span of days.
struct MostMentioned {
  std::optional<Date> from, to;  ///< the span (the archive's own last days)
  FacetResult people, organizations, places;
};

/// An overview of an index. Counts are exact.
struct ArchiveOverview {
  Xapian::doccount articles = 0;
  Xapian::doccount stories = 0;     ///< articles with their copies folded into one
  std::optional<Date> first, last;  ///< publication days; none when nothing is dated
  std::uint64_t last_run = 0;       ///< the last indexing run that finished writing
  std::vector<Hit> latest;          ///< stories the last run added or changed, newest first
  FacetResult timeline;             ///< articles by month, the whole archive
  MostMentioned week, month;        ///< the archive's last 7 and 30 days
};

/// How much the overview lists.
struct ArchiveOverviewOptions {
  std::size_t latest = 10;  ///< stories of the last run. Default 10.
  std::size_t most = 10;    ///< people, organizations and places per span. Default 10.
};

/// The overview of `db` (four searches: the whole archive with its timeline, the last run's
/// stories, the last 7 and the last 30 days with entity facets). Throws what search() throws.
[[nodiscard]] ArchiveOverview archive_overview(Xapian::Database& db,
                                               const ArchiveOverviewOptions& options = {},
                                               ValueColumns* columns = nullptr);

}  // namespace morgue
