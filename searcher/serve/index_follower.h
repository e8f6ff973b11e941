// A server's view of the index that follows the nightly run: new commits (Xapian's reopen())
// and new generations (--rebuild, --compact, --shards switch the stub, which reopen() does not
// follow).
#pragma once

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "common/index/index_db.h"

namespace morgue {

/// One per thread (Xapian objects are not shared between threads). Not thread-safe.
/// It follows the index by identity, not by path: it holds the directories it opened (the
/// index and its live generation) open, so that their inodes cannot be reused, and an index
/// deleted and made again at the same path, with the same stub text, is seen as another.
class IndexFollower {
 public:
  /// Opens nothing yet: an index missing at start-up may appear later.
  explicit IndexFollower(std::filesystem::path index) : index_(std::move(index)) {}
  ~IndexFollower();
  IndexFollower(const IndexFollower&) = delete;
  IndexFollower& operator=(const IndexFollower&) = delete;

  /// The index as newly committed: reopened when a writer committed, opened anew when the
  /// stub names another generation. Throws IndexUnavailable (missing, not an index,
  /// incompatible) or Xapian::Error.
  Xapian::Database& current();

  /// Forgets the open database, so that the next current() opens the index anew (after an
  /// error that may come from a generation removed under it).
  void reset();

 private:
  // Whether the index and generation directories at their paths are still those held open.
  [[nodiscard]] bool same_directories() const;

  std::filesystem::path index_;
  std::optional<OpenIndex> opened_;
  std::string stub_;  // the stub's text when the index was opened
  int index_fd_ = -1;
  std::filesystem::path generation_;  // the live generation when the index was opened, if any
  int generation_fd_ = -1;
};

/// What /healthz reports of an index.
struct IndexHealth {
  Xapian::doccount articles = 0;
  std::string generation;  ///< "gen-000003", or "" for an index without generations
  /// When the stub or the live generation last changed (seconds since the epoch).
  std::int64_t changed_at = 0;
};
[[nodiscard]] IndexHealth index_health(const std::filesystem::path& index,
                                       const Xapian::Database& db);

}  // namespace morgue
