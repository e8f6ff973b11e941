#include "indexer/update/shard_writer.h"

#include <doctest/doctest.h>

#include "common/analysis/analyzer.h"
#include "common/index/schema.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

PreparedArticle prepared(const std::string& id, const std::string& body, std::size_t shard,
                         PreparedArticle::Change change) {
  Article a;
  a.id = id;
  a.body = body;
  Analyzer analyzer;
  PreparedArticle p;
  p.change = change;
  p.shard = shard;
  p.id = id;
  p.built = build_unclustered_document(a, fold_article(a), analyzer);
  p.words = {"word"};
  p.cluster = id;
  return p;
}

}  // namespace

TEST_CASE("ShardWriter: writes its own shard's articles in order, commits by batch size") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  ShardWriter writer(db, 1, 2, 1);
  using Change = PreparedArticle::Change;
  std::vector<PreparedArticle> batch{prepared("a", "first text", 1, Change::kAdded),
                                     prepared("b", "other shard", 0, Change::kAdded),
                                     prepared("c", "second text", 1, Change::kAdded)};
  writer.write(0, batch);
  CHECK(writer.added == 2);
  CHECK(db.get_doccount() == 2);         // not "b": shard 0's
  CHECK(writer.committed_batches == 1);  // two written, batch size two: committed
  CHECK(Xapian::Database((dir / "db").string()).get_doccount() == 2);
  CHECK(db.get_document(1).get_value(schema::slot(schema::Slot::kCluster)) == "a");

  // Per batch: what the writer is given, and its counts afterwards (unchanged, updated, taken).
  struct Case {
    const char* name;
    std::vector<PreparedArticle> batch;
    std::size_t unchanged, updated, taken;
  };
  Case cases[] = {
      {"an id read twice in a run is compared with what the run wrote",
       {prepared("a", "first text", 1, Change::kRepeated),
        prepared("c", "changed text", 1, Change::kRepeated)},
       1,
       1,
       0},
      {"unchanged and taken articles are counted, not written",
       {prepared("d", "x y z", 1, Change::kUnchanged), prepared("e", "x y z", 1, Change::kTaken)},
       1,
       0,
       1},
  };
  for (Case& c : cases) {
    SUBCASE(c.name) {
      writer.write(1, c.batch);
      CHECK(writer.unchanged == c.unchanged);
      CHECK(writer.updated == c.updated);
      CHECK(writer.taken == c.taken);
      CHECK(db.get_doccount() == 2);
    }
  }
  SUBCASE("remove deletes a document") {
    writer.remove(1);
    writer.commit();
    CHECK(db.get_doccount() == 1);
  }
}

}  // namespace morgue
