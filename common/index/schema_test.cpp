#include "common/index/schema.h"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace schema = morgue::schema;

TEST_CASE("schemas/index-schema.json describes exactly the prefixes and slots in schema.h") {
  std::ifstream in(MORGUE_SOURCE_DIR "/schemas/index-schema.json");
  REQUIRE(in);
  const auto doc = nlohmann::json::parse(in);
  CHECK(doc.at("schema_version") == schema::kVersion);
  CHECK(doc.at("version_metadata_key") == std::string(schema::kVersionKey));
  CHECK(doc.at("last_run_metadata_key") == std::string(schema::kLastRunKey));
  CHECK(doc.at("index_id_metadata_key") == std::string(schema::kIndexIdKey));
  CHECK(doc.at("surname_joins_metadata_key") == std::string(schema::kSurnameJoinsKey));
  const auto& rows = doc.at("fields");
  REQUIRE(rows.size() == schema::fields().size());
  std::size_t i = 0;
  for (const schema::Field& f : schema::fields()) {
    CAPTURE(f.name);
    CHECK(rows[i].at("name") == std::string(f.name));
    CHECK(rows[i].at("kind") == std::string(f.kind));
    CHECK(rows[i].at("key") == std::string(f.key));
    CHECK(rows[i].at("encoding") == std::string(f.encoding));
    ++i;
  }
}

TEST_CASE("the schema table matches the constants code uses") {
  std::set<std::string> keys;
  for (const schema::Field& f : schema::fields()) {
    CHECK(keys.insert(std::string(f.kind) + ":" + std::string(f.key)).second);  // no clashes
  }
  CHECK(keys.contains("prefix:" + std::string(schema::kIdPrefix)));
  CHECK(keys.contains("prefix:" + std::string(schema::kTitlePrefix)));
  CHECK(keys.contains("prefix:" + std::string(schema::kOutletPrefix)));
  CHECK(keys.contains("prefix:" + std::string(schema::kPersonTitlePrefix)));
  CHECK(keys.contains("slot:" + std::to_string(schema::slot(schema::Slot::kPublished))));
  CHECK(keys.contains("slot:" + std::to_string(schema::slot(schema::Slot::kOutlet))));
  CHECK(keys.contains("slot:" + std::to_string(schema::slot(schema::Slot::kContentHash))));
  CHECK(keys.contains("prefix:" + std::string(schema::kRunPrefix)));
  CHECK(keys.contains("slot:" + std::to_string(schema::slot(schema::Slot::kChangedRun))));
  CHECK(keys.contains("slot:" + std::to_string(schema::slot(schema::Slot::kFirstRun))));
  for (const auto kind : schema::kEntityKinds) {
    CAPTURE(schema::entity_kind_name(kind));
    CHECK(keys.contains("prefix:" + std::string(schema::entity_prefix(kind))));
    CHECK(keys.contains("prefix:" + std::string(schema::entity_spelling_prefix(kind))));
    CHECK(keys.contains("slot:" + std::to_string(schema::entity_slot(kind))));
  }
}

TEST_CASE("id terms stay within Xapian's term length and distinct") {
  CHECK(schema::id_term("000_98d3b1a8950c3741.txt") == "Q000_98d3b1a8950c3741.txt");
  const std::string a(500, 'a');
  std::string b = a;
  b.back() = 'b';
  CHECK(schema::id_term(a).size() <= 240);
  CHECK(schema::id_term(a) != schema::id_term(b));
  // An id written out as a long id's shortened term once read (the cut id, '#', its hash)
  // must not be that id's term: it would take over its article.
  std::string crafted = schema::id_term(a).substr(1);
  const auto mark = crafted.find('\xff');
  REQUIRE(mark != std::string::npos);
  crafted[mark] = '#';
  CHECK(schema::id_term(crafted) != schema::id_term(a));
  CHECK(schema::id_term(crafted) == "Q" + crafted);  // written out in full
  CHECK(schema::outlet_term("Le Monde Diplomatique") == "XOle monde diplomatique");
  CHECK(schema::outlet_term("The  Globe and Mail") == "XOglobe and mail");
  CHECK(schema::outlet_term("Süddeutsche Zeitung") == "XOsuddeutsche zeitung");
}

TEST_CASE("a publication day's terms: day, month, year") {
  const morgue::Date day{2022, 2, 1};
  CHECK(morgue::schema::day_term(day) == "D20220201");
  CHECK(morgue::schema::month_term(day) == "M202202");
  CHECK(morgue::schema::year_term(day) == "Y2022");
}

TEST_CASE("run numbers: terms, values that sort as numbers, the last finished run") {
  CHECK(schema::run_term(42) == "XR42");
  CHECK(schema::run_from_value(schema::run_value(42)) == 42);
  CHECK(schema::run_from_value("") == 0);
  CHECK(schema::run_value(9) < schema::run_value(10));  // bytewise, as value ranges compare
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  CHECK(schema::last_run(db) == 0);
  db.set_metadata(std::string(schema::kLastRunKey), "17");
  CHECK(schema::last_run(db) == 17);
  db.set_metadata(std::string(schema::kLastRunKey), "17x");
  CHECK(schema::last_run(db) == 0);
}

TEST_CASE("index identities: version 4 UUIDs, never the same twice") {
  const std::string a = morgue::schema::new_index_id(), b = morgue::schema::new_index_id();
  CHECK(a != b);
  REQUIRE(a.size() == 36);
  CHECK(a[8] == '-');
  CHECK(a[14] == '4');
  CHECK(std::string("89ab").find(a[19]) != std::string::npos);
  CHECK(a.find_first_not_of("0123456789abcdef-") == std::string::npos);
}

TEST_CASE("an entity slot's keys are read back one by one, empty pieces skipped") {
  std::vector<std::string> keys;
  const auto read = [&](std::string_view packed) {
    keys.clear();
    schema::for_each_entity_key(packed, [&](std::string_view k) { keys.emplace_back(k); });
    return keys;
  };
  CHECK(read("").empty());
  CHECK(read("reagan") == std::vector<std::string>{"reagan"});
  CHECK(read("james baker\treagan") == std::vector<std::string>{"james baker", "reagan"});
  CHECK(read("\ta\t\tb\t") == std::vector<std::string>{"a", "b"});
}
