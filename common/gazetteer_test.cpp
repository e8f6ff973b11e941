#include "common/gazetteer.h"

#include <doctest/doctest.h>

#include <stdexcept>

using morgue::Gazetteer;
using morgue::schema::EntityKind;

namespace {

std::string country_of(const std::string& place) {
  const morgue::KnownEntity* known = Gazetteer::builtin().find(place);
  REQUIRE(known != nullptr);
  CHECK(known->kind == EntityKind::kPlace);
  return known->within;
}

}  // namespace

TEST_CASE("gazetteer: names match in any case and accents; acronyms only as written") {
  const Gazetteer& g = Gazetteer::builtin();
  REQUIRE(g.find("kyiv") != nullptr);
  CHECK(g.find("Kiev")->canonical == "Kyiv");
  CHECK(g.find("U.S.")->canonical == "United States");
  CHECK(g.find("Us") == nullptr);
  CHECK(g.find("Russian Federation")->canonical == "Russia");
}

TEST_CASE("gazetteer: cities and regions know their country, by its canonical name") {
  CHECK(country_of("Houston") == "United States");  // our list
  CHECK(country_of("Texas") == "United States");
  CHECK(country_of("N.J.") == "United States");
  CHECK(country_of("Chicago") == "United States");  // tzdata
  CHECK(country_of("Moscow") == "Russia");          // tzdata's RU, iso-codes' Russian Federation
  CHECK(country_of("Zurich") == "Switzerland");     // the first of CH,DE,LI
  CHECK(country_of("Kharkov") == "Ukraine");        // an alias
  // Countries, regions across borders, disputed places and towns named like people do not.
  CHECK(country_of("France").empty());
  CHECK(country_of("Singapore").empty());  // a city-state is its own country
  CHECK(country_of("Middle East").empty());
  CHECK(country_of("Crimea").empty());
  CHECK(country_of("Jerusalem").empty());
  CHECK(country_of("Darwin").empty());
}

TEST_CASE("gazetteer: a country that is no known place is a data error") {
  Gazetteer g;
  g.add(EntityKind::kPlace, "France", "");
  g.add(EntityKind::kPlace, "Lyon", "", "France");
  g.resolve_countries();
  CHECK(g.find("Lyon")->within == "France");
  g.add(EntityKind::kPlace, "Atlantis City", "", "Atlantis");
  CHECK_THROWS_AS(g.resolve_countries(), std::logic_error);
}
