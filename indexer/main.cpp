// morgue-index: builds or updates a morgue index from article sources.
#include <xapian.h>

#include <iostream>

#include "common/cli.h"
#include "common/index_db.h"
#include "indexer/index_builder.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitRejected = 1;
constexpr int kExitFatal = 2;
constexpr int kExitLocked = 75;  // EX_TEMPFAIL: another writer holds the index

constexpr const char* kUsage =
    "Usage: morgue-index --db PATH [options] SOURCE...\n"
    "\n"
    "Indexes news articles into a morgue index (created when absent). Each SOURCE is a\n"
    "directory (walked recursively; its manifest.jsonl gives per-file metadata), a .txt\n"
    "article, or a .jsonl / .jsonl.gz file of article records. Re-running updates the index\n"
    "in place: unchanged articles are not rewritten, none is ever duplicated.\n";

constexpr const char* kExitStatuses =
    "\nExit status:\n"
    "  0   every input indexed\n"
    "  1   finished, but some inputs were rejected (listed on stderr)\n"
    "  2   fatal error (bad usage, unusable index, write failure)\n"
    "  75  another morgue-index is writing this index; try again later\n";

}  // namespace

int main(int argc, char** argv) {
  morgue::cli::CommonOptions common;
  morgue::IndexOptions options;
  std::vector<std::string> sources;
  std::string manifest, aliases, outlet_map;
  bool quiet = false;

  po::options_description visible("Options");
  morgue::cli::add_common_options(visible, common);
  // clang-format off
  visible.add_options()
      ("manifest", po::value(&manifest)->value_name("FILE"),
       "extra manifest.jsonl; its \"file\" paths are relative to its directory")
      ("aliases", po::value(&aliases)->value_name("FILE"),
       "entity alias file (JSONL, schemas/aliases.schema.json); replaces the index's")
      ("outlet-map", po::value(&outlet_map)->value_name("FILE"),
       "extra URL domain -> outlet map (schemas/outlets.json format)")
      ("batch-size", po::value(&options.batch_size)->value_name("N")->default_value(1000),
       "articles per commit")
      ("follow-symlinks", po::bool_switch(&options.read.follow_symlinks),
       "follow symbolic links to directories")
      ("quiet,q", po::bool_switch(&quiet), "no summary line; problems are still reported");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("source", po::value(&sources));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("source", -1);

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "morgue-index: error: " << e.what() << "\n(see morgue-index --help)\n";
    return morgue::cli::kExitUsage;
  }
  if (common.help) {
    std::cout << kUsage << '\n' << visible << kExitStatuses;
    return kExitOk;
  }
  if (common.version) {
    std::cout << morgue::cli::version_string() << '\n';
    return kExitOk;
  }
  if (common.db.empty() || sources.empty()) {
    std::cerr << "morgue-index: error: " << (common.db.empty() ? "--db PATH" : "a SOURCE")
              << " is required\n(see morgue-index --help)\n";
    return morgue::cli::kExitUsage;
  }
  if (options.batch_size == 0) {
    std::cerr << "morgue-index: error: --batch-size must be at least 1\n";
    return morgue::cli::kExitUsage;
  }
  options.db = common.db;
  options.sources.assign(sources.begin(), sources.end());
  if (!manifest.empty()) options.read.manifest = manifest;
  if (!aliases.empty()) options.aliases = aliases;
  if (!outlet_map.empty()) options.outlet_map = outlet_map;
  options.read.verbose = common.verbose;

  morgue::Diagnostics diag(&std::cerr);
  try {
    const morgue::IndexStats stats = morgue::build_index(options, diag);
    if (!quiet) std::cerr << "morgue-index: " << morgue::format_summary(stats) << '\n';
    return stats.errors > 0 ? kExitRejected : kExitOk;
  } catch (const Xapian::DatabaseLockError&) {
    std::cerr << "morgue-index: error: " << common.db
              << " is locked by another morgue-index; try again later\n";
    return kExitLocked;
  } catch (const morgue::IndexUnavailable& e) {
    std::cerr << "morgue-index: error: " << e.what() << '\n';
    return kExitFatal;
  } catch (const Xapian::Error& e) {
    std::cerr << "morgue-index: error: " << e.get_description()
              << " (the index keeps its last committed state)\n";
    return kExitFatal;
  } catch (const std::exception& e) {
    std::cerr << "morgue-index: error: " << e.what() << '\n';
    return kExitFatal;
  }
}
