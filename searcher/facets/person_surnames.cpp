// Grouping person keys by surname.
#include "searcher/facets/person_surnames.h"

#include <mutex>

#include "common/entities/entity_key.h"
#include "common/entities/surname_joins.h"
#include "common/index/schema.h"
#include "common/index/shards.h"

namespace morgue {

PersonSurnames::PersonSurnames(const Xapian::Database& db) {
  PersonKeys keys = read_person_keys(db);
  by_surname_ = std::move(keys.full_by_surname);
  for (std::string& key : keys.bare) {
    bare_by_surname_[std::string(surname_without_article(key))].push_back(std::move(key));
  }
  // Which bare surnames are whose: decided by the indexer from the archive's context.
  bare_to_full_ = read_surname_joins(db);
}

std::shared_ptr<const PersonSurnames> PersonSurnames::of(const Xapian::Database& db) {
  // Every commit makes a new revision key, so a key never names two states of the person
  // terms.
  const std::optional<std::string> revision = revision_key(db);
  if (!revision) return std::make_shared<const PersonSurnames>(db);
  const std::string& key = *revision;
  static std::mutex mutex;
  static std::vector<std::pair<std::string, std::shared_ptr<const PersonSurnames>>> cache;
  {
    std::lock_guard lock(mutex);
    for (const auto& [k, surnames] : cache)
      if (k == key) return surnames;
  }
  auto built = std::make_shared<const PersonSurnames>(db);
  std::lock_guard lock(mutex);
  cache.emplace_back(key, built);
  if (cache.size() > 4) cache.erase(cache.begin());  // the few revisions servers still hold
  return built;
}

namespace {

const std::vector<std::string>& keys_of(
    const std::map<std::string, std::vector<std::string>, std::less<>>& by_surname,
    const std::string& surname_key) {
  static const std::vector<std::string> kNone;
  const auto it = by_surname.find(surname_without_article(surname_key));
  return it == by_surname.end() ? kNone : it->second;
}

}  // namespace

const std::vector<std::string>& PersonSurnames::full_names(const std::string& surname_key) const {
  return keys_of(by_surname_, surname_key);
}

const std::vector<std::string>& PersonSurnames::bare_keys(const std::string& surname_key) const {
  return keys_of(bare_by_surname_, surname_key);
}

const std::string& PersonSurnames::resolve(const std::string& key) const {
  const auto it = bare_to_full_.find(key);
  return it == bare_to_full_.end() ? key : it->second;
}

std::vector<std::string> PersonSurnames::bare_aliases_of(const std::string& full_key) const {
  std::vector<std::string> out;
  const std::string surname = surname_of_person_key(full_key);
  if (surname.empty()) return out;
  for (const std::string& bare : bare_keys(surname)) {
    if (resolve(bare) == full_key) out.push_back(bare);
  }
  return out;
}

}  // namespace morgue
