// Grouping person keys by surname.
#include "searcher/facets/person_surnames.h"

#include <mutex>

#include "common/index/schema.h"
#include "common/index/shards.h"

namespace morgue {

std::string surname_of_key(const std::string& key) {
  const auto space = key.rfind(' ');
  return space == std::string::npos ? std::string() : key.substr(space + 1);
}

PersonSurnames::PersonSurnames(const Xapian::Database& db) {
  const std::string prefix(schema::entity_prefix(schema::EntityKind::kPerson));
  std::vector<std::string> bare;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::string key = (*t).substr(prefix.size());
    if (key.empty()) continue;
    const std::string surname = surname_of_key(key);
    if (surname.empty()) {
      bare.push_back(std::move(key));
    } else {
      by_surname_[surname].push_back(std::move(key));
    }
  }
  for (std::string& key : bare) {
    const auto it = by_surname_.find(key);
    if (it != by_surname_.end() && it->second.size() == 1) {
      bare_to_full_.emplace(std::move(key), it->second.front());
    }
  }
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

const std::vector<std::string>& PersonSurnames::full_names(const std::string& surname_key) const {
  static const std::vector<std::string> kNone;
  const auto it = by_surname_.find(surname_key);
  return it == by_surname_.end() ? kNone : it->second;
}

const std::string& PersonSurnames::resolve(const std::string& key) const {
  const auto it = bare_to_full_.find(key);
  return it == bare_to_full_.end() ? key : it->second;
}

std::string PersonSurnames::bare_alias_of(const std::string& full_key) const {
  const std::string surname = surname_of_key(full_key);
  if (surname.empty()) return {};
  const auto it = bare_to_full_.find(surname);
  return it != bare_to_full_.end() && it->second == full_key ? surname : std::string();
}

}  // namespace morgue
