#include "searcher/present/archive_overview.h"

#include "common/index/schema.h"

namespace morgue {

namespace {

FacetResult facet_of(const SearchResult& r, FacetKind kind) {
  for (const FacetResult& f : r.facets)
    if (f.kind == kind) return f;
  return {kind, DateGranularity::kDay, {}, 0};
}

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
  const auto slot = schema::slot(schema::Slot::kPublished);
  if (db.get_doccount() > 0) {
    if (const std::string low = db.get_value_lower_bound(slot); !low.empty())
      out.first = parse_date(low);
    if (const std::string high = db.get_value_upper_bound(slot); !high.empty())
      out.last = parse_date(high);
  }
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
