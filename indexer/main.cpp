// morgue-index: builds or updates a morgue index from article sources.
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <new>
#include <sstream>
#include <thread>
#include <tuple>

#include "common/cli/cli.h"
#include "common/index/index_db.h"
#include "common/text/log.h"
#include "common/text/printable.h"
#include "indexer/index_builder.h"
#include "indexer/report/run_metrics.h"

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

// Everything the command line says, as typed.
struct Arguments {
  morgue::cli::CommonOptions common;
  morgue::IndexOptions options;  // the options bound directly
  std::vector<std::string> sources;
  std::string manifest, aliases, outlet_map, metrics_file;
  bool quiet = false;
  double max_delete_percent = 20;
  int wait_seconds = 0;
};

// The options --help lists, bound to `a`.
po::options_description visible_options(Arguments& a) {
  po::options_description visible("Options", morgue::cli::kHelpWidth);
  morgue::cli::add_common_options(visible, a.common);
  // clang-format off
  visible.add_options()
      ("manifest", po::value(&a.manifest)->value_name("FILE"),
       "extra manifest.jsonl; its \"file\" paths are relative to its directory")
      ("aliases", po::value(&a.aliases)->value_name("FILE"),
       "entity alias file (JSONL, schemas/aliases.schema.json); replaces the index's")
      ("outlet-map", po::value(&a.outlet_map)->value_name("FILE"),
       "extra URL domain -> outlet map (schemas/outlets.json format)")
      ("batch-size", po::value(&a.options.batch_size)->value_name("N")->default_value(1000),
       "articles per commit")
      ("title-weight", po::value(&a.options.analyzer.title_weight)->value_name("N")
           ->default_value(a.options.analyzer.title_weight),
       "how many body occurrences one headline word counts as in ranking (a change re-indexes "
       "every article)")
      ("duplicate-threshold", po::value(&a.options.duplicate_threshold)->value_name("X")
           ->default_value(a.options.duplicate_threshold,
                           morgue::cli::shortest(a.options.duplicate_threshold)),
       "shingle similarity (0-1) from which an article counts as a copy of an indexed one "
       "(wire stories republished); applies to articles written from now on")
      ("follow-symlinks", po::bool_switch(&a.options.read.follow_symlinks),
       "follow symbolic links inside source directories (default: report and skip them)")
      ("max-article-size", po::value(&a.options.read.max_article_bytes)->value_name("BYTES")
           ->default_value(a.options.read.max_article_bytes),
       "index and store at most this much of an article's text (the rest is cut, with a warning)")
      ("max-file-size", po::value(&a.options.read.max_file_bytes)->value_name("BYTES")
           ->default_value(a.options.read.max_file_bytes),
       "reject .txt files larger than this")
      ("max-record-size", po::value(&a.options.read.max_record_bytes)->value_name("BYTES")
           ->default_value(a.options.read.max_record_bytes),
       "reject JSONL records (lines) longer than this; memory stays bounded whatever the input")
      ("shards", po::value(&a.options.shards)->value_name("N"),
       "write N shard databases in parallel, one writing thread each (a different count than the "
       "index has rebuilds it); searches see them as one. Default: the index's count; a new "
       "index gets one per core, at most 8")
      ("threads", po::value(&a.options.threads)->value_name("N"),
       "analyse articles on N threads (default: one per core); each shard has its own "
       "writing thread besides")
      ("rebuild", po::bool_switch(&a.options.rebuild),
       "build a new generation from the sources alone and switch to it when done")
      ("compact", po::bool_switch(&a.options.compact),
       "compact the index afterwards (into a new generation; searches go on)")
      ("max-delete-share", po::value(&a.max_delete_percent)->value_name("PERCENT")->default_value(20),
       "refuse to delete more than this share of the index in one run")
      ("allow-mass-delete", po::bool_switch(&a.options.allow_mass_delete),
       "delete however many articles the sources no longer yield")
      ("wait", po::value(&a.wait_seconds)->value_name("SECONDS")->implicit_value(-1),
       "wait for another morgue-index to finish (forever, or up to SECONDS) instead of "
       "exiting with status 75")
      ("metrics-file", po::value(&a.metrics_file)->value_name("FILE"),
       "write the run's outcome as node_exporter textfile metrics to FILE (atomically, through "
       "a new temporary beside it), however the run ends")
      ("quiet,q", po::bool_switch(&a.quiet), "no summary line; problems are still reported");
  // clang-format on
  return visible;
}

void parse(int argc, char** argv, const po::options_description& visible, Arguments& a) {
  po::options_description hidden;
  hidden.add_options()("source", po::value(&a.sources));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("source", -1);
  (void)morgue::cli::parse_command_line(argc, argv, all, positional);
}

// The run's settings from the arguments; throws UsageError for a value out of range.
morgue::IndexOptions index_options(const Arguments& a) {
  using morgue::cli::UsageError;
  if (a.common.db.empty()) throw UsageError("--db PATH is required", true);
  if (a.sources.empty()) throw UsageError("a SOURCE is required", true);
  morgue::IndexOptions options = a.options;
  // Unsigned options read "-1" as 2^64 - 1: every bound is checked, both ends.
  if (options.batch_size == 0 || options.batch_size > 1'000'000) {
    throw UsageError("--batch-size must be between 1 and 1000000");
  }
  for (const auto& [name, value, most] :
       {std::tuple{"--max-article-size", options.read.max_article_bytes, std::size_t{1} << 30},
        std::tuple{"--max-file-size", options.read.max_file_bytes, std::size_t{1} << 32},
        std::tuple{"--max-record-size", options.read.max_record_bytes, std::size_t{1} << 30}}) {
    if (value == 0 || value > most) {
      throw UsageError(std::string(name) + " must be between 1 and " + std::to_string(most) +
                       " bytes");
    }
  }
  if (a.wait_seconds < -1) throw UsageError("--wait must be 0 or more seconds");
  if (options.shards > 64) throw UsageError("--shards must be between 1 and 64");
  if (options.threads > 256) throw UsageError("--threads must be between 1 and 256");
  if (options.analyzer.title_weight == 0) throw UsageError("--title-weight must be at least 1");
  if (!(options.duplicate_threshold > 0 && options.duplicate_threshold <= 1)) {
    throw UsageError("--duplicate-threshold must be above 0 and at most 1");
  }
  if (!(a.max_delete_percent >= 0 && a.max_delete_percent <= 100)) {  // NaN too
    throw UsageError("--max-delete-share must be between 0 and 100");
  }
  options.new_index_shards =
      std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, morgue::kMaxDefaultShards);
  options.db = a.common.db;
  options.sources.assign(a.sources.begin(), a.sources.end());
  if (!a.manifest.empty()) options.read.manifest = a.manifest;
  if (!a.aliases.empty()) options.aliases = a.aliases;
  if (!a.outlet_map.empty()) options.outlet_map = a.outlet_map;
  options.read.verbose = a.common.verbose;
  options.max_delete_share = a.max_delete_percent / 100;
  if (a.wait_seconds != 0) options.wait = std::chrono::seconds(a.wait_seconds);
  return options;
}

// A one-line count on a terminal while the run goes, erased before anything else is said.
class ProgressLine {
 public:
  explicit ProgressLine(bool quiet) : shown_(!quiet && isatty(STDERR_FILENO) != 0) {}

  void attach(morgue::IndexOptions& options) const {
    if (!shown_) return;
    options.progress = [](const morgue::IndexStats& s) {
      std::fprintf(stderr, "\r\x1b[Kmorgue-index: %zu written, %zu unchanged, %.0f/s",
                   s.added + s.updated, s.unchanged,
                   s.seconds > 0 ? double(s.added + s.updated + s.unchanged) / s.seconds : 0.0);
    };
  }
  void erase() const {
    if (shown_) std::fputs("\r\x1b[K", stderr);
  }

 private:
  bool shown_;
};

// One line of this program's own on stderr ("morgue-index: [LEVEL: ]MESSAGE" in text).
void say(std::string_view level, const std::string& message) {
  const std::string text =
      level == "info" ? "morgue-index: " + morgue::printable(message)
                      : "morgue-index: " + std::string(level) + ": " + morgue::printable(message);
  morgue::write_log(std::cerr, {"morgue-index", level, message, {}}, text);
}

// Builds the index and says how it went; returns the exit status (kExitStatuses) and, when
// the run got that far, its counts in `stats`.
int build(morgue::IndexOptions options, const Arguments& a,
          std::optional<morgue::IndexStats>& stats_out) {
  const ProgressLine progress(a.quiet);
  progress.attach(options);
  // A full disk or a file-size limit must be a write error Xapian reports (and the last
  // commit survives), not a signal that kills the process.
  std::signal(SIGXFSZ, SIG_IGN);
  morgue::Diagnostics diag(&std::cerr);
  try {
    const morgue::IndexStats stats = morgue::build_index(options, diag);
    stats_out = stats;
    progress.erase();
    if (!a.quiet) say("info", morgue::format_summary(stats));
    return stats.errors > 0 ? kExitRejected : kExitOk;
  } catch (const morgue::MassDeletionRefused& e) {
    progress.erase();
    stats_out = e.stats();
    say("error", e.what());
    if (!a.quiet) say("info", morgue::format_summary(e.stats()));
    return kExitMassDelete;
  } catch (const morgue::IndexLocked& e) {
    say("error", std::string(e.what()) + "; try again later");
    return kExitLocked;
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian reports a lock file it may not create (permissions, a read-only disk) as a lock
    // error too, with the system's reason; only a lock held by another process is "try later".
    if (e.get_error_string() != nullptr && *e.get_error_string() != '\0') {
      say("error", "cannot lock " + options.db.string() + ": " + e.get_description());
      return kExitFatal;
    }
    say("error", options.db.string() + " is locked by another writer; try again later");
    return kExitLocked;
  } catch (...) {  // an unusable index, a write or allocation that failed, ...
    morgue::cli::report_failure("morgue-index", " (the index keeps its last committed state)");
    return kExitFatal;
  }
}

// build(), then the metrics file when asked for; its failure is reported and leaves the
// run's exit status as it was (the index is written either way).
int run(const morgue::IndexOptions& options, const Arguments& a) {
  const auto start = std::chrono::steady_clock::now();
  std::optional<morgue::IndexStats> stats;
  const int status = build(options, a, stats);
  if (a.metrics_file.empty()) return status;
  morgue::RunMetrics metrics;
  metrics.exit_code = status;
  metrics.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.stats = stats;
  if (status == kExitOk || status == kExitRejected) {
    metrics.last_success_seconds =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  } else if (std::ifstream previous(a.metrics_file); previous) {
    std::ostringstream text;
    text << previous.rdbuf();
    metrics.last_success_seconds = morgue::previous_last_success(text.str());
  }
  try {
    morgue::write_metrics_file(a.metrics_file, morgue::format_metrics(metrics));
  } catch (const std::exception& e) {
    say("error", e.what());
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  morgue::cli::exit_cleanly_on_terminate("morgue-index", kExitFatal);
  Arguments args;
  const po::options_description visible = visible_options(args);
  return morgue::cli::run_main(
      {"morgue-index", kUsage, kExitStatuses, kExitOk}, args.common, visible,
      [&] { parse(argc, argv, visible, args); }, [&] { return run(index_options(args), args); });
}
