#include "indexer/update/article_preparer.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"
#include "indexer/update/shard_writer.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

Article article(std::string id, std::string body, std::string source_root = "/feeds/a") {
  Article a;
  a.id = std::move(id);
  a.body = std::move(body);
  a.source = "feed.jsonl:1";
  a.source_root = std::move(source_root);
  return a;
}

}  // namespace

TEST_CASE("taken_by_another_source: an id stays with the first SOURCE while it is there") {
  test::TempDir dir;
  const std::string a = (dir / "a").string(), b = (dir / "b").string();
  dir.write("a/x.txt", "x");
  dir.write("b/y.txt", "y");
  CHECK(taken_by_another_source(a, b));                   // both there: the first keeps it
  CHECK_FALSE(taken_by_another_source(a, a));             // the same SOURCE
  CHECK_FALSE(taken_by_another_source(a, a + "/x.txt"));  // a file of the indexed directory
  CHECK_FALSE(taken_by_another_source(a + "/x.txt", a));  // and the other way round
  CHECK_FALSE(taken_by_another_source((dir / "gone").string(), b));  // the owner moved
  CHECK_FALSE(taken_by_another_source("", b));  // indexed before sources were kept
  CHECK(taken_by_another_source(a, a + "x"));   // a sibling that shares a prefix
}

TEST_CASE("ArticlePreparer: added, unchanged, updated and taken against the committed shard") {
  test::TempDir dir;
  const std::filesystem::path shard = dir / "db";
  Xapian::WritableDatabase db(shard.string(), Xapian::DB_CREATE_OR_OPEN);
  db.commit();
  const DocumentOptions doc_options;
  const std::vector<std::filesystem::path> paths{shard};
  Diagnostics diag(nullptr);

  SUBCASE("an empty shard: every article is new, no lookup") {
    const std::vector<bool> empty{true};
    ArticlePreparer preparer({}, doc_options, paths, empty, diag);
    Submission s{article("a1", "Oil prices rose on Monday in London."), 0, false};
    const PreparedArticle p = preparer.prepare(s);
    CHECK(p.change == PreparedArticle::Change::kAdded);
    CHECK(p.to_write());
    CHECK(p.built.doc.termlist_begin() != p.built.doc.termlist_end());
    CHECK(p.words == std::vector<std::string>{"london", "monday", "oil", "prices", "rose"});
  }

  SUBCASE("a shard holding the article") {
    const std::vector<bool> held{true};
    ArticlePreparer first({}, doc_options, paths, held, diag);
    Submission original{article("a1", "Oil prices rose on Monday."), 0, false};
    std::vector<PreparedArticle> batch{first.prepare(original)};
    batch.front().cluster = "a1";
    ShardWriter writer(db, 0, 1000);
    writer.write(0, batch);
    writer.commit();

    const std::vector<bool> not_empty{false};
    ArticlePreparer preparer({}, doc_options, paths, not_empty, diag);
    Submission same{article("a1", "Oil prices rose on Monday."), 0, false};
    CHECK(preparer.prepare(same).change == PreparedArticle::Change::kUnchanged);
    Submission changed{article("a1", "Oil prices fell on Monday."), 0, false};
    const PreparedArticle updated = preparer.prepare(changed);
    CHECK(updated.change == PreparedArticle::Change::kUpdated);
    CHECK(updated.old_docid == 1);
    CHECK(updated.old_words == std::vector<std::string>{"monday", "oil", "prices", "rose"});
    // Another SOURCE that exists claims the id: refused, reported, nothing built.
    dir.write("other/f.jsonl", "");
    dir.write("feeds-a/f.jsonl", "");
    Xapian::Document owned = db.get_document(1);
    owned.add_value(schema::slot(schema::Slot::kSource), (dir / "feeds-a").string());
    db.replace_document(1, owned);
    db.commit();
    // A new preparer: a view keeps the revision it opened, which within a run is right (this
    // run's own writes to an id are compared by the writer), but here the test changed it.
    ArticlePreparer fresh({}, doc_options, paths, not_empty, diag);
    Submission other{article("a1", "Something else.", (dir / "other").string()), 0, false};
    const PreparedArticle taken = fresh.prepare(other);
    CHECK(taken.change == PreparedArticle::Change::kTaken);
    CHECK_FALSE(taken.to_write());
    CHECK(diag.errors() == 1);
  }
}

}  // namespace morgue
