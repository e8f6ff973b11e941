// Build/update pipeline.
#include "indexer/index_builder.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/entities/entity_aliases.h"
#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/text/hash.h"
#include "indexer/copies/cluster_assigner.h"
#include "indexer/document/document_builder.h"
#include "indexer/document/vocabulary.h"
#include "indexer/read/outlet_map.h"
#include "indexer/update/ordered_pipeline.h"
#include "indexer/update/seen_ids.h"

namespace morgue {
namespace {

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

std::string percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

// The shard an article id lives in. Stable: stored indexes depend on it.
std::size_t shard_of(std::string_view id, std::size_t shards) {
  return shards <= 1 ? 0 : static_cast<std::size_t>(fnv1a64(id) % shards);
}

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

// Whether an article of SOURCE `owner` keeps its id against one read from SOURCE `reader`:
// ids are unique per index, not per SOURCE, and two feeds numbering their articles 1..N
// would otherwise replace each other run after run. Not when one SOURCE lies inside the
// other (a file of an indexed directory given alone is the same article), nor when the
// owner is gone (the SOURCE moved, and its articles move with it).
bool taken_by_another_source(const std::string& owner, const std::string& reader) {
  if (owner.empty() || reader.empty() || owner == reader) return false;
  const auto inside = [](const std::string& path, const std::string& dir) {
    return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
  };
  if (inside(owner, reader) || inside(reader, owner)) return false;
  std::error_code ec;
  return std::filesystem::exists(owner, ec);
}

// An article on its way to a shard's writer, and what the analysis threads made of it.
struct Submission {
  Article article;
  std::size_t shard = 0;
  bool repeated = false;  // its id was read before in this run
};
struct PreparedArticle {
  // kTaken: the id belongs to an article of another SOURCE that is still there; not written.
  enum class Change { kAdded, kUpdated, kUnchanged, kRepeated, kTaken };
  Change change = Change::kAdded;
  std::size_t shard = 0;
  std::string id;
  Xapian::docid old_docid = 0;         // kUpdated: the document it replaces
  std::vector<std::string> old_words;  // kUpdated: its spelling words, to take back
  UnclusteredDocument built;           // not for kUnchanged or kTaken
  std::vector<std::string> words;      // spelling words
  std::string cluster;                 // set by the sequence step
};

// Analysis settings: a batch handed between threads closes at kBatchArticles articles or
// kBatchBytes of text, and kBatchesInFlight batches are held at once: the articles in
// flight are at most (kBatchesInFlight + 1) * (kBatchBytes + one article) of text.
constexpr std::size_t kBatchArticles = 128;
constexpr std::size_t kBatchBytes = std::size_t{8} << 20;
constexpr std::size_t kBatchesInFlight = 4;

// What one analysis thread needs: its own analyzer and its own read-only view of each
// shard as committed (Xapian objects are not shared between threads).
class Preparer {
 public:
  Preparer(const IndexOptions& options, const DocumentOptions& doc_options,
           const std::vector<std::filesystem::path>& shard_paths,
           const std::vector<bool>& empty_at_start, Diagnostics& diag)
      : diag_(diag),
        doc_options_(doc_options),
        analyzer_(options.analyzer),
        shard_paths_(shard_paths),
        empty_at_start_(empty_at_start),
        views_(shard_paths.size()) {}

  PreparedArticle prepare(Submission& s) {
    PreparedArticle p;
    p.shard = s.shard;
    p.id = s.article.id;
    if (s.repeated) {
      p.change = PreparedArticle::Change::kRepeated;  // the writer compares with this run's
    } else if (!empty_at_start_[s.shard]) {           // else new: repeated ids are caught above
      classify(s, p);
      if (p.change == PreparedArticle::Change::kUnchanged) return p;
      if (p.change == PreparedArticle::Change::kTaken) return p;
    }
    const FoldedArticle folded = fold_article(s.article);
    p.built = build_unclustered_document(s.article, folded, analyzer_, doc_options_);
    p.words = spelling_words(folded);
    return p;
  }

 private:
  // Added, updated or unchanged, against the shard as committed. Other articles' writes do
  // not matter (their ids differ); a view left behind by the writer's commits is reopened.
  void classify(const Submission& s, PreparedArticle& p) {
    auto& view = views_[s.shard];
    if (!view) view.emplace(shard_paths_[s.shard].string());
    read_newest(*view, [&] {
      const std::string id_term = schema::id_term(s.article.id);
      const auto post = view->postlist_begin(id_term);
      if (post == view->postlist_end(id_term)) {
        p.change = PreparedArticle::Change::kAdded;
        return;
      }
      const Xapian::Document old = view->get_document(*post);
      // The first SOURCE keeps an id while it is there (taken_by_another_source()).
      const std::string owner = old.get_value(schema::slot(schema::Slot::kSource));
      if (taken_by_another_source(owner, s.article.source_root)) {
        p.change = PreparedArticle::Change::kTaken;
        diag_.error(s.article.source, "id \"" + s.article.id + "\" belongs to an article of " +
                                          owner + "; not replaced (give each source its own ids)");
        return;
      }
      if (old.get_value(schema::slot(schema::Slot::kContentHash)) ==
          content_hash(s.article, doc_options_.hash_salt)) {
        p.change = PreparedArticle::Change::kUnchanged;
        return;
      }
      p.change = PreparedArticle::Change::kUpdated;
      p.old_docid = *post;
      p.old_words = spelling_words(fold_article(decode_stored_article(old.get_data()).article));
    });
  }

  Diagnostics& diag_;
  const DocumentOptions& doc_options_;
  Analyzer analyzer_;
  const std::vector<std::filesystem::path>& shard_paths_;
  const std::vector<bool>& empty_at_start_;
  std::vector<std::optional<Xapian::Database>> views_;
};

// Writes one shard: documents in arrival order, the vocabulary, batch commits. Runs on its
// own thread while the pipeline is open.
class ShardWriter {
 public:
  ShardWriter(Xapian::WritableDatabase& db, std::size_t shard, const IndexOptions& options)
      : db_(db), shard_(shard), options_(options) {}

  // The articles of batch `number` that belong to this shard, in order.
  void write(std::size_t number, std::vector<PreparedArticle>& batch) {
    for (auto& p : batch) {
      if (p.shard == shard_) write(p);
    }
    if (pending_ >= options_.batch_size) commit();
    // Nothing of this batch left uncommitted: the cluster lookups may read it from disk.
    if (pending_ == 0) committed_batches.store(number + 1);
  }

  void remove(Xapian::docid did) {
    vocabulary_.removed(db_.get_document(did));
    db_.delete_document(did);
    if (++pending_ >= options_.batch_size) commit();
  }

  void commit() {
    vocabulary_.flush(db_);
    db_.commit();
    pending_ = 0;
  }

  std::atomic<std::size_t> added{0}, updated{0}, unchanged{0}, taken{0};
  // Batches numbered below this are committed in this shard.
  std::atomic<std::size_t> committed_batches{0};

 private:
  void write(PreparedArticle& p) {
    using Change = PreparedArticle::Change;
    Xapian::docid did = 0;
    switch (p.change) {
      case Change::kUnchanged:
        ++unchanged;
        return;
      case Change::kTaken:
        ++taken;
        return;
      case Change::kAdded:
        ++added;
        break;
      case Change::kUpdated:
        ++updated;
        did = p.old_docid;
        vocabulary_.removed(p.old_words);
        break;
      case Change::kRepeated: {  // compared with what this run wrote for the id before
        const std::string id_term = schema::id_term(p.id);
        const auto post = db_.postlist_begin(id_term);
        if (post == db_.postlist_end(id_term)) {
          ++added;
          break;
        }
        const Xapian::Document old = db_.get_document(*post);
        const auto hash_slot = schema::slot(schema::Slot::kContentHash);
        if (old.get_value(hash_slot) == p.built.doc.get_value(hash_slot)) {
          ++unchanged;
          return;
        }
        ++updated;
        did = *post;
        vocabulary_.removed(old);
        break;
      }
    }
    set_cluster(p.built.doc, p.cluster);
    if (did == 0) {
      db_.add_document(p.built.doc);  // the id is new: no lookup needed
    } else {
      db_.replace_document(did, p.built.doc);
    }
    vocabulary_.added(p.words);
    ++pending_;
  }

  Xapian::WritableDatabase& db_;
  std::size_t shard_;
  const IndexOptions& options_;
  VocabularyUpdater vocabulary_;
  std::size_t pending_ = 0;
};

}  // namespace

IndexStats build_index(const IndexOptions& options, Diagnostics& diag) {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  IndexStats stats;
  check_index_location(options.db);  // before the lock file is created there
  const IndexLock lock = IndexLock::acquire(options.db, options.wait);
  remove_dead_generations(options.db);  // half-built generations of a killed run

  const auto count = [](const std::vector<Xapian::WritableDatabase>& dbs) {
    std::size_t n = 0;
    for (const auto& db : dbs) n += db.get_doccount();
    return n;
  };
  std::vector<Xapian::WritableDatabase> live = open_index_for_writing(options.db);
  const std::size_t before = count(live);
  // A new shard count means a new generation, built like a rebuild.
  const bool reshard = options.shards != 0 && options.shards != live.size();
  const bool rebuild = options.rebuild || reshard;
  std::optional<NewGeneration> fresh;
  if (rebuild || options.compact) {
    if (!live_generation(options.db)) {
      throw IndexUnavailable(options.db.string() +
                             " predates generations; --rebuild, --compact and --shards need an "
                             "index created by this version (index into a new directory)");
    }
  }
  const std::vector<std::filesystem::path> old_shard_paths = live_shards(options.db);
  if (rebuild) {
    fresh.emplace(
        create_generation(options.db, &live.front(), reshard ? options.shards : live.size()));
    for (auto& db : live) db.close();  // the live generation stays as it is for searchers
  }
  std::vector<Xapian::WritableDatabase>& shards = fresh ? fresh->shards : live;

  // JSONL sizes the last run read (source_reader.h): a smaller file keeps its articles once.
  ReadOptions read_options = options.read;
  const std::string sizes_key(kFileSizesMetadataKey);
  read_options.previous_sizes = file_sizes_from_json(shards.front().get_metadata(sizes_key));
  read_options.accept_smaller_files = options.allow_mass_delete;
  SourceReader reader(read_options, diag);
  OutletMap outlets = OutletMap::builtin();
  if (options.outlet_map) outlets.merge_file(*options.outlet_map);

  // Aliases: a given file replaces the index's; otherwise the index's stay in force. Their
  // hash salts every content hash, so changed aliases re-index the articles.
  const std::string metadata_key(kAliasesMetadataKey);
  const EntityAliases aliases =
      options.aliases ? EntityAliases::load(*options.aliases)
                      : EntityAliases::from_json(shards.front().get_metadata(metadata_key));
  const std::string aliases_json = aliases.empty() ? std::string() : aliases.to_json();
  if (options.aliases) {
    for (auto& db : shards) db.set_metadata(metadata_key, aliases_json);
  }
  DocumentOptions doc_options;
  doc_options.aliases = &aliases;
  doc_options.hash_salt = aliases_json.empty() ? "" : to_hex(fnv1a64(aliases_json));
  if (options.analyzer.title_weight != AnalyzerOptions{}.title_weight) {
    // A non-default analysis changes every document: part of every content hash.
    doc_options.hash_salt += "title_weight=" + std::to_string(options.analyzer.title_weight);
  }
  const std::vector<std::filesystem::path> shard_paths = [&] {
    if (!fresh) return live_shards(options.db);
    std::vector<std::filesystem::path> paths;
    for (std::size_t n = 0; n < shards.size(); ++n) {
      paths.push_back(shard_dir(fresh->dir, n, shards.size()));
    }
    return paths;
  }();
  std::vector<std::unique_ptr<ShardWriter>> writers;
  std::vector<bool> empty_at_start;  // nothing to compare with: every article is new there
  for (std::size_t n = 0; n < shards.size(); ++n) {
    empty_at_start.push_back(shards[n].get_doccount() == 0);
    shards[n].commit();  // a committed state for the read-only views, even when new
    writers.push_back(std::make_unique<ShardWriter>(shards[n], n, options));
  }
  const auto sum = [&](std::atomic<std::size_t> ShardWriter::*counter) {
    std::size_t n = 0;
    for (const auto& w : writers) n += (*w.*counter).load();
    return n;
  };
  const auto collect = [&] {
    stats.added = sum(&ShardWriter::added);
    stats.updated = sum(&ShardWriter::updated);
    stats.unchanged = sum(&ShardWriter::unchanged);
  };

  // Analysis on worker threads; near-duplicate clusters assigned on one thread in arrival
  // order, as if one database were written one article at a time; each shard written by its
  // own thread.
  const std::size_t threads =
      options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Preparer>> preparers;
  for (std::size_t t = 0; t < threads; ++t) {
    preparers.push_back(
        std::make_unique<Preparer>(options, doc_options, shard_paths, empty_at_start, diag));
  }
  ClusterAssigner clusters(shard_paths, options.duplicate_threshold);
  const auto assign_clusters = [&](std::size_t number, std::vector<PreparedArticle>& batch) {
    std::size_t committed = std::numeric_limits<std::size_t>::max();
    for (const auto& w : writers) committed = std::min(committed, w->committed_batches.load());
    clusters.refresh(committed);
    const auto written = [](const PreparedArticle& p) {
      return p.change != PreparedArticle::Change::kUnchanged &&
             p.change != PreparedArticle::Change::kTaken;
    };
    std::vector<const NearDuplicateKey*> keys;
    for (const auto& p : batch) {
      if (written(p)) keys.push_back(&p.built.key);
    }
    clusters.look_up(keys);
    for (auto& p : batch) {
      if (!written(p)) continue;
      p.cluster = clusters.assign(p.id, p.built.key).value_or(p.id);
      clusters.assigned(p.id, p.cluster, p.built.key, number);
    }
  };
  using Pipeline = OrderedPipeline<Submission, PreparedArticle>;
  Pipeline pipeline(
      {.workers = threads,
       .consumers = shards.size(),
       .batch = kBatchArticles,
       .batch_weight = kBatchBytes,
       .in_flight = kBatchesInFlight,
       .worker_name = "analyse",
       .sequencer_name = "cluster",
       .consumer_name = "write"},
      [&](std::size_t worker, Submission& s) { return preparers[worker]->prepare(s); },
      assign_clusters,
      [&](std::size_t shard, std::size_t number, std::vector<PreparedArticle>& batch) {
        writers[shard]->write(number, batch);
      });

  SeenIds seen;  // the ids read this run
  auto last_progress = std::chrono::steady_clock::now();

  const ArticleSink write = [&](Article&& article) {
    if (article.outlet.empty() && !article.url.empty()) {
      if (auto outlet = outlets.outlet_for_url(article.url)) {
        article.outlet = std::move(*outlet);
        ++stats.outlets_from_urls;
      }
    }
    const std::optional<std::string> read_before = seen.insert(article.id, article.source);
    if (read_before) {
      ++stats.duplicates;
      diag.warning(article.source, "duplicate id \"" + article.id + "\" (also at " + *read_before +
                                       "); this record replaces it");
    }
    const std::size_t shard = shard_of(article.id, writers.size());
    const std::size_t bytes = article.title.size() + article.body.size();
    pipeline.push(Submission{std::move(article), shard, read_before.has_value()}, bytes);
    if (options.progress &&
        std::chrono::steady_clock::now() - last_progress > std::chrono::milliseconds(250)) {
      last_progress = std::chrono::steady_clock::now();
      collect();
      stats.seconds = elapsed();
      options.progress(stats);
    }
  };

  std::unordered_set<std::string> roots;  // SOURCEs read whole: their vanished articles go
  std::vector<std::string> partial;       // SOURCEs that were not: their articles stay
  try {
    for (const auto& source : options.sources) {
      if (reader.read(source, write)) {
        roots.insert(source_key(source));
      } else {
        partial.push_back(source.string());
      }
    }
    reader.finish();
  } catch (...) {
    try {
      pipeline.finish();  // what was read before the failure is written and committed below
    } catch (...) {       // the first failure is the one reported
    }
    for (auto& w : writers) {
      try {
        w->commit();
      } catch (...) {
      }
    }
    throw;
  }
  pipeline.finish();  // rethrows an analysis or writing failure
  std::map<std::string, std::uintmax_t> sizes = read_options.previous_sizes;
  for (const auto& [file, size] : reader.file_sizes()) sizes[file] = size;
  shards.front().set_metadata(sizes_key, file_sizes_to_json(sizes));
  for (auto& w : writers) w->commit();
  collect();

  const ReadStats& read = reader.stats();
  stats.rejected = read.rejected + sum(&ShardWriter::taken);
  stats.ignored_files = read.ignored_files;
  stats.chrome_lines = read.chrome_lines;

  const auto refuse = [&](std::size_t losing, const std::string& what, bool over_limit = true) {
    stats.warnings = diag.warnings();
    stats.errors = diag.errors();
    // New and changed articles were committed; only deletions are refused.
    stats.total = fresh ? before : count(live);
    stats.seconds = elapsed();
    throw MassDeletionRefused(
        what + " would remove " + std::to_string(losing) + " of " + std::to_string(before) +
            " articles (" + percent(before ? double(losing) / before : 0) +
            (over_limit ? ", over the " + percent(options.max_delete_share) + " limit" : "") +
            "); nothing was deleted. Check that every SOURCE is mounted and complete, "
            "or pass --allow-mass-delete",
        stats);
  };
  const auto too_many = [&](std::size_t losing) {
    return !options.allow_mass_delete && before > 0 &&
           double(losing) > options.max_delete_share * double(before);
  };

  const std::size_t shard_count = shards.size();
  if (fresh) {
    // A rebuild holds only what the sources yield now. The guard counts the articles of the
    // live generation it would not hold, by id: sources yielding as many *other* articles
    // must not replace the archive, nor may one that could not be read drop its articles.
    std::size_t losing = 0;
    for (const auto& path : old_shard_paths) {
      const Xapian::Database old(path.string());
      const auto id_slot = schema::slot(schema::Slot::kId);
      for (auto id = old.valuestream_begin(id_slot); id != old.valuestream_end(id_slot); ++id) {
        if (!seen.contains(*id)) ++losing;
      }
    }
    const std::size_t now = count(fresh->shards);
    const bool unread_loss = losing > 0 && !partial.empty() && !options.allow_mass_delete;
    if (unread_loss || too_many(losing)) {
      for (auto& db : fresh->shards) db.close();
      remove_dead_generations(options.db);
      refuse(losing,
             unread_loss ? "the rebuild, which could not read " + partial.front() +
                               (partial.size() > 1 ? " and others" : "") + " completely,"
                         : "the rebuild",
             !unread_loss);
    }
    stats.deleted = losing;
    stats.total = now;
    const auto dir = fresh->dir;
    for (auto& db : fresh->shards) db.close();
    switch_generation(options.db, dir, shard_count);
    stats.switched_generation = true;
  } else {
    // A file that is there but could not be read this run keeps its article.
    for (const std::string& id : reader.kept_ids()) {
      if (!seen.contains(id)) (void)seen.insert(id, "(kept)");
    }
    std::vector<std::vector<Xapian::docid>> gone;
    std::size_t losing = 0;
    for (const auto& db : live) {
      gone.push_back(vanished(db, roots, seen));
      losing += gone.back().size();
    }
    if (too_many(losing)) refuse(losing, "this run");
    for (std::size_t n = 0; n < live.size(); ++n) {
      for (const Xapian::docid did : gone[n]) {
        writers[n]->remove(did);
        ++stats.deleted;
      }
      writers[n]->commit();
    }
    stats.total = count(live);
    for (auto& db : live) db.close();
  }

  if (options.compact) {
    // Each shard compacted into the same place of a new generation.
    const auto sources = live_shards(options.db);
    const auto target = next_generation_dir(options.db);
    if (sources.size() > 1) std::filesystem::create_directories(target);
    for (std::size_t n = 0; n < sources.size(); ++n) {
      Xapian::Database(sources[n].string()).compact(shard_dir(target, n, sources.size()).string());
    }
    switch_generation(options.db, target, sources.size());
    stats.switched_generation = true;
  }
  remove_dead_generations(options.db);

  stats.warnings = diag.warnings();
  stats.errors = diag.errors();
  stats.seconds = elapsed();
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
  return out;
}

}  // namespace morgue
