#include "searcher/count/value_column.h"

#include <unordered_map>

#include "common/index/shards.h"

namespace morgue {

ValueColumn::ValueColumn(const Xapian::Database& db, Xapian::valueno slot, std::string revision)
    : revision_(std::move(revision)),
      ordinals_(db.get_lastdocid() + 1, 0),
      values_(1),
      articles_(1, 0) {
  std::unordered_map<std::string, std::uint32_t> numbers;
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    const auto [it, added] = numbers.try_emplace(*v, static_cast<std::uint32_t>(values_.size()));
    if (added) {
      values_.push_back(it->first);
      articles_.push_back(0);
    }
    ordinals_[v.get_docid()] = it->second;
    ++articles_[it->second];
  }
}

std::shared_ptr<const ValueColumn> ValueColumns::for_database(const Xapian::Database& db,
                                                              Xapian::valueno slot) {
  // One database only: Xapian matches shard by shard, and its spies and key makers see each
  // shard's own docids, which a column of the combined docids cannot tell apart. (Counts run
  // on each shard of a registered one: search.cpp.)
  if (db.size() != 1) return nullptr;
  std::optional<std::string> revision = revision_key(db);
  if (!revision) return nullptr;  // remote
  const std::pair key(slot, db.get_uuid());
  {
    const std::lock_guard lock(mutex_);
    Slot& s = slots_[key];
    s.used = ++requests_;
    if (s.newest && s.newest->revision() == *revision) return s.newest;
    if (s.building) return nullptr;
    s.building = true;
    // The databases of generations gone (a rebuild makes new shards): the least recently
    // asked for past a few per slot are dropped.
    constexpr std::size_t kKeptPerSlot = 16;
    std::size_t of_slot = 0;
    auto oldest = slots_.end();
    for (auto it = slots_.begin(); it != slots_.end(); ++it) {
      if (it->first.first != slot) continue;
      ++of_slot;
      if (!it->second.building && (oldest == slots_.end() || it->second.used < oldest->second.used))
        oldest = it;
    }
    if (of_slot > kKeptPerSlot && oldest != slots_.end()) slots_.erase(oldest);
  }
  std::shared_ptr<const ValueColumn> built;
  try {
    built = std::make_shared<const ValueColumn>(db, slot, std::move(*revision));
  } catch (const Xapian::Error&) {
    // A writer moved on, or a remote database; counted from the index this time.
  }
  const std::lock_guard lock(mutex_);
  Slot& s = slots_[key];
  s.building = false;
  if (built) s.newest = built;
  return built;
}

ColumnCountSpy::ColumnCountSpy(std::shared_ptr<const ValueColumn> column)
    : column_(std::move(column)), counts_(std::size_t{column_->distinct()} + 1, 0) {}

void ColumnCountSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++seen_;
  const std::uint32_t o = column_->ordinal(doc.get_docid());
  if (o == 0) return;
  if (counts_[o]++ == 0) touched_.push_back(o);
}

}  // namespace morgue
