// The pages morgue-serve shows reporters: the search page, results with facets and a date
// chart, one article. Server-rendered HTML, no script; every string from an article, a
// query or the index is escaped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/index/date.h"
#include "searcher/present/archive_overview.h"
#include "searcher/present/article_view.h"
#include "searcher/present/entity_profile.h"
#include "searcher/search.h"
#include "searcher/search_request.h"

namespace morgue::html {

/// `text` safe in HTML text and in double-quoted attribute values.
[[nodiscard]] std::string escape(std::string_view text);

/// The empty search page: a query box and the syntax in brief.
[[nodiscard]] std::string search_page();

/// The front page: what the archive holds (articles, stories, dates, when it last changed:
/// `changed_at`, as written), the last run's stories, the archive by month, the most
/// mentioned people, organizations and places of its own last 7 and 30 days, each linking to
/// its page; then the query syntax in brief.
[[nodiscard]] std::string front_page(const ArchiveOverview& overview, std::string_view changed_at);

/// The pages' style sheet (served as /style.css).
[[nodiscard]] std::string_view style_sheet();

/// What the whole archive spans, for the page's date controls; none when no article is dated
/// (the page then shows no dates at all).
using ArchiveDates = morgue::ArchiveDates;

/// A way out of a search that found nothing: the same search less one filter, or with any of
/// its words, and what that would find.
struct Relaxation {
  std::string label;        ///< "without person:\"Orban\"", "any of the words"
  SearchRequest request;    ///< the search it links to
  std::size_t results = 0;  ///< what it finds (articles)
};

/// Each filter typed in `request`'s query with the request that drops it ("person:Orban" ->
/// the query without it), in the order typed.
[[nodiscard]] std::vector<std::pair<std::string, SearchRequest>> removable_filters(
    const SearchRequest& request);

/// A results page for `request` (as the reader asked: the links keep its other parameters):
/// the search's state as controls (sort, a date range with presets), "1-10 of N", numbered
/// pages, the hits, the facets.
[[nodiscard]] std::string results_page(const SearchRequest& request, const SearchResult& result,
                                       const ArchiveDates& archive = {},
                                       const std::vector<Relaxation>& relaxations = {});

/// The site's icon (served as /favicon.svg and /favicon.ico), SVG.
[[nodiscard]] std::string_view favicon();

/// An error page (a malformed query, an unknown article, the index unavailable), with the
/// query box still there.
/// The query a saved search needs to find what the page's search finds: the query, and its
/// date range (the page's from/to) as a date: filter.
[[nodiscard]] std::string saved_search_query(const SearchRequest& request);

/// The "save this search" page: the saved-search line (schemas/saved-search.schema.json) to
/// copy into morgue-alert's file, named after the query.
[[nodiscard]] std::string save_page(const SearchRequest& request);

[[nodiscard]] std::string error_page(const SearchRequest& request, std::string_view message);

/// One article.
[[nodiscard]] std::string article_page(const ArticleView& view);

/// One person's, organization's or place's page (/people/NAME, /orgs/NAME, /places/NAME).
[[nodiscard]] std::string entity_page(const EntityProfile& profile);

/// The OpenSearch description for a server reachable at `base_url` ("http://host:port").
[[nodiscard]] std::string opensearch_description(std::string_view base_url);

}  // namespace morgue::html
