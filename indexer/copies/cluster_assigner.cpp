// Batched near-duplicate lookups.
#include "indexer/copies/cluster_assigner.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/index/index_db.h"
#include "common/index/schema.h"

namespace morgue {

namespace {
// Most committed candidates kept a batch (each some kilobytes of shingles).
constexpr std::size_t kMembersKept = 20 * kMaxDuplicateCandidates;
}  // namespace

ClusterAssigner::ClusterAssigner(const std::vector<std::filesystem::path>& shards, double threshold)
    : threshold_(threshold) {
  for (const auto& path : shards) view_.add_database(Xapian::Database(path.string()));
}

void ClusterAssigner::refresh(std::size_t committed_batches) {
  view_.reopen();
  members_.clear();
  std::vector<std::string> done;
  for (const auto& [id, p] : pending_) {
    if (p.batch < committed_batches) done.push_back(id);
  }
  for (const std::string& id : done) forget(id);
}

void ClusterAssigner::forget(const std::string& id) {
  const auto it = pending_.find(id);
  if (it == pending_.end()) return;
  for (const std::string& band : it->second.bands) {
    const auto b = pending_bands_.find(band);
    b->second.erase(id);
    if (b->second.empty()) pending_bands_.erase(b);
  }
  pending_.erase(it);
}

void ClusterAssigner::look_up(const std::vector<const NearDuplicateKey*>& keys) {
  std::vector<std::string> terms;
  for (const NearDuplicateKey* key : keys) {
    terms.insert(terms.end(), key->bands.begin(), key->bands.end());
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  committed_hits_ = read_newest(view_, [&] {
    std::unordered_map<std::string, std::vector<Xapian::docid>> hits;
    // One forward pass: each leaf block of the band terms is read once per batch at most.
    const std::string prefix(schema::kBandPrefix);
    Xapian::TermIterator t = view_.allterms_begin(prefix);
    for (const std::string& term : terms) {
      t.skip_to(term);
      if (t == view_.allterms_end(prefix)) break;
      if (*t != term) continue;
      auto& docs = hits[term];
      for (auto p = view_.postlist_begin(term); p != view_.postlist_end(term); ++p) {
        docs.push_back(*p);
      }
    }
    return hits;
  });
}

std::optional<std::string> ClusterAssigner::assign(const std::string& id,
                                                   const NearDuplicateKey& key) {
  std::map<Xapian::docid, unsigned> committed;
  std::map<std::string, unsigned> pending;
  for (const std::string& band : key.bands) {
    if (const auto hit = committed_hits_.find(band); hit != committed_hits_.end()) {
      for (const Xapian::docid did : hit->second) ++committed[did];
    }
    if (const auto hit = pending_bands_.find(band); hit != pending_bands_.end()) {
      for (const std::string& other : hit->second) ++pending[other];
    }
  }
  pending.erase(id);
  // Candidates: (shared bands, age, docid or 0, pending id). Committed documents are older
  // than pending ones, in docid order.
  using Candidate = std::tuple<unsigned, std::size_t, Xapian::docid, std::string>;
  std::vector<Candidate> ranked;
  for (const auto& [did, shared] : committed) ranked.emplace_back(shared, did, did, std::string());
  constexpr std::size_t kPending = std::size_t{1} << 40;
  for (const auto& [other, shared] : pending) {
    ranked.emplace_back(shared, kPending + pending_.at(other).order, 0, other);
  }
  if (ranked.empty()) return std::nullopt;
  std::sort(ranked.begin(), ranked.end(), [](const Candidate& x, const Candidate& y) {
    return std::get<0>(x) != std::get<0>(y) ? std::get<0>(x) > std::get<0>(y)
                                            : std::get<1>(x) < std::get<1>(y);
  });
  // A committed version superseded by a pending one or by `id` itself is no candidate. Its id
  // is a value read, so it is checked only for the candidates best_cluster() gets to (it
  // mostly stops at the first: a copy of many shared bands), in the same order as if the
  // list had been filtered first.
  const auto id_slot = schema::slot(schema::Slot::kId);
  std::size_t next = 0;  // the first entry of `ranked` not yet handed out
  const auto next_candidate = [&]() -> const Candidate* {
    while (next < ranked.size()) {
      const Candidate& c = ranked[next++];
      const Xapian::docid did = std::get<2>(c);
      if (did == 0) return &c;
      const std::string other =
          read_newest(view_, [&] { return view_.get_document(did).get_value(id_slot); });
      if (other != id && !pending_.contains(other)) return &c;
    }
    return nullptr;
  };
  return best_cluster(key, std::min(ranked.size(), kMaxDuplicateCandidates), threshold_,
                      [&](std::size_t) -> std::optional<ClusterMember> {
                        const Candidate* c = next_candidate();
                        if (c == nullptr) return std::nullopt;
                        const Xapian::docid did = std::get<2>(*c);
                        if (did == 0) {
                          const Pending& p = pending_.at(std::get<3>(*c));
                          return ClusterMember{p.cluster, p.shingles, p.facts};
                        }
                        const auto cached = members_.find(did);
                        if (cached != members_.end()) return cached->second;
                        std::optional<ClusterMember> m = read_newest(
                            view_, [&] { return cluster_member(view_.get_document(did)); });
                        // Bounded: a batch of articles with fifty candidates each, all different.
                        if (members_.size() < kMembersKept) members_.emplace(did, m);
                        return m;
                      });
}

void ClusterAssigner::assigned(const std::string& id, const std::string& cluster,
                               const NearDuplicateKey& key, std::size_t batch) {
  forget(id);  // an earlier version assigned in this run
  pending_[id] = Pending{cluster, key.shingles, key.facts, key.bands, batch, next_order_++};
  for (const std::string& band : key.bands) pending_bands_[band].insert(id);
}

}  // namespace morgue
