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
    ShardWriter writer(db, 0, 1000, 1);
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

namespace morgue {

TEST_CASE(
    "runs: a rewritten article keeps the run that first indexed it, and the run that "
    "changed it when it reads the same") {
  test::TempDir dir;
  const std::filesystem::path shard = dir / "db";
  Xapian::WritableDatabase db(shard.string(), Xapian::DB_CREATE_OR_OPEN);
  db.commit();
  const std::vector<std::filesystem::path> paths{shard};
  Diagnostics diag(nullptr);
  const auto run_of = [&](schema::Slot slot) {
    db.reopen();
    return schema::run_from_value(db.get_document(1).get_value(schema::slot(slot)));
  };
  const auto write = [&](ArticlePreparer& preparer, Article a, std::uint64_t run) {
    Submission s{std::move(a), 0, false};
    std::vector<PreparedArticle> batch{preparer.prepare(s)};
    batch.front().cluster = "a1";
    ShardWriter writer(db, 0, 1000, run);
    writer.write(0, batch);
    writer.commit();
    return batch.front().change;
  };
  const std::vector<bool> empty{true}, held{false};
  const DocumentOptions plain;
  ArticlePreparer first({}, plain, paths, empty, diag);
  CHECK(write(first, article("a1", "Oil prices rose."), 3) == PreparedArticle::Change::kAdded);
  CHECK(run_of(schema::Slot::kFirstRun) == 3);
  CHECK(run_of(schema::Slot::kChangedRun) == 3);
  CHECK(db.get_termfreq(schema::run_term(3)) == 1);

  // Changed text: a new changed run, the first run kept.
  ArticlePreparer second({}, plain, paths, held, diag);
  CHECK(write(second, article("a1", "Oil prices fell."), 5) == PreparedArticle::Change::kUpdated);
  CHECK(run_of(schema::Slot::kFirstRun) == 3);
  CHECK(run_of(schema::Slot::kChangedRun) == 5);
  CHECK(db.get_termfreq(schema::run_term(3)) == 0);
  CHECK(db.get_termfreq(schema::run_term(5)) == 1);

  // Re-analysed only (a salt, as new aliases give): rewritten, but no news.
  DocumentOptions salted;
  salted.hash_salt = "aliases";
  ArticlePreparer third({}, salted, paths, held, diag);
  CHECK(write(third, article("a1", "Oil prices fell."), 7) == PreparedArticle::Change::kUpdated);
  CHECK(run_of(schema::Slot::kFirstRun) == 3);
  CHECK(run_of(schema::Slot::kChangedRun) == 5);
  CHECK(db.get_termfreq(schema::run_term(5)) == 1);

  // A rebuild's new generation keeps both from the live one when the article reads the same.
  const std::filesystem::path rebuilt = dir / "rebuilt";
  {
    Xapian::WritableDatabase fresh(rebuilt.string(), Xapian::DB_CREATE_OR_OPEN);
    fresh.commit();
  }
  const std::vector<std::filesystem::path> fresh_paths{rebuilt};
  ArticlePreparer rebuilding({}, plain, fresh_paths, empty, diag, paths);
  Submission same{article("a1", "Oil prices fell."), 0, false};
  const PreparedArticle kept = rebuilding.prepare(same);
  CHECK(kept.first_run == 3);
  CHECK(kept.changed_run == 5);
  Submission edited{article("a1", "Oil prices fell sharply."), 0, false};
  const PreparedArticle news = rebuilding.prepare(edited);
  CHECK(news.first_run == 3);
  CHECK_FALSE(news.changed_run.has_value());  // this run's
}

}  // namespace morgue
