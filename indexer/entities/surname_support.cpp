// Surname joins from titles and co-mentions.
#include "indexer/entities/surname_support.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/entities/entity_key.h"
#include "common/index/schema.h"

namespace morgue {
namespace {

using schema::EntityKind;

bool honorific(const std::string& title) {
  return title == "mr" || title == "mrs" || title == "ms" || title == "miss";
}

// Person key -> the title words its names follow somewhere in the index (XT terms).
std::map<std::string, std::set<std::string>> titles_by_person(const Xapian::Database& db) {
  std::map<std::string, std::set<std::string>> out;
  const std::string prefix(schema::kPersonTitlePrefix);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string term = *t;
    const auto tab = term.find('\t', prefix.size());
    if (tab == std::string::npos || tab + 1 == term.size()) continue;
    const std::string title = term.substr(tab + 1);
    if (!honorific(title)) out[term.substr(prefix.size(), tab - prefix.size())].insert(title);
  }
  return out;
}

// The people, organizations and places named in the first kSurnameContextArticles articles
// holding `term`, each as its term ("XPnancy reagan", "XGwhite house", "XLbrasil"). A place
// counts only where it is not in a twentieth of the archive: "United States" or "London"
// beside two names says nothing of whether they are one person.
std::vector<std::set<std::string>> named_beside(const Xapian::Database& db,
                                                const std::string& term) {
  std::vector<std::set<std::string>> out;
  const Xapian::doccount common_place = std::max<Xapian::doccount>(5, db.get_doccount() / 20);
  for (auto p = db.postlist_begin(term);
       p != db.postlist_end(term) && out.size() < kSurnameContextArticles; ++p) {
    const Xapian::Document doc = db.get_document(*p);
    std::set<std::string>& names = out.emplace_back();
    for (const EntityKind kind : schema::kEntityKinds) {
      schema::for_each_entity_key(
          doc.get_value(schema::entity_slot(kind)), [&](std::string_view key) {
            std::string name = schema::entity_term(kind, key);
            if (kind != EntityKind::kPlace || db.get_termfreq(name) <= common_place) {
              names.insert(std::move(name));
            }
          });
    }
  }
  return out;
}

bool named_beside_both(const Xapian::Database& db, const std::string& bare,
                       const std::string& full) {
  const std::string bare_term = schema::entity_term(EntityKind::kPerson, bare);
  const std::string full_term = schema::entity_term(EntityKind::kPerson, full);
  std::set<std::string> beside_full;
  for (auto& names : named_beside(db, full_term)) beside_full.merge(names);
  beside_full.erase(full_term);
  beside_full.erase(bare_term);
  if (beside_full.empty()) return false;
  for (const auto& names : named_beside(db, bare_term)) {
    for (const std::string& name : names) {
      if (name != bare_term && beside_full.contains(name)) return true;
    }
  }
  return false;
}

}  // namespace

SurnameJoins find_surname_joins(const Xapian::Database& db) {
  const PersonKeys keys = read_person_keys(db);
  if (keys.bare.empty()) return {};
  const auto titles = titles_by_person(db);
  const auto shared_title = [&](const std::string& a, const std::string& b) {
    const auto ta = titles.find(a), tb = titles.find(b);
    if (ta == titles.end() || tb == titles.end()) return false;
    for (const std::string& t : ta->second) {
      if (tb->second.contains(t)) return true;
    }
    return false;
  };
  SurnameJoins joins;
  for (const std::string& b : keys.bare) {
    const auto owners = keys.full_by_surname.find(surname_without_article(b));
    if (owners == keys.full_by_surname.end() || owners->second.size() != 1) continue;
    const std::string& full = owners->second.front();
    if (shared_title(b, full) || named_beside_both(db, b, full)) joins.emplace(b, full);
  }
  return joins;
}

}  // namespace morgue
