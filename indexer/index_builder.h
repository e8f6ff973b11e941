// The build/update pipeline: read sources, build documents, write them in committed batches.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/analysis/analyzer.h"
#include "indexer/copies/near_duplicates.h"
#include "indexer/read/diagnostics.h"
#include "indexer/read/source_reader.h"
#include "indexer/update/index_lock.h"

namespace morgue {

/// What a run did.
struct IndexStats {
  std::size_t added = 0;       ///< new ids written
  std::size_t updated = 0;     ///< existing ids whose content changed, rewritten
  std::size_t unchanged = 0;   ///< existing ids with identical content, not rewritten
  std::size_t deleted = 0;     ///< articles a SOURCE of this run no longer yields, removed
  std::size_t rejected = 0;    ///< files or records skipped (each reported as an error)
  std::size_t duplicates = 0;  ///< ids seen twice in this run (the later record wins)
  std::size_t ignored_files = 0;
  std::size_t chrome_lines = 0;
  std::size_t outlets_from_urls = 0;  ///< outlets filled in from the URL's domain
  std::size_t pages = 0;              ///< articles read from saved web pages and crawls
  /// Crawl records that hold no page (requests, redirects, errors, images, metadata)
  std::size_t crawl_records_passed = 0;
  std::size_t qualified_ids = 0;  ///< records given FOLDER/FILE#ID: their id is another feed's
  std::size_t warnings = 0;
  std::size_t errors = 0;
  std::size_t total = 0;             ///< articles in the index afterwards
  bool switched_generation = false;  ///< --rebuild / --compact made a new generation live
  double seconds = 0;
};

/// The most shards morgue-index gives a new index by default (one per core up to this): past
/// it, a search opens more databases than a nightly run gains from writing them in parallel.
inline constexpr std::size_t kMaxDefaultShards = 8;

/// Settings for build_index(); the defaults are morgue-index's.
struct IndexOptions {
  std::filesystem::path db;                    ///< index directory; created when absent
  std::vector<std::filesystem::path> sources;  ///< directories, .txt, .jsonl, .jsonl.gz
  ReadOptions read;                            ///< how sources are read
  AnalyzerOptions analyzer;                    ///< how text is analysed
  /// Entity alias file (schemas/aliases.schema.json). When given it replaces the aliases
  /// stored in the index; when not, the stored ones stay in force. Default none.
  std::optional<std::filesystem::path> aliases;
  /// Extra URL-domain -> outlet map (schemas/outlets.json format). Default none.
  std::optional<std::filesystem::path> outlet_map;
  /// Articles written per commit. Each commit is a point a crash rolls back to and a state
  /// concurrent searchers may see. Default 1000.
  std::size_t batch_size = 1000;
  /// Shingle similarity (0-1) from which a new or changed article joins the near-duplicate
  /// cluster of a copy already indexed. Articles already indexed keep their cluster.
  /// Default kDefaultDuplicateThreshold (0.4).
  double duplicate_threshold = kDefaultDuplicateThreshold;
  /// Shard databases, each written by its own thread (articles go to shard hash(id) mod N).
  /// 0 keeps the index's layout (1 for a new index); a count other than the index's builds
  /// a new generation with that many, as rebuild does. Searchers see the shards as one
  /// through the stub. Default 0.
  std::size_t shards = 0;
  /// The shard count of a new index when `shards` is 0 (morgue-index: one per core, at most
  /// kMaxDefaultShards). Default 1.
  std::size_t new_index_shards = 1;
  /// Analysis threads (text cleaning, entities, terms, shingles) feeding the writers;
  /// 0: one per core. Default 0.
  std::size_t threads = 0;
  /// Build a new generation from the sources alone and switch to it atomically when done;
  /// searches keep using the old one meanwhile. Default false (update in place).
  bool rebuild = false;
  /// After writing, compact into a new generation and switch to it. Default false.
  bool compact = false;
  /// Refuse (delete nothing, keep the live index as it is) when a run would delete more
  /// than this share of the articles. Default 0.20.
  double max_delete_share = 0.20;
  /// Override the guard above. Default false.
  bool allow_mass_delete = false;
  /// How long to wait for another writer: nullopt fails at once (IndexLocked), a negative
  /// duration waits forever. Default nullopt.
  std::optional<std::chrono::seconds> wait;
  /// Called now and then during the run with the counts so far (for a progress display).
  std::function<void(const IndexStats&)> progress;
};

/// The run would have deleted more than IndexOptions::max_delete_share of the index, so it
/// deleted nothing (and a rebuild was not switched to). what() says how many and why.
class MassDeletionRefused : public std::runtime_error {
 public:
  MassDeletionRefused(const std::string& what, IndexStats stats)
      : std::runtime_error(what), stats_(std::move(stats)) {}
  [[nodiscard]] const IndexStats& stats() const { return stats_; }

 private:
  IndexStats stats_;
};

/// Indexes `options.sources` into `options.db` under the index lock. Every article is
/// written with replace_document on its id term, so re-runs never duplicate; unchanged ones
/// (same content hash) are not rewritten; articles a SOURCE of this run no longer yields are
/// deleted (a SOURCE that cannot be read keeps its articles). Input problems go to `diag` and
/// the run goes on. Throws IndexLocked, IndexUnavailable, MassDeletionRefused, or
/// Xapian::Error on a write failure (the last commit stays intact).
[[nodiscard]] IndexStats build_index(const IndexOptions& options, Diagnostics& diag);

/// One-line summary: "indexed 5 (5 added, 0 updated), 0 unchanged, ..., 0.12s; index holds 5".
[[nodiscard]] std::string format_summary(const IndexStats& stats);

}  // namespace morgue
