#include "common/index/surname_joins.h"

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
