#include "indexer/entities/surname_support.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/index/schema.h"

namespace {

using morgue::schema::EntityKind;

struct Named {
  std::vector<std::string> people, orgs;
  std::vector<std::pair<std::string, std::string>> titles;  // person key, title
};

// An article as the document builder files it: entity terms, title terms, the key slots.
Xapian::Document article(const Named& n) {
  Xapian::Document doc;
  for (const auto& [kind, keys] :
       {std::pair{EntityKind::kPerson, n.people}, std::pair{EntityKind::kOrganization, n.orgs}}) {
    std::string packed;
    for (const std::string& k : keys) {
      doc.add_boolean_term(morgue::schema::entity_term(kind, k));
      packed += (packed.empty() ? "" : "\t") + k;
    }
    doc.add_value(morgue::schema::entity_slot(kind), packed);
  }
  for (const auto& [key, title] : n.titles) {
    doc.add_boolean_term(std::string(morgue::schema::kPersonTitlePrefix) + key + '\t' + title);
  }
  return doc;
}

}  // namespace

TEST_CASE("a bare surname is the one person known in full by it only where context says so") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const Named& n : std::vector<Named>{
           // A title both follow: "Secretary of State James Baker", "Secretary Baker".
           {{"james baker"}, {}, {{"james baker", "secretary"}}},
           {{"baker"}, {}, {{"baker", "secretary"}}},
           // "Mr Charles, a teacher in Leeds": an honorific and nothing named beside Ray
           // Charles's: not the singer.
           {{"ray charles"}, {"atlantic records"}, {{"ray charles", "mr"}}},
           {{"charles"}, {"leeds city council"}, {{"charles", "mr"}}},
           // "Wenger said" in an Arsenal story, "Arsenal manager Arsene Wenger" in another.
           {{"arsene wenger"}, {"arsenal"}, {}},
           {{"wenger"}, {"arsenal"}, {}},
           // Two Reagans in full: the bare one could be either.
           {{"ronald reagan"}, {}, {{"ronald reagan", "president"}}},
           {{"nancy reagan"}, {}, {}},
           {{"reagan"}, {}, {{"reagan", "president"}}},
           // The surname written with its article on one side only.
           {{"mohamed al-jadan"}, {}, {{"mohamed al-jadan", "minister"}}},
           {{"jadan"}, {}, {{"jadan", "minister"}}},
           // A bare surname nobody has in full.
           {{"truman"}, {}, {{"truman", "president"}}},
       }) {
    db.add_document(article(n));
  }
  const morgue::SurnameJoins joins = morgue::find_surname_joins(db);
  CHECK(joins == morgue::SurnameJoins{{"baker", "james baker"},
                                      {"jadan", "mohamed al-jadan"},
                                      {"wenger", "arsene wenger"}});
}

TEST_CASE("co-mentions are people or organizations besides the two, not the name itself") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  // Named together with each other only: no third name supports the join.
  db.add_document(article({{"ray charles", "quincy jones"}, {}, {}}));
  db.add_document(article({{"charles"}, {}, {}}));
  db.add_document(article({{"lionel charles"}, {}, {}}));
  CHECK(morgue::find_surname_joins(db).empty());  // two Charleses in full
  Xapian::WritableDatabase one(std::string(), Xapian::DB_BACKEND_INMEMORY);
  one.add_document(article({{"ray charles", "quincy jones"}, {}, {}}));
  one.add_document(article({{"charles"}, {}, {}}));
  CHECK(morgue::find_surname_joins(one).empty());
  one.add_document(article({{"charles", "quincy jones"}, {}, {}}));
  CHECK(morgue::find_surname_joins(one) == morgue::SurnameJoins{{"charles", "ray charles"}});
}
