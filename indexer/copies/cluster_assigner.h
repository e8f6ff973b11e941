// Near-duplicate clusters for a stream of articles written into an index (one database or
// shards), assigned as find_cluster() would writing one article at a time into one database,
// but with lookups cheap enough for bulk indexing. find_cluster() against the database being
// written opens a posting list per band term: a B-tree descent for each of an article's
// band terms, most of which do not exist. Here the band terms of a whole batch are looked up in
// sorted order through one cursor over the committed shards, and the articles assigned but not yet
// committed everywhere are looked up in memory.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/copies/near_duplicates.h"

namespace morgue {

class ClusterAssigner {
 public:
  /// `shards`: the databases being written (read here as committed, never written).
  /// `threshold`: as find_cluster().
  ClusterAssigner(const std::vector<std::filesystem::path>& shards, double threshold);

  /// Reads the shards' committed state again. Articles assigned in batches numbered below
  /// `committed_batches` are committed in every shard by now: memory lets them go, so it
  /// holds what the writers have not committed yet, never the whole run.
  void refresh(std::size_t committed_batches);

  /// Looks up the committed documents sharing bands with `keys`, the articles assign() is
  /// about to be asked about (until the next call).
  void look_up(const std::vector<const NearDuplicateKey*>& keys);

  /// The cluster of the most similar earlier copy of article `id` with key `key` (looked up
  /// by look_up()), never an earlier version of `id` itself; nullopt: a cluster of its own.
  [[nodiscard]] std::optional<std::string> assign(const std::string& id,
                                                  const NearDuplicateKey& key);

  /// Article `id` goes into `cluster` with `key`, written as part of batch `batch`: later
  /// articles may join it. Supersedes any committed version of `id`.
  void assigned(const std::string& id, const std::string& cluster, const NearDuplicateKey& key,
                std::size_t batch);

 private:
  struct Pending {
    std::string cluster;
    std::vector<std::uint64_t> shingles;
    StoryFacts facts;
    std::vector<std::string> bands;
    std::size_t batch = 0;
    std::size_t order = 0;  // assignment order: the older copy first on ties
  };
  void forget(const std::string& id);

  Xapian::Database view_;  // all shards, numbered as the searcher numbers them
  // The committed candidates read in this batch: articles telling one story in one template
  // (a daily market report) share bands, and each of a batch's would read the same fifty
  // documents again. A document changes only when its article is written again, and then it
  // is pending, no candidate; refresh() empties this with each batch.
  std::unordered_map<Xapian::docid, std::optional<ClusterMember>> members_;
  double threshold_;
  std::unordered_map<std::string, std::vector<Xapian::docid>> committed_hits_;  // band -> docs
  std::unordered_map<std::string, Pending> pending_;                            // by id
  std::unordered_map<std::string, std::set<std::string>> pending_bands_;        // band -> ids
  std::size_t next_order_ = 0;
};

}  // namespace morgue
