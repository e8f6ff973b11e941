#include "searcher/count/cluster_column.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"
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

TEST_CASE("a cluster column counts what a value-count spy on the cluster slot counts") {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase writer((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_articles(writer, {"a", "a", "b", "", "c", "b"});
  const Xapian::Database db((dir / "db").string());
  const morgue::ClusterColumn column(db);
  CHECK(column.clusters() == 3);
  CHECK(column.ordinal(1) == column.ordinal(2));
  CHECK(column.ordinal(3) == column.ordinal(6));
  CHECK(column.ordinal(1) != column.ordinal(3));
  CHECK(column.ordinal(4) == 0);   // no cluster value
  CHECK(column.ordinal(99) == 0);  // past the last docid

  morgue::ClusterCountSpy spy(column);
  Xapian::ValueCountMatchSpy reference(kClusterSlot);
  match_all(db, spy);
  match_all(db, reference);
  Xapian::doccount valued = 0, clusters = 0;
  for (auto v = reference.values_begin(); v != reference.values_end(); ++v) {
    ++clusters;
    valued += v.get_termfreq();
  }
  CHECK(spy.seen() == reference.get_total());
  CHECK(spy.valued() == valued);
  CHECK(spy.clusters() == clusters);
  CHECK(spy.clusters() == 3);

  // A second match on the same thread starts from nothing.
  morgue::ClusterCountSpy again(column);
  match_all(db, again);
  CHECK(again.clusters() == 3);
  CHECK(again.seen() == 6);
}

TEST_CASE("cluster columns: one per revision, shared, never used for another") {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase writer((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_articles(writer, {"a", "b"});
  Xapian::Database db((dir / "db").string());
  morgue::ClusterColumns columns;
  const auto first = columns.for_database(db);
  REQUIRE(first);
  CHECK(first->matches(db));
  CHECK(columns.for_database(db) == first);  // built once

  add_articles(writer, {"c"});
  CHECK(first->matches(db));  // db still reads the old revision
  REQUIRE(db.reopen());
  CHECK_FALSE(first->matches(db));
  const auto second = columns.for_database(db);
  REQUIRE(second);
  CHECK(second != first);
  CHECK(second->clusters() == 3);

  // Two databases searched as one have no single revision: counted from the index.
  morgue::test::TempDir other;
  Xapian::WritableDatabase other_writer((other / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  add_articles(other_writer, {"d"});
  Xapian::Database both((dir / "db").string());
  both.add_database(Xapian::Database((other / "db").string()));
  CHECK(columns.for_database(both) == nullptr);
}
