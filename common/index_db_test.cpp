// Tests for index generations: a new generation built, flushed, then made live.
#include "common/index_db.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

TEST_CASE("a new generation goes live whole; the old one is then dead") {
  test::TempDir dir;
  const auto index = dir / "index";
  for (auto& db : open_index_for_writing(index)) db.close();  // a new, empty index
  const auto first = live_generation(index);
  REQUIRE(first);

  for (const std::size_t shards : {1, 2}) {
    CAPTURE(shards);
    NewGeneration gen = create_generation(index, nullptr, shards);
    CHECK(live_generation(index) != gen.dir);  // not live while it is built
    for (std::size_t n = 0; n < shards; ++n) {
      Xapian::Document doc;
      doc.add_boolean_term("Qdoc" + std::to_string(n));
      gen.shards[n].add_document(doc);
      gen.shards[n].commit();
      gen.shards[n].close();
    }
    switch_generation(index, gen.dir, shards);
    CHECK(live_generation(index) == gen.dir);
    const Xapian::Database live = open_index_for_reading(index);
    CHECK(live.get_doccount() == shards);
    CHECK(live.term_exists("Qdoc0"));
    CHECK(remove_dead_generations(index) == 1);
  }
}

TEST_CASE("sync_generation names what it cannot flush") {
  test::TempDir dir;
  CHECK_THROWS_AS(sync_generation(dir / "absent"), std::exception);
}

}  // namespace
}  // namespace morgue
