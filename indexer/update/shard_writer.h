// The last step of the indexer's pipeline: one thread per shard writes its documents in
// arrival order, keeps the spelling table in step, and commits in batches.
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "indexer/document/vocabulary.h"
#include "indexer/update/prepared_article.h"

namespace morgue {

/// Writes shard `shard` through `db` (borrowed). write() runs on the shard's own thread while
/// the pipeline is open; remove() and commit() after it closed. The counters may be read
/// from any thread.
class ShardWriter {
 public:
  /// Commits every `batch_size` documents written or removed; stamps what it writes with
  /// indexing run `run` (document_builder.h set_runs()).
  ShardWriter(Xapian::WritableDatabase& db, std::size_t shard, std::size_t batch_size,
              std::uint64_t run)
      : db_(db), shard_(shard), batch_size_(batch_size), run_(run) {}

  /// The articles of pipeline batch `number` that belong to this shard, in order.
  void write(std::size_t number, std::vector<PreparedArticle>& batch);
  /// Deletes document `did` (an article its SOURCE no longer yields).
  void remove(Xapian::docid did);
  /// Writes the spelling changes and commits.
  void commit();

  std::atomic<std::size_t> added{0}, updated{0}, unchanged{0}, taken{0};
  /// Pipeline batches numbered below this are committed in this shard.
  std::atomic<std::size_t> committed_batches{0};

 private:
  void write(PreparedArticle& p);

  Xapian::WritableDatabase& db_;
  std::size_t shard_;
  std::size_t batch_size_;
  std::uint64_t run_;
  VocabularyUpdater vocabulary_;
  std::size_t pending_ = 0;  // written since the last commit
};

}  // namespace morgue
