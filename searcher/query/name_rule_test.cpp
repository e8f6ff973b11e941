#include "searcher/query/name_rule.h"

#include <doctest/doctest.h>

#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

using Forms = std::vector<std::string>;

// An index of one-word articles: `word` in `docs` articles, written like a name in `as_name`.
struct Archive {
  test::TempDir dir;
  Xapian::WritableDatabase db{(dir / "db").string(), Xapian::DB_CREATE_OR_OPEN};
  void add(const std::string& word, int docs, int as_name) {
    for (int i = 0; i < docs; ++i) {
      Xapian::Document doc;
      doc.add_posting(word, 1);
      if (i < as_name) doc.add_boolean_term(schema::name_variant_term(entity_key(word), word));
      db.add_document(doc);
    }
    db.commit();
  }
};

}  // namespace

TEST_CASE("read_as_name: capitalised, the word, its possessive and the spellings written so") {
  Archive a;
  a.add("zelenskyy", 3, 3);
  a.add("zelensky", 2, 1);
  a.add("talks", 5, 0);
  const auto zelensky = read_as_name("Zelensky", a.db);
  REQUIRE(zelensky);
  CHECK(zelensky->forms == Forms{"zelensky", "zelensky's", "zelenskyy", "zelenskyy's"});
  CHECK(zelensky->other_spellings);
  CHECK_FALSE(zelensky->lower_case);
  // Written like a name by half the articles holding it: 1 of 2.
  CHECK(zelensky->written_like_name);
  // A capitalised word the archive never writes like a name: itself and its possessive.
  const auto talks = read_as_name("Talks", a.db);
  REQUIRE(talks);
  CHECK(talks->forms == Forms{"talks", "talks's"});
  CHECK_FALSE(talks->other_spellings);
  CHECK_FALSE(talks->written_like_name);
}

TEST_CASE("read_as_name: lower case reads as a name only where the archive writes it so") {
  Archive a;
  a.add("zelenskyy", 3, 3);
  a.add("fill", 10, 1);
  a.add("phil", 2, 2);
  // Absent from the archive, but a spelling of a name it writes.
  const auto zelensky = read_as_name("zelensky", a.db);
  REQUIRE(zelensky);
  CHECK(zelensky->lower_case);
  CHECK(zelensky->forms == Forms{"zelensky", "zelensky's", "zelenskyy", "zelenskyy's"});
  // Written like a name in 1 article of 10: an ordinary word, whatever shares its key.
  CHECK_FALSE(read_as_name("fill", a.db));
  CHECK(read_as_name("Fill", a.db));
  // Nothing written like a name under the key: an ordinary word.
  CHECK_FALSE(read_as_name("talks", a.db));
}

TEST_CASE("read_as_name: possessives, stop words and single letters are no names") {
  Archive a;
  a.add("lavrov", 2, 2);
  a.add("the", 2, 2);
  CHECK_FALSE(read_as_name("Lavrov's", a.db));
  CHECK_FALSE(read_as_name("The", a.db));
  CHECK_FALSE(read_as_name("A", a.db));
  CHECK(read_as_name("LAVROV", a.db));
}

}  // namespace morgue
