// The stored form of surname joins.
#include "common/entities/surname_joins.h"

#include "common/entities/entity_key.h"
#include "common/index/schema.h"

namespace morgue {

std::string surname_joins_text(const SurnameJoins& joins) {
  std::string out;
  for (const auto& [bare, full] : joins) out += bare + '\t' + full + '\n';
  return out;
}

SurnameJoins parse_surname_joins(std::string_view text) {
  SurnameJoins out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 == line.size()) continue;
    out.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
  }
  return out;
}

SurnameJoins read_surname_joins(const Xapian::Database& db) {
  return parse_surname_joins(db.get_metadata(std::string(schema::kSurnameJoinsKey)));
}

PersonKeys read_person_keys(const Xapian::Database& db) {
  PersonKeys out;
  const std::string prefix(schema::entity_prefix(schema::EntityKind::kPerson));
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::string key = (*t).substr(prefix.size());
    if (key.empty()) continue;
    std::string surname = surname_of_person_key(key);
    if (surname.empty()) {
      out.bare.push_back(std::move(key));
    } else {
      out.full_by_surname[std::move(surname)].push_back(std::move(key));
    }
  }
  return out;
}

}  // namespace morgue
