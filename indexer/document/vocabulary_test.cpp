// Tests for the spelling table.
#include "indexer/document/vocabulary.h"

#include <doctest/doctest.h>

#include "common/analysis/analyzer.h"
#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "indexer/document/document_builder.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

std::vector<std::string> spellings(const Xapian::Database& db) {
  return {db.spellings_begin(), db.spellings_end()};
}

TEST_CASE("spelling_words keeps real words and drops scraping noise") {
  Article a;
  a.title = "Orbán meets Zelensky";
  a.body = "VideoTrudeau said 2:02The talks went well, agoDuration, in the 1990s. Go co_op";
  const auto words = spelling_words(fold_article(a));
  CHECK(words == std::vector<std::string>{"meets", "orban", "said", "talks", "the", "well", "went",
                                          "zelensky"});
}

TEST_CASE("VocabularyUpdater counts articles and takes removed ones back out") {
  const test::TempDir dir;  // the in-memory backend has no spelling table
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE);
  Analyzer analyzer;
  VocabularyUpdater vocabulary;
  const auto index = [&](const std::string& id, const std::string& body) {
    Article a;
    a.id = id;
    a.body = body;
    const Xapian::Document doc = build_document(a, analyzer);
    db.replace_document(schema::id_term(id), doc);
    vocabulary.added(a);
    return doc;
  };
  const Xapian::Document first =
      index("a", "President Volodymyr Zelensky spoke. Zelensky said more.");
  index("b", "President Volodymyr Zelenskyy spoke in Kyiv.");
  vocabulary.flush(db);
  CHECK(db.get_spelling_suggestion("zelenskky") == "zelensky");
  // Words written like names are terms grouping their spellings (name_words, schema XV).
  const std::string prefix = schema::name_variant_prefix(entity_key("zelensky"));
  CHECK(std::distance(db.allterms_begin(prefix), db.allterms_end(prefix)) == 2);

  vocabulary.removed(first);
  db.delete_document(schema::id_term("a"));
  CHECK(db.get_spelling_suggestion("zelenskky") == "zelensky");  // not written before flush
  vocabulary.flush(db);
  const auto left = spellings(db);
  CHECK(std::find(left.begin(), left.end(), "zelensky") == left.end());
  CHECK(std::find(left.begin(), left.end(), "zelenskyy") != left.end());
}

}  // namespace
}  // namespace morgue
