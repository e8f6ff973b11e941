#include "bench/ieer_sgml.h"

#include <doctest/doctest.h>

#include "tests/support/temp_dir.h"

using morgue::schema::EntityKind;

TEST_CASE("IE-ER: paragraphs joined, marks dropped, names with their kind, notes left out") {
  morgue::test::TempDir dir;
  dir.write("README", "not a story\n");
  const auto file = dir.write(
      "APW_19980314",
      "<IEER_DOC type=\"NEWSWIRE\">\n<DOC>\n<DOCNO> APW19980314.0391 </DOCNO>\n"
      "<DATE_TIME> 03/14/1998 10:36:00 </DATE_TIME>\n<BODY>\n<HEADLINE>\nKenyans protest\n"
      "</HEADLINE>\n<TEXT>\n\t   <b_enamex type=\"LOCATION\">NAIROBI<e_enamex>, Kenya "
      "(<b_enamex type=\"ORGANIZATION\">AP<e_enamex>) _ <b_numex type=\"CARDINAL\">Thousands"
      "<e_numex> of laborers\nprotested, said <b_enamex type=\"PERSON\">Kivutha\nKibwana"
      "<e_enamex>.\n<ANNOTATION>\n\t   (STORY CAN END HERE. OPTIONAL MATERIAL FOLLOWS)\n"
      "</ANNOTATION>\n\t   <b_enamex type=\"ORGANIZATION\" status=\"opt\">Finance<e_enamex> "
      "Minister spoke.\n</TEXT>\n</BODY>\n</DOC>\n<DOC>\n<DOCNO> APW19980314.0400 </DOCNO>\n"
      "<TEXT>\n\t   Nothing named.\n</TEXT>\n</DOC>\n");
  const auto stories = morgue::bench::read_ieer_dir(file.parent_path());
  REQUIRE(stories.size() == 2);
  const auto& s = stories[0];
  CHECK(s.docno == "APW19980314.0391");
  REQUIRE(s.date.has_value());
  CHECK(*s.date == *morgue::Date::make(1998, 3, 14));
  CHECK(s.headline == "Kenyans protest");
  CHECK(s.text ==
        "NAIROBI, Kenya (AP) _ Thousands of laborers protested, said Kivutha Kibwana.\n\n"
        "Finance Minister spoke.");
  REQUIRE(s.names.size() == 4);
  CHECK(s.names[0].kind == EntityKind::kPlace);
  CHECK(s.names[0].text == "NAIROBI");
  CHECK(s.names[1].kind == EntityKind::kOrganization);
  CHECK(s.names[2].kind == EntityKind::kPerson);
  CHECK(s.names[2].text == "Kivutha Kibwana");
  CHECK_FALSE(s.names[2].optional);
  CHECK(s.names[3].text == "Finance");
  CHECK(s.names[3].optional);
  CHECK(stories[1].text == "Nothing named.");
  CHECK(stories[1].names.empty());
  CHECK_FALSE(stories[1].date.has_value());
}
