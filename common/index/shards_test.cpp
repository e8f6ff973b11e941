#include "common/index/shards.h"

#include <doctest/doctest.h>

#include <vector>

#include "tests/support/temp_dir.h"

namespace {

void add_one(Xapian::WritableDatabase& db) {
  db.add_document(Xapian::Document());
  db.commit();
}

}  // namespace

TEST_CASE("a database's revision key changes with every commit it reads") {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase writer((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_one(writer);
  Xapian::Database db((dir / "db").string());
  const auto first = morgue::revision_key(db);
  REQUIRE(first);
  add_one(writer);
  CHECK(morgue::revision_key(db) == first);  // still reads the first commit
  REQUIRE(db.reopen());
  CHECK(morgue::revision_key(db) != first);

  // Another database at the same revision is another key.
  morgue::test::TempDir other;
  Xapian::WritableDatabase other_writer((other / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_one(other_writer);
  add_one(other_writer);
  CHECK(morgue::revision_key(Xapian::Database((other / "db").string())) !=
        morgue::revision_key(db));
}

TEST_CASE("a combined database's revision key is its registered shards'") {
  morgue::test::TempDir a, b;
  Xapian::WritableDatabase writer_a((a / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::WritableDatabase writer_b((b / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_one(writer_a);
  add_one(writer_b);
  const std::vector<Xapian::Database> shards{Xapian::Database((a / "db").string()),
                                             Xapian::Database((b / "db").string())};
  Xapian::Database both;
  for (const auto& shard : shards) both.add_database(shard);
  CHECK_FALSE(morgue::revision_key(both));  // nobody said what it is made of

  std::optional<std::string> first;
  {
    const morgue::ShardRegistration registered(both, shards);
    first = morgue::revision_key(both);
    REQUIRE(first);
    // The combined database's reopen() moves its shards: they share its state.
    add_one(writer_b);
    CHECK(morgue::revision_key(both) == first);
    REQUIRE(both.reopen());
    CHECK(morgue::revision_key(both) != first);
  }
  CHECK_FALSE(morgue::revision_key(both));  // registration ended

  // Moved, a registration still ends once.
  morgue::ShardRegistration moved;
  {
    morgue::ShardRegistration registered(both, shards);
    moved = std::move(registered);
  }
  CHECK(morgue::revision_key(both));
  moved = morgue::ShardRegistration();
  CHECK_FALSE(morgue::revision_key(both));
}
