// Tests for index generations: a new generation built, flushed, then made live.
#include "common/index/index_db.h"

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

TEST_CASE("a writer trusts only the stubs morgue writes") {
  std::string why;
  const auto one = parse_stub("auto gen-000003\n", &why);
  REQUIRE(one);
  CHECK(one->name == "gen-000003");
  CHECK(one->shards == 1);
  const auto two = parse_stub("auto gen-000004/shard-00\r\nauto gen-000004/shard-01\r\n", &why);
  REQUIRE(two);  // CRLF line ends are only line ends
  CHECK(two->shards == 2);
  for (const char* bad :
       {"", "auto /srv/index/gen-000001\n", "auto ./gen-000001\n", "auto ../other/gen-000001\n",
        "auto /etc\n", "remote 127.0.0.1:4000\n", "garbage", "auto gen-1\n",
        "auto gen-000001/shard-00\n", "auto gen-000001/shard-00\nauto gen-000002/shard-01\n",
        "auto gen-000001/shard-01\nauto gen-000001/shard-00\n", "auto gen-000001/../x\n"}) {
    CAPTURE(bad);
    why.clear();
    CHECK_FALSE(parse_stub(bad, &why));
    CHECK_FALSE(why.empty());
  }
}

TEST_CASE("a stub morgue did not write stops a writer before it removes anything") {
  test::TempDir dir;
  const auto index = dir / "index";
  for (auto& db : open_index_for_writing(index)) db.close();
  const auto live = *live_generation(index);
  std::filesystem::create_directory(dir / "index" / "gen-000099");  // what a killed run leaves
  dir.write("index/XAPIANDB", "auto " + live.string() + "\n");      // absolute: not ours
  CHECK_THROWS_AS((void)live_generation(index), IndexUnavailable);
  CHECK_THROWS_AS(remove_dead_generations(index), IndexUnavailable);
  CHECK(std::filesystem::exists(live));
  CHECK(std::filesystem::exists(dir / "index" / "gen-000099"));
  // Searches still open it: Xapian reads such a stub, and CRLF ends are read too.
  CHECK_NOTHROW((void)open_index_for_reading(index));
  dir.write("index/XAPIANDB", "auto " + live.filename().string() + "\r\n");
  CHECK_NOTHROW((void)open_index_for_reading(index));
  CHECK(live_generation(index) == live);
  // Only gen-NNNNNN directories of the index itself are removed, never a link.
  std::filesystem::create_directory(dir / "elsewhere");
  std::filesystem::create_directory_symlink(dir / "elsewhere", dir / "index" / "gen-000100");
  std::filesystem::create_directory(dir / "index" / "gen-notes");
  CHECK(remove_dead_generations(index) == 1);  // gen-000099
  CHECK(std::filesystem::exists(dir / "elsewhere"));
  CHECK(std::filesystem::exists(dir / "index" / "gen-notes"));
}

TEST_CASE("sync_generation names what it cannot flush") {
  test::TempDir dir;
  CHECK_THROWS_AS(sync_generation(dir / "absent"), std::exception);
}

}  // namespace
}  // namespace morgue

namespace morgue {

TEST_CASE("a new index is created with the shards asked for; an existing one keeps its own") {
  test::TempDir dir;
  const auto index = dir / "index";
  auto shards = open_index_for_writing(index, 3);
  CHECK(shards.size() == 3);
  for (auto& db : shards) db.close();
  CHECK(live_shards(index).size() == 3);
  shards = open_index_for_writing(index, 5);  // asked again: the index is there, 3 it stays
  CHECK(shards.size() == 3);
  for (auto& db : shards) db.close();
  CHECK(open_index_for_reading(index).size() == 3);
}

}  // namespace morgue
