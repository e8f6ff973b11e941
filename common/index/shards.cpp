#include "common/index/shards.h"

#include <map>
#include <mutex>

namespace morgue {
namespace {

std::mutex registry_mutex;
// Combined databases by address, and their shards.
std::map<const Xapian::Database*, const std::vector<Xapian::Database>*> registry;

std::optional<std::string> single_key(const Xapian::Database& db) {
  try {
    return db.get_uuid() + ":" + std::to_string(db.get_revision());
  } catch (const Xapian::Error&) {
    return std::nullopt;  // remote: no revision to read
  }
}

}  // namespace

const std::vector<Xapian::Database>* registered_shards(const Xapian::Database& combined) {
  const std::lock_guard lock(registry_mutex);
  const auto it = registry.find(&combined);
  return it == registry.end() || it->second->size() != combined.size() ? nullptr : it->second;
}

std::optional<std::string> revision_key(const Xapian::Database& db) {
  if (db.size() == 1) return single_key(db);
  const std::vector<Xapian::Database>* shards = registered_shards(db);
  if (!shards) return std::nullopt;
  std::string key;
  for (const Xapian::Database& shard : *shards) {
    const auto one = single_key(shard);
    if (!one) return std::nullopt;
    key += *one;
    key += ' ';
  }
  return key;
}

ShardRegistration::ShardRegistration(const Xapian::Database& combined,
                                     const std::vector<Xapian::Database>& shards)
    : combined_(&combined) {
  const std::lock_guard lock(registry_mutex);
  registry[combined_] = &shards;
}

ShardRegistration::~ShardRegistration() { release(); }

void ShardRegistration::release() {
  if (!combined_) return;
  const std::lock_guard lock(registry_mutex);
  registry.erase(combined_);
  combined_ = nullptr;
}

ShardRegistration::ShardRegistration(ShardRegistration&& other) noexcept
    : combined_(other.combined_) {
  other.combined_ = nullptr;
}

ShardRegistration& ShardRegistration::operator=(ShardRegistration&& other) noexcept {
  if (this != &other) {
    release();
    combined_ = other.combined_;
    other.combined_ = nullptr;
  }
  return *this;
}

}  // namespace morgue
