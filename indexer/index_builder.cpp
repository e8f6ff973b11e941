// One run of morgue-index, from the top: take the lock, open where the run writes, read every
// SOURCE through the pipeline, remove what the SOURCEs no longer yield (or switch to the
// rebuilt generation), compact. Threads: the caller's reads the SOURCEs; analysis workers
// classify and build documents (article_preparer.h); one thread assigns near-duplicate
// clusters in arrival order; one writer per shard (shard_writer.h).
#include "indexer/index_builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>

#include "common/entities/entity_aliases.h"
#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/entities/surname_joins.h"
#include "common/text/hash.h"
#include "indexer/copies/cluster_assigner.h"
#include "indexer/entities/surname_support.h"
#include "indexer/read/outlet_map.h"
#include "indexer/update/article_preparer.h"
#include "indexer/update/id_claims.h"
#include "indexer/update/ordered_pipeline.h"
#include "indexer/update/seen_ids.h"
#include "indexer/update/shard_writer.h"

namespace morgue {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A batch handed between threads closes at kBatchArticles articles or kBatchBytes of text,
// and kBatchesInFlight batches are held at once: the articles in flight are at most
// (kBatchesInFlight + 1) * (kBatchBytes + one article) of text.
constexpr std::size_t kBatchArticles = 128;
constexpr std::size_t kBatchBytes = std::size_t{8} << 20;
constexpr std::size_t kBatchesInFlight = 4;

// Metadata key of the JSONL file sizes read (ReadOptions::previous_sizes), as a JSON object.
constexpr std::string_view kFileSizesMetadataKey = "morgue.jsonl_sizes";

std::map<std::string, std::uintmax_t> file_sizes_from_json(const std::string& text) {
  std::map<std::string, std::uintmax_t> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [file, size] : j.items()) {
    if (size.is_number_unsigned()) out[file] = size.get<std::uintmax_t>();
  }
  return out;
}

std::string file_sizes_to_json(const std::map<std::string, std::uintmax_t>& sizes) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [file, size] : sizes) j[file] = size;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

// The shard an article id lives in. Stable: stored indexes depend on it.
std::size_t shard_of(std::string_view id, std::size_t shards) {
  return shards <= 1 ? 0 : static_cast<std::size_t>(fnv1a64(id) % shards);
}

std::size_t doc_count(const std::vector<Xapian::WritableDatabase>& dbs) {
  std::size_t n = 0;
  for (const auto& db : dbs) n += db.get_doccount();
  return n;
}

// Articles of `roots` that this run did not see: what the sources no longer yield.
std::vector<Xapian::docid> vanished(const Xapian::Database& db,
                                    const std::unordered_set<std::string>& roots,
                                    const SeenIds& seen) {
  std::vector<Xapian::docid> out;
  const auto source_slot = schema::slot(schema::Slot::kSource);
  const auto id_slot = schema::slot(schema::Slot::kId);
  // Both value streams are in docid order: walk them side by side, no document fetches.
  Xapian::ValueIterator ids = db.valuestream_begin(id_slot);
  for (auto src = db.valuestream_begin(source_slot); src != db.valuestream_end(source_slot);
       ++src) {
    if (!roots.contains(*src)) continue;
    const Xapian::docid did = src.get_docid();
    if (ids != db.valuestream_end(id_slot)) ids.skip_to(did);
    if (ids == db.valuestream_end(id_slot) || ids.get_docid() != did) continue;
    if (!seen.contains(*ids)) out.push_back(did);
  }
  return out;
}

// Where a run writes: the live generation in place, or a new generation that replaces it
// once complete (--rebuild, or a new shard count); searchers keep the live one meanwhile.
struct Target {
  std::vector<Xapian::WritableDatabase> live;
  std::size_t before = 0;                         // articles live at the start
  std::vector<std::filesystem::path> live_paths;  // the live generation's shards
  std::optional<NewGeneration> fresh;             // the generation being built, if any
  std::vector<std::filesystem::path> paths;       // the shards written
  std::vector<Xapian::WritableDatabase>& shards() { return fresh ? fresh->shards : live; }
};

Target open_target(const IndexOptions& options) {
  Target t;
  t.live = open_index_for_writing(options.db,
                                  options.shards != 0 ? options.shards : options.new_index_shards);
  t.before = doc_count(t.live);
  // A new shard count means a new generation, built like a rebuild.
  const bool reshard = options.shards != 0 && options.shards != t.live.size();
  const bool rebuild = options.rebuild || reshard;
  if ((rebuild || options.compact) && !live_generation(options.db)) {
    throw IndexUnavailable(options.db.string() +
                           " predates generations; --rebuild, --compact and --shards need an "
                           "index created by this version (index into a new directory)");
  }
  t.live_paths = live_shards(options.db);
  if (!rebuild) {
    t.paths = t.live_paths;
    return t;
  }
  t.fresh.emplace(
      create_generation(options.db, &t.live.front(), reshard ? options.shards : t.live.size()));
  for (auto& db : t.live) db.close();  // the live generation stays as it is for searchers
  for (std::size_t n = 0; n < t.fresh->shards.size(); ++n) {
    t.paths.push_back(shard_dir(t.fresh->dir, n, t.fresh->shards.size()));
  }
  return t;
}

// How SOURCEs are read this run: knowing the JSONL sizes the last run read, a file now
// smaller keeps its articles once (source_reader.h).
ReadOptions read_options(const IndexOptions& options, const Xapian::Database& first_shard) {
  ReadOptions read = options.read;
  read.previous_sizes =
      file_sizes_from_json(first_shard.get_metadata(std::string(kFileSizesMetadataKey)));
  read.accept_smaller_files = options.allow_mass_delete;
  return read;
}

OutletMap outlet_map(const IndexOptions& options) {
  OutletMap outlets = OutletMap::builtin();
  if (options.outlet_map) outlets.merge_file(*options.outlet_map);
  return outlets;
}

// The aliases in force: a given file replaces the index's (and is stored in every shard);
// otherwise the index's stay.
EntityAliases aliases_in_force(const IndexOptions& options,
                               std::vector<Xapian::WritableDatabase>& shards) {
  const std::string key(kAliasesMetadataKey);
  if (!options.aliases) return EntityAliases::from_json(shards.front().get_metadata(key));
  EntityAliases aliases = EntityAliases::load(*options.aliases);
  const std::string json = aliases.empty() ? std::string() : aliases.to_json();
  for (auto& db : shards) db.set_metadata(key, json);
  return aliases;
}

// What every document is built with. The aliases and a non-default analysis change documents
// without changing articles, so they salt every content hash: a change re-indexes.
DocumentOptions document_options(const IndexOptions& options, const EntityAliases& aliases) {
  DocumentOptions doc;
  doc.aliases = &aliases;
  doc.hash_salt = aliases.empty() ? std::string() : to_hex(fnv1a64(aliases.to_json()));
  if (options.analyzer.title_weight != AnalyzerOptions{}.title_weight) {
    doc.hash_salt += "title_weight=" + std::to_string(options.analyzer.title_weight);
  }
  return doc;
}

// One past the last finished run: the highest any shard records, as a run that failed while
// finishing may have recorded itself in some (IndexRun::finish_run()).
std::uint64_t next_run(const std::vector<Xapian::WritableDatabase>& shards) {
  std::uint64_t last = 0;
  for (const auto& db : shards) last = std::max(last, schema::last_run(db));
  return last + 1;
}

// One writer per shard, each shard committed once so that the analysis threads' read-only
// views have a state to open, even when new. `empty_at_start` says which held nothing.
std::vector<std::unique_ptr<ShardWriter>> shard_writers(
    std::vector<Xapian::WritableDatabase>& shards, std::size_t batch_size, std::uint64_t run,
    std::vector<bool>& empty_at_start) {
  std::vector<std::unique_ptr<ShardWriter>> writers;
  for (std::size_t n = 0; n < shards.size(); ++n) {
    empty_at_start.push_back(shards[n].get_doccount() == 0);
    shards[n].commit();
    writers.push_back(std::make_unique<ShardWriter>(shards[n], n, batch_size, run));
  }
  return writers;
}

// Each shard compacted into the same place of a new generation, which goes live.
void compact_live_generation(const std::filesystem::path& index) {
  const auto sources = live_shards(index);
  const auto target = next_generation_dir(index);
  if (sources.size() > 1) std::filesystem::create_directories(target);
  for (std::size_t n = 0; n < sources.size(); ++n) {
    Xapian::Database(sources[n].string()).compact(shard_dir(target, n, sources.size()).string());
  }
  switch_generation(index, target, sources.size());
}

// A run between taking the lock and compacting: its databases, its threads, what it read.
class IndexRun {
 public:
  IndexRun(const IndexOptions& options, Diagnostics& diag, IndexStats& stats,
           Clock::time_point start)
      : options_(options),
        diag_(diag),
        stats_(stats),
        start_(start),
        target_(open_target(options)),
        read_options_(read_options(options, target_.shards().front())),
        reader_(read_options_, diag),
        outlets_(outlet_map(options)),
        aliases_(aliases_in_force(options, target_.shards())),
        doc_options_(document_options(options, aliases_)),
        run_(next_run(target_.shards())),
        writers_(shard_writers(target_.shards(), options.batch_size, run_, empty_at_start_)),
        preparers_(article_preparers()),
        clusters_(target_.paths, options.duplicate_threshold),
        claims_(target_.live_paths),
        pipeline_(
            {.workers = preparers_.size(),
             .consumers = writers_.size(),
             .batch = kBatchArticles,
             .batch_weight = kBatchBytes,
             .in_flight = kBatchesInFlight,
             .worker_name = "analyse",
             .sequencer_name = "cluster",
             .consumer_name = "write"},
            [this](std::size_t worker, Submission& s) { return preparers_[worker]->prepare(s); },
            [this](std::size_t number, std::vector<PreparedArticle>& batch) {
              assign_clusters(number, batch);
            },
            [this](std::size_t shard, std::size_t number, std::vector<PreparedArticle>& batch) {
              writers_[shard]->write(number, batch);
            }) {}

  // Every SOURCE read and its articles analysed, clustered and written. What was read is
  // committed even when reading fails.
  void read_sources() {
    const ArticleSink submit = [this](Article&& article) { this->submit(std::move(article)); };
    try {
      for (const auto& source : options_.sources) {
        if (reader_.read(source, submit)) {
          roots_.insert(source_key(source));
        } else {
          partial_.push_back(source.string());
        }
      }
      reader_.finish();
    } catch (...) {
      try {
        pipeline_.finish();  // what was read before the failure is written and committed
      } catch (...) {        // the first failure is the one reported
      }
      for (auto& w : writers_) {
        try {
          w->commit();
        } catch (...) {
        }
      }
      throw;
    }
    pipeline_.finish();  // rethrows an analysis or writing failure
    std::map<std::string, std::uintmax_t> sizes = read_options_.previous_sizes;
    for (const auto& [file, size] : reader_.file_sizes()) sizes[file] = size;
    target_.shards().front().set_metadata(std::string(kFileSizesMetadataKey),
                                          file_sizes_to_json(sizes));
    for (auto& w : writers_) w->commit();
    count_changes();
    const ReadStats& read = reader_.stats();
    stats_.rejected = read.rejected + sum(&ShardWriter::taken);
    stats_.ignored_files = read.ignored_files;
    stats_.chrome_lines = read.chrome_lines;
    stats_.pages = read.pages;
    stats_.crawl_records_passed = read.crawl_records_passed;
    stats_.qualified_ids = claims_.qualified();
  }

  // What the SOURCEs no longer yield leaves the index: by switching to the rebuilt
  // generation, or by deleting it from the live one. Throws MassDeletionRefused instead when
  // that would lose too much.
  void remove_what_is_gone() {
    if (target_.fresh) {
      replace_live_generation();
    } else {
      delete_vanished();
    }
  }

 private:
  std::vector<std::unique_ptr<ArticlePreparer>> article_preparers() const {
    const std::size_t threads = options_.threads != 0
                                    ? options_.threads
                                    : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<ArticlePreparer>> preparers;
    for (std::size_t t = 0; t < threads; ++t) {
      preparers.push_back(std::make_unique<ArticlePreparer>(
          options_.analyzer, doc_options_, target_.paths, empty_at_start_, diag_,
          target_.fresh ? target_.live_paths : std::vector<std::filesystem::path>{}));
    }
    return preparers;
  }

  // The reader's sink: one article into the pipeline.
  void submit(Article&& article) {
    if (article.outlet.empty() && !article.url.empty()) {
      if (auto outlet = outlets_.outlet_for_url(article.url)) {
        article.outlet = std::move(*outlet);
        ++stats_.outlets_from_urls;
      }
    }
    if (std::string id = claims_.claim(article); id != article.id) {
      if (qualified_files_.insert(article.source_file).second) {
        diag_.warning(article.source, "id \"" + article.id +
                                          "\" is another feed's; this file's records whose ids "
                                          "are taken are indexed as \"" +
                                          id + "\" and the like");
      }
      article.id = std::move(id);
    }
    const std::optional<std::string> read_before = seen_.insert(article.id, article.source);
    if (read_before) {
      ++stats_.duplicates;
      diag_.warning(article.source, "duplicate id \"" + article.id + "\" (also at " + *read_before +
                                        "); this record replaces it");
    }
    const std::size_t shard = shard_of(article.id, writers_.size());
    const std::size_t bytes = article.title.size() + article.body.size();
    pipeline_.push(Submission{std::move(article), shard, read_before.has_value()}, bytes);
    if (options_.progress && Clock::now() - last_progress_ > std::chrono::milliseconds(250)) {
      last_progress_ = Clock::now();
      count_changes();
      stats_.seconds = seconds_since(start_);
      options_.progress(stats_);
    }
  }

  // The cluster step, one batch at a time in arrival order, as if one database were written
  // one article at a time: copies find the articles written before them, committed or not.
  void assign_clusters(std::size_t number, std::vector<PreparedArticle>& batch) {
    std::size_t committed = std::numeric_limits<std::size_t>::max();
    for (const auto& w : writers_) committed = std::min(committed, w->committed_batches.load());
    clusters_.refresh(committed);
    std::vector<const NearDuplicateKey*> keys;
    for (const auto& p : batch) {
      if (p.to_write()) keys.push_back(&p.built.key);
    }
    clusters_.look_up(keys);
    for (auto& p : batch) {
      if (!p.to_write()) continue;
      p.cluster = clusters_.assign(p.id, p.built.key).value_or(p.id);
      clusters_.assigned(p.id, p.cluster, p.built.key, number);
    }
  }

  // A rebuild holds only what the SOURCEs yield now. The guard counts the live articles it
  // would not hold, by id: SOURCEs yielding as many *other* articles must not replace the
  // archive, nor may one that could not be read drop its articles.
  void replace_live_generation() {
    std::size_t losing = 0;
    for (const auto& path : target_.live_paths) {
      const Xapian::Database old(path.string());
      const auto id_slot = schema::slot(schema::Slot::kId);
      for (auto id = old.valuestream_begin(id_slot); id != old.valuestream_end(id_slot); ++id) {
        if (!seen_.contains(*id)) ++losing;
      }
    }
    const std::size_t now = doc_count(target_.fresh->shards);
    const bool unread_loss = losing > 0 && !partial_.empty() && !options_.allow_mass_delete;
    if (unread_loss || too_many(losing)) {
      for (auto& db : target_.fresh->shards) db.close();
      remove_dead_generations(options_.db);
      refuse(losing,
             unread_loss ? "the rebuild, which could not read " + partial_.front() +
                               (partial_.size() > 1 ? " and others" : "") + " completely,"
                         : "the rebuild",
             !unread_loss);
    }
    stats_.deleted = losing;
    stats_.total = now;
    finish_run();
    for (auto& db : target_.fresh->shards) db.close();
    switch_generation(options_.db, target_.fresh->dir, target_.fresh->shards.size());
    stats_.switched_generation = true;
  }

  // An update deletes the articles of the SOURCEs read whole that they no longer yield.
  void delete_vanished() {
    // A file that is there but could not be read this run keeps its article.
    const auto& kept_files = reader_.kept_files();
    for (std::size_t k = 0; k < reader_.kept_ids().size(); ++k) {
      const std::string id = claims_.kept(reader_.kept_ids()[k], kept_files[k]);
      if (!seen_.contains(id)) (void)seen_.insert(id, "(kept)");
    }
    std::vector<std::vector<Xapian::docid>> gone;
    std::size_t losing = 0;
    for (const auto& db : target_.live) {
      gone.push_back(vanished(db, roots_, seen_));
      losing += gone.back().size();
    }
    if (too_many(losing)) refuse(losing, "this run");
    for (std::size_t n = 0; n < target_.live.size(); ++n) {
      for (const Xapian::docid did : gone[n]) {
        writers_[n]->remove(did);
        ++stats_.deleted;
      }
    }
    finish_run();
    stats_.total = doc_count(target_.live);
    for (auto& db : target_.live) db.close();
  }

  // Every write of the run committed, with the run recorded as finished in every shard:
  // alerts report a run's articles once it is.
  void finish_run() {
    // Which bare surnames stand for a person known in full, over every shard as it now is.
    Xapian::Database all;
    for (auto& db : target_.shards()) all.add_database(db);
    const std::string joins = surname_joins_text(find_surname_joins(all));
    for (auto& db : target_.shards()) {
      db.set_metadata(std::string(schema::kSurnameJoinsKey), joins);
      db.set_metadata(std::string(schema::kLastRunKey), std::to_string(run_));
    }
    // The first shard last: searchers read metadata from it, so it says the run finished
    // only once every shard holds all of it.
    for (auto w = writers_.rbegin(); w != writers_.rend(); ++w) (*w)->commit();
  }

  [[nodiscard]] bool too_many(std::size_t losing) const {
    const std::size_t before = target_.before;
    return !options_.allow_mass_delete && before > 0 &&
           double(losing) > options_.max_delete_share * double(before);
  }

  // New and changed articles were committed; only the deletions are refused.
  [[noreturn]] void refuse(std::size_t losing, const std::string& what, bool over_limit = true) {
    if (!target_.fresh) finish_run();  // what it wrote stands, and is news
    const std::size_t before = target_.before;
    stats_.warnings = diag_.warnings();
    stats_.errors = diag_.errors();
    stats_.total = target_.fresh ? before : doc_count(target_.live);
    stats_.seconds = seconds_since(start_);
    throw MassDeletionRefused(
        what + " would remove " + std::to_string(losing) + " of " + std::to_string(before) +
            " articles (" + percent(before ? double(losing) / before : 0) +
            (over_limit ? ", over the " + percent(options_.max_delete_share) + " limit" : "") +
            "); nothing was deleted. Check that every SOURCE is mounted and complete, "
            "or pass --allow-mass-delete",
        stats_);
  }

  std::size_t sum(std::atomic<std::size_t> ShardWriter::*counter) const {
    std::size_t n = 0;
    for (const auto& w : writers_) n += (*w.*counter).load();
    return n;
  }

  void count_changes() {
    stats_.added = sum(&ShardWriter::added);
    stats_.updated = sum(&ShardWriter::updated);
    stats_.unchanged = sum(&ShardWriter::unchanged);
  }

  const IndexOptions& options_;
  Diagnostics& diag_;
  IndexStats& stats_;
  const Clock::time_point start_;
  Target target_;
  const ReadOptions read_options_;
  SourceReader reader_;
  const OutletMap outlets_;
  const EntityAliases aliases_;
  const DocumentOptions doc_options_;
  // This run's number: one past the last finished, so a run killed half-way leaves its
  // writes under the number of the run that finishes after it (schema.h kLastRunKey).
  const std::uint64_t run_;
  std::vector<bool> empty_at_start_;  // filled with writers_: nothing to compare with there
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  std::vector<std::unique_ptr<ArticlePreparer>> preparers_;
  ClusterAssigner clusters_;
  IdClaims claims_;                                  // whose an id is when two feeds use it
  std::unordered_set<std::string> qualified_files_;  // files told their ids were qualified
  SeenIds seen_;                                     // the ids read this run
  std::unordered_set<std::string> roots_;  // SOURCEs read whole: their vanished articles go
  std::vector<std::string> partial_;       // SOURCEs that were not: their articles stay
  Clock::time_point last_progress_ = Clock::now();
  OrderedPipeline<Submission, PreparedArticle> pipeline_;  // last: its threads use the above
};

}  // namespace

IndexStats build_index(const IndexOptions& options, Diagnostics& diag) {
  const Clock::time_point start = Clock::now();
  IndexStats stats;
  check_index_location(options.db);  // before the lock file is created there
  const IndexLock lock = IndexLock::acquire(options.db, options.wait);
  remove_dead_generations(options.db);  // half-built generations of a killed run
  {
    IndexRun run(options, diag, stats, start);
    run.read_sources();
    run.remove_what_is_gone();
  }  // every database of the run closed
  if (options.compact) {
    compact_live_generation(options.db);
    stats.switched_generation = true;
  }
  remove_dead_generations(options.db);
  stats.warnings = diag.warnings();
  stats.errors = diag.errors();
  stats.seconds = seconds_since(start);
  return stats;
}

std::string format_summary(const IndexStats& s) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "indexed %zu (%zu added, %zu updated), %zu unchanged, %zu deleted, "
                "%zu rejected inputs skipped, %zu errors, %zu warnings, %.2fs; "
                "index holds %zu articles",
                s.added + s.updated, s.added, s.updated, s.unchanged, s.deleted, s.rejected,
                s.errors, s.warnings, s.seconds, s.total);
  std::string out = buf;
  if (s.outlets_from_urls > 0) {
    out += "; " + std::to_string(s.outlets_from_urls) + " outlets taken from URLs";
  }
  if (s.ignored_files > 0) {
    out += "; " + std::to_string(s.ignored_files) + " non-article files ignored";
  }
  if (s.pages > 0) {
    out += "; " + std::to_string(s.pages) + (s.pages == 1 ? " article" : " articles") +
           " from web pages";
  }
  if (s.crawl_records_passed > 0) {
    out += "; " + std::to_string(s.crawl_records_passed) +
           " crawl records hold no page (requests, redirects, errors, images) and were passed over";
  }
  if (s.qualified_ids > 0) {
    out += "; " + std::to_string(s.qualified_ids) + " ids another feed holds, qualified by file";
  }
  return out;
}

}  // namespace morgue
