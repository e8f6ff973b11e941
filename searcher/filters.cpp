// Filter fields for the query parser.
#include "searcher/filters.h"

#include <vector>

#include "common/entity_key.h"
#include "common/gazetteer.h"
#include "common/schema.h"
#include "common/text_fold.h"
#include "searcher/search.h"

namespace morgue {
namespace {

class DateField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override { return date_filter_query(value); }
};

class OutletField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(schema::outlet_term(value));
  }
};

class EntityField : public Xapian::FieldProcessor {
 public:
  EntityField(const Xapian::Database& db, const EntityAliases& aliases,
              std::optional<schema::EntityKind> kind)
      : db_(db), aliases_(aliases), kind_(kind) {}
  Xapian::Query operator()(const std::string& value) override {
    return entity_filter_query(db_, aliases_, kind_, value);
  }

 private:
  const Xapian::Database& db_;
  const EntityAliases& aliases_;
  std::optional<schema::EntityKind> kind_;
};

std::optional<Date> bound(std::string_view text, bool end, std::string_view whole) {
  const auto d = parse_date_bound(text, end);
  if (!d) {
    throw QueryError("date:" + std::string(whole) +
                     " is not a date or range (use YYYY, YYYY-MM, YYYY-MM-DD, or FROM..TO)");
  }
  return d;
}

}  // namespace

void add_filter_fields(Xapian::QueryParser& parser, const Xapian::Database& db,
                       const EntityAliases& aliases) {
  parser.add_boolean_prefix("date", (new DateField)->release(), true);
  parser.add_boolean_prefix("outlet", (new OutletField)->release(), true);
  for (const auto kind : schema::kEntityKinds) {
    parser.add_boolean_prefix(std::string(schema::entity_kind_name(kind)),
                              (new EntityField(db, aliases, kind))->release(), false);
  }
  parser.add_boolean_prefix("entity", (new EntityField(db, aliases, std::nullopt))->release(),
                            false);
}

Xapian::Query date_range_query(std::optional<Date> from, std::optional<Date> to) {
  const auto slot = schema::slot(schema::Slot::kPublished);
  if (from && to)
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, from->compact(), to->compact());
  if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from->compact());
  if (to) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, to->compact());
  return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string());  // any dated article
}

Xapian::Query date_filter_query(std::string_view value) {
  if (const auto dots = value.find(".."); dots != std::string_view::npos) {
    const std::string_view a = value.substr(0, dots), b = value.substr(dots + 2);
    const auto from = a.empty() ? std::nullopt : bound(a, false, value);
    const auto to = b.empty() ? std::nullopt : bound(b, true, value);
    return date_range_query(from, to);
  }
  const auto start = bound(value, false, value);
  const auto end = bound(value, true, value);
  // A whole year, month or day has a term of its own, cheaper than a value range.
  if (start->year == end->year && start->month == 1 && end->month == 12 && start->day == 1 &&
      end->day == 31 && value.size() == 4) {
    return Xapian::Query(std::string(schema::kYearPrefix) + start->compact().substr(0, 4));
  }
  if (value.size() == 7 && start->day == 1) {
    return Xapian::Query(std::string(schema::kMonthPrefix) + start->compact().substr(0, 6));
  }
  if (*start == *end) return Xapian::Query(std::string(schema::kDayPrefix) + start->compact());
  return date_range_query(start, end);
}

Xapian::Query entity_filter_query(const Xapian::Database& db, const EntityAliases& aliases,
                                  std::optional<schema::EntityKind> kind, std::string_view name) {
  std::vector<Xapian::Query> matches;
  const std::string key = entity_key(name);
  const bool one_word = !key.empty() && key.find(' ') == std::string::npos;
  for (const auto k : schema::kEntityKinds) {
    if (kind && *kind != k) continue;
    std::string resolved = key;
    if (const KnownEntity* known = Gazetteer::builtin().find(name); known && known->kind == k) {
      resolved = entity_key(known->canonical);
    }
    if (const auto target = aliases.find(k, resolved)) resolved = target->key;
    const std::string term = schema::entity_term(k, resolved);
    if (db.term_exists(term)) {
      matches.emplace_back(term);
    } else if (one_word && k == schema::EntityKind::kPerson) {
      // A surname: every person whose key ends in it.
      const std::string prefix(schema::entity_prefix(k));
      for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string person = (*t).substr(prefix.size());
        if (person.size() > resolved.size() + 1 && person.ends_with(" " + resolved)) {
          matches.emplace_back(*t);
        }
      }
    }
  }
  if (matches.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, matches.begin(), matches.end());
}

}  // namespace morgue
