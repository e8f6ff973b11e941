// Build/update pipeline.
#include "indexer/index_builder.h"

#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "common/document_builder.h"
#include "common/entity_aliases.h"
#include "common/hash.h"
#include "common/index_db.h"
#include "common/outlet_map.h"
#include "common/schema.h"

namespace morgue {

IndexStats build_index(const IndexOptions& options, Diagnostics& diag) {
  const auto start = std::chrono::steady_clock::now();
  IndexStats stats;
  Xapian::WritableDatabase db = open_index_for_writing(options.db);
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
  doc_options.hash_salt = aliases_json.empty() ? "" : to_hex(fnv1a64(aliases_json));
  std::unordered_map<std::string, std::string> seen;  // id -> where it was read this run
  std::size_t pending = 0;

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
    } else {
      ++stats.added;
    }
    DocumentInfo info;
    db.replace_document(id_term, build_document(article, analyzer, doc_options, &info));
    stats.entities += info.entities;
    if (++pending >= options.batch_size) {
      db.commit();
      pending = 0;
    }
  };

  for (const auto& source : options.sources) reader.read(source, write);
  reader.finish();
  db.commit();

  const ReadStats& read = reader.stats();
  stats.rejected = read.rejected;
  stats.ignored_files = read.ignored_files;
  stats.chrome_lines = read.chrome_lines;
  stats.warnings = diag.warnings();
  stats.errors = diag.errors();
  stats.total = db.get_doccount();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

std::string format_summary(const IndexStats& s) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "indexed %zu (%zu added, %zu updated), %zu unchanged, %zu skipped, %zu errors, "
                "%zu warnings, %.2fs; index holds %zu articles",
                s.added + s.updated, s.added, s.updated, s.unchanged, s.rejected, s.errors,
                s.warnings, s.seconds, s.total);
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
