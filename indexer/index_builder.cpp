// Build/update pipeline.
#include "indexer/index_builder.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "common/document_builder.h"
#include "common/entity_aliases.h"
#include "common/hash.h"
#include "common/index_db.h"
#include "common/outlet_map.h"
#include "common/schema.h"
#include "common/vocabulary.h"

namespace morgue {
namespace {

// Articles of `roots` that this run did not see: what the sources no longer yield.
std::vector<Xapian::docid> vanished(const Xapian::Database& db,
                                    const std::unordered_set<std::string>& roots,
                                    const std::unordered_map<std::string, std::string>& seen) {
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

// Articles waiting for a shard's writer thread. Bounded, so that memory stays within
// kQueueDepth articles per shard however fast the sources are read.
constexpr std::size_t kQueueDepth = 64;

// Everything that writes one shard: the unchanged check, document building (near-duplicate
// lookups within the shard), the vocabulary, batch commits. With several shards each runs
// on its own thread; counters are atomics so the reading thread can report progress.
class ShardWriter {
 public:
  // `cluster_here`: look for copies in this shard while writing (one shard); with several,
  // cluster_across_shards() does it afterwards for all of them.
  ShardWriter(Xapian::WritableDatabase& db, const IndexOptions& options,
              DocumentOptions doc_options, bool cluster_here)
      : db_(db),
        options_(options),
        doc_options_(std::move(doc_options)),
        analyzer_(options.analyzer),
        cluster_here_(cluster_here) {
    doc_options_.index = cluster_here ? &db_ : nullptr;
  }

  void write(Article&& article) {
    const std::string id_term = schema::id_term(article.id);
    Xapian::PostingIterator existing = db_.postlist_begin(id_term);
    if (existing != db_.postlist_end(id_term)) {
      const Xapian::Document old = db_.get_document(*existing);
      if (old.get_value(schema::slot(schema::Slot::kContentHash)) ==
          content_hash(article, doc_options_.hash_salt)) {
        ++unchanged;
        return;
      }
      ++updated;
      vocabulary_.removed(old);
    } else {
      ++added;
    }
    const Xapian::Document doc = build_document(article, analyzer_, doc_options_);
    db_.replace_document(id_term, doc);
    vocabulary_.added(article);
    if (!cluster_here_) written.push_back(article.id);
    if (++pending_ >= options_.batch_size) commit();
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

  // Threaded use: queue an article (blocks while the queue is full); finish() drains it.
  void start() {
    thread_ = std::thread([this] { run(); });
  }
  void push(Article&& article) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < kQueueDepth || failure_; });
    if (failure_) return;  // rethrown by finish()
    queue_.push_back(std::move(article));
    ready_.notify_one();
  }
  void finish() {
    {
      const std::lock_guard lock(mutex_);
      done_ = true;
    }
    ready_.notify_one();
    if (thread_.joinable()) thread_.join();
    if (failure_) std::rethrow_exception(failure_);
  }

  std::atomic<std::size_t> added{0}, updated{0}, unchanged{0};
  // Ids written this run, in order, when cluster_across_shards() needs them (after finish()).
  std::vector<std::string> written;

 private:
  void run() {
    try {
      for (;;) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || done_; });
        if (queue_.empty()) return;
        Article article = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        space_.notify_one();
        write(std::move(article));
      }
    } catch (...) {
      const std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
      space_.notify_all();
    }
  }

  Xapian::WritableDatabase& db_;
  const IndexOptions& options_;
  DocumentOptions doc_options_;
  Analyzer analyzer_;
  bool cluster_here_;
  VocabularyUpdater vocabulary_;
  std::size_t pending_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Article> queue_;
  bool done_ = false;
  std::exception_ptr failure_;
};

// Near-duplicate clusters for a run written to several shards in parallel, assigned as one
// database written in arrival order would have them: each article written this run joins
// the cluster of its best copy among the articles indexed before it, in any shard.
void cluster_across_shards(std::vector<Xapian::WritableDatabase>& shards,
                           const std::vector<std::filesystem::path>& shard_paths,
                           const std::vector<std::vector<std::string>>& written_by_shard,
                           const std::vector<std::string>& arrival, double threshold) {
  using Shared = std::vector<std::pair<Xapian::docid, unsigned>>;
  // 1. In parallel, one thread per shard, over the committed shards: which of the articles it
  //    wrote share a band with any article in any shard. Few do.
  std::vector<std::unordered_map<std::string, Shared>> shared_by_shard(shards.size());
  std::vector<std::exception_ptr> failures(shards.size());
  std::vector<std::thread> threads;
  for (std::size_t n = 0; n < shards.size(); ++n) {
    threads.emplace_back([&, n] {
      try {
        Xapian::Database all;  // numbered like the writable view below: same shards, order
        for (const auto& path : shard_paths) all.add_database(Xapian::Database(path.string()));
        const Xapian::Database own(shard_paths[n].string());
        for (const std::string& id : written_by_shard[n]) {
          const std::string id_term = schema::id_term(id);
          const auto post = own.postlist_begin(id_term);
          if (post == own.postlist_end(id_term)) continue;
          const Xapian::Document doc = own.get_document(*post);
          NearDuplicateKey key;
          auto term = doc.termlist_begin();
          for (term.skip_to(std::string(schema::kBandPrefix));
               term != doc.termlist_end() && (*term).starts_with(schema::kBandPrefix); ++term) {
            key.bands.push_back(*term);
          }
          if (key.bands.empty()) continue;
          Shared shared = shared_bands(all, key, id);
          if (!shared.empty()) shared_by_shard[n][id] = std::move(shared);
        }
      } catch (...) {
        failures[n] = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }

  // 2. In arrival order, as one database would have: each such article joins the cluster of
  //    its best copy among those indexed before it, reading clusters already reassigned.
  Xapian::Database all;
  for (auto& db : shards) all.add_database(db);
  std::unordered_map<std::string, std::size_t> rank;  // last arrival wins, as when writing
  for (const auto& written : written_by_shard) {
    for (const std::string& id : written) rank[id] = 0;
  }
  for (std::size_t i = 0; i < arrival.size(); ++i) {
    if (auto it = rank.find(arrival[i]); it != rank.end()) it->second = i;
  }
  // Articles of earlier runs come first, in docid order.
  constexpr std::size_t kThisRun = std::size_t{1} << 40;
  const auto id_slot = schema::slot(schema::Slot::kId);
  const auto cluster_slot = schema::slot(schema::Slot::kCluster);
  for (std::size_t i = 0; i < arrival.size(); ++i) {
    const std::string& id = arrival[i];
    const auto mine = rank.find(id);
    if (mine == rank.end() || mine->second != i) continue;
    const std::size_t n = shard_of(id, shards.size());
    const auto shared = shared_by_shard[n].find(id);
    if (shared == shared_by_shard[n].end()) continue;  // no copy anywhere: its own cluster
    std::vector<std::tuple<unsigned, std::size_t, Xapian::docid>> ranked;
    for (const auto& [did, bands] : shared->second) {
      const auto other = rank.find(all.get_document(did).get_value(id_slot));
      if (other == rank.end()) {
        ranked.emplace_back(bands, did, did);
      } else if (other->second < i) {
        ranked.emplace_back(bands, kThisRun + other->second, did);
      }
    }
    if (ranked.empty()) continue;
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
      return std::get<0>(x) != std::get<0>(y) ? std::get<0>(x) > std::get<0>(y)
                                              : std::get<1>(x) < std::get<1>(y);
    });
    Xapian::WritableDatabase& shard = shards[n];
    const auto post = shard.postlist_begin(schema::id_term(id));
    Xapian::Document doc = shard.get_document(*post);
    NearDuplicateKey key;
    key.shingles = shingles(decode_stored_article(doc.get_data()).article.body);
    std::vector<Xapian::docid> candidates;
    for (std::size_t k = 0; k < ranked.size() && k < kMaxDuplicateCandidates; ++k) {
      candidates.push_back(std::get<2>(ranked[k]));
    }
    const std::string cluster = best_cluster(all, key, candidates, threshold).value_or(id);
    const std::string old = doc.get_value(cluster_slot);
    if (cluster == old) continue;
    if (!old.empty()) doc.remove_term(schema::cluster_term(old));
    doc.add_boolean_term(schema::cluster_term(cluster));
    doc.add_value(cluster_slot, cluster);
    shard.replace_document(*post, doc);
  }
}

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
  if (rebuild) {
    fresh.emplace(
        create_generation(options.db, &live.front(), reshard ? options.shards : live.size()));
    for (auto& db : live) db.close();  // the live generation stays as it is for searchers
  }
  std::vector<Xapian::WritableDatabase>& shards = fresh ? fresh->shards : live;

  SourceReader reader(options.read, diag);
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
  doc_options.duplicate_threshold = options.duplicate_threshold;
  doc_options.hash_salt = aliases_json.empty() ? "" : to_hex(fnv1a64(aliases_json));
  if (options.analyzer.title_weight != AnalyzerOptions{}.title_weight) {
    // A non-default analysis changes every document: part of every content hash.
    doc_options.hash_salt += "title_weight=" + std::to_string(options.analyzer.title_weight);
  }
  std::vector<std::unique_ptr<ShardWriter>> writers;
  const bool threaded = shards.size() > 1;
  for (auto& db : shards) {
    writers.push_back(std::make_unique<ShardWriter>(db, options, doc_options, !threaded));
  }
  std::vector<std::string> arrival;  // ids in the order read, for cluster_across_shards()
  if (threaded) {
    for (auto& w : writers) w->start();
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

  std::unordered_map<std::string, std::string> seen;  // id -> where it was read this run
  auto last_progress = std::chrono::steady_clock::now();

  const ArticleSink write = [&](Article&& article) {
    if (article.outlet.empty() && !article.url.empty()) {
      if (auto outlet = outlets.outlet_for_url(article.url)) {
        article.outlet = std::move(*outlet);
        ++stats.outlets_from_urls;
      }
    }
    const auto [it, inserted] = seen.emplace(article.id, article.source);
    if (!inserted) {
      ++stats.duplicates;
      diag.warning(article.source, "duplicate id \"" + article.id + "\" (also at " + it->second +
                                       "); this record replaces it");
      it->second = article.source;
    }
    ShardWriter& writer = *writers[shard_of(article.id, writers.size())];
    if (threaded) {
      arrival.push_back(article.id);
      writer.push(std::move(article));
    } else {
      writer.write(std::move(article));
    }
    if (options.progress &&
        std::chrono::steady_clock::now() - last_progress > std::chrono::milliseconds(250)) {
      last_progress = std::chrono::steady_clock::now();
      collect();
      stats.seconds = elapsed();
      options.progress(stats);
    }
  };

  std::unordered_set<std::string> roots;  // SOURCEs read whole: their vanished articles go
  try {
    for (const auto& source : options.sources) {
      if (reader.read(source, write)) roots.insert(source_key(source));
    }
    reader.finish();
  } catch (...) {
    for (auto& w : writers) {
      try {
        w->finish();
      } catch (...) {  // the first failure is the one reported
      }
    }
    throw;
  }
  if (threaded) {
    for (auto& w : writers) w->finish();  // rethrows a writer's failure
    // Committed first: the lookups read the shards as committed, from several threads.
    for (auto& w : writers) w->commit();
    std::vector<std::vector<std::string>> written;
    for (auto& w : writers) written.push_back(std::move(w->written));
    std::vector<std::filesystem::path> paths;
    if (fresh) {
      for (std::size_t n = 0; n < shards.size(); ++n) {
        paths.push_back(shard_dir(fresh->dir, n, shards.size()));
      }
    } else {
      paths = live_shards(options.db);
    }
    cluster_across_shards(shards, paths, written, arrival, options.duplicate_threshold);
  }
  for (auto& w : writers) w->commit();
  collect();

  const ReadStats& read = reader.stats();
  stats.rejected = read.rejected;
  stats.ignored_files = read.ignored_files;
  stats.chrome_lines = read.chrome_lines;

  const auto refuse = [&](std::size_t losing, const std::string& what) {
    stats.warnings = diag.warnings();
    stats.errors = diag.errors();
    // New and changed articles were committed; only deletions are refused.
    stats.total = fresh ? before : count(live);
    stats.seconds = elapsed();
    throw MassDeletionRefused(
        what + " would remove " + std::to_string(losing) + " of " + std::to_string(before) +
            " articles (" + percent(before ? double(losing) / before : 0) + ", over the " +
            percent(options.max_delete_share) +
            " limit); nothing was deleted. Check that every SOURCE is mounted and complete, "
            "or pass --allow-mass-delete",
        stats);
  };
  const auto too_many = [&](std::size_t losing) {
    return !options.allow_mass_delete && before > 0 &&
           double(losing) > options.max_delete_share * double(before);
  };

  const std::size_t shard_count = shards.size();
  if (fresh) {
    // A rebuild holds only what the sources yield now: guard against switching to an index
    // that lost most of the archive because a share was not mounted.
    const std::size_t now = count(fresh->shards);
    if (now < before && too_many(before - now)) {
      for (auto& db : fresh->shards) db.close();
      remove_dead_generations(options.db);
      refuse(before - now, "the rebuild");
    }
    // Every article of a new generation counts as added (it starts empty).
    stats.deleted = now < before ? before - now : 0;
    stats.total = now;
    const auto dir = fresh->dir;
    for (auto& db : fresh->shards) db.close();
    switch_generation(options.db, dir, shard_count);
    stats.switched_generation = true;
  } else {
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
