#include "searcher/present/entity_profile.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "common/index/index_db.h"
#include "indexer/index_builder.h"
#include "tests/support/temp_dir.h"

namespace {

// Three articles: Orbán with Putin twice (spelled two ways), once with Zelensky.
struct Archive {
  morgue::test::TempDir dir;
  Archive() {
    dir.write("src/a.txt",
              "Orbán meets Putin\n\nViktor Orbán and Vladimir Putin met in Moscow on Tuesday. "
              "Viktor Orbán said the talks went well, and Viktor Orbán will return.\n");
    dir.write("src/b.txt",
              "Orban again\n\nViktor Orban said on Friday that he would see Vladimir Putin "
              "again in Moscow.\n");
    dir.write("src/c.txt",
              "Zelensky answers\n\nVolodymyr Zelensky said in Kyiv that Viktor Orbán was "
              "wrong.\n");
    dir.write("src/manifest.jsonl",
              "{\"file\": \"a.txt\", \"outlet\": \"USA TODAY\", \"published\": \"2022-02-01\"}\n"
              "{\"file\": \"b.txt\", \"outlet\": \"CBC News\", \"published\": \"2022-03-03\"}\n"
              "{\"file\": \"c.txt\", \"outlet\": \"CBC News\", \"published\": \"2022-03-15\"}\n");
    morgue::IndexOptions options;
    options.db = dir / "db";
    options.sources = {dir / "src"};
    morgue::Diagnostics diag(nullptr);
    REQUIRE(morgue::build_index(options, diag).added == 3);
  }
};

}  // namespace

TEST_CASE("an entity's profile: spellings merged, when, with whom, where, its articles") {
  Archive archive;
  Xapian::Database db = morgue::open_index_for_reading(archive.dir / "db");
  const auto p = morgue::entity_profile(db, morgue::schema::EntityKind::kPerson, "orban");
  REQUIRE(p.has_value());
  CHECK(p->name == "Viktor Orbán");
  CHECK(p->articles == 3);
  REQUIRE(p->spellings.size() == 2);  // "Viktor Orbán" four times, "Viktor Orban" once
  CHECK(p->spellings[0].first == "Viktor Orbán");
  CHECK(p->spellings[0].second == 4);
  CHECK(p->spellings[1] == std::pair<std::string, Xapian::termcount>{"Viktor Orban", 1});
  std::map<std::string, Xapian::doccount> with, months, outlets;
  for (const auto& v : p->people.values) with[v.value] = v.count;
  for (const auto& v : p->timeline.values) months[v.value] = v.count;
  for (const auto& v : p->outlets.values) outlets[v.value] = v.count;
  CHECK(with ==
        std::map<std::string, Xapian::doccount>{{"Vladimir Putin", 2}, {"Volodymyr Zelensky", 1}});
  CHECK(months == std::map<std::string, Xapian::doccount>{{"2022-02", 1}, {"2022-03", 2}});
  CHECK(outlets == std::map<std::string, Xapian::doccount>{{"CBC News", 2}, {"USA TODAY", 1}});
  REQUIRE(p->latest.size() == 3);
  CHECK(p->latest.front().id == "c.txt");  // newest first
  REQUIRE(p->relevant.size() == 3);
  CHECK(p->relevant.front().id == "a.txt");  // names him most (three times)
  const auto json = nlohmann::json::parse(morgue::entity_profile_json(*p));
  CHECK(json["kind"] == "person");
  CHECK(json["people"][0] == nlohmann::json{{"value", "Vladimir Putin"}, {"count", 2}});
}

TEST_CASE("a surname alone opens its one full name's page only if the bare mentions are his") {
  morgue::test::TempDir dir;
  dir.write("src/a.txt", "Ray Charles sang at the Apollo Theater in New York on Friday.\n");
  dir.write("src/b.txt",
            "Mr. Charles, a teacher at a school in Leeds, said the budget was small.\n");
  dir.write("src/c.txt", "Secretary of State James Baker met Soviet officials in Moscow.\n");
  dir.write("src/d.txt", "Secretary Baker flew home on Friday.\n");
  morgue::IndexOptions options;
  options.db = dir / "db";
  options.sources = {dir / "src"};
  morgue::Diagnostics diag(nullptr);
  REQUIRE(morgue::build_index(options, diag).added == 4);
  Xapian::Database db = morgue::open_index_for_reading(dir / "db");
  const auto baker = morgue::entity_profile(db, morgue::schema::EntityKind::kPerson, "Baker");
  REQUIRE(baker.has_value());
  CHECK(baker->name == "James Baker");
  CHECK(baker->articles == 2);
  // "Mr. Charles" of Leeds is not joined to Ray Charles: the page is everyone called Charles.
  const auto charles = morgue::entity_profile(db, morgue::schema::EntityKind::kPerson, "Charles");
  REQUIRE(charles.has_value());
  CHECK(charles->name == "Charles");
  CHECK(charles->articles == 2);
}

TEST_CASE("no profile for a name no article gives, nor for one no filter can hold") {
  Archive archive;
  Xapian::Database db = morgue::open_index_for_reading(archive.dir / "db");
  CHECK_FALSE(morgue::entity_profile(db, morgue::schema::EntityKind::kPerson, "Nobody Else"));
  CHECK_FALSE(morgue::entity_profile(db, morgue::schema::EntityKind::kPerson, "a\"b"));
  CHECK_FALSE(morgue::entity_profile(db, morgue::schema::EntityKind::kPerson, ""));
  CHECK(morgue::entity_kind_of_path("orgs") == morgue::schema::EntityKind::kOrganization);
  CHECK_FALSE(morgue::entity_kind_of_path("persons"));
}
