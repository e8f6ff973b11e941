#include "searcher/count/value_column.h"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <vector>

#include "common/index/schema.h"
#include "common/index/shards.h"
#include "tests/support/temp_dir.h"

namespace {

const Xapian::valueno kClusterSlot = morgue::schema::slot(morgue::schema::Slot::kCluster);

// Articles with these cluster values ("" for none), in docid order, committed.
void add_articles(Xapian::WritableDatabase& db, std::initializer_list<const char*> clusters) {
  for (const char* cluster : clusters) {
    Xapian::Document doc;
    doc.add_term("word");
    if (*cluster) doc.add_value(kClusterSlot, cluster);
    db.add_document(doc);
  }
  db.commit();
}

// What a match over every article counts with `spy` attached.
template <class Spy>
void match_all(const Xapian::Database& db, Spy& spy) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("word"));
  enquire.add_matchspy(&spy);
  (void)enquire.get_mset(0, 0, db.get_doccount());
}

}  // namespace

TEST_CASE("a value column counts what a value-count spy on its slot counts") {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase writer((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_articles(writer, {"a", "a", "b", "", "c", "b"});
  const Xapian::Database db((dir / "db").string());
  auto column =
      std::make_shared<const morgue::ValueColumn>(db, kClusterSlot, *morgue::revision_key(db));
  CHECK(column->distinct() == 3);
  CHECK(column->ordinal(1) == column->ordinal(2));
  CHECK(column->ordinal(3) == column->ordinal(6));
  CHECK(column->ordinal(1) != column->ordinal(3));
  CHECK(column->value(column->ordinal(5)) == "c");
  CHECK(column->ordinal(4) == 0);   // no value
  CHECK(column->ordinal(99) == 0);  // past the last docid

  morgue::ColumnCountSpy spy(column);
  Xapian::ValueCountMatchSpy reference(kClusterSlot);
  match_all(db, spy);
  match_all(db, reference);
  std::map<std::string, Xapian::doccount> expected, got;
  for (auto v = reference.values_begin(); v != reference.values_end(); ++v) {
    expected[*v] = v.get_termfreq();
  }
  spy.for_each([&](const std::string& value, Xapian::doccount n) { got[value] += n; });
  CHECK(got == expected);
  CHECK(got == std::map<std::string, Xapian::doccount>{{"a", 2}, {"b", 2}, {"c", 1}});
  CHECK(spy.seen() == reference.get_total());
  CHECK(spy.distinct() == 3);
}

TEST_CASE("value columns: one per slot and revision, shared, never used for another") {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase writer((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_articles(writer, {"a", "b"});
  Xapian::Database db((dir / "db").string());
  morgue::ValueColumns columns;
  const auto first = columns.for_database(db, kClusterSlot);
  REQUIRE(first);
  const auto reads = [&](const auto& column) {
    return column->revision() == morgue::revision_key(db);
  };
  CHECK(reads(first));
  CHECK(columns.for_database(db, kClusterSlot) == first);  // built once
  const auto other_slot = columns.for_database(db, kClusterSlot + 1);
  REQUIRE(other_slot);
  CHECK(other_slot->distinct() == 0);

  add_articles(writer, {"c"});
  CHECK(reads(first));  // db still reads the old revision
  REQUIRE(db.reopen());
  CHECK_FALSE(reads(first));
  const auto second = columns.for_database(db, kClusterSlot);
  REQUIRE(second);
  CHECK(second != first);
  CHECK(second->distinct() == 3);

  // Two databases searched as one: not from columns, even when their revision is known.
  // Xapian matches shard by shard and its spies and key makers see each shard's own docids,
  // which one column of the combined docids cannot tell apart.
  morgue::test::TempDir other;
  Xapian::WritableDatabase other_writer((other / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_articles(other_writer, {"d"});
  const std::vector<Xapian::Database> shards{Xapian::Database((dir / "db").string()),
                                             Xapian::Database((other / "db").string())};
  Xapian::Database both;
  for (const auto& shard : shards) both.add_database(shard);
  const morgue::ShardRegistration registered(both, shards);
  REQUIRE(morgue::revision_key(both));
  CHECK(columns.for_database(both, kClusterSlot) == nullptr);
}
