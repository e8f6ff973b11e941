// Tests for near-duplicate detection.
#include "indexer/copies/near_duplicates.h"

#include <doctest/doctest.h>

#include "common/index/article.h"
#include "common/index/schema.h"
#include "common/text/text_fold.h"

namespace morgue {
namespace {

// The near-duplicate functions read text fold_text() folded, as the indexer passes it.
std::vector<std::uint64_t> shingles_of(std::string_view text) { return shingles(fold_text(text)); }
NearDuplicateKey key_of(std::string_view text) { return near_duplicate_key(fold_text(text)); }

}  // namespace
namespace {

const std::string kStory =
    "KYIV, Ukraine (AP) - Russian forces shelled the southern city overnight, officials said on "
    "Tuesday, as residents lined up for water and bread in the few shops still open. The "
    "regional governor said three people were killed and a dozen wounded, among them two "
    "children, and that rescue crews were still searching the rubble of a school. Ukraine's "
    "president called on Western allies to speed up deliveries of air defence systems.";

std::string edited_copy() {
  // An outlet's edit: one sentence reworded, its own chrome around the story.
  std::string copy = "Advertisement\n\n" + kStory + "\n\nShare this article";
  const std::string from = "as residents lined up for water and bread";
  copy.replace(copy.find(from), from.size(), "while residents queued for water and bread");
  return copy;
}

TEST_CASE("shingles are case- and accent-blind and deduplicated") {
  CHECK(shingles_of("Orbán met Zelensky in Kyiv") == shingles_of("ORBAN met zelensky in kyiv"));
  CHECK(shingles_of("a b c d a b c d").size() == 4);  // abcd bcda cdab dabc... minus repeats
  CHECK(shingles_of("too short").empty());
}

TEST_CASE("an edited copy is similar, a different story is not") {
  const auto original = shingles_of(kStory);
  CHECK(shingle_similarity(original, original) == doctest::Approx(1.0));
  CHECK(shingle_similarity(original, shingles_of(edited_copy())) > kDefaultDuplicateThreshold);
  const auto other = shingles_of(
      "The central bank raised its key interest rate by half a percentage point on Thursday, "
      "its third increase this year, and said inflation would stay above target well into next "
      "year as energy prices keep climbing and wages catch up with the cost of living.");
  CHECK(shingle_similarity(original, other) < 0.05);
  CHECK(shingle_similarity(original, {}) == 0);
}

TEST_CASE("a trimmed copy counts by containment, a quoted lead paragraph does not") {
  const auto full = shingles_of(kStory);
  const std::string trimmed = kStory.substr(0, kStory.find(" The regional"));
  CHECK(shingle_similarity(full, shingles_of(trimmed)) >= 0.9);
  std::string feature;
  for (int i = 0; i < 12; ++i)
    feature += "Paragraph " + std::to_string(i) +
               " of a long feature about other things entirely, number " + std::to_string(i) + ". ";
  feature += trimmed;
  CHECK(shingle_similarity(shingles_of(feature), shingles_of(trimmed)) <
        kDefaultDuplicateThreshold);
}

TEST_CASE("band terms: a fixed count for long enough texts, none for short ones") {
  const auto terms = band_terms(shingles_of(kStory));
  REQUIRE(terms.size() == kBands);
  for (const auto& t : terms) CHECK(t.starts_with(schema::kBandPrefix));
  CHECK(band_terms(shingles_of("Shr 1.20 dlrs vs 1.10 dlrs")).empty());
  // Identical texts share every band; an edited copy shares some.
  const auto copy_terms = band_terms(shingles_of(edited_copy()));
  std::size_t shared = 0;
  for (std::size_t i = 0; i < kBands; ++i) shared += terms[i] == copy_terms[i];
  CHECK(shared > 0);
  CHECK(shared < kBands);
}

TEST_CASE("find_cluster joins the cluster of an indexed copy, never its own") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const auto add = [&](const std::string& id, const std::string& body, const std::string& cluster) {
    Xapian::Document doc;
    doc.add_boolean_term(schema::id_term(id));
    for (const auto& t : band_terms(shingles_of(body))) doc.add_boolean_term(t);
    doc.add_value(schema::slot(schema::Slot::kCluster), cluster);
    Article a;
    a.id = id;
    a.body = body;
    doc.set_data(encode_stored_article(a));
    db.add_document(doc);
  };
  add("ap-1", kStory, "ap-1");
  const auto copy = key_of(edited_copy());
  CHECK(find_cluster(db, copy, "cbc-7") == std::optional<std::string>("ap-1"));
  CHECK_FALSE(find_cluster(db, key_of(kStory), "ap-1"));  // itself is no copy
  CHECK_FALSE(find_cluster(db, copy, "cbc-7", 0.99));     // threshold respected
  CHECK_FALSE(find_cluster(db,
                           key_of("Completely unrelated words about the weather in "
                                  "Lisbon this weekend, sunny with a light breeze "
                                  "from the west and no rain expected at all."),
                           "x"));
}

}  // namespace
}  // namespace morgue
