// The query line to a Xapian::Query: the language search.h describes.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "searcher/search.h"

namespace morgue {

/// Parses `options.query` the way search() does: folded like indexed text, words AND-ed
/// (OR-ed with match_any), stop words dropped outside phrases, `title:` field, the filters of
/// searcher/query/filters.h, trailing wildcards bounded by max_wildcard_terms, --from/--to applied.
/// Empty text matches everything.
/// Throws QueryError on syntax the parser cannot recover from.
/// A query of negated items only (`-putin`, `NOT outlet:X`) matches every article except
/// theirs. `warnings`, when given, receives what the reader should know about how the text was
/// read (a `name:` that is no field is read as words).
[[nodiscard]] Xapian::Query parse_query(const SearchOptions& options, const Xapian::Database& db,
                                        const Xapian::Stem& stemmer,
                                        std::vector<std::string>* warnings = nullptr);

/// Whether a parsed query holds a wildcard (which expands per document).
[[nodiscard]] bool has_wildcard(const Xapian::Query& query);

/// Whether a parsed query asks for words in order or near each other. The proximity boost
/// (a scaled OP_NEAR beside the query) only ranks, and is left out.
[[nodiscard]] bool is_positional(const Xapian::Query& query);

}  // namespace morgue
