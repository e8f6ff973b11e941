#include "searcher/query/filters.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "common/entities/entity_aliases.h"
#include "common/entities/entity_key.h"
#include "tests/support/temp_dir.h"

using morgue::schema::EntityKind;

namespace {

// The articles (by data) that `org:name` finds in a database of documents with these terms.
std::set<std::string> org_filter(const std::vector<std::pair<std::string, std::string>>& docs,
                                 const std::string& name) {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  for (const auto& [data, term] : docs) {
    Xapian::Document doc;
    doc.set_data(data);
    doc.add_boolean_term(term);
    db.add_document(doc);
  }
  db.commit();
  Xapian::Enquire enquire(db);
  enquire.set_query(
      morgue::entity_filter_query(db, morgue::EntityAliases{}, EntityKind::kOrganization, name));
  std::set<std::string> found;
  const Xapian::MSet matches = enquire.get_mset(0, 10);
  for (auto m = matches.begin(); m != matches.end(); ++m) {
    found.insert(m.get_document().get_data());
  }
  return found;
}

}  // namespace

TEST_CASE("org filters find a firm named with or without its legal form") {
  const auto term = [](std::string_view key) {
    return morgue::schema::entity_term(EntityKind::kOrganization, key);
  };
  const std::vector<std::pair<std::string, std::string>> docs = {
      {"gm", term(morgue::organization_key("General Motors Corp"))},
      {"ford", term(morgue::organization_key("Ford Motor Co"))}};
  CHECK(org_filter(docs, "General Motors") == std::set<std::string>{"gm"});
  CHECK(org_filter(docs, "General Motors Corp") == std::set<std::string>{"gm"});
  CHECK(org_filter(docs, "Ford Motor Company") == std::set<std::string>{"ford"});
}

TEST_CASE("org filters still find firms in an index keyed by whole names") {
  // Built before organizations' keys left out the legal form: the whole name is the key.
  const std::vector<std::pair<std::string, std::string>> docs = {
      {"gm", morgue::schema::entity_term(EntityKind::kOrganization,
                                         morgue::entity_key("General Motors Corp"))}};
  CHECK(org_filter(docs, "General Motors Corp") == std::set<std::string>{"gm"});
}

namespace {

// A database of one article a week from 1940 to 1999, dated as the indexer dates them
// (day, month and year terms, the date value), the first 100 weeks left undated.
struct WeeklyArchive {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase db{(dir.path() / "db").string(), Xapian::DB_CREATE};
  std::vector<morgue::Date> dates;  // by docid - 1; year 0 for undated
  WeeklyArchive() {
    const long first = morgue::Date{1940, 1, 3}.days_since_epoch();
    for (long day = first; day < morgue::Date{2000, 1, 1}.days_since_epoch(); day += 7) {
      const morgue::Date d = morgue::Date::from_days_since_epoch(day);
      Xapian::Document doc;
      if (dates.size() >= 100) {
        doc.add_boolean_term(morgue::schema::day_term(d));
        doc.add_boolean_term(morgue::schema::month_term(d));
        doc.add_boolean_term(morgue::schema::year_term(d));
        doc.add_value(morgue::schema::slot(morgue::schema::Slot::kPublished), d.compact());
      }
      db.add_document(doc);
      dates.push_back(dates.size() >= 100 ? d : morgue::Date{});
    }
    db.commit();
  }
  // Articles dated from..to (open ends: any), counted directly.
  std::size_t count(std::optional<morgue::Date> from, std::optional<morgue::Date> to) const {
    std::size_t n = 0;
    for (const auto& d : dates) {
      n += d.year != 0 && (!from || *from <= d) && (!to || d <= *to);
    }
    return n;
  }
  Xapian::MSet match(const Xapian::Query& filter, Xapian::doccount check_at_least) const {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, filter));
    return enquire.get_mset(0, 10, check_at_least);
  }
};

}  // namespace

TEST_CASE("date ranges match exactly the articles of those days, open ends included") {
  const WeeklyArchive archive;
  using morgue::Date;
  const std::vector<std::pair<std::optional<Date>, std::optional<Date>>> ranges = {
      {Date{1987, 3, 15}, Date{1989, 6, 10}},  // days, months, a year, months, days
      {Date{1950, 1, 1}, Date{1959, 12, 31}},  // whole years
      {Date{1987, 2, 1}, Date{1987, 2, 28}},   // a whole month
      {Date{1987, 2, 4}, Date{1987, 2, 4}},    // one day
      {Date{1987, 2, 5}, Date{1987, 2, 4}},    // empty
      {Date{1990, 6, 15}, std::nullopt},       // from only
      {std::nullopt, Date{1945, 2, 11}},       // to only: undated articles are left out
      {std::nullopt, std::nullopt}};           // any dated article
  for (const auto& [from, to] : ranges) {
    CAPTURE(from ? from->iso() : "open");
    CAPTURE(to ? to->iso() : "open");
    const Xapian::MSet all =
        archive.match(morgue::date_range_query(archive.db, from, to), archive.db.get_doccount());
    CHECK(all.get_matches_estimated() == archive.count(from, to));
  }
  // The same through date: filters.
  CHECK(archive.match(*morgue::date_filter_query(archive.db, "1987-03-15..1989-06-10"), 5000)
            .get_matches_estimated() == archive.count(Date{1987, 3, 15}, Date{1989, 6, 10}));
  CHECK(
      archive.match(*morgue::date_filter_query(archive.db, "1988"), 5000).get_matches_estimated() ==
      archive.count(Date{1988, 1, 1}, Date{1988, 12, 31}));
}

TEST_CASE("a date range's estimated matches stay near the truth when few are looked at") {
  // Over a value range Xapian estimated from the matches it had seen: "about 11" for
  // thousands when asked for a page of 10.
  const WeeklyArchive archive;
  const std::optional<morgue::Date> from = morgue::Date{1947, 1, 1};
  const std::optional<morgue::Date> to = morgue::Date{1990, 12, 31};
  const Xapian::MSet page = archive.match(morgue::date_range_query(archive.db, from, to), 11);
  const auto truth = static_cast<double>(archive.count(from, to));
  CHECK(page.get_matches_estimated() > 0.8 * truth);
  CHECK(page.get_matches_estimated() < 1.2 * truth);
}
