// Near-duplicate detection for syndicated copy: the same wire story republished with another
// headline, a few edited sentences and different page chrome. Word shingles, MinHash and
// locality-sensitive hashing (LSH) bands find candidates through ordinary index terms; the
// exact shingle overlap with each candidate decides.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/index/date.h"
#include "indexer/copies/story_facts.h"

namespace morgue {

/// Words per shingle. Four keeps one edited word from touching more than four shingles.
inline constexpr std::size_t kShingleWords = 4;
/// LSH layout: kBands bands of kRowsPerBand MinHash values. Two texts become candidates with
/// probability 1 - (1 - J^2)^10: 0.94 at Jaccard 0.5, 0.83 at 0.4, 0.10 at 0.1. Ten band
/// terms per article rather than twenty bands of three: each is a posting list of its own,
/// and their share of the index matters more than the few more chance candidates, which cost
/// a shingle comparison each (docs/benchmarks.md, "Copies").
inline constexpr std::size_t kBands = 10;
inline constexpr std::size_t kRowsPerBand = 2;
/// Texts with fewer distinct shingles are never clustered: too short to tell a copy from a
/// template (one-line earnings reports).
inline constexpr std::size_t kMinShingles = 12;
/// Default similarity (resemblance of shingle sets, see shingle_similarity()) from which two
/// articles are copies of one story. Chosen with bench/dedup_eval.cpp (morgue-bench-dedup;
/// docs/benchmarks.md, "Copies"): lower merges template stories, higher misses heavily
/// edited copies.
inline constexpr double kDefaultDuplicateThreshold = 0.4;

/// The distinct shingle hashes of a text fold_text() folded, sorted: case-folded words,
/// kShingleWords at a time. Thread-safe.
[[nodiscard]] std::vector<std::uint64_t> shingles(std::string_view folded_text);

/// Similarity of two sorted shingle sets: |A ∩ B| / |A ∪ B| (Jaccard), except that a text
/// wholly contained in the other (a trimmed copy) counts by containment, |A ∩ B| / min, when
/// that is at least 0.9. 0 when either set is empty.
[[nodiscard]] double shingle_similarity(const std::vector<std::uint64_t>& a,
                                        const std::vector<std::uint64_t>& b);

/// The LSH band terms of a shingle set (kBands of them, prefix schema::kBandPrefix), or none
/// when it has fewer than kMinShingles shingles. MinHash by one-permutation hashing: each
/// shingle hash falls in one of kBands * kRowsPerBand bins, a bin keeps its minimum, empty
/// bins borrow from the next full one (rotation densification). One hash per shingle
/// instead of one per shingle and row.
[[nodiscard]] std::vector<std::string> band_terms(const std::vector<std::uint64_t>& shingles);

/// What near-duplicate detection needs of a text (fold_text() folded): its shingles, band
/// terms and the facts copies of one story agree on.
struct NearDuplicateKey {
  std::vector<std::uint64_t> shingles;
  std::vector<std::string> bands;
  StoryFacts facts;
};
/// `folded_title`: the headline, for the facts alone (outlets write their own).
[[nodiscard]] NearDuplicateKey near_duplicate_key(std::string_view folded_text,
                                                  std::optional<Date> day = std::nullopt,
                                                  std::string_view folded_title = {});

/// Most candidates whose text is compared with a new article's.
inline constexpr std::size_t kMaxDuplicateCandidates = 50;

/// The articles already in `db` that share at least one band term with `key`, most shared
/// bands first, at most `limit`, never the article `self_id`.
[[nodiscard]] std::vector<Xapian::docid> duplicate_candidates(
    const Xapian::Database& db, const NearDuplicateKey& key, std::string_view self_id,
    std::size_t limit = kMaxDuplicateCandidates);

/// How many band terms of `key` each document of `db` shares with it (never `self_id`).
[[nodiscard]] std::map<Xapian::docid, unsigned> shared_bands(const Xapian::Database& db,
                                                             const NearDuplicateKey& key,
                                                             std::string_view self_id);

/// The `limit` documents sharing most bands (ties: lowest docid, the oldest copy first), from
/// docid -> shared band count.
[[nodiscard]] std::vector<Xapian::docid> rank_candidates(
    const std::map<Xapian::docid, unsigned>& shared, std::size_t limit = kMaxDuplicateCandidates);

/// What the comparison needs of a candidate: its cluster, shingles and facts.
struct ClusterMember {
  std::string cluster;
  std::vector<std::uint64_t> shingles;
  StoryFacts facts;
};

/// best_cluster() over `candidates` candidates in order of preference, the i-th fetched by
/// `member(i)` (nullopt: skip it). A candidate that tells another story (same_story()) is no
/// copy, however similar.
[[nodiscard]] std::optional<std::string> best_cluster(
    const NearDuplicateKey& key, std::size_t candidates, double threshold,
    const std::function<std::optional<ClusterMember>(std::size_t)>& member);

/// A stored document's cluster, shingles and facts; nullopt when it has no cluster.
[[nodiscard]] std::optional<ClusterMember> cluster_member(const Xapian::Document& doc);

/// The cluster of the first of `candidates` (documents of `db`, in order of preference)
/// whose similarity to `key` reaches `threshold` and is the highest seen, stopping early at a
/// near-verbatim copy; nullopt when none does.
[[nodiscard]] std::optional<std::string> best_cluster(const Xapian::Database& db,
                                                      const NearDuplicateKey& key,
                                                      const std::vector<Xapian::docid>& candidates,
                                                      double threshold);

/// The cluster an article with near-duplicate key `key` joins in `db`: that of the most
/// similar candidate whose similarity reaches `threshold`, or nullopt (a cluster of its own).
/// Candidates' shingles are recomputed from their stored text.
[[nodiscard]] std::optional<std::string> find_cluster(
    const Xapian::Database& db, const NearDuplicateKey& key, std::string_view self_id,
    double threshold = kDefaultDuplicateThreshold);

}  // namespace morgue
