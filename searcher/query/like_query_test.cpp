#include "searcher/query/like_query.h"

#include <doctest/doctest.h>

#include "common/analysis/analyzer.h"
#include "common/index/schema.h"
#include "indexer/document/document_builder.h"
#include "searcher/search.h"
#include "tests/support/temp_dir.h"

namespace morgue {

TEST_CASE("like_query: an unknown id is a query error; an article's own words find others") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  Analyzer analyzer;
  const auto add = [&](const std::string& id, const std::string& body) {
    Article a;
    a.id = id;
    a.body = body;
    db.replace_document(schema::id_term(id), build_document(a, analyzer));
  };
  add("a", "Sorghum harvest estimates raised in Kansas after rain.");
  add("b", "Kansas sorghum growers expect a larger harvest this year.");
  add("c", "Central bank leaves interest rates unchanged.");
  db.commit();

  CHECK_THROWS_AS((void)like_query(db, "missing"), QueryError);

  Xapian::Enquire enquire(db);
  enquire.set_query(like_query(db, "a"));
  const Xapian::MSet hits = enquire.get_mset(0, 10);
  REQUIRE(hits.size() == 1);  // not "a" itself, nor "c", which shares none of its words
  CHECK(hits.begin().get_document().get_value(schema::slot(schema::Slot::kId)) == "b");
}

}  // namespace morgue
