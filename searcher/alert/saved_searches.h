// The saved-search file morgue-alert reads (schemas/saved-search.schema.json): one search per
// line, {"name": "orban", "query": "Orban"}, blank lines and # comments allowed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

/// One saved search, as its line gives it.
struct SavedSearch {
  std::string name;   ///< unique in the file; the alert's name and its state's key
  std::string query;  ///< any morgue-search query, filters included
  bool any = false;   ///< "any": true: match articles with any of the words (--any)
  std::size_t line = 0;
};

/// A line that is no saved search, and why ("name" is empty when the line gave none).
struct SavedSearchError {
  std::size_t line = 0;
  std::string name;
  std::string message;
};

/// What a saved-search file holds: the searches to run, and the lines that are not.
struct SavedSearches {
  std::vector<SavedSearch> searches;
  std::vector<SavedSearchError> errors;
};

/// Reads saved searches from `text`. A line that is not a JSON object with a non-empty
/// string "name" and a string "query" (and a boolean "any", if any) is an error, as is a name
/// used before; the other lines still count.
[[nodiscard]] SavedSearches parse_saved_searches(std::string_view text);

/// parse_saved_searches() of a file. Throws std::runtime_error naming it when it cannot be
/// read.
[[nodiscard]] SavedSearches load_saved_searches(const std::filesystem::path& file);

/// The line that saves `query` as `name` ("any" only when set), as the file holds it.
[[nodiscard]] std::string saved_search_line(std::string_view name, std::string_view query,
                                            bool any = false);

}  // namespace morgue
