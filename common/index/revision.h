// Which revision of an index a database handle reads, as the key of what is built from one
// revision and kept (a server's value columns, the person-surname table): every commit makes
// a new key, and a key never names two states. Xapian tells a single database's revision,
// not a combined (sharded) one's; whoever opens a combined database can register its shards,
// opened as databases of their own that share its state (Database::add_database shares it,
// so that reopen() moves them together), and its key is then theirs.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace morgue {

/// The key of the revision `db` reads: its UUID and revision, or for a combined database
/// those of the shards registered for it. nullopt when unknown: a remote database, or a
/// combined one with none registered.
[[nodiscard]] std::optional<std::string> revision_key(const Xapian::Database& db);

/// Registers `shards` as those `combined` was made of (in its order), for as long as this
/// object lives; both must outlive it and stay where they are. Movable, not copyable.
class ShardRegistration {
 public:
  ShardRegistration() = default;
  ShardRegistration(const Xapian::Database& combined, const std::vector<Xapian::Database>& shards);
  ~ShardRegistration();
  ShardRegistration(ShardRegistration&& other) noexcept;
  ShardRegistration& operator=(ShardRegistration&& other) noexcept;
  ShardRegistration(const ShardRegistration&) = delete;
  ShardRegistration& operator=(const ShardRegistration&) = delete;

 private:
  void release();
  const Xapian::Database* combined_ = nullptr;
};

}  // namespace morgue
