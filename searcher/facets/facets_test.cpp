#include "searcher/facets/facets.h"

#include <doctest/doctest.h>

using morgue::DateGranularity;
using morgue::FacetKind;
using morgue::parse_facet_spec;

TEST_CASE("facet specs: names, top N, date granularity") {
  const auto r = parse_facet_spec("outlet,person:5,date:month,date:year:3,org,place:2");
  REQUIRE(r.size() == 6);
  CHECK(r[0].kind == FacetKind::kOutlet);
  CHECK_FALSE(r[0].top.has_value());
  CHECK(r[1].kind == FacetKind::kPerson);
  CHECK(r[1].top == 5u);
  CHECK(r[2].kind == FacetKind::kDate);
  CHECK(r[2].granularity == DateGranularity::kMonth);
  CHECK(r[3].granularity == DateGranularity::kYear);
  CHECK(r[3].top == 3u);
  CHECK(r[4].kind == FacetKind::kOrganization);
  CHECK(r[5].top == 2u);
}

TEST_CASE("bad facet specs name the bad part") {
  CHECK_THROWS_WITH(parse_facet_spec("outlet,people"),
                    doctest::Contains("facet 'people': unknown"));
  CHECK_THROWS_WITH(parse_facet_spec("person:month"), doctest::Contains("'month' is not a count"));
  CHECK_THROWS_WITH(parse_facet_spec("date:week"), doctest::Contains("or day|month|year"));
  CHECK_THROWS_WITH(parse_facet_spec("person:0"), doctest::Contains("is not a count"));
  CHECK_THROWS(parse_facet_spec(","));
}

TEST_CASE("display names: most-mentioned spelling, accents kept, longer on ties") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const auto add = [&](const std::string& term, Xapian::termcount mentions) {
    Xapian::Document doc;
    doc.add_term(term, mentions);
    db.add_document(doc);
  };
  add("XSPviktor orban\tViktor Orbán", 1);
  add("XSPviktor orban\tViktor Orban", 3);
  add("XSPviktor orban\tVictor Orban", 2);
  add("XSPviktor orban\tViktor Orban", 1);  // 5 Viktor (one accented) against 2 Victor
  add("XSPvolodimir zelenski\tVolodymyr Zelensky", 1);
  add("XSPvolodimir zelenski\tVolodymyr Zelensky", 1);
  add("XSPvolodimir zelenski\tVolodymyr Zelenskyy", 2);  // 2 against 2
  CHECK(morgue::entity_display_name(db, morgue::schema::EntityKind::kPerson, "viktor orban") ==
        "Viktor Orbán");
  // Two mentions each: the longer (fuller) transliteration wins the tie.
  CHECK(morgue::entity_display_name(db, morgue::schema::EntityKind::kPerson,
                                    "volodimir zelenski") == "Volodymyr Zelenskyy");
  CHECK(morgue::entity_display_name(db, morgue::schema::EntityKind::kPerson, "nobody") == "nobody");
}
