#include "common/entities/entity_key.h"

#include <doctest/doctest.h>

using morgue::entity_key;

TEST_CASE("spelling variants of one name share a key") {
  const char* groups[][4] = {
      {"Viktor Orbán", "Viktor Orban", "Victor Orban", "VIKTOR ORBAN"},
      {"Sergey Lavrov", "Sergei Lavrov", "Sergey Lavrov's", "SERGEI LAVROV"},
      {"Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskiy", "Volodymyr Zelenskyy’s"},
      {"Dmitry Peskov", "Dmitri Peskov", "Dmitriy Peskov", "Dmitry  Peskov"},
      {"Philip Morris", "Filip Morris", "Phillip Morris", "Philip Moris"},
      {"World Trade Organization", "World Trade Organisation", "WORLD TRADE ORGANISATION",
       "World Trade Organization's"},
  };
  for (const auto& g : groups) {
    CAPTURE(g[0]);
    for (const char* variant : g) {
      CAPTURE(variant);
      CHECK(entity_key(variant) == entity_key(g[0]));
    }
  }
}

TEST_CASE("what the key does not merge: the alias file's job") {
  CHECK(entity_key("Sergej Lavrov") != entity_key("Sergey Lavrov"));
  CHECK(entity_key("Mikhail Gorbachov") != entity_key("Mikhail Gorbachev"));
}

TEST_CASE("different names keep different keys") {
  CHECK(entity_key("Boris Johnson") != entity_key("Boris Jonson"));
  CHECK(entity_key("Ned Price") != entity_key("Ned Prince"));
  CHECK(entity_key("Anna") != entity_key("Hanna"));
}

TEST_CASE("keys are plain, readable and stable") {
  CHECK(entity_key("Viktor Orbán") == "viktor orban");
  CHECK(entity_key("Volodymyr Zelenskyy") == "volodimir zelenski");
  CHECK(entity_key("Sergey Lavrov") == "sergi lavrov");
  CHECK(entity_key("Organization for Security and Co-operation in Europe") ==
        "organisation for sekuriti and ko-operation in europe");
  CHECK(entity_key("U.S.") == "u s");
  CHECK(entity_key("  ") == "");
  CHECK(morgue::surname_key("Viktor Orbán") == "orban");
  CHECK(morgue::surname_key("Orban's") == "orban");
}

TEST_CASE("a bare surname is the word before a generation or a monarch's number") {
  CHECK(morgue::surname_key("Martin Luther King Jr") == "king");
  CHECK(morgue::surname_key("Martin Luther King, Jr.") == "king");
  CHECK(morgue::surname_key("Andre Price III") == "prike");
  CHECK(morgue::surname_key("Louis XIV") == "louis");
  CHECK(morgue::surname_key("Thutmose I") == "thutmose");
  // Initials and the surname Xi are no suffix; a suffix alone is the name.
  CHECK(morgue::surname_key("Malcolm X") == "ks");
  CHECK(morgue::surname_key("President Xi") == "ksi");
  CHECK(morgue::surname_key("Jr") == "jr");
  CHECK_FALSE(morgue::is_name_suffix("xl"));
  CHECK(morgue::is_name_suffix("xxviii"));
}

TEST_CASE("a surname is the same written with or without the article joined to it") {
  CHECK(morgue::surname_key("Mohammed al-Jadaan") == "jadan");
  CHECK(morgue::surname_key("al-Jadaan") == "jadan");
  CHECK(morgue::surname_key("Jadaan") == "jadan");
  CHECK(morgue::surname_key("Abdel Fattah el-Sisi") == "sisi");
  CHECK(morgue::surname_key("Mohamed El-Erian") == "erian");
  // Only the article: other hyphenated surnames are whole, and a full name's key keeps it.
  CHECK(morgue::surname_key("Joseph Gordon-Levitt") == "gordon-levit");
  CHECK(morgue::surname_key("David Ben-Gurion") == "ben-gurion");
  CHECK(morgue::surname_without_article("al-") == "al-");
  CHECK(morgue::surname_without_article("mohamed al-jadan") == "mohamed al-jadan");
  CHECK(entity_key("Mohammed al-Jadaan") == "mohamed al-jadan");
}

TEST_CASE("a person key's surname: its last word, without the article, none for one word") {
  CHECK(morgue::surname_of_person_key("ronald wilson reagan") == "reagan");
  CHECK(morgue::surname_of_person_key("mohamed al-jadan") == "jadan");
  CHECK(morgue::surname_of_person_key("david ben-gurion") == "ben-gurion");
  CHECK(morgue::surname_of_person_key("reagan").empty());
}

TEST_CASE("an organization is one entity with and without its legal form") {
  using morgue::organization_key;
  using morgue::schema::EntityKind;
  CHECK(organization_key("General Motors Corp") == organization_key("General Motors"));
  CHECK(organization_key("General Motors Corp.") == entity_key("General Motors"));
  CHECK(organization_key("Dow Jones and Co Inc") == entity_key("Dow Jones"));
  CHECK(organization_key("Procter & Gamble Co") == entity_key("Procter Gamble"));
  CHECK(organization_key("Hanson Trust PLC") == entity_key("Hanson Trust"));
  CHECK(organization_key("Ford Motor Company") == organization_key("Ford Motor Co"));
  // Only at the end, and never down to nothing.
  CHECK(organization_key("Co-operative Bank") == entity_key("Co-operative Bank"));
  CHECK(organization_key("Inc") == entity_key("Inc"));
  CHECK(organization_key("Johnson and Johnson") == entity_key("Johnson and Johnson"));
  // Other kinds keep the whole name.
  CHECK(entity_key(EntityKind::kPerson, "Carl Co") == entity_key("Carl Co"));
  CHECK(entity_key(EntityKind::kOrganization, "Acme Ltd") == entity_key("Acme"));
}

TEST_CASE("legal forms: abbreviated and spelled out, as folded words") {
  for (const char* form : {"corp", "inc", "co", "ltd", "plc", "company", "limited", "bv", "gmbh"})
    CHECK(morgue::is_legal_form(form));
  for (const char* word : {"bank", "group", "and", "Corp", ""})
    CHECK_FALSE(morgue::is_legal_form(word));
}
