// Shingles, MinHash bands and candidate verification.
#include "indexer/copies/near_duplicates.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>

#include "common/index/article.h"
#include "common/index/schema.h"
#include "common/text/hash.h"
#include "common/text/text_fold.h"
#include "common/text/words.h"

namespace morgue {
namespace {

constexpr std::size_t kHashes = kBands * kRowsPerBand;

// SplitMix64's finaliser: a fast, well-mixed 64-bit permutation.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// One seed per MinHash function, fixed forever: band terms are stored in indexes.
constexpr std::array<std::uint64_t, kHashes> kSeeds = [] {
  std::array<std::uint64_t, kHashes> seeds{};
  std::uint64_t s = 0x6d6f726775650001ULL;  // "morgue" 1
  for (auto& seed : seeds) seed = s = mix64(s);
  return seeds;
}();

// Containment counts only between texts of comparable length: a lead paragraph reprinted
// inside a long feature is not a copy of it.
constexpr double kContainment = 0.9;
constexpr double kMinLengthRatio = 0.25;
// Similarity from which the search for a better candidate stops.
constexpr double kCertainCopy = 0.9;

}  // namespace

std::vector<std::uint64_t> shingles(std::string_view folded_text) {
  const std::string folded = case_fold(folded_text);
  std::vector<std::uint64_t> words;
  for (const WordSpan& w : word_spans(folded, U"'")) {
    words.push_back(fnv1a64(std::string_view(folded).substr(w.begin, w.end - w.begin)));
  }
  std::vector<std::uint64_t> out;
  if (words.size() < kShingleWords) return out;
  out.reserve(words.size() - kShingleWords + 1);
  for (std::size_t i = 0; i + kShingleWords <= words.size(); ++i) {
    std::uint64_t h = 0;
    for (std::size_t k = 0; k < kShingleWords; ++k) h = mix64(h ^ words[i + k]);
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double shingle_similarity(const std::vector<std::uint64_t>& a,
                          const std::vector<std::uint64_t>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (auto x = a.begin(), y = b.begin(); x != a.end() && y != b.end();) {
    if (*x < *y) {
      ++x;
    } else if (*y < *x) {
      ++y;
    } else {
      ++common, ++x, ++y;
    }
  }
  const double small = double(std::min(a.size(), b.size()));
  const double large = double(std::max(a.size(), b.size()));
  const double jaccard = double(common) / (small + large - double(common));
  const double contained = double(common) / small;
  if (contained >= kContainment && small / large >= kMinLengthRatio) {
    return std::max(jaccard, contained);
  }
  return jaccard;
}

std::vector<std::string> band_terms(const std::vector<std::uint64_t>& shingle_set) {
  std::vector<std::string> terms;
  if (shingle_set.size() < kMinShingles) return terms;
  constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();
  std::array<std::uint64_t, kHashes> mins;
  mins.fill(kEmpty);
  for (const std::uint64_t s : shingle_set) {
    const std::uint64_t h = mix64(s ^ kSeeds[0]);
    // The high half picks the bin (multiply-shift range reduction), the low half competes.
    const auto bin = static_cast<std::size_t>(((h >> 32) * kHashes) >> 32);
    mins[bin] = std::min<std::uint64_t>(mins[bin], h & 0xffffffffULL);
  }
  for (std::size_t i = 0; i < kHashes; ++i) {
    if (mins[i] != kEmpty) continue;
    // Rotation: the next full bin's value, marked with the distance so that borrowed values
    // only match values borrowed from as far.
    for (std::size_t d = 1; d < kHashes; ++d) {
      const std::uint64_t v = mins[(i + d) % kHashes];
      if (v != kEmpty && v < (1ULL << 32)) {
        mins[i] = v + (std::uint64_t(d) << 32);
        break;
      }
    }
  }
  terms.reserve(kBands);
  for (std::size_t band = 0; band < kBands; ++band) {
    std::uint64_t h = kSeeds[band + 1];
    for (std::size_t r = 0; r < kRowsPerBand; ++r) h = mix64(h ^ mins[band * kRowsPerBand + r]);
    // The band letter, then 32 bits of hash as raw bytes: one term per band and article
    // makes term length count in the index size, and at two million articles a chance
    // collision still touches only 0.05% of them per band (the shingle comparison decides).
    std::string term(schema::kBandPrefix);
    term += static_cast<char>('a' + band);
    for (int shift = 56; shift >= 32; shift -= 8) term += static_cast<char>((h >> shift) & 0xff);
    terms.push_back(std::move(term));
  }
  return terms;
}

NearDuplicateKey near_duplicate_key(std::string_view folded_text, std::optional<Date> day,
                                    std::string_view folded_title) {
  NearDuplicateKey key;
  key.shingles = shingles(folded_text);
  key.bands = band_terms(key.shingles);
  // Only texts that can be clustered need their facts.
  if (!key.bands.empty()) key.facts = story_facts(folded_text, day, folded_title);
  return key;
}

std::map<Xapian::docid, unsigned> shared_bands(const Xapian::Database& db,
                                               const NearDuplicateKey& key,
                                               std::string_view self_id) {
  std::map<Xapian::docid, unsigned> shared;
  for (const std::string& term : key.bands) {
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) ++shared[*p];
  }
  const std::string self_term = schema::id_term(self_id);
  if (auto self = db.postlist_begin(self_term); self != db.postlist_end(self_term)) {
    shared.erase(*self);
  }
  return shared;
}

std::vector<Xapian::docid> rank_candidates(const std::map<Xapian::docid, unsigned>& shared,
                                           std::size_t limit) {
  std::vector<std::pair<Xapian::docid, unsigned>> ranked(shared.begin(), shared.end());
  // Most shared bands first, then the oldest document (the original copy).
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  std::vector<Xapian::docid> out;
  for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) out.push_back(ranked[i].first);
  return out;
}

std::vector<Xapian::docid> duplicate_candidates(const Xapian::Database& db,
                                                const NearDuplicateKey& key,
                                                std::string_view self_id, std::size_t limit) {
  return rank_candidates(shared_bands(db, key, self_id), limit);
}

std::optional<ClusterMember> cluster_member(const Xapian::Document& doc) {
  std::string cluster = doc.get_value(schema::slot(schema::Slot::kCluster));
  if (cluster.empty()) return std::nullopt;
  const Article article = decode_stored_article(doc.get_data()).article;
  const std::string body = fold_text(article.body);
  return ClusterMember{std::move(cluster), shingles(body),
                       story_facts(body, article.published, fold_text(article.title))};
}

std::optional<std::string> best_cluster(
    const NearDuplicateKey& key, std::size_t candidates, double threshold,
    const std::function<std::optional<ClusterMember>(std::size_t)>& member) {
  std::optional<std::string> best;
  double best_similarity = 0;
  for (std::size_t i = 0; i < candidates; ++i) {
    const std::optional<ClusterMember> m = member(i);
    if (!m) continue;
    const double similarity = shingle_similarity(key.shingles, m->shingles);
    if (similarity >= threshold && similarity > best_similarity &&
        same_story(key.facts, m->facts)) {
      best_similarity = similarity;
      best = m->cluster;
      // Candidates come most-shared-bands first: a copy this close will not be beaten by
      // enough to matter, and archives hold many verbatim copies of one story.
      if (similarity >= kCertainCopy) break;
    }
  }
  return best;
}

std::optional<std::string> best_cluster(const Xapian::Database& db, const NearDuplicateKey& key,
                                        const std::vector<Xapian::docid>& candidates,
                                        double threshold) {
  return best_cluster(key, candidates.size(), threshold, [&](std::size_t i) {
    return cluster_member(db.get_document(candidates[i]));
  });
}

std::optional<std::string> find_cluster(const Xapian::Database& db, const NearDuplicateKey& key,
                                        std::string_view self_id, double threshold) {
  return best_cluster(db, key, duplicate_candidates(db, key, self_id), threshold);
}

}  // namespace morgue
