#include "common/entities/surname_joins.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"

TEST_CASE("surname joins are stored as lines and read back; bad lines are skipped") {
  const morgue::SurnameJoins joins{{"baker", "james baker"}, {"al-jadan", "mohamed al-jadan"}};
  const std::string text = morgue::surname_joins_text(joins);
  CHECK(text == "al-jadan\tmohamed al-jadan\nbaker\tjames baker\n");
  CHECK(morgue::parse_surname_joins(text) == joins);
  CHECK(morgue::parse_surname_joins("no tab\n\tfull\nbare\t\nreagan\tronald reagan") ==
        morgue::SurnameJoins{{"reagan", "ronald reagan"}});
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  CHECK(morgue::read_surname_joins(db).empty());
  db.set_metadata(std::string(morgue::schema::kSurnameJoinsKey), text);
  CHECK(morgue::read_surname_joins(db) == joins);
}

TEST_CASE("person keys: bare surnames apart, full names by surname with or without article") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  for (const char* key : {"baker", "james baker", "susan baker", "mohamed al-jadan", "jadan"}) {
    doc.add_boolean_term(morgue::schema::entity_term(morgue::schema::EntityKind::kPerson, key));
  }
  doc.add_boolean_term(morgue::schema::entity_term(morgue::schema::EntityKind::kPlace, "baker"));
  db.add_document(doc);
  const morgue::PersonKeys keys = morgue::read_person_keys(db);
  CHECK(keys.bare == std::vector<std::string>{"baker", "jadan"});
  CHECK(keys.full_by_surname.size() == 2);
  CHECK(keys.full_by_surname.at("baker") == std::vector<std::string>{"james baker", "susan baker"});
  CHECK(keys.full_by_surname.at("jadan") == std::vector<std::string>{"mohamed al-jadan"});
}
