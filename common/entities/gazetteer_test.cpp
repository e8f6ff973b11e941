#include "common/entities/gazetteer.h"

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
  // ISO's three-letter codes are no aliases: in capitals they are words.
  CHECK(g.find("AND") == nullptr);
  CHECK(g.find("CAN") == nullptr);
  CHECK(g.find("USA")->canonical == "United States");  // our list's
  // Canton is Guangzhou, not Kiribati's Kanton, which shares its key.
  CHECK(g.find("Canton")->canonical == "Guangzhou");
}

TEST_CASE("gazetteer: one word's entity, given name and the longer names it may begin") {
  Gazetteer g;
  g.add(EntityKind::kPlace, "The Hague", "Den Haag");
  g.add(EntityKind::kOrganization, "Bank of England", "BANK OF ENGLAND");
  g.add(EntityKind::kPlace, "Paris", "");
  g.add(EntityKind::kOrganization, "North Atlantic Treaty Organization", "NATO");
  g.add_first_name("Anna");
  CHECK(g.word("The").begins_name);
  CHECK(g.word("THE").begins_name);
  CHECK(g.word("Den").begins_name);
  CHECK(g.word("Bank").begins_name);
  CHECK(g.word("BANK").begins_name);
  CHECK_FALSE(g.word("Paris").begins_name);  // a name of one word begins no longer one
  CHECK_FALSE(g.word("He").begins_name);
  CHECK_FALSE(g.word("Hague").begins_name);
  // The entity as find() and find_in_any_case() give it, the given name as is_first_name().
  for (const std::string_view w : {"Paris", "PARIS", "paris", "NATO", "Nato", "Anna", "The"}) {
    CAPTURE(w);
    CHECK(g.word(w).entity == g.find(w));
    CHECK(g.word(w, true).entity == g.find_in_any_case(w));
    CHECK(g.word(w).first_name == g.is_first_name(w));
  }
  CHECK(g.word("Paris").entity->canonical == "Paris");
  CHECK(g.word("Nato").entity == nullptr);  // an acronym only as written
  CHECK(g.word("ANNA").first_name);
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

TEST_CASE("gazetteer: a city's country as of a day: former states, then today's") {
  const Gazetteer& g = Gazetteer::builtin();
  const auto on = [&](const std::string& place, std::optional<morgue::Date> day) {
    const morgue::KnownEntity* known = g.find(place);
    REQUIRE(known != nullptr);
    return std::string(g.country_on(*known, day));
  };
  const auto day = [](int y, int m, int d) { return morgue::Date::make(y, m, d); };
  CHECK(on("Moscow", day(1987, 3, 2)) == "Soviet Union");
  CHECK(on("Moscow", day(1991, 12, 25)) == "Soviet Union");
  CHECK(on("Moscow", day(1991, 12, 26)) == "Russia");    // until is the first day no longer
  CHECK(on("Moscow", day(1900, 1, 1)) == "Russia");      // before the period
  CHECK(on("Moscow", std::nullopt) == "Russia");         // undated: today's
  CHECK(on("Kiev", day(1987, 3, 2)) == "Soviet Union");  // by its country, any alias
  CHECK(on("Bonn", day(1987, 3, 2)) == "West Germany");  // by the city itself
  CHECK(on("Bonn", day(1991, 1, 1)) == "Germany");
  CHECK(on("Leipzig", day(1987, 3, 2)) == "East Germany");
  CHECK(on("Berlin", day(1987, 3, 2)).empty());  // divided: no country
  CHECK(on("Berlin", day(1995, 3, 2)) == "Germany");
  CHECK(on("Prague", day(1987, 3, 2)) == "Czechoslovakia");
  CHECK(on("Belgrade", day(1999, 3, 2)) == "Yugoslavia");
  CHECK(on("Belgrade", day(2004, 3, 2)) == "Serbia and Montenegro");
  CHECK(on("Belgrade", day(2007, 3, 2)) == "Serbia");
  CHECK(on("Zagreb", day(1987, 3, 2)) == "Yugoslavia");
  CHECK(on("Zagreb", day(1992, 3, 2)) == "Croatia");
  CHECK(on("Sarajevo", day(1992, 3, 2)) == "Yugoslavia");  // independent from March 1992
  CHECK(on("Bratislava", day(1987, 3, 2)) == "Czechoslovakia");
  CHECK(on("Kinshasa", day(1987, 3, 2)) == "Zaire");         // a country renamed
  CHECK(on("Houston", day(1987, 3, 2)) == "United States");  // no former state
  CHECK(on("France", day(1987, 3, 2)).empty());              // a country lies in none
}

TEST_CASE("gazetteer: a former state naming an unknown place is a data error") {
  Gazetteer g;
  g.add(EntityKind::kPlace, "Lyon", "", "");
  const auto from = *morgue::Date::make(1900, 1, 1);
  const auto until = *morgue::Date::make(1950, 1, 1);
  CHECK_THROWS_AS(g.add_former_state("Atlantis", from, until, "Lyon"), std::logic_error);
  CHECK_THROWS_AS(g.add_former_state("-", from, until, "Lyon|Atlantis City"), std::logic_error);
}

TEST_CASE("gazetteer: a name of four letters or fewer matches only as spelled") {
  const morgue::Gazetteer& g = morgue::Gazetteer::builtin();
  REQUIRE(g.find("Bonn") != nullptr);
  CHECK(g.find("bonn") != nullptr);  // any case
  CHECK(g.find("Bon") == nullptr);   // a doubled letter's variant is another word
  CHECK(g.find("Boon") == nullptr);
  CHECK(g.find("Kiev") != nullptr);  // a listed alias
  // Longer names still match their spelling variants.
  REQUIRE(g.find("Philippines") != nullptr);
  CHECK(g.find("Filippines") == g.find("Philippines"));
}

TEST_CASE("the world-cities list confirms places, with their country when there is one") {
  const auto& g = morgue::Gazetteer::builtin();
  const auto* leeds = g.world_place("Leeds");
  REQUIRE(leeds != nullptr);
  CHECK(leeds->country == "United Kingdom");
  REQUIRE(g.world_place("LEEDS") != nullptr);        // any case
  REQUIRE(g.world_place("Scotland") != nullptr);     // a first-level division
  const auto* victoria = g.world_place("Victoria");  // in several countries
  REQUIRE(victoria != nullptr);
  CHECK(victoria->country.empty());
  CHECK(g.world_place("Widget") == nullptr);
  // It finds no names on its own: Reading is no known place to the rules.
  CHECK(g.find("Reading") == nullptr);
}
