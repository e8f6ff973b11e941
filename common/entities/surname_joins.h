// Which bare surnames of an index stand for a person it knows in full: an article that says
// only "Baker" is James Baker's in filters and facets when the archive's context supports it
// (indexer/entities/surname_support.h decides at the end of each run), never merely because
// the index knows one full name with that surname. Stored in every shard's metadata
// (schema::kSurnameJoinsKey) so that searchers read it without walking the index.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

/// Bare person key ("baker", "al-jadan") -> the full-name key it stands for ("james baker").
using SurnameJoins = std::map<std::string, std::string>;

/// Lines "bare TAB full", sorted.
[[nodiscard]] std::string surname_joins_text(const SurnameJoins& joins);

/// The joins of surname_joins_text(); malformed lines are skipped.
[[nodiscard]] SurnameJoins parse_surname_joins(std::string_view text);

/// The joins an index holds; none when the index has never recorded them (built before
/// they were, until its next run).
[[nodiscard]] SurnameJoins read_surname_joins(const Xapian::Database& db);

/// The person keys of an index (its XP terms): the one-word ones, bare surnames, and the
/// others by their surname (surname_of_person_key(): "reagan" -> {"ronald reagan"}).
struct PersonKeys {
  std::vector<std::string> bare;
  std::map<std::string, std::vector<std::string>, std::less<>> full_by_surname;
};
[[nodiscard]] PersonKeys read_person_keys(const Xapian::Database& db);

}  // namespace morgue
