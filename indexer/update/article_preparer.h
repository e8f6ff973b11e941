// The analysis step of the indexer's pipeline, run on each worker thread: is an article new,
// changed or unchanged against its shard as committed, and if it is to be written, its
// document and spelling words.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/analysis/analyzer.h"
#include "indexer/document/document_builder.h"
#include "indexer/read/diagnostics.h"
#include "indexer/update/prepared_article.h"

namespace morgue {

/// Whether an article of SOURCE `owner` keeps its id against one read from SOURCE `reader`:
/// ids are unique per index, not per SOURCE, and two feeds numbering their articles 1..N
/// would otherwise replace each other run after run. Not when one SOURCE lies inside the
/// other (a file of an indexed directory given alone is the same article), nor when the
/// owner is gone (the SOURCE moved, and its articles move with it).
[[nodiscard]] bool taken_by_another_source(const std::string& owner, const std::string& reader);

/// One analysis thread's own analyzer and read-only views of the shards (Xapian objects are
/// not shared between threads). Everything passed in is borrowed and must outlive it.
class ArticlePreparer {
 public:
  /// `empty_at_start[n]`: shard n held nothing when the run began, so every article is new.
  /// `rebuilt_from`: a rebuild's live generation (its shards), whose articles keep their
  /// indexing runs in the new one where their content is the same; empty otherwise.
  ArticlePreparer(const AnalyzerOptions& analyzer, const DocumentOptions& doc_options,
                  const std::vector<std::filesystem::path>& shard_paths,
                  const std::vector<bool>& empty_at_start, Diagnostics& diag,
                  const std::vector<std::filesystem::path>& rebuilt_from = {});

  /// Classifies `s` and, unless unchanged or taken, builds its document.
  [[nodiscard]] PreparedArticle prepare(Submission& s);

 private:
  void classify(const Submission& s, PreparedArticle& p);
  void keep_runs(const Submission& s, PreparedArticle& p);

  Diagnostics& diag_;
  const DocumentOptions& doc_options_;
  Analyzer analyzer_;
  const std::vector<std::filesystem::path>& shard_paths_;
  const std::vector<bool>& empty_at_start_;
  std::vector<std::optional<Xapian::Database>> views_;     // opened on first use
  const std::vector<std::filesystem::path> rebuilt_from_;  // a copy: the default is a temporary
  std::optional<Xapian::Database> rebuilt_view_;           // its shards as one, opened on first use
};

}  // namespace morgue
