// Filter fields for the query parser.
#include "searcher/query/filters.h"

#include <vector>

#include "common/entities/entity_key.h"
#include "common/entities/gazetteer.h"
#include "common/index/schema.h"
#include "common/text/text_fold.h"
#include "searcher/facets/facets.h"
#include "searcher/facets/person_surnames.h"

namespace morgue {
namespace {

// Every article not holding a term with `prefix`: the facets' "unknown" and "undated".
Xapian::Query without_prefix(std::string_view prefix) {
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                       Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix)));
}

class DateField : public Xapian::FieldProcessor {
 public:
  DateField(const Xapian::Database& db, std::string* error) : db_(db), error_(error) {}
  Xapian::Query operator()(const std::string& value) override {
    if (value == kUndated) return without_prefix(schema::kYearPrefix);  // one Y term if dated
    std::string message;
    if (auto q = date_filter_query(db_, value, &message)) return *q;
    if (error_->empty()) *error_ = message;
    return Xapian::Query::MatchNothing;
  }

 private:
  const Xapian::Database& db_;
  std::string* error_;
};

Date next_day(const Date& d) { return Date::from_days_since_epoch(d.days_since_epoch() + 1); }

// The first day of the month after d's.
Date next_month(const Date& d) {
  return d.month == 12 ? Date{d.year + 1, 1, 1} : Date{d.year, d.month + 1, 1};
}

// The date a compact "YYYYMMDD" slot value stands for, or nullopt.
std::optional<Date> slot_date(const std::string& compact) {
  return compact.empty() ? std::nullopt : parse_date(compact);
}

class OutletField : public Xapian::FieldProcessor {
 public:
  OutletField(const Xapian::Database& db, std::vector<std::string>* unknown)
      : db_(db), unknown_(unknown) {}
  Xapian::Query operator()(const std::string& value) override {
    // The facet's bucket of articles without an outlet is a filter too.
    if (value == kUnknownOutlet) return without_prefix(schema::kOutletPrefix);
    const std::string term = schema::outlet_term(value);
    if (unknown_ != nullptr && db_.get_termfreq(term) == 0) unknown_->push_back(value);
    return Xapian::Query(term);
  }

 private:
  const Xapian::Database& db_;
  std::vector<std::string>* unknown_;
};

class SectionField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    if (value == kUnknownSection) return without_prefix(schema::kSectionPrefix);
    return Xapian::Query(schema::section_term(value));
  }
};

class EntityField : public Xapian::FieldProcessor {
 public:
  EntityField(const Xapian::Database& db, const EntityAliases& aliases,
              std::optional<schema::EntityKind> kind,
              std::vector<std::pair<std::string, Xapian::Query>>* named)
      : db_(db), aliases_(aliases), kind_(kind), named_(named) {}
  Xapian::Query operator()(const std::string& value) override {
    Xapian::Query filter = entity_filter_query(db_, aliases_, kind_, value);
    if (named_ != nullptr) named_->emplace_back(value, filter);
    return filter;
  }

 private:
  const Xapian::Database& db_;
  const EntityAliases& aliases_;
  std::optional<schema::EntityKind> kind_;
  std::vector<std::pair<std::string, Xapian::Query>>* named_;
};

}  // namespace

std::vector<std::string> outlet_suggestions(const Xapian::Database& db, std::string_view typed,
                                            std::size_t most) {
  // Whole words: both sides padded with a space. (Built by appends: GCC 12 at -O2 misreads
  // " " + std::string as an overflow.)
  const auto padded = [](std::string_view key) {
    std::string out(1, ' ');
    out.append(key);
    out.push_back(' ');
    return out;
  };
  const std::string want = padded(schema::outlet_key(typed));
  const std::string prefix(schema::kOutletPrefix);
  std::vector<std::string> out;
  if (want.size() <= 2) return out;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && out.size() < most; ++t) {
    const std::string key = (*t).substr(prefix.size());
    if (padded(key).find(want) == std::string::npos) continue;
    // Shown as an article of that outlet spells it.
    const Xapian::PostingIterator first = db.postlist_begin(*t);
    if (first == db.postlist_end(*t)) continue;
    const std::string shown =
        db.get_document(*first).get_value(schema::slot(schema::Slot::kOutlet));
    out.push_back(shown.empty() ? key : shown);
  }
  return out;
}

void add_filter_fields(Xapian::QueryParser& parser, const Xapian::Database& db,
                       const EntityAliases& aliases, std::string* error,
                       std::vector<std::string>* unknown_outlets,
                       std::vector<std::pair<std::string, Xapian::Query>>* named) {
  parser.add_boolean_prefix("date", (new DateField(db, error))->release(), true);
  parser.add_boolean_prefix("outlet", (new OutletField(db, unknown_outlets))->release(), true);
  parser.add_boolean_prefix("section", (new SectionField())->release(), true);
  for (const auto kind : schema::kEntityKinds) {
    parser.add_boolean_prefix(std::string(schema::entity_kind_name(kind)),
                              (new EntityField(db, aliases, kind, named))->release(), false);
  }
  parser.add_boolean_prefix("entity",
                            (new EntityField(db, aliases, std::nullopt, named))->release(), false);
}

// The days from..to as few date terms as cover them: whole years by their Y term, whole
// months by M, the other days by D (at most 2 x (11 months + 30 days) besides the years).
Xapian::Query date_terms_query(Date from, const Date& to) {
  std::vector<Xapian::Query> terms;
  while (from <= to) {
    const Date year_end{from.year, 12, 31};
    const Date month_end = Date::from_days_since_epoch(next_month(from).days_since_epoch() - 1);
    if (from.month == 1 && from.day == 1 && year_end <= to) {
      terms.emplace_back(schema::year_term(from));
      from = Date{from.year + 1, 1, 1};
    } else if (from.day == 1 && month_end <= to) {
      terms.emplace_back(schema::month_term(from));
      from = next_month(from);
    } else {
      terms.emplace_back(schema::day_term(from));
      from = next_day(from);
    }
  }
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query date_range_query(const Xapian::Database& db, std::optional<Date> from,
                               std::optional<Date> to) {
  // By the date terms, not a range over the date value: Xapian estimates a value range's
  // matches from the few it has seen (a 1947-1990 filter on the State of the Union said
  // "about 11 articles" of 1,931), while term frequencies make the estimate sound. An open
  // end is the index's first or last date.
  // Either end is also cut to the dates the index holds, so that the terms of a wide range
  // ("date:0001..9999") are as few as the archive's years, not ten thousand of them.
  const auto slot = schema::slot(schema::Slot::kPublished);
  const auto first = slot_date(db.get_value_lower_bound(slot));
  const auto last = slot_date(db.get_value_upper_bound(slot));
  if (!first || !last) return Xapian::Query::MatchNothing;  // no dated article
  if (!from || *from < *first) from = first;
  if (!to || *to > *last) to = last;
  return date_terms_query(*from, *to);
}

std::string bad_date_filter_message(std::string_view value) {
  return "date:" + std::string(value) +
         " is not a date or range (use YYYY, YYYY-MM, YYYY-MM-DD, FROM..TO, or undated)";
}

std::string reversed_range_message(std::string_view what) {
  return std::string(what) + " ends before it starts; write the earlier date first";
}

std::optional<Xapian::Query> date_filter_query(const Xapian::Database& db, std::string_view value,
                                               std::string* message) {
  const auto fail = [&](std::string why) -> std::optional<Xapian::Query> {
    if (message != nullptr) *message = std::move(why);
    return std::nullopt;
  };
  if (const auto dots = value.find(".."); dots != std::string_view::npos) {
    const std::string_view a = value.substr(0, dots), b = value.substr(dots + 2);
    const auto from = a.empty() ? std::nullopt : parse_date_bound(a, false);
    const auto to = b.empty() ? std::nullopt : parse_date_bound(b, true);
    if ((!a.empty() && !from) || (!b.empty() && !to)) return fail(bad_date_filter_message(value));
    if (from && to && *from > *to)
      return fail(reversed_range_message("date:" + std::string(value)));
    return date_range_query(db, from, to);
  }
  const auto start = parse_date_bound(value, false);
  const auto end = parse_date_bound(value, true);
  if (!start || !end) return fail(bad_date_filter_message(value));
  // A year, month or day: its own term, within the dates the index holds.
  return date_range_query(db, *start, *end);
}

std::string entity_match_key(const EntityAliases& aliases, schema::EntityKind kind,
                             std::string_view name) {
  const KnownEntity* known = Gazetteer::builtin().find(name);
  std::string key = entity_key(kind, known && known->kind == kind ? known->canonical : name);
  if (const auto target = aliases.find(kind, key)) key = target->key;
  return key;
}

Xapian::Query entity_filter_query(const Xapian::Database& db, const EntityAliases& aliases,
                                  std::optional<schema::EntityKind> kind, std::string_view name) {
  std::vector<Xapian::Query> matches;
  std::shared_ptr<const PersonSurnames> surnames;  // read when a person name is asked for
  // An index built before organizations' keys left out their legal form has the whole name.
  const std::string whole_key = entity_key(name);
  for (const auto k : schema::kEntityKinds) {
    if (kind && *kind != k) continue;
    const std::string resolved = entity_match_key(aliases, k, name);
    const std::string term = schema::entity_term(k, resolved);
    const std::string whole = schema::entity_term(k, whole_key);
    const bool one_word = !resolved.empty() && resolved.find(' ') == std::string::npos;
    if (db.term_exists(term)) {
      matches.emplace_back(term);
    } else if (k == schema::EntityKind::kOrganization && whole != term && db.term_exists(whole)) {
      matches.emplace_back(whole);
    }
    if (k != schema::EntityKind::kPerson || resolved.empty()) continue;
    if (!surnames) surnames = PersonSurnames::of(db);
    if (one_word) {
      // A surname alone: the bare mentions, with or without its article ("Jadaan",
      // "al-Jadaan"), and every person known in full by it.
      for (const std::string& bare : surnames->bare_keys(resolved)) {
        if (bare != resolved) matches.emplace_back(schema::entity_term(k, bare));
      }
      for (const std::string& person : surnames->full_names(resolved)) {
        matches.emplace_back(schema::entity_term(k, person));
      }
    } else {
      // A full name: also the articles that call the person by surname alone, when the
      // index knows nobody else by it (what the person facet counts as this person).
      for (const std::string& bare : surnames->bare_aliases_of(resolved)) {
        matches.emplace_back(schema::entity_term(k, bare));
      }
    }
  }
  if (matches.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, matches.begin(), matches.end());
}

}  // namespace morgue
