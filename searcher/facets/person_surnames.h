// Which person a bare surname stands for. An article that only says "Reagan" is filed under
// the one-word person key "reagan"; when the index knows exactly one person in full with that
// surname ("ronald reagan") and the archive's context supports it (a title both follow,
// someone named beside both: common/entities/surname_joins.h, decided by the indexer), the bare
// mentions are that person's, for filters and facets alike.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace morgue {

/// The person keys of an index grouped by surname. Built by one walk over the person terms;
/// read-only afterwards, so one instance may serve many threads.
class PersonSurnames {
 public:
  explicit PersonSurnames(const Xapian::Database& db);

  /// The surnames of `db`, built once per revision of a single database and shared (a
  /// server's searches ask for them again and again; each build walks every person key).
  /// A database of several shards, or one whose revision cannot be read, gets a fresh build.
  /// Thread-safe.
  [[nodiscard]] static std::shared_ptr<const PersonSurnames> of(const Xapian::Database& db);

  /// The full-name keys ("ronald reagan") whose surname is `surname_key` ("reagan"); a
  /// surname with or without its article is one ("jadan", "al-jadan": "mohamed al-jadan").
  [[nodiscard]] const std::vector<std::string>& full_names(const std::string& surname_key) const;

  /// The one-word person keys that write the surname `surname_key`, with or without its
  /// article ("jadan" and "al-jadan" both, where the index has them).
  [[nodiscard]] const std::vector<std::string>& bare_keys(const std::string& surname_key) const;

  /// The key a person key counts under: a bare surname key the index joins to a full name
  /// (read_surname_joins()) becomes that name's key; every other key is itself.
  [[nodiscard]] const std::string& resolve(const std::string& key) const;

  /// The bare surname keys that count as `full_key` (resolve(bare) == full_key).
  [[nodiscard]] std::vector<std::string> bare_aliases_of(const std::string& full_key) const;

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> by_surname_;  // -> full keys
  std::map<std::string, std::vector<std::string>, std::less<>> bare_by_surname_;
  std::map<std::string, std::string> bare_to_full_;  // the index's surname joins
};

}  // namespace morgue
