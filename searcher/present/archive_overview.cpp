#include "searcher/present/archive_overview.h"

#include "common/index/schema.h"

namespace morgue {

namespace {

MostMentioned most_mentioned(Xapian::Database& db, const Date& last, long days, std::size_t most,
                             ValueColumns* columns) {
  MostMentioned m;
  m.from = Date::from_days_since_epoch(last.days_since_epoch() - (days - 1));
  m.to = last;
  SearchOptions o;
  o.from = m.from;
  o.to = m.to;
  o.limit = 0;
  o.facets = {{FacetKind::kPerson, most, DateGranularity::kDay},
              {FacetKind::kOrganization, most, DateGranularity::kDay},
              {FacetKind::kPlace, most, DateGranularity::kDay}};
  const SearchResult r = search(o, db, columns);
  m.people = facet_of(r, FacetKind::kPerson);
  m.organizations = facet_of(r, FacetKind::kOrganization);
  m.places = facet_of(r, FacetKind::kPlace);
  return m;
}

}  // namespace

ArchiveDates archive_dates(const Xapian::Database& db) {
  const auto slot = schema::slot(schema::Slot::kPublished);
  ArchiveDates dates;
  if (db.get_doccount() == 0) return dates;
  if (const std::string low = db.get_value_lower_bound(slot); !low.empty())
    dates.first = parse_date(low);
  if (const std::string high = db.get_value_upper_bound(slot); !high.empty())
    dates.last = parse_date(high);
  return dates;
}

ArchiveOverview archive_overview(Xapian::Database& db, const ArchiveOverviewOptions& options,
                                 ValueColumns* columns) {
  ArchiveOverview out;
  SearchOptions whole;
  whole.limit = 0;
  whole.exact_count_limit = db.get_doccount() + 1;  // a front page's counts are exact
  whole.facets = {{FacetKind::kDate, std::nullopt, DateGranularity::kMonth}};
  const SearchResult all = search(whole, db, columns);
  out.articles = all.total;
  out.stories = all.results;
  out.timeline = facet_of(all, FacetKind::kDate);
  const ArchiveDates dates = archive_dates(db);
  out.first = dates.first;
  out.last = dates.last;
  out.last_run = schema::last_run(db);
  if (out.last_run > 0) {
    SearchOptions latest;
    latest.within = Xapian::Query(schema::run_term(out.last_run));
    latest.sort = SortOrder::kDate;
    latest.limit = options.latest;
    out.latest = search(latest, db, columns).hits;
  }
  if (out.last) {
    out.week = most_mentioned(db, *out.last, 7, options.most, columns);
    out.month = most_mentioned(db, *out.last, 30, options.most, columns);
  }
  return out;
}

}  // namespace morgue
