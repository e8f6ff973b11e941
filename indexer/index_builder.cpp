// Build/update pipeline.
#include "indexer/index_builder.h"

#include <chrono>
#include <cstdio>
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

  Xapian::WritableDatabase live = open_index_for_writing(options.db);
  const Xapian::doccount before = live.get_doccount();
  std::optional<NewGeneration> fresh;
  if (options.rebuild || options.compact) {
    if (!live_generation(options.db)) {
      throw IndexUnavailable(options.db.string() +
                             " predates generations; --rebuild and --compact need an index "
                             "created by this version (index into a new directory)");
    }
  }
  if (options.rebuild) {
    fresh.emplace(create_generation(options.db, &live));
    live.close();  // the live generation stays as it is for searchers
  }
  Xapian::WritableDatabase& db = fresh ? fresh->db : live;

  Analyzer analyzer(options.analyzer);
  SourceReader reader(options.read, diag);
  OutletMap outlets = OutletMap::builtin();
  if (options.outlet_map) outlets.merge_file(*options.outlet_map);

  // Aliases: a given file replaces the index's; otherwise the index's stay in force. Their
  // hash salts every content hash, so changed aliases re-index the articles.
  const std::string metadata_key(kAliasesMetadataKey);
  const EntityAliases aliases = options.aliases
                                    ? EntityAliases::load(*options.aliases)
                                    : EntityAliases::from_json(db.get_metadata(metadata_key));
  const std::string aliases_json = aliases.empty() ? std::string() : aliases.to_json();
  if (options.aliases) db.set_metadata(metadata_key, aliases_json);
  DocumentOptions doc_options;
  doc_options.aliases = &aliases;
  doc_options.index = &db;
  doc_options.duplicate_threshold = options.duplicate_threshold;
  VocabularyUpdater vocabulary;
  const auto commit = [&vocabulary](Xapian::WritableDatabase& target) {
    vocabulary.flush(target);
    target.commit();
  };
  doc_options.hash_salt = aliases_json.empty() ? "" : to_hex(fnv1a64(aliases_json));
  if (options.analyzer.title_weight != AnalyzerOptions{}.title_weight) {
    // A non-default analysis changes every document: part of every content hash.
    doc_options.hash_salt += "title_weight=" + std::to_string(options.analyzer.title_weight);
  }

  std::unordered_map<std::string, std::string> seen;  // id -> where it was read this run
  std::size_t pending = 0;
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
    const std::string id_term = schema::id_term(article.id);
    Xapian::PostingIterator existing = db.postlist_begin(id_term);
    if (existing != db.postlist_end(id_term)) {
      const Xapian::Document old = db.get_document(*existing);
      if (old.get_value(schema::slot(schema::Slot::kContentHash)) ==
          content_hash(article, doc_options.hash_salt)) {
        ++stats.unchanged;
        return;
      }
      ++stats.updated;
      vocabulary.removed(old);
    } else {
      ++stats.added;
    }
    const Xapian::Document doc = build_document(article, analyzer, doc_options);
    db.replace_document(id_term, doc);
    vocabulary.added(article, doc);
    if (++pending >= options.batch_size) {
      commit(db);
      pending = 0;
    }
    if (options.progress &&
        std::chrono::steady_clock::now() - last_progress > std::chrono::milliseconds(250)) {
      last_progress = std::chrono::steady_clock::now();
      stats.seconds = elapsed();
      options.progress(stats);
    }
  };

  std::unordered_set<std::string> roots;  // SOURCEs read whole: their vanished articles go
  for (const auto& source : options.sources) {
    if (reader.read(source, write)) roots.insert(source_key(source));
  }
  reader.finish();
  commit(db);

  const ReadStats& read = reader.stats();
  stats.rejected = read.rejected;
  stats.ignored_files = read.ignored_files;
  stats.chrome_lines = read.chrome_lines;

  const auto refuse = [&](std::size_t losing, const std::string& what) {
    stats.warnings = diag.warnings();
    stats.errors = diag.errors();
    // New and changed articles were committed; only deletions are refused.
    stats.total = fresh ? before : live.get_doccount();
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

  if (fresh) {
    // A rebuild holds only what the sources yield now: guard against switching to an index
    // that lost most of the archive because a share was not mounted.
    const std::size_t now = fresh->db.get_doccount();
    if (now < before && too_many(before - now)) {
      fresh->db.close();
      remove_dead_generations(options.db);
      refuse(before - now, "the rebuild");
    }
    // Every article of a new generation counts as added (it starts empty).
    stats.deleted = now < before ? before - now : 0;
    stats.total = now;
    const auto dir = fresh->dir;
    fresh->db.close();
    switch_generation(options.db, dir);
    stats.switched_generation = true;
  } else {
    const auto gone = vanished(live, roots, seen);
    if (too_many(gone.size())) refuse(gone.size(), "this run");
    for (const Xapian::docid did : gone) {
      vocabulary.removed(live.get_document(did));
      live.delete_document(did);
      ++stats.deleted;
      if (++pending >= options.batch_size) {
        commit(live);
        pending = 0;
      }
    }
    commit(live);
    stats.total = live.get_doccount();
    live.close();
  }

  if (options.compact) {
    const auto source = *live_generation(options.db);
    const auto target = next_generation_dir(options.db);
    Xapian::Database(source.string()).compact(target.string());
    switch_generation(options.db, target);
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
