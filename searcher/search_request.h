// A search as a person or a script asks for it: the parameters as typed, on a command line
// or in a URL, and their one translation into SearchOptions, so that morgue-search and
// morgue-serve accept and refuse exactly the same requests.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "searcher/search.h"

namespace morgue {

/// A parameter out of range or malformed. what() is one line naming it, as the CLI prints it
/// after "morgue-search: error: " and the server in a 400 response.
class InvalidRequest : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Largest --limit and --offset (and `limit`, `offset` URL parameters) accepted.
inline constexpr long long kMaxLimit = 1'000'000;
inline constexpr long long kMaxOffset = 1'000'000'000;

/// The parameters as typed. Defaults are morgue-search's.
struct SearchRequest {
  std::string query;
  bool any = false;
  // Signed, so that "-3" is refused instead of wrapping to 2^64 - 3.
  long long limit = 10;
  long long offset = 0;
  std::string sort = "relevance";  ///< relevance | date | oldest
  std::string from, to;            ///< YYYY[-MM[-DD]], empty: open
  std::string facets;              ///< parse_facet_spec() syntax, empty: none
  std::string like;                ///< an article id, empty: none
  bool collapse = true;
  double bm25_k1 = SearchOptions{}.bm25_k1;
  double bm25_b = SearchOptions{}.bm25_b;
  std::optional<double> proximity_boost;  ///< nullopt: the default for the operator
  // Signed for the same reason as limit.
  long long feedback_docs = SearchOptions{}.feedback_docs;
  long long feedback_terms = SearchOptions{}.feedback_terms;
  double feedback_weight = SearchOptions{}.feedback_weight;
  long long feedback_min_terms = static_cast<long long>(SearchOptions{}.feedback_min_terms);
  /// Seconds a search may take before it is stopped with SearchTimeout; 0: no limit.
  double time_limit = kDefaultTimeLimit;
  /// How many words the query's wildcards may expand to, all together.
  long long max_wildcard_terms = SearchOptions{}.max_wildcard_terms;
};

/// Throws InvalidRequest when `limit` or `offset` lies outside 0..kMaxLimit / kMaxOffset.
void check_paging(long long limit, long long offset);

/// `request` as SearchOptions over index `db`. Throws InvalidRequest.
[[nodiscard]] SearchOptions to_search_options(const SearchRequest& request, const std::string& db);

}  // namespace morgue
