#include "searcher/facets/person_surnames.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"

namespace {

Xapian::WritableDatabase people(const std::vector<std::vector<std::string>>& docs) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& keys : docs) {
    Xapian::Document doc;
    for (const auto& k : keys) {
      doc.add_boolean_term(morgue::schema::entity_term(morgue::schema::EntityKind::kPerson, k));
    }
    db.add_document(doc);
  }
  return db;
}

}  // namespace

TEST_CASE("a bare surname counts as the one person the index knows in full with it") {
  const auto db = people(
      {{"ronald reagan"}, {"reagan"}, {"james baker"}, {"baker"}, {"susan baker"}, {"truman"}});
  const morgue::PersonSurnames s(db);
  CHECK(s.resolve("reagan") == "ronald reagan");
  CHECK(s.bare_alias_of("ronald reagan") == "reagan");
  // Two Bakers in full: the bare one stays itself.
  CHECK(s.resolve("baker") == "baker");
  CHECK(s.bare_alias_of("james baker").empty());
  CHECK(s.full_names("baker") == std::vector<std::string>{"james baker", "susan baker"});
  // Nobody in full: itself.
  CHECK(s.resolve("truman") == "truman");
  CHECK(s.resolve("ronald reagan") == "ronald reagan");
  CHECK(morgue::surname_of_key("ronald wilson reagan") == "reagan");
  CHECK(morgue::surname_of_key("reagan").empty());
}
