// Build/update pipeline.
#include "indexer/index_builder.h"

#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "common/document_builder.h"
#include "common/index_db.h"
#include "common/schema.h"

namespace morgue {

IndexStats build_index(const IndexOptions& options, Diagnostics& diag) {
  const auto start = std::chrono::steady_clock::now();
  IndexStats stats;
  Xapian::WritableDatabase db = open_index_for_writing(options.db);
  Analyzer analyzer(options.analyzer);
  SourceReader reader(options.read, diag);
  std::unordered_map<std::string, std::string> seen;  // id -> where it was read this run
  std::size_t pending = 0;

  const ArticleSink write = [&](Article&& article) {
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
      if (old.get_value(schema::slot(schema::Slot::kContentHash)) == content_hash(article)) {
        ++stats.unchanged;
        return;
      }
      ++stats.updated;
    } else {
      ++stats.added;
    }
    db.replace_document(id_term, build_document(article, analyzer));
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
  if (s.ignored_files > 0) {
    out += "; " + std::to_string(s.ignored_files) + " non-article files ignored";
  }
  return out;
}

}  // namespace morgue
