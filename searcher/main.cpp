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

}  // namespace

int main(int argc, char** argv) {
  morgue::cli::exit_cleanly_on_terminate("morgue-search", kExitError);
  morgue::cli::CommonOptions common;
  morgue::SearchOptions options;
  std::vector<std::string> words;
  std::string sort = "relevance";
  std::string color = "auto";
  std::string facets, from, to;
  bool json = false;
  bool no_collapse = false;
  double proximity = -1;  // not given: the default for the operator
  // Signed, so that "-n -3" is refused instead of wrapping to 2^64 - 3.
  long long limit = 10, offset = 0;
  std::string like;

  po::options_description visible("Options", morgue::cli::kHelpWidth);
  morgue::cli::add_common_options(visible, common);
  // clang-format off
  visible.add_options()
      ("limit,n", po::value(&limit)->value_name("N")->default_value(10),
       "number of hits to show")
      ("offset", po::value(&offset)->value_name("N")->default_value(0),
       "skip the first N hits (paging)")
      ("sort", po::value(&sort)->value_name("ORDER")->default_value("relevance"),
       "relevance | date (newest first) | oldest (oldest first)")
      ("any", po::bool_switch(&options.match_any), "match articles with any of the words")
      ("facets", po::value(&facets)->value_name("LIST"),
       "count over all matches: outlet, person, org, place, date; NAME:N for the top N, "
       "date:day|month|year for the histogram (e.g. person:5,date:month)")
      ("from", po::value(&from)->value_name("DATE"), "published on or after DATE (YYYY[-MM[-DD]])")
      ("to", po::value(&to)->value_name("DATE"), "published on or before DATE (YYYY[-MM[-DD]])")
      ("no-collapse", po::bool_switch(&no_collapse),
       "show every copy of a story (default: one per near-duplicate cluster, the others listed "
       "under it)")
      ("like", po::value(&like)->value_name("ID"),
       "articles most like article ID (its own copies excluded); QUERY, if any, filters them")
      ("bm25-k1", po::value(&options.bm25_k1)->value_name("X")
                      ->default_value(options.bm25_k1, morgue::cli::shortest(options.bm25_k1)),
       "ranking: BM25 term-frequency saturation")
      ("bm25-b", po::value(&options.bm25_b)->value_name("X")
                     ->default_value(options.bm25_b, morgue::cli::shortest(options.bm25_b)),
       "ranking: BM25 document-length normalisation (0-1)")
      ("proximity-boost", po::value(&proximity)->value_name("X"),
       "ranking: extra weight for plain words found near each other (0 = off; default 0.3 "
       "with --any, else 0)")
      ("json", po::bool_switch(&json), "one JSON object (schemas/search-result.schema.json)")
      ("color", po::value(&color)->value_name("WHEN")->default_value("auto"),
       "highlight matches: auto (on a terminal) | always | never");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("query", po::value(&words));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);

  try {
    po::variables_map vm;
    const po::parsed_options parsed = po::command_line_parser(argc, argv)
                                          .options(all)
                                          .positional(positional)
                                          .allow_unregistered()
                                          .run();
    po::store(parsed, vm);
    po::notify(vm);
    // A query word with a minus sign (-putin, -outlet:"USA TODAY") is no option but part of
    // the query, in its place among the other words; an unknown --option or -x is an error.
    words.clear();
    for (const po::option& o : parsed.options) {
      if (o.unregistered) {
        const std::string& token = o.original_tokens.front();
        const bool short_option =
            token.size() == 2 && std::isalpha(static_cast<unsigned char>(token[1]));
        if (token.starts_with("--") || short_option) throw po::unknown_option(token);
        words.push_back(token);
      } else if (o.position_key != -1) {
        words.insert(words.end(), o.value.begin(), o.value.end());
      }
    }
  } catch (const po::error& e) {
    std::cerr << "morgue-search: error: " << morgue::printable(e.what())
              << "\n(see morgue-search --help)\n";
    return morgue::cli::kExitUsage;
  }
  if (common.help) {
    std::cout << kUsage << '\n' << visible << kExitStatuses;
    return kExitHits;
  }
  if (common.version) {
    std::cout << morgue::cli::version_string() << '\n';
    return kExitHits;
  }
  if (common.db.empty()) {
    std::cerr << "morgue-search: error: --db PATH is required\n(see morgue-search --help)\n";
    return morgue::cli::kExitUsage;
  }
  if (sort != "relevance" && sort != "date" && sort != "oldest") {
    std::cerr << "morgue-search: error: --sort must be relevance, date or oldest, not '" << sort
              << "'\n";
    return morgue::cli::kExitUsage;
  }
  if (limit < 0 || offset < 0) {
    std::cerr << "morgue-search: error: --" << (limit < 0 ? "limit" : "offset")
              << " must be 0 or more, not " << (limit < 0 ? limit : offset) << '\n';
    return morgue::cli::kExitUsage;
  }
  options.limit = static_cast<std::size_t>(limit);
  options.offset = static_cast<std::size_t>(offset);
  if (color != "auto" && color != "always" && color != "never") {
    std::cerr << "morgue-search: error: --color must be auto, always or never\n";
    return morgue::cli::kExitUsage;
  }
  try {
    if (!facets.empty()) options.facets = morgue::parse_facet_spec(facets);
  } catch (const std::invalid_argument& e) {
    std::cerr << "morgue-search: error: --facets: " << morgue::printable(e.what()) << '\n';
    return morgue::cli::kExitUsage;
  }
  for (auto [text, target, end] :
       {std::tuple{&from, &options.from, false}, std::tuple{&to, &options.to, true}}) {
    if (text->empty()) continue;
    *target = morgue::parse_date_bound(*text, end);
    if (!*target) {
      std::cerr << "morgue-search: error: --" << (end ? "to" : "from") << " '" << *text
                << "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n";
      return morgue::cli::kExitUsage;
    }
  }
  if (proximity != -1) options.proximity_boost = proximity;
  if (options.bm25_k1 < 0 || options.bm25_b < 0 || options.bm25_b > 1 ||
      options.proximity_boost.value_or(0) < 0) {
    std::cerr << "morgue-search: error: --bm25-k1 and --proximity-boost must be at least 0, "
                 "--bm25-b between 0 and 1\n";
    return morgue::cli::kExitUsage;
  }
  options.db = common.db;
  options.collapse = !no_collapse;
  if (!like.empty()) options.like = like;
  options.sort = sort == "date"     ? morgue::SortOrder::kDate
                 : sort == "oldest" ? morgue::SortOrder::kOldest
                                    : morgue::SortOrder::kRelevance;
  for (const std::string& w : words) {
    if (!options.query.empty()) options.query += ' ';
    options.query += w;
  }

  try {
    const morgue::SearchResult result = morgue::search(options);
    for (const std::string& w : result.warnings) {
      std::cerr << "morgue-search: warning: " << morgue::printable(w) << '\n';
    }
    if (json) {
      morgue::render_json(result, std::cout);
    } else {
      const bool tty = isatty(STDOUT_FILENO) != 0;
      morgue::render_text(result, std::cout,
                          {.color = color == "always" || (color == "auto" && tty)});
    }
    std::cout.flush();
    return result.total > 0 ? kExitHits : kExitNoHits;
  } catch (const morgue::IndexUnavailable& e) {
    std::cerr << "morgue-search: error: " << morgue::printable(e.what()) << '\n';
  } catch (const morgue::QueryError& e) {
    std::cerr << "morgue-search: error: " << morgue::printable(e.what()) << '\n';
  } catch (const Xapian::Error& e) {
    std::cerr << "morgue-search: error: " << morgue::printable(e.get_description()) << '\n';
  } catch (const std::bad_alloc&) {
    std::cerr << "morgue-search: error: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "morgue-search: error: " << morgue::printable(e.what()) << '\n';
  }
  return kExitError;
}
