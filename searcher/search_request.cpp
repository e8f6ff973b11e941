#include "searcher/search_request.h"

#include <string>
#include <tuple>
#include <utility>

namespace morgue {

SearchOptions to_search_options(const SearchRequest& r, const std::string& db) {
  if (r.sort != "relevance" && r.sort != "date" && r.sort != "oldest") {
    throw InvalidRequest("--sort must be relevance, date or oldest, not '" + r.sort + "'");
  }
  if (r.limit < 0 || r.offset < 0) {
    throw InvalidRequest(std::string("--") + (r.limit < 0 ? "limit" : "offset") +
                         " must be 0 or more, not " +
                         std::to_string(r.limit < 0 ? r.limit : r.offset));
  }
  SearchOptions options;
  options.db = db;
  options.query = r.query;
  options.match_any = r.any;
  options.limit = static_cast<std::size_t>(r.limit);
  options.offset = static_cast<std::size_t>(r.offset);
  try {
    if (!r.facets.empty()) options.facets = parse_facet_spec(r.facets);
  } catch (const std::invalid_argument& e) {
    throw InvalidRequest(std::string("--facets: ") + e.what());
  }
  for (auto [text, target, end] :
       {std::tuple{&r.from, &options.from, false}, std::tuple{&r.to, &options.to, true}}) {
    if (text->empty()) continue;
    *target = parse_date_bound(*text, end);
    if (!*target) {
      throw InvalidRequest(std::string("--") + (end ? "to" : "from") + " '" + *text +
                           "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    }
  }
  options.bm25_k1 = r.bm25_k1;
  options.bm25_b = r.bm25_b;
  options.proximity_boost = r.proximity_boost;
  if (options.bm25_k1 < 0 || options.bm25_b < 0 || options.bm25_b > 1 ||
      options.proximity_boost.value_or(0) < 0) {
    throw InvalidRequest(
        "--bm25-k1 and --proximity-boost must be at least 0, --bm25-b between 0 and 1");
  }
  for (const auto& [name, value] :
       {std::pair{"docs", r.feedback_docs}, std::pair{"terms", r.feedback_terms},
        std::pair{"min-terms", r.feedback_min_terms}}) {
    if (value < 0 || value > 1000) {
      throw InvalidRequest(std::string("--feedback-") + name + " must be 0 to 1000, not " +
                           std::to_string(value));
    }
  }
  if (!(r.feedback_weight >= 0 && r.feedback_weight <= 1)) {
    throw InvalidRequest("--feedback-weight must be between 0 and 1");
  }
  options.feedback_docs = static_cast<Xapian::doccount>(r.feedback_docs);
  options.feedback_terms = static_cast<Xapian::termcount>(r.feedback_terms);
  options.feedback_weight = r.feedback_weight;
  options.feedback_min_terms = static_cast<std::size_t>(r.feedback_min_terms);
  options.collapse = r.collapse;
  if (!r.like.empty()) options.like = r.like;
  options.sort = r.sort == "date"     ? SortOrder::kDate
                 : r.sort == "oldest" ? SortOrder::kOldest
                                      : SortOrder::kRelevance;
  return options;
}

}  // namespace morgue
