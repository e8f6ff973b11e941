#include "common/entities/entity_aliases.h"

#include <doctest/doctest.h>

#include "common/entities/entity_key.h"
#include "tests/support/temp_dir.h"

using morgue::schema::EntityKind;

TEST_CASE("an alias file maps every alias to its canonical entity, and round-trips") {
  morgue::test::TempDir dir;
  const auto file = dir.write(
      "aliases.jsonl",
      "{\"kind\": \"person\", \"name\": \"Mikhail Gorbachev\", \"aliases\": [\"Mikhail "
      "Gorbachov\", \"Gorby\"]}\n"
      "\n"
      "{\"kind\": \"org\", \"name\": \"European Community\", \"aliases\": [\"Common Market\"]}\n");
  const auto aliases = morgue::EntityAliases::load(file);
  const auto hit = aliases.find(EntityKind::kPerson, morgue::entity_key("Mikhail Gorbachov"));
  REQUIRE(hit.has_value());
  CHECK(hit->display == "Mikhail Gorbachev");
  CHECK(hit->key == morgue::entity_key("Mikhail Gorbachev"));
  CHECK(aliases.find(EntityKind::kPerson, "gorbi").has_value());
  CHECK_FALSE(aliases.find(EntityKind::kPlace, "gorbi").has_value());  // kinds are separate
  const auto copy = morgue::EntityAliases::from_json(aliases.to_json());
  CHECK(copy.find(EntityKind::kOrganization, morgue::entity_key("Common Market"))->display ==
        "European Community");
  CHECK(morgue::EntityAliases::from_json("").empty());
}

TEST_CASE("a malformed alias line is an error naming file and line") {
  morgue::test::TempDir dir;
  const auto file = dir.write("a.jsonl",
                              "{\"kind\": \"person\", \"name\": \"A B\", \"aliases\": []}\n"
                              "{\"kind\": \"ship\", \"name\": \"X\", \"aliases\": []}\n");
  CHECK_THROWS_WITH(morgue::EntityAliases::load(file),
                    doctest::Contains("a.jsonl:2: \"kind\" must be"));
}
