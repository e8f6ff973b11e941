#include "searcher/query/query_parser.h"

#include <doctest/doctest.h>

#include "common/analysis/snowball_stemmer.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

Xapian::Query parse(const std::string& text, const Xapian::Database& db) {
  SearchOptions options;
  options.query = text;
  return parse_query(options, db, make_stemmer());
}

}  // namespace

TEST_CASE("parse_query: empty text matches everything; sizes are checked before parsing") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  CHECK(parse("", db).get_type() == Xapian::Query::LEAF_MATCH_ALL);
  CHECK(parse("  \t ", db).get_type() == Xapian::Query::LEAF_MATCH_ALL);

  std::string phrase = "\"";
  for (std::size_t i = 0; i <= kMaxPositionalWords; ++i) phrase += "w" + std::to_string(i) + " ";
  phrase += "\"";
  CHECK_THROWS_AS(parse(phrase, db), QueryError);
  CHECK_NOTHROW(parse("\"w1 w2 w3\"", db));
}

TEST_CASE("parse_query: exclusions alone mean every article except those") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  const Xapian::Query q = parse("-putin", db);
  CHECK(q.get_type() == Xapian::Query::OP_AND_NOT);
  CHECK(q.get_subquery(0).get_type() == Xapian::Query::LEAF_MATCH_ALL);
}

TEST_CASE("parse_query: a reversed --from/--to is refused") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  SearchOptions options;
  options.from = parse_date("2022-03-01");
  options.to = parse_date("2022-02-01");
  CHECK_THROWS_AS((void)parse_query(options, db, make_stemmer()), QueryError);
}

}  // namespace morgue
