// Query filters: date:, outlet:, person:, org:, place:, entity: in the query text, and the
// --from/--to options. Values are matched as the indexer wrote them: case-, accent- and
// spelling-variant-insensitively, through the gazetteer and the index's alias file.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/entities/entity_aliases.h"
#include "common/index/date.h"

namespace morgue {

/// Registers the filter fields on `parser`. `db`, `aliases` and `error` are borrowed and must
/// outlive the parser. An invalid filter value matches nothing and sets `*error` (the first
/// one wins): field processors must not throw, because Xapian 1.4's query parser leaks memory
/// when an exception passes through it (found by fuzzing).
/// Same-field filters: outlet: and date: values are OR-ed (an article has one of each);
/// person:/org:/place:/entity: values are AND-ed (articles mentioning all of them).
/// `unknown_outlets`, when given, receives each outlet: value that names no outlet of `db`,
/// so that the caller can say which outlets hold the word (outlet_suggestions()).
/// `named`, when given, receives each person:/org:/place:/entity: value as typed with the
/// filter it became.
void add_filter_fields(Xapian::QueryParser& parser, const Xapian::Database& db,
                       const EntityAliases& aliases, std::string* error,
                       std::vector<std::string>* unknown_outlets = nullptr,
                       std::vector<std::pair<std::string, Xapian::Query>>* named = nullptr);

/// The outlets of `db` whose name holds `typed` as whole words ("BBC" -> "BBC News"), shown as
/// the index spells them, at most `most`, in name order.
[[nodiscard]] std::vector<std::string> outlet_suggestions(const Xapian::Database& db,
                                                          std::string_view typed,
                                                          std::size_t most = 5);

/// The filter for articles of `db` published from `from` to `to` (inclusive, either may be
/// open), by the day, month and year terms. Undated articles never match a date filter.
[[nodiscard]] Xapian::Query date_range_query(const Xapian::Database& db, std::optional<Date> from,
                                             std::optional<Date> to);

/// The filter for "date:VALUE": YYYY, YYYY-MM, YYYY-MM-DD, or A..B with either end open;
/// nullopt for anything else or a range that ends before it starts, with the reason in
/// `*message` when given.
[[nodiscard]] std::optional<Xapian::Query> date_filter_query(const Xapian::Database& db,
                                                             std::string_view value,
                                                             std::string* message = nullptr);

/// The message for an invalid date: value.
[[nodiscard]] std::string bad_date_filter_message(std::string_view value);

/// The message for a date range `what` ("date:2022-02..2022-01", "--from/--to") whose end is
/// before its start.
[[nodiscard]] std::string reversed_range_message(std::string_view what);

/// The match key an entity filter looks `name` up by, for `kind`: the gazetteer's canonical
/// name for a name it knows of that kind, then the alias file's target.
[[nodiscard]] std::string entity_match_key(const EntityAliases& aliases, schema::EntityKind kind,
                                           std::string_view name);

/// The articles mentioning `name` as an entity of `kind` (nullopt: any kind). A one-word
/// name also matches people whose surname it is ("Orban" -> Viktor Orbán).
[[nodiscard]] Xapian::Query entity_filter_query(const Xapian::Database& db,
                                                const EntityAliases& aliases,
                                                std::optional<schema::EntityKind> kind,
                                                std::string_view name);

}  // namespace morgue
