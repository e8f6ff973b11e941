// Query filters: date:, outlet:, person:, org:, place:, entity: in the query text, and the
// --from/--to options. Values are matched as the indexer wrote them: case-, accent- and
// spelling-variant-insensitively, through the gazetteer and the index's alias file.
#pragma once

#include <xapian.h>

#include <optional>
#include <string_view>

#include "common/date.h"
#include "common/entity_aliases.h"

namespace morgue {

/// Registers the filter fields on `parser`. `db` and `aliases` are borrowed and must outlive
/// the parser. Invalid filter values make parse_query() throw QueryError (searcher/search.h).
/// Same-field filters: outlet: and date: values are OR-ed (an article has one of each);
/// person:/org:/place:/entity: values are AND-ed (articles mentioning all of them).
void add_filter_fields(Xapian::QueryParser& parser, const Xapian::Database& db,
                       const EntityAliases& aliases);

/// The filter for articles published from `from` to `to` (inclusive, either may be open).
/// Undated articles never match a date filter.
[[nodiscard]] Xapian::Query date_range_query(std::optional<Date> from, std::optional<Date> to);

/// The filter for "date:VALUE": YYYY, YYYY-MM, YYYY-MM-DD, or A..B with either end open.
/// Throws QueryError on anything else.
[[nodiscard]] Xapian::Query date_filter_query(std::string_view value);

/// The articles mentioning `name` as an entity of `kind` (nullopt: any kind). A one-word
/// name also matches people whose surname it is ("Orban" -> Viktor Orbán).
[[nodiscard]] Xapian::Query entity_filter_query(const Xapian::Database& db,
                                                const EntityAliases& aliases,
                                                std::optional<schema::EntityKind> kind,
                                                std::string_view name);

}  // namespace morgue
