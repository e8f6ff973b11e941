// Filter fields for the query parser.
#include "searcher/filters.h"

#include <vector>

#include "common/entity_key.h"
#include "common/gazetteer.h"
#include "common/schema.h"
#include "common/text_fold.h"

namespace morgue {
namespace {

class DateField : public Xapian::FieldProcessor {
 public:
  explicit DateField(std::string* error) : error_(error) {}
  Xapian::Query operator()(const std::string& value) override {
    if (auto q = date_filter_query(value)) return *q;
    if (error_->empty()) *error_ = bad_date_filter_message(value);
    return Xapian::Query::MatchNothing;
  }

 private:
  std::string* error_;
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

}  // namespace

void add_filter_fields(Xapian::QueryParser& parser, const Xapian::Database& db,
                       const EntityAliases& aliases, std::string* error) {
  parser.add_boolean_prefix("date", (new DateField(error))->release(), true);
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

std::string bad_date_filter_message(std::string_view value) {
  return "date:" + std::string(value) +
         " is not a date or range (use YYYY, YYYY-MM, YYYY-MM-DD, or FROM..TO)";
}

std::optional<Xapian::Query> date_filter_query(std::string_view value) {
  if (const auto dots = value.find(".."); dots != std::string_view::npos) {
    const std::string_view a = value.substr(0, dots), b = value.substr(dots + 2);
    const auto from = a.empty() ? std::nullopt : parse_date_bound(a, false);
    const auto to = b.empty() ? std::nullopt : parse_date_bound(b, true);
    if ((!a.empty() && !from) || (!b.empty() && !to)) return std::nullopt;
    return date_range_query(from, to);
  }
  const auto start = parse_date_bound(value, false);
  const auto end = parse_date_bound(value, true);
  if (!start || !end) return std::nullopt;
  // A whole year, month or day has a term of its own, cheaper than a value range.
  if (value.size() == 4 && start->month == 1 && start->day == 1 && end->month == 12) {
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
  const KnownEntity* known = Gazetteer::builtin().find(name);
  // An index built before organizations' keys left out their legal form has the whole name.
  const std::string whole_key = entity_key(name);
  for (const auto k : schema::kEntityKinds) {
    if (kind && *kind != k) continue;
    std::string resolved = entity_key(k, known && known->kind == k ? known->canonical : name);
    if (const auto target = aliases.find(k, resolved)) resolved = target->key;
    const std::string term = schema::entity_term(k, resolved);
    const std::string whole = schema::entity_term(k, whole_key);
    const bool one_word = !resolved.empty() && resolved.find(' ') == std::string::npos;
    if (db.term_exists(term)) {
      matches.emplace_back(term);
    } else if (k == schema::EntityKind::kOrganization && whole != term && db.term_exists(whole)) {
      matches.emplace_back(whole);
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
