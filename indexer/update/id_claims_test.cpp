#include "indexer/update/id_claims.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"
#include "tests/support/temp_dir.h"

namespace {

morgue::Article article(const std::string& id, const std::string& file,
                        const std::string& root = "/feeds") {
  morgue::Article a;
  a.id = id;
  a.source_file = file;
  a.source_root = root;
  return a;
}

}  // namespace

TEST_CASE("qualified ids name the folder and the file") {
  CHECK(morgue::qualified_id("17", "/data/ap/feed.jsonl") == "ap/feed.jsonl#17");
  CHECK(morgue::qualified_id("a.txt", "/b/a.txt") == "b/a.txt#a.txt");
}

TEST_CASE("within a run: the first file keeps an id, another file's record is qualified") {
  morgue::IdClaims claims({});
  CHECK(claims.claim(article("1", "/feeds/ap/feed.jsonl")) == "1");
  CHECK(claims.claim(article("1", "/feeds/ap/feed.jsonl")) == "1");  // the feed's own update
  CHECK(claims.claim(article("1", "/feeds/afp/feed.jsonl")) == "afp/feed.jsonl#1");
  CHECK(claims.claim(article("2", "/feeds/afp/feed.jsonl")) == "2");  // no collision: as is
  // A URL names the article wherever it was read.
  CHECK(claims.claim(article("https://x.example/a", "/c/a.html")) == "https://x.example/a");
  CHECK(claims.claim(article("https://x.example/a", "/d/a.html")) == "https://x.example/a");
  CHECK(claims.qualified() == 1);
}

TEST_CASE("across runs: the index says whose an id is, and a qualified id stays") {
  morgue::test::TempDir dir;
  const auto ap = dir.write("ap/feed.jsonl", "{}\n").string();
  const auto afp = dir.write("afp/feed.jsonl", "{}\n").string();
  const auto db_path = (dir / "db").string();
  {
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document held;
    held.add_boolean_term(morgue::schema::id_term("1"));
    held.add_value(morgue::schema::slot(morgue::schema::Slot::kSourceFile), ap);
    db.add_document(held);
    Xapian::Document qualified;  // afp's "7" was qualified by an earlier run
    qualified.add_boolean_term(morgue::schema::id_term(morgue::qualified_id("7", afp)));
    qualified.add_value(morgue::schema::slot(morgue::schema::Slot::kSourceFile), afp);
    db.add_document(qualified);
    db.commit();
  }
  morgue::IdClaims claims({db_path});
  // afp's "1" is ap's in the index, and ap's file is still there: qualified, even though ap
  // is not read this run; ap's own record, read later, keeps the plain id.
  CHECK(claims.claim(article("1", afp)) == "afp/feed.jsonl#1");
  CHECK(claims.claim(article("1", ap)) == "1");
  // Known by its qualified id: it keeps it, though nobody else holds "7".
  CHECK(claims.claim(article("7", afp)) == "afp/feed.jsonl#7");
  CHECK(claims.kept("7", afp) == "afp/feed.jsonl#7");
  CHECK(claims.kept("8", afp) == "8");
  // Once ap's file is gone, its id is free for whoever reads it next.
  std::filesystem::remove(ap);
  morgue::IdClaims later({db_path});
  CHECK(later.claim(article("1", afp)) == "1");
}
