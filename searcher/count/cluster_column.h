// The cluster of every article, held in memory for a long-lived searcher. Counting the stories
// a query matches reads each match's cluster; from the index that is a value read (about
// half a microsecond a match), from this column an array lookup. Built from one revision of
// a one-database index and used only while the database reads that revision: the counts are
// the same either way, only cheaper.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace morgue {

/// One revision's clusters: a small number (an ordinal) per docid, 0 for an article without
/// a cluster value.
class ClusterColumn {
 public:
  /// Reads `db`'s cluster slot in docid order. `db` must hold one database (get_revision()).
  /// Throws Xapian errors (DatabaseModifiedError when a writer moved on meanwhile).
  explicit ClusterColumn(const Xapian::Database& db);

  /// Whether `db` reads the revision this column was built from.
  [[nodiscard]] bool matches(const Xapian::Database& db) const;

  [[nodiscard]] std::uint32_t ordinal(Xapian::docid did) const {
    return did < ordinals_.size() ? ordinals_[did] : 0;
  }
  /// Distinct clusters; ordinals run from 1 to this.
  [[nodiscard]] std::uint32_t clusters() const { return clusters_; }

 private:
  std::string uuid_;
  Xapian::rev revision_ = 0;
  std::vector<std::uint32_t> ordinals_;  // by docid
  std::uint32_t clusters_ = 0;
};

/// The newest column of one index, shared by the threads of a server. for_database() never
/// waits for a build another thread is running: that request is counted from the index.
class ClusterColumns {
 public:
  /// The column for the revision `db` reads, built now when this thread is the first to ask
  /// for that revision; nullptr when `db` is not a single local database, when another
  /// thread is building, or when the build failed (a writer moved on: the next asks again).
  [[nodiscard]] std::shared_ptr<const ClusterColumn> for_database(const Xapian::Database& db);

 private:
  std::mutex mutex_;
  std::shared_ptr<const ClusterColumn> newest_;
  bool building_ = false;
};

/// Counts the articles a match saw, those with a cluster, and their distinct clusters, as a
/// ValueCountMatchSpy on the cluster slot would, from a column. Local matches only (it has
/// no serialisation for remote shards).
class ClusterCountSpy : public Xapian::MatchSpy {
 public:
  explicit ClusterCountSpy(const ClusterColumn& column);
  void operator()(const Xapian::Document& doc, double weight) override;

  [[nodiscard]] Xapian::doccount seen() const { return seen_; }
  [[nodiscard]] Xapian::doccount valued() const { return valued_; }
  [[nodiscard]] Xapian::doccount clusters() const { return clusters_; }

 private:
  const ClusterColumn& column_;
  std::vector<std::uint32_t>& stamps_;  // this thread's, by ordinal: the match that saw it
  std::uint32_t stamp_ = 0;
  Xapian::doccount seen_ = 0, valued_ = 0, clusters_ = 0;
};

}  // namespace morgue
