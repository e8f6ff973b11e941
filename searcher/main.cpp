// morgue-search: ranked queries against a morgue index.
#include <unistd.h>
#include <xapian.h>

#include <cctype>
#include <iostream>
#include <new>
#include <tuple>

#include "common/cli/cli.h"
#include "common/index/index_db.h"
#include "common/text/printable.h"
#include "searcher/present/output.h"
#include "searcher/search.h"

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
    "  1  nothing matched\n"
    "  2  error (bad usage, missing or incompatible index, malformed query)\n";

// Everything the command line says, as typed.
struct Arguments {
  morgue::cli::CommonOptions common;
  morgue::SearchOptions options;  // the options bound directly
  std::vector<std::string> words;
  std::string sort = "relevance";
  std::string color = "auto";
  std::string facets, from, to, like;
  bool json = false;
  bool no_collapse = false;
  double proximity = -1;  // not given: the default for the operator
  // Signed, so that "-n -3" is refused instead of wrapping to 2^64 - 3.
  long long limit = 10, offset = 0;
};

// The options --help lists, bound to `a`.
po::options_description visible_options(Arguments& a) {
  po::options_description visible("Options", morgue::cli::kHelpWidth);
  morgue::cli::add_common_options(visible, a.common);
  // clang-format off
  visible.add_options()
      ("limit,n", po::value(&a.limit)->value_name("N")->default_value(10),
       "number of hits to show")
      ("offset", po::value(&a.offset)->value_name("N")->default_value(0),
       "skip the first N hits (paging)")
      ("sort", po::value(&a.sort)->value_name("ORDER")->default_value("relevance"),
       "relevance | date (newest first) | oldest (oldest first)")
      ("any", po::bool_switch(&a.options.match_any), "match articles with any of the words")
      ("facets", po::value(&a.facets)->value_name("LIST"),
       "count over all matches: outlet, person, org, place, date; NAME:N for the top N, "
       "date:day|month|year for the histogram (e.g. person:5,date:month)")
      ("from", po::value(&a.from)->value_name("DATE"), "published on or after DATE (YYYY[-MM[-DD]])")
      ("to", po::value(&a.to)->value_name("DATE"), "published on or before DATE (YYYY[-MM[-DD]])")
      ("no-collapse", po::bool_switch(&a.no_collapse),
       "show every copy of a story (default: one per near-duplicate cluster, the others listed "
       "under it)")
      ("like", po::value(&a.like)->value_name("ID"),
       "articles most like article ID (its own copies excluded); QUERY, if any, filters them")
      ("bm25-k1", po::value(&a.options.bm25_k1)->value_name("X")
                      ->default_value(a.options.bm25_k1, morgue::cli::shortest(a.options.bm25_k1)),
       "ranking: BM25 term-frequency saturation")
      ("bm25-b", po::value(&a.options.bm25_b)->value_name("X")
                     ->default_value(a.options.bm25_b, morgue::cli::shortest(a.options.bm25_b)),
       "ranking: BM25 document-length normalisation (0-1)")
      ("proximity-boost", po::value(&a.proximity)->value_name("X"),
       "ranking: extra weight for plain words found near each other (0 = off; default 0.3 "
       "with --any, else 0)")
      ("json", po::bool_switch(&a.json), "one JSON object (schemas/search-result.schema.json)")
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
  if (a.sort != "relevance" && a.sort != "date" && a.sort != "oldest") {
    throw UsageError("--sort must be relevance, date or oldest, not '" + a.sort + "'");
  }
  if (a.limit < 0 || a.offset < 0) {
    throw UsageError(std::string("--") + (a.limit < 0 ? "limit" : "offset") +
                     " must be 0 or more, not " + std::to_string(a.limit < 0 ? a.limit : a.offset));
  }
  morgue::SearchOptions options = a.options;
  options.limit = static_cast<std::size_t>(a.limit);
  options.offset = static_cast<std::size_t>(a.offset);
  if (a.color != "auto" && a.color != "always" && a.color != "never") {
    throw UsageError("--color must be auto, always or never");
  }
  try {
    if (!a.facets.empty()) options.facets = morgue::parse_facet_spec(a.facets);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--facets: ") + e.what());
  }
  for (auto [text, target, end] :
       {std::tuple{&a.from, &options.from, false}, std::tuple{&a.to, &options.to, true}}) {
    if (text->empty()) continue;
    *target = morgue::parse_date_bound(*text, end);
    if (!*target) {
      throw UsageError(std::string("--") + (end ? "to" : "from") + " '" + *text +
                       "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    }
  }
  if (a.proximity != -1) options.proximity_boost = a.proximity;
  if (options.bm25_k1 < 0 || options.bm25_b < 0 || options.bm25_b > 1 ||
      options.proximity_boost.value_or(0) < 0) {
    throw UsageError(
        "--bm25-k1 and --proximity-boost must be at least 0, --bm25-b between 0 and 1");
  }
  options.db = a.common.db;
  options.collapse = !a.no_collapse;
  if (!a.like.empty()) options.like = a.like;
  options.sort = a.sort == "date"     ? morgue::SortOrder::kDate
                 : a.sort == "oldest" ? morgue::SortOrder::kOldest
                                      : morgue::SortOrder::kRelevance;
  for (const std::string& w : a.words) {
    if (!options.query.empty()) options.query += ' ';
    options.query += w;
  }
  return options;
}

// Runs the query and prints the result; returns the exit status (kExitStatuses).
int run(const morgue::SearchOptions& options, const Arguments& a) {
  try {
    const morgue::SearchResult result = morgue::search(options);
    for (const std::string& w : result.warnings) {
      std::cerr << "morgue-search: warning: " << morgue::printable(w) << '\n';
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
      [&] { parse(argc, argv, visible, args); }, [&] { return run(search_options(args), args); });
}
