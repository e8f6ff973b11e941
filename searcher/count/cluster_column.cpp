#include "searcher/count/cluster_column.h"

#include <unordered_map>

#include "common/index/schema.h"

namespace morgue {

ClusterColumn::ClusterColumn(const Xapian::Database& db)
    : uuid_(db.get_uuid()), revision_(db.get_revision()), ordinals_(db.get_lastdocid() + 1, 0) {
  const Xapian::valueno slot = schema::slot(schema::Slot::kCluster);
  std::unordered_map<std::string, std::uint32_t> numbers;
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    const auto [it, added] = numbers.try_emplace(*v, clusters_ + 1);
    if (added) ++clusters_;
    ordinals_[v.get_docid()] = it->second;
  }
}

bool ClusterColumn::matches(const Xapian::Database& db) const {
  return db.size() == 1 && db.get_revision() == revision_ && db.get_uuid() == uuid_;
}

std::shared_ptr<const ClusterColumn> ClusterColumns::for_database(const Xapian::Database& db) {
  if (db.size() != 1) return nullptr;
  {
    const std::lock_guard lock(mutex_);
    if (newest_) {
      try {
        if (newest_->matches(db)) return newest_;
      } catch (const Xapian::Error&) {
        return nullptr;  // not a local database: no revision
      }
    }
    if (building_) return nullptr;
    building_ = true;
  }
  std::shared_ptr<const ClusterColumn> built;
  try {
    built = std::make_shared<const ClusterColumn>(db);
  } catch (const Xapian::Error&) {
    // A writer moved on, or a remote database; counted from the index this time.
  }
  const std::lock_guard lock(mutex_);
  building_ = false;
  if (built) newest_ = built;
  return built;
}

ClusterCountSpy::ClusterCountSpy(const ClusterColumn& column)
    : column_(column), stamps_([]() -> std::vector<std::uint32_t>& {
        thread_local std::vector<std::uint32_t> stamps;
        return stamps;
      }()) {
  thread_local std::uint32_t last_stamp = 0;
  if (++last_stamp == 0 || stamps_.size() < std::size_t{column.clusters()} + 1) {
    // First use, a wrapped counter or more clusters: start from clean stamps.
    stamps_.assign(std::size_t{column.clusters()} + 1, 0);
    last_stamp = 1;
  }
  stamp_ = last_stamp;
}

void ClusterCountSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++seen_;
  const std::uint32_t cluster = column_.ordinal(doc.get_docid());
  if (cluster == 0) return;
  ++valued_;
  if (stamps_[cluster] != stamp_) {
    stamps_[cluster] = stamp_;
    ++clusters_;
  }
}

}  // namespace morgue
