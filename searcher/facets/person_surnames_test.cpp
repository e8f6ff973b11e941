#include "searcher/facets/person_surnames.h"

#include <doctest/doctest.h>

#include "common/entities/surname_joins.h"
#include "common/index/schema.h"
#include "common/index/shards.h"
#include "tests/support/temp_dir.h"

namespace {

// An index of people, with the surname joins its indexer recorded.
Xapian::WritableDatabase people(const std::vector<std::vector<std::string>>& docs,
                                const morgue::SurnameJoins& joins = {}) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& keys : docs) {
    Xapian::Document doc;
    for (const auto& k : keys) {
      doc.add_boolean_term(morgue::schema::entity_term(morgue::schema::EntityKind::kPerson, k));
    }
    db.add_document(doc);
  }
  db.set_metadata(std::string(morgue::schema::kSurnameJoinsKey), morgue::surname_joins_text(joins));
  return db;
}

}  // namespace

TEST_CASE("a bare surname counts as the person the index joined it to") {
  const auto db = people({{"ronald reagan"},
                          {"reagan"},
                          {"james baker"},
                          {"baker"},
                          {"susan baker"},
                          {"truman"},
                          {"ray charles"},
                          {"charles"}},
                         {{"reagan", "ronald reagan"}});
  const morgue::PersonSurnames s(db);
  // One Charles in full, but nothing joined the bare one to him: it stays itself.
  CHECK(s.resolve("charles") == "charles");
  CHECK(s.bare_aliases_of("ray charles").empty());
  CHECK(s.full_names("charles") == std::vector<std::string>{"ray charles"});
  CHECK(s.resolve("reagan") == "ronald reagan");
  CHECK(s.bare_aliases_of("ronald reagan") == std::vector<std::string>{"reagan"});
  // Two Bakers in full: the bare one stays itself.
  CHECK(s.resolve("baker") == "baker");
  CHECK(s.bare_aliases_of("james baker").empty());
  CHECK(s.full_names("baker") == std::vector<std::string>{"james baker", "susan baker"});
  // Nobody in full: itself.
  CHECK(s.resolve("truman") == "truman");
  CHECK(s.resolve("ronald reagan") == "ronald reagan");
}

TEST_CASE("a surname with or without the article joined to it is one surname") {
  const auto db = people({{"mohamed al-jadan"}, {"jadan"}, {"al-jadan"}, {"abdel fatah el-sisi"}},
                         {{"jadan", "mohamed al-jadan"}, {"al-jadan", "mohamed al-jadan"}});
  const morgue::PersonSurnames s(db);
  CHECK(s.full_names("jadan") == std::vector<std::string>{"mohamed al-jadan"});
  CHECK(s.full_names("al-jadan") == std::vector<std::string>{"mohamed al-jadan"});
  CHECK(s.full_names("sisi") == std::vector<std::string>{"abdel fatah el-sisi"});
  CHECK(s.resolve("jadan") == "mohamed al-jadan");
  CHECK(s.resolve("al-jadan") == "mohamed al-jadan");
  CHECK(s.bare_keys("jadan") == std::vector<std::string>{"al-jadan", "jadan"});
  CHECK(s.bare_aliases_of("mohamed al-jadan") == std::vector<std::string>{"al-jadan", "jadan"});
}

TEST_CASE("surnames are built once per revision of a database, and again after a commit") {
  morgue::test::TempDir dir;
  const std::string path = (dir / "db").string();
  Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document reagan;
  reagan.add_boolean_term(
      morgue::schema::entity_term(morgue::schema::EntityKind::kPerson, "ronald reagan"));
  w.add_document(reagan);
  w.commit();
  Xapian::Database db(path);
  const auto first = morgue::PersonSurnames::of(db);
  CHECK(morgue::PersonSurnames::of(db) == first);  // the same revision: shared
  CHECK(first->full_names("reagan") == std::vector<std::string>{"ronald reagan"});
  Xapian::Document nancy;
  nancy.add_boolean_term(
      morgue::schema::entity_term(morgue::schema::EntityKind::kPerson, "nancy reagan"));
  w.add_document(nancy);
  w.commit();
  db.reopen();
  const auto after = morgue::PersonSurnames::of(db);
  CHECK(after != first);  // a new revision: built anew, never the stale one
  CHECK(after->full_names("reagan").size() == 2);
  // A multi-database view has no revision to key by unless its shards were registered (as
  // a server's index follower does): built fresh each time.
  const std::vector<Xapian::Database> shards{Xapian::Database(path), Xapian::Database(path)};
  Xapian::Database both;
  for (const auto& shard : shards) both.add_database(shard);
  CHECK(morgue::PersonSurnames::of(both) != morgue::PersonSurnames::of(both));
  {
    const morgue::ShardRegistration registered(both, shards);
    const auto shared = morgue::PersonSurnames::of(both);
    CHECK(morgue::PersonSurnames::of(both) == shared);
    CHECK(shared->full_names("reagan").size() == 2);
    Xapian::Document george;
    george.add_boolean_term(
        morgue::schema::entity_term(morgue::schema::EntityKind::kPerson, "george bush"));
    w.add_document(george);
    w.commit();
    both.reopen();
    CHECK(morgue::PersonSurnames::of(both) != shared);
    CHECK_FALSE(morgue::PersonSurnames::of(both)->full_names("bush").empty());
  }
}
