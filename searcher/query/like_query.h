// More like this (--like ID).
#pragma once

#include <xapian.h>

#include <string>

namespace morgue {

/// The query for --like: the article's most telling terms (Xapian's relevance-set expansion,
/// the Robertson selection weight over its words), OR-ed, the article and its copies excluded.
/// Throws QueryError (search.h) when no article has id `id`.
[[nodiscard]] Xapian::Query like_query(const Xapian::Database& db, const std::string& id);

}  // namespace morgue
