#include "searcher/query/feedback.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "common/analysis/snowball_stemmer.h"
#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "searcher/query/query_parser.h"
#include "tests/support/temp_dir.h"

namespace {

// The surname the last article's person goes by, for the query parser's name rules.
constexpr const char* kSurname = "volcker";

// An index of `docs` (title-less bodies), stemmed as morgue's analyzer does.
Xapian::Database index_of(const morgue::test::TempDir& dir,
                          std::initializer_list<const char*> docs) {
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator generator;
  generator.set_stemmer(morgue::make_stemmer());
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (const char* text : docs) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    if (text == *std::prev(docs.end())) {
      doc.add_term(morgue::schema::name_variant_term(morgue::entity_key(kSurname), kSurname));
    }
    db.add_document(doc);
  }
  db.commit();
  return Xapian::Database((dir / "db").string());
}

Xapian::Query parsed(const Xapian::Database& db, const morgue::SearchOptions& options) {
  return morgue::parse_query(options, db, morgue::make_stemmer());
}

}  // namespace

TEST_CASE("the feedback gate: long plain questions only") {
  morgue::test::TempDir dir;
  const Xapian::Database db =
      index_of(dir, {"grain wheat harvest export prices rose, Paul Volcker said"});
  morgue::SearchOptions o;
  o.feedback_min_terms = 4;
  const auto wants = [&](const char* text) {
    o.query = text;
    return morgue::wants_feedback(parsed(db, o), o);
  };
  CHECK(wants("grain wheat harvest exports"));
  CHECK_FALSE(wants("grain wheat harvest"));              // three words
  CHECK_FALSE(wants("the grain of the wheat harvest"));   // stop words do not count
  CHECK_FALSE(wants("grain grains wheat harvest"));       // three distinct stems
  CHECK_FALSE(wants("\"grain wheat harvest exports\""));  // a phrase
  CHECK_FALSE(wants("grain wheat harvest export*"));      // a wildcard
  o.sort = morgue::SortOrder::kDate;
  CHECK_FALSE(wants("grain wheat harvest exports"));
  o.sort = morgue::SortOrder::kRelevance;
  // A name is one word, however many spellings and possessives it is searched by.
  CHECK(wants("Volcker grain wheat harvest"));
  CHECK_FALSE(wants("Volcker grain wheat"));
  CHECK_FALSE(wants("Paul Volcker's grain"));
  o.feedback_min_terms = 0;
  CHECK_FALSE(wants("grain wheat harvest exports"));
  o.feedback_min_terms = 2;
  CHECK(wants("grain wheat"));
}

TEST_CASE("feedback finds what the top stories speak of, and matches as before") {
  morgue::test::TempDir dir;
  // Three stories answer the question in its words and speak of sorghum and millet. The
  // fourth is about sorghum and millet too but shares one word of the question; so do four
  // short articles about something else.
  const Xapian::Database db = index_of(
      dir, {"drought cuts cereal harvest forecast as sorghum and millet yields fall",
            "cereal harvest forecast lowered as drought hits sorghum and millet growers",
            "drought and cereal forecast: sorghum and millet crops wither before the harvest",
            "sorghum and millet stocks run low; sorghum prices double, millet traders hoard "
            "grain, and growers of sorghum and millet expect a thin harvest",
            "harvest festival parade", "harvest moon concert", "harvest fair opens",
            "harvest supper tonight"});
  morgue::SearchOptions o;
  o.query = "drought cereal harvest forecast";
  o.match_any = true;
  o.feedback_docs = 3;
  o.feedback_min_terms = 4;
  const Xapian::Query query = parsed(db, o);
  REQUIRE(morgue::wants_feedback(query, o));
  const Xapian::Query expanded =
      morgue::with_feedback(db, query, o, Xapian::BM25Weight(), morgue::make_stemmer());
  const std::vector<std::string> terms(expanded.get_unique_terms_begin(),
                                       expanded.get_unique_terms_end());
  const auto has = [&](const char* term) {
    return std::find(terms.begin(), terms.end(), term) != terms.end();
  };
  CHECK(has("Zsorghum"));
  CHECK(has("Zmillet"));
  CHECK_FALSE(has("Zand"));     // a stop word
  CHECK_FALSE(has("Zfestiv"));  // not in the top stories
  CHECK_FALSE(has("Zhoard"));   // in one article only
  // The proximity boost of --any is dropped: the expansion ranks by subject in its stead.
  CHECK(query.get_description().find("NEAR") != std::string::npos);
  CHECK(expanded.get_description().find("NEAR") == std::string::npos);

  // Ranked by the question alone the fourth article is last of the matches; with feedback
  // it comes right after the three.
  const auto ranking = [&](const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    std::vector<Xapian::docid> ids;
    for (const Xapian::docid id : enquire.get_mset(0, 10)) ids.push_back(id);
    return ids;
  };
  const auto before = ranking(query);
  const auto after = ranking(expanded);
  REQUIRE(before.size() == 8);
  CHECK(before.back() == 4);
  CHECK(after.size() == 8);  // the same matches: AND_MAYBE
  CHECK(after[3] == 4);
}
