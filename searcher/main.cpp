// morgue-search: ranked queries against a morgue index.
#include <unistd.h>
#include <xapian.h>

#include <cctype>
#include <iostream>
#include <new>
#include <tuple>

#include "common/cli/cli.h"
#include "common/index/index_db.h"
#include "common/text/log.h"
#include "common/text/printable.h"
#include "searcher/present/article_view.h"
#include "searcher/present/output.h"
#include "searcher/search.h"
#include "searcher/search_request.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitHits = 0;
constexpr int kExitNoHits = 1;
constexpr int kExitError = 2;

constexpr const char* kUsage =
    "Usage: morgue-search --db PATH [options] QUERY...\n"
    "\n"
    "Searches a morgue index; results are ranked by BM25. Words are all required\n"
    "(--any: at least one). Case, accents and curly quotes never matter.\n"
    "  \"exact phrase\"   AND  OR  NOT  -word  +word  (grouping)\n"
    "  word NEAR word   ukrain*          title:word  title:\"a phrase\"\n"
    "Filters: outlet:\"CBC News\"  date:2022  date:2022-02  date:2022-02-01..2022-02-28\n"
    "  date:..2022-02-10  person:Orban  org:NATO  place:Kyiv  entity:Lavrov\n"
    "  (person:/org:/place:/entity: accept any spelling; several are all required)\n"
    "An empty QUERY ('') matches every article. Copies of one story (wire copy\n"
    "republished by several outlets) show as one hit listing the others.\n";

constexpr const char* kExitStatuses =
    "\nExit status:\n"
    "  0  at least one article matched\n"
    "  1  nothing matched (--show: no article with that id)\n"
    "  2  error (bad usage, missing or incompatible index, malformed query)\n";

// Everything the command line says, as typed.
struct Arguments {
  morgue::cli::CommonOptions common;
  morgue::SearchRequest request;  // the search options, bound directly
  std::vector<std::string> words;
  std::string color = "auto";
  std::string show;  // --show ID: one article instead of a search
  bool json = false;
  bool no_collapse = false;
  double proximity = -1;  // not given: the default for the operator
};

// The options --help lists, bound to `a`.
po::options_description visible_options(Arguments& a) {
  po::options_description visible("Options", morgue::cli::kHelpWidth);
  morgue::cli::add_common_options(visible, a.common);
  // clang-format off
  visible.add_options()
      ("limit,n", po::value(&a.request.limit)->value_name("N")->default_value(10),
       "number of hits to show")
      ("offset", po::value(&a.request.offset)->value_name("N")->default_value(0),
       "skip the first N hits (paging)")
      ("sort", po::value(&a.request.sort)->value_name("ORDER")->default_value("relevance"),
       "relevance | date (newest first) | oldest (oldest first)")
      ("any", po::bool_switch(&a.request.any), "match articles with any of the words")
      ("facets", po::value(&a.request.facets)->value_name("LIST"),
       "count over all matches: outlet, section, person, org, place, date; NAME:N for the top N, "
       "date:day|month|year for the histogram (e.g. person:5,date:month)")
      ("from", po::value(&a.request.from)->value_name("DATE"), "published on or after DATE (YYYY[-MM[-DD]])")
      ("to", po::value(&a.request.to)->value_name("DATE"), "published on or before DATE (YYYY[-MM[-DD]])")
      ("no-collapse", po::bool_switch(&a.no_collapse),
       "show every copy of a story (default: one per near-duplicate cluster, the others listed "
       "under it)")
      ("like", po::value(&a.request.like)->value_name("ID"),
       "articles most like article ID (its own copies excluded); QUERY, if any, filters them")
      ("bm25-k1", po::value(&a.request.bm25_k1)->value_name("X")
                      ->default_value(a.request.bm25_k1, morgue::cli::shortest(a.request.bm25_k1)),
       "ranking: BM25 term-frequency saturation")
      ("bm25-b", po::value(&a.request.bm25_b)->value_name("X")
                     ->default_value(a.request.bm25_b, morgue::cli::shortest(a.request.bm25_b)),
       "ranking: BM25 document-length normalisation (0-1)")
      ("proximity-boost", po::value(&a.proximity)->value_name("X"),
       "ranking: extra weight for plain words found near each other (0 = off; default 0.3 "
       "with --any, else 0)")
      ("feedback-docs", po::value(&a.request.feedback_docs)->value_name("N")
                            ->default_value(a.request.feedback_docs),
       "ranking, long questions: expand from the top N stories")
      ("feedback-terms", po::value(&a.request.feedback_terms)->value_name("N")
                             ->default_value(a.request.feedback_terms),
       "ranking, long questions: with up to N of their stems")
      ("feedback-weight", po::value(&a.request.feedback_weight)->value_name("X")
                              ->default_value(a.request.feedback_weight,
                                              morgue::cli::shortest(a.request.feedback_weight)),
       "ranking, long questions: the original query's share of the weight (0-1)")
      ("feedback-min-terms", po::value(&a.request.feedback_min_terms)->value_name("N")
                                 ->default_value(a.request.feedback_min_terms),
       "ranking: expand queries of at least N distinct words that name nothing (stop words "
       "aside; no phrase, NEAR or wildcard; 0 = never)")
      ("time-limit", po::value(&a.request.time_limit)->value_name("SECONDS")
                         ->default_value(a.request.time_limit,
                                         morgue::cli::shortest(a.request.time_limit)),
       "stop a search that takes longer (exit 2; 0 = no limit)")
      ("max-wildcard-terms", po::value(&a.request.max_wildcard_terms)->value_name("N")
                                 ->default_value(a.request.max_wildcard_terms),
       "how many words the query's wildcards may expand to, all together")
      ("show", po::value(&a.show)->value_name("ID"),
       "show article ID instead of searching: headline, outlet, date, URL, entities, copies and "
       "its text")
      ("json", po::bool_switch(&a.json),
       "one JSON object (schemas/search-result.schema.json; with --show, "
       "schemas/article-view.schema.json)")
      ("color", po::value(&a.color)->value_name("WHEN")->default_value("auto"),
       "highlight matches: auto (on a terminal) | always | never");
  // clang-format on
  return visible;
}

void parse(int argc, char** argv, const po::options_description& visible, Arguments& a) {
  po::options_description hidden;
  hidden.add_options()("query", po::value(&a.words));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);
  const po::parsed_options parsed =
      morgue::cli::parse_command_line(argc, argv, all, positional, /*allow_unregistered=*/true);
  // A query word with a minus sign (-putin, -outlet:"USA TODAY") is no option but part of
  // the query, in its place among the other words; an unknown --option or -x is an error.
  a.words.clear();
  for (const po::option& o : parsed.options) {
    if (o.unregistered) {
      const std::string& token = o.original_tokens.front();
      const bool short_option =
          token.size() == 2 && std::isalpha(static_cast<unsigned char>(token[1]));
      if (token.starts_with("--") || short_option) {
        throw morgue::cli::UsageError(po::unknown_option(token).what(), true);
      }
      a.words.push_back(token);
    } else if (o.position_key != -1) {
      a.words.insert(a.words.end(), o.value.begin(), o.value.end());
    }
  }
}

// The query's settings from the arguments; throws UsageError for a value out of range.
morgue::SearchOptions search_options(const Arguments& a) {
  using morgue::cli::UsageError;
  if (a.common.db.empty()) throw UsageError("--db PATH is required", true);
  if (a.color != "auto" && a.color != "always" && a.color != "never") {
    throw UsageError("--color must be auto, always or never");
  }
  morgue::SearchRequest request = a.request;
  for (const std::string& w : a.words) {
    if (!request.query.empty()) request.query += ' ';
    request.query += w;
  }
  request.collapse = !a.no_collapse;
  if (a.proximity != -1) request.proximity_boost = a.proximity;
  try {
    return morgue::to_search_options(request, a.common.db);
  } catch (const morgue::InvalidRequest& e) {
    throw UsageError(e.what());
  }
}

// Shows one article (--show ID); returns the exit status (kExitStatuses).
int show(const Arguments& a) {
  try {
    const auto article = morgue::show_article(a.common.db, a.show);
    if (!article) {
      const std::string why = "no article with id \"" + a.show + "\" in the index";
      morgue::write_log(std::cerr, {"morgue-search", "error", why, {}},
                        "morgue-search: error: " + morgue::printable(why));
      return kExitNoHits;
    }
    if (a.json) {
      morgue::render_article_json(*article, std::cout);
    } else {
      morgue::render_article_text(*article, std::cout);
    }
    std::cout.flush();
    return kExitHits;
  } catch (...) {
    morgue::cli::report_failure("morgue-search");
    return kExitError;
  }
}

// Runs the query and prints the result; returns the exit status (kExitStatuses).
int run(const morgue::SearchOptions& options, const Arguments& a) {
  try {
    const morgue::SearchResult result = morgue::search(options);
    for (const std::string& w : result.warnings) {
      morgue::write_log(std::cerr, {"morgue-search", "warning", w, {}},
                        "morgue-search: warning: " + morgue::printable(w));
    }
    if (a.json) {
      morgue::render_json(result, std::cout);
    } else {
      const bool tty = isatty(STDOUT_FILENO) != 0;
      morgue::render_text(result, std::cout,
                          {.color = a.color == "always" || (a.color == "auto" && tty)});
    }
    std::cout.flush();
    return result.total > 0 ? kExitHits : kExitNoHits;
  } catch (...) {  // a missing index, a malformed query, a read that failed, ...
    morgue::cli::report_failure("morgue-search");
    return kExitError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  morgue::cli::exit_cleanly_on_terminate("morgue-search", kExitError);
  Arguments args;
  const po::options_description visible = visible_options(args);
  return morgue::cli::run_main(
      {"morgue-search", kUsage, kExitStatuses, kExitHits}, args.common, visible,
      [&] { parse(argc, argv, visible, args); },
      [&] { return args.show.empty() ? run(search_options(args), args) : show(args); });
}
