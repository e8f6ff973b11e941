// morgue-index: builds or updates a morgue index from article sources.
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <new>

#include "common/cli/cli.h"
#include "common/index/index_db.h"
#include "common/text/printable.h"
#include "indexer/index_builder.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitRejected = 1;
constexpr int kExitFatal = 2;
constexpr int kExitMassDelete = 3;
constexpr int kExitLocked = 75;  // EX_TEMPFAIL: another writer holds the index

constexpr const char* kUsage =
    "Usage: morgue-index --db PATH [options] SOURCE...\n"
    "\n"
    "Indexes news articles into a morgue index (created when absent). Each SOURCE is a\n"
    "directory (walked recursively; its manifest.jsonl gives per-file metadata), a .txt\n"
    "article, or a .jsonl / .jsonl.gz file of article records. Re-running updates the index\n"
    "in place: new and changed articles are written (change is detected by content), none is\n"
    "ever duplicated, and articles a SOURCE no longer yields are deleted. Searches may run\n"
    "meanwhile; a killed run loses at most its last uncommitted batch.\n";

constexpr const char* kExitStatuses =
    "\nExit status:\n"
    "  0   every input indexed\n"
    "  1   finished, but some inputs were rejected (listed on stderr)\n"
    "  2   fatal error (bad usage, unusable index, write failure)\n"
    "  3   refused: the run would delete more than --max-delete-share of the index;\n"
    "      nothing was deleted (new and changed articles were still written)\n"
    "  75  another morgue-index is writing this index; try again later\n";

}  // namespace

int main(int argc, char** argv) {
  morgue::cli::exit_cleanly_on_terminate("morgue-index", kExitFatal);
  morgue::cli::CommonOptions common;
  morgue::IndexOptions options;
  std::vector<std::string> sources;
  std::string manifest, aliases, outlet_map;
  bool quiet = false;
  double max_delete_percent = 20;
  int wait_seconds = 0;

  po::options_description visible("Options", morgue::cli::kHelpWidth);
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
      ("title-weight", po::value(&options.analyzer.title_weight)->value_name("N")
           ->default_value(options.analyzer.title_weight),
       "how many body occurrences one headline word counts as in ranking (a change re-indexes "
       "every article)")
      ("duplicate-threshold", po::value(&options.duplicate_threshold)->value_name("X")
           ->default_value(options.duplicate_threshold,
                           morgue::cli::shortest(options.duplicate_threshold)),
       "shingle similarity (0-1) from which an article counts as a copy of an indexed one "
       "(wire stories republished); applies to articles written from now on")
      ("follow-symlinks", po::bool_switch(&options.read.follow_symlinks),
       "follow symbolic links inside source directories (default: report and skip them)")
      ("max-article-size", po::value(&options.read.max_article_bytes)->value_name("BYTES")
           ->default_value(options.read.max_article_bytes),
       "index and store at most this much of an article's text (the rest is cut, with a warning)")
      ("max-file-size", po::value(&options.read.max_file_bytes)->value_name("BYTES")
           ->default_value(options.read.max_file_bytes),
       "reject .txt files larger than this")
      ("shards", po::value(&options.shards)->value_name("N"),
       "write N shard databases in parallel, one writing thread each (a different count than the "
       "index has rebuilds it); searches see them as one")
      ("threads", po::value(&options.threads)->value_name("N"),
       "analyse articles on N threads (default: one per core); each shard has its own "
       "writing thread besides")
      ("rebuild", po::bool_switch(&options.rebuild),
       "build a new generation from the sources alone and switch to it when done")
      ("compact", po::bool_switch(&options.compact),
       "compact the index afterwards (into a new generation; searches go on)")
      ("max-delete-share", po::value(&max_delete_percent)->value_name("PERCENT")->default_value(20),
       "refuse to delete more than this share of the index in one run")
      ("allow-mass-delete", po::bool_switch(&options.allow_mass_delete),
       "delete however many articles the sources no longer yield")
      ("wait", po::value(&wait_seconds)->value_name("SECONDS")->implicit_value(-1),
       "wait for another morgue-index to finish (forever, or up to SECONDS) instead of "
       "exiting with status 75")
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
    std::cerr << "morgue-index: error: " << morgue::printable(e.what())
              << "\n(see morgue-index --help)\n";
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
  if (options.shards > 64) {
    std::cerr << "morgue-index: error: --shards must be between 1 and 64\n";
    return morgue::cli::kExitUsage;
  }
  if (options.threads > 256) {
    std::cerr << "morgue-index: error: --threads must be between 1 and 256\n";
    return morgue::cli::kExitUsage;
  }
  if (options.analyzer.title_weight == 0) {
    std::cerr << "morgue-index: error: --title-weight must be at least 1\n";
    return morgue::cli::kExitUsage;
  }
  if (!(options.duplicate_threshold > 0 && options.duplicate_threshold <= 1)) {
    std::cerr << "morgue-index: error: --duplicate-threshold must be above 0 and at most 1\n";
    return morgue::cli::kExitUsage;
  }
  options.db = common.db;
  options.sources.assign(sources.begin(), sources.end());
  if (!manifest.empty()) options.read.manifest = manifest;
  if (!aliases.empty()) options.aliases = aliases;
  if (!outlet_map.empty()) options.outlet_map = outlet_map;
  options.read.verbose = common.verbose;
  if (max_delete_percent < 0 || max_delete_percent > 100) {
    std::cerr << "morgue-index: error: --max-delete-share must be between 0 and 100\n";
    return morgue::cli::kExitUsage;
  }
  options.max_delete_share = max_delete_percent / 100;
  if (wait_seconds != 0) options.wait = std::chrono::seconds(wait_seconds);
  const bool progress = !quiet && isatty(STDERR_FILENO) != 0;
  if (progress) {
    options.progress = [](const morgue::IndexStats& s) {
      std::fprintf(stderr, "\r\x1b[Kmorgue-index: %zu written, %zu unchanged, %.0f/s",
                   s.added + s.updated, s.unchanged,
                   s.seconds > 0 ? double(s.added + s.updated + s.unchanged) / s.seconds : 0.0);
    };
  }
  const auto end_progress = [&] {
    if (progress) std::fputs("\r\x1b[K", stderr);
  };

  // A full disk or a file-size limit must be a write error Xapian reports (and the last
  // commit survives), not a signal that kills the process.
  std::signal(SIGXFSZ, SIG_IGN);
  morgue::Diagnostics diag(&std::cerr);
  try {
    const morgue::IndexStats stats = morgue::build_index(options, diag);
    end_progress();
    if (!quiet) std::cerr << "morgue-index: " << morgue::format_summary(stats) << '\n';
    return stats.errors > 0 ? kExitRejected : kExitOk;
  } catch (const morgue::MassDeletionRefused& e) {
    end_progress();
    std::cerr << "morgue-index: error: " << morgue::printable(e.what()) << '\n';
    if (!quiet) std::cerr << "morgue-index: " << morgue::format_summary(e.stats()) << '\n';
    return kExitMassDelete;
  } catch (const morgue::IndexLocked& e) {
    std::cerr << "morgue-index: error: " << morgue::printable(e.what()) << "; try again later\n";
    return kExitLocked;
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian reports a lock file it may not create (permissions, a read-only disk) as a lock
    // error too, with the system's reason; only a lock held by another process is "try later".
    if (e.get_error_string() != nullptr && *e.get_error_string() != '\0') {
      std::cerr << "morgue-index: error: cannot lock " << morgue::printable(common.db) << ": "
                << morgue::printable(e.get_description()) << '\n';
      return kExitFatal;
    }
    std::cerr << "morgue-index: error: " << morgue::printable(common.db)
              << " is locked by another writer; try again later\n";
    return kExitLocked;
  } catch (const morgue::IndexUnavailable& e) {
    std::cerr << "morgue-index: error: " << morgue::printable(e.what()) << '\n';
    return kExitFatal;
  } catch (const Xapian::Error& e) {
    std::cerr << "morgue-index: error: " << morgue::printable(e.get_description())
              << " (the index keeps its last committed state)\n";
    return kExitFatal;
  } catch (const std::bad_alloc&) {
    std::cerr << "morgue-index: error: out of memory (the index keeps its last committed state)\n";
    return kExitFatal;
  } catch (const std::exception& e) {
    std::cerr << "morgue-index: error: " << morgue::printable(e.what()) << '\n';
    return kExitFatal;
  }
}
