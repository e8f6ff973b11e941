#include "searcher/count/value_column.h"

#include <unordered_map>

namespace morgue {

ValueColumn::ValueColumn(const Xapian::Database& db, Xapian::valueno slot)
    : uuid_(db.get_uuid()),
      revision_(db.get_revision()),
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

bool ValueColumn::matches(const Xapian::Database& db) const {
  return db.size() == 1 && db.get_revision() == revision_ && db.get_uuid() == uuid_;
}

std::shared_ptr<const ValueColumn> ValueColumns::for_database(const Xapian::Database& db,
                                                              Xapian::valueno slot) {
  if (db.size() != 1) return nullptr;
  {
    const std::lock_guard lock(mutex_);
    Slot& s = slots_[slot];
    if (s.newest) {
      try {
        if (s.newest->matches(db)) return s.newest;
      } catch (const Xapian::Error&) {
        return nullptr;  // not a local database: no revision
      }
    }
    if (s.building) return nullptr;
    s.building = true;
  }
  std::shared_ptr<const ValueColumn> built;
  try {
    built = std::make_shared<const ValueColumn>(db, slot);
  } catch (const Xapian::Error&) {
    // A writer moved on, or a remote database; counted from the index this time.
  }
  const std::lock_guard lock(mutex_);
  Slot& s = slots_[slot];
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
