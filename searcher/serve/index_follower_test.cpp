#include "searcher/serve/index_follower.h"

#include <doctest/doctest.h>

#include "common/index/index_db.h"
#include "common/index/shards.h"
#include "indexer/index_builder.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

// Options indexing dir/src into dir/idx with `shards` shards.
IndexOptions sources_of(const test::TempDir& dir, std::size_t shards = 0) {
  IndexOptions options;
  options.db = dir / "idx";
  options.sources = {dir / "src"};
  options.shards = shards;
  return options;
}

}  // namespace

TEST_CASE("IndexFollower: sees new commits and a new generation without being told") {
  test::TempDir dir;
  const auto index = dir / "idx";
  dir.write("src/a.txt", "Oil prices rose.");
  Diagnostics diag(nullptr);
  IndexOptions options = sources_of(dir);
  (void)build_index(options, diag);

  IndexFollower follower(index);
  CHECK(follower.current().get_doccount() == 1);
  CHECK(index_health(index, follower.current()).generation == "gen-000001");

  dir.write("src/b.txt", "Grain prices fell.");
  (void)build_index(options, diag);  // a commit to the same generation
  CHECK(follower.current().get_doccount() == 2);

  dir.write("src/c.txt", "Gold held steady.");
  options.rebuild = true;  // a new generation, the old one removed
  (void)build_index(options, diag);
  CHECK(follower.current().get_doccount() == 3);
  const IndexHealth health = index_health(index, follower.current());
  CHECK(health.generation == "gen-000002");
  CHECK(health.articles == 3);
  CHECK(health.changed_at > 0);
}

TEST_CASE("IndexFollower: a sharded index's revision is known, and moves with its commits") {
  test::TempDir dir;
  const auto index = dir / "idx";
  dir.write("src/a.txt", "Oil prices rose.");
  dir.write("src/b.txt", "Grain prices fell.");
  Diagnostics diag(nullptr);
  const IndexOptions options = sources_of(dir, 2);
  (void)build_index(options, diag);

  IndexFollower follower(index);
  REQUIRE(follower.current().size() == 2);
  const auto first = revision_key(follower.current());
  REQUIRE(first);
  CHECK(revision_key(follower.current()) == first);  // nothing committed

  dir.write("src/c.txt", "Gold held steady.");
  (void)build_index(options, diag);
  CHECK(follower.current().get_doccount() == 3);
  const auto second = revision_key(follower.current());
  REQUIRE(second);
  CHECK(second != first);

  follower.reset();  // forgets the database and its shards
  CHECK(revision_key(follower.current()) == second);
}

TEST_CASE("IndexFollower: an index deleted and made again at the same path is another index") {
  test::TempDir dir;
  const auto index = dir / "idx";
  dir.write("old/a.txt", "Oil prices rose.");
  dir.write("old/b.txt", "Grain prices fell.");
  dir.write("new/c.txt", "Gold held steady.");
  Diagnostics diag(nullptr);
  IndexOptions options;
  options.db = index;
  options.sources = {dir / "old"};
  options.new_index_shards = 1;
  (void)build_index(options, diag);
  IndexFollower follower(index);
  CHECK(follower.current().get_doccount() == 2);
  // Same path, same stub text ("auto gen-000001"): only the identity tells.
  std::filesystem::remove_all(index);
  options.sources = {dir / "new"};
  (void)build_index(options, diag);
  for (int n = 0; n < 3; ++n) CHECK(follower.current().get_doccount() == 1);
}

TEST_CASE("IndexFollower: a missing index is IndexUnavailable, and may appear later") {
  test::TempDir dir;
  IndexFollower follower(dir / "none");
  CHECK_THROWS_AS(follower.current(), IndexUnavailable);
}

}  // namespace morgue
