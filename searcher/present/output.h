// Rendering search results: a readable listing for people, JSON for scripts
// (schemas/search-result.schema.json).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string_view>

#include "searcher/search.h"

namespace morgue {

/// Settings for render_text().
struct TextOutputOptions {
  bool color = false;  ///< ANSI highlighting of matches; only for a terminal
};

/// Writes the people-facing listing: a count line, then per hit its rank, title, a line of
/// outlet · date · id · score, and the snippet.
void render_text(const SearchResult& result, std::ostream& out, const TextOutputOptions& options);

/// One hit of the listing, numbered `number`: title (after "[tag] " when a tag is given),
/// a line of outlet | date | id | score, the snippet, and the copies folded under it.
void render_text_hit(const Hit& hit, std::size_t number, std::ostream& out,
                     const TextOutputOptions& options, std::string_view tag = {});

/// One hit as the JSON output's `hits` hold it.
[[nodiscard]] nlohmann::ordered_json hit_json(const Hit& hit);

/// Writes one JSON object and a newline. Snippet highlight offsets are in Unicode code points.
void render_json(const SearchResult& result, std::ostream& out);

}  // namespace morgue
