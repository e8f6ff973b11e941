// Did-you-mean for queries that find little.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

#include "searcher/query/query_parser.h"
#include "searcher/search.h"

namespace morgue {

/// A corrected query text for `parsed` (read from `options.query`), built from the index's own
/// words (the spelling table: no scraping noise), that matches more articles than `total`;
/// nullopt when there is none. Only unknown or rare plain words are corrected, a word the
/// parser read as a name to the nearest name the archive writes.
[[nodiscard]] std::optional<std::string> suggest_correction(const ParsedQuery& parsed,
                                                            const SearchOptions& options,
                                                            const Xapian::Database& db,
                                                            const Xapian::Stem& stemmer,
                                                            Xapian::doccount total);

}  // namespace morgue
