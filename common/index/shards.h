// The shards of a combined (sharded) database, registered by whoever opened it as databases of
// their own that share its state (Database::add_database shares it, so that reopen() moves
// them together), and what they tell: which revision of the index the database reads (the
// key of what is built from one revision and kept: value columns, the person-surname table;
// Xapian tells a single database's revision, not a combined one's), and the databases a
// count can run on one by one (a match over a combined database never stops early: Xapian
// goes through it shard by shard, docids out of order).
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

/// The shards registered for `combined` (in its order), or nullptr. Valid while the
/// registration lasts: use it within the request that holds `combined`.
[[nodiscard]] const std::vector<Xapian::Database>* registered_shards(
    const Xapian::Database& combined);

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
