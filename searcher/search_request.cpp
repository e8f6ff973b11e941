#include "searcher/search_request.h"

#include <string>
#include <tuple>
#include <utility>

namespace morgue {

void check_paging(long long limit, long long offset) {
  // Xapian counts matches in 32 bits: larger values would wrap (hits labelled from 2^32 + 1,
  // or none at all).
  for (const auto& [name, value, most] :
       {std::tuple{"limit", limit, kMaxLimit}, std::tuple{"offset", offset, kMaxOffset}}) {
    if (value < 0 || value > most) {
      throw InvalidRequest(std::string("--") + name + " must be between 0 and " +
                           std::to_string(most) + ", not " + std::to_string(value));
    }
  }
}

SearchOptions to_search_options(const SearchRequest& r, const std::string& db) {
  if (r.sort != "relevance" && r.sort != "date" && r.sort != "oldest") {
    throw InvalidRequest("--sort must be relevance, date or oldest, not '" + r.sort + "'");
  }
  check_paging(r.limit, r.offset);
  if (!(r.time_limit >= 0 && r.time_limit <= 3600)) {
    throw InvalidRequest("--time-limit must be between 0 (none) and 3600 seconds");
  }
  if (r.max_wildcard_terms < 1 || r.max_wildcard_terms > 10'000'000) {
    throw InvalidRequest("--max-wildcard-terms must be between 1 and 10000000, not " +
                         std::to_string(r.max_wildcard_terms));
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
  // Written so that NaN fails each test too.
  const double proximity = options.proximity_boost.value_or(0);
  if (!(options.bm25_k1 >= 0 && options.bm25_k1 <= 1000) ||
      !(options.bm25_b >= 0 && options.bm25_b <= 1) || !(proximity >= 0 && proximity <= 1000)) {
    throw InvalidRequest(
        "--bm25-k1 and --proximity-boost must be between 0 and 1000, --bm25-b between 0 and 1");
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
  if (r.time_limit > 0) {
    options.deadline = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(r.time_limit));
    options.time_limit = r.time_limit;
  }
  options.max_wildcard_terms = static_cast<Xapian::termcount>(r.max_wildcard_terms);
  if (!r.like.empty()) options.like = r.like;
  options.sort = r.sort == "date"     ? SortOrder::kDate
                 : r.sort == "oldest" ? SortOrder::kOldest
                                      : SortOrder::kRelevance;
  return options;
}

}  // namespace morgue
