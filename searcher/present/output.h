// Rendering search results: a readable listing for people, JSON for scripts
// (schemas/search-result.schema.json).
#pragma once

#include <iosfwd>

#include "searcher/search.h"

namespace morgue {

/// Settings for render_text().
struct TextOutputOptions {
  bool color = false;  ///< ANSI highlighting of matches; only for a terminal
};

/// Writes the people-facing listing: a count line, then per hit its rank, title, a line of
/// outlet · date · id · score, and the snippet.
void render_text(const SearchResult& result, std::ostream& out, const TextOutputOptions& options);

/// Writes one JSON object and a newline. Snippet highlight offsets are in Unicode code points.
void render_json(const SearchResult& result, std::ostream& out);

}  // namespace morgue
