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
    return morgue::wants_feedback(morgue::read_query(o, db, morgue::make_stemmer()), o);
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
  // A question that names something is about that one thing: a name the index knows,
  // however typed, or any word written like a name.
  CHECK_FALSE(wants("Volcker grain wheat harvest"));
  CHECK_FALSE(wants("volcker grain wheat harvest exports"));
  CHECK_FALSE(wants("grain wheat harvest exports from Brazil"));
  CHECK_FALSE(wants("grain wheat harvest exports -Brazil"));
  // A capital first in a sentence or an acronym names nothing.
  CHECK(wants("Grain wheat harvest exports"));
  CHECK(wants("grain wheat harvest exports OPEC"));
  CHECK(wants("grain wheat. Harvest exports"));
  o.feedback_min_terms = 0;
  CHECK_FALSE(wants("grain wheat harvest exports"));
  o.feedback_min_terms = 2;
  CHECK(wants("grain wheat"));
}

// Three stories answer the question in its words and speak of sorghum and millet. The
// fourth is about sorghum and millet too but shares one word of the question; so do four
// short articles about something else. Irrigation is in one of the three and in an article
// about something else.
Xapian::Database harvest_index(const morgue::test::TempDir& dir) {
  return index_of(dir,
                  {"drought cuts cereal harvest forecast as sorghum and millet yields fall",
                   "cereal harvest forecast lowered as drought hits sorghum and millet growers",
                   "drought and cereal forecast: irrigation fails, sorghum and millet crops wither "
                   "before the harvest",
                   "sorghum and millet stocks run low; sorghum prices double, millet traders hoard "
                   "grain, and growers of sorghum and millet expect a thin harvest",
                   "harvest festival parade", "harvest moon concert", "harvest fair opens",
                   "harvest supper tonight", "irrigation canal reopens"});
}

bool has_stem(const std::vector<morgue::FeedbackStem>& stems, const char* term) {
  return std::any_of(stems.begin(), stems.end(),
                     [&](const morgue::FeedbackStem& s) { return s.term == term; });
}

TEST_CASE("feedback finds what the top stories speak of, and matches as before") {
  morgue::test::TempDir dir;
  const Xapian::Database db = harvest_index(dir);
  morgue::SearchOptions o;
  o.query = "drought cereal harvest forecast";
  o.match_any = true;
  o.feedback_docs = 3;
  const Xapian::Query query = parsed(db, o);
  REQUIRE(morgue::wants_feedback(morgue::read_query(o, db, morgue::make_stemmer()), o));
  const auto stems =
      morgue::feedback_stems(db, query, o, Xapian::BM25Weight(), morgue::make_stemmer());
  CHECK(has_stem(stems, "Zsorghum"));
  CHECK(has_stem(stems, "Zmillet"));
  CHECK(has_stem(stems, "Zdrought"));       // the query's own, as its top stories weigh it
  CHECK_FALSE(has_stem(stems, "Zand"));     // a stop word
  CHECK_FALSE(has_stem(stems, "Zfestiv"));  // not in the top stories
  CHECK_FALSE(has_stem(stems, "Zirrig"));   // in one of them only
  CHECK(std::is_sorted(stems.begin(), stems.end(),
                       [](const auto& a, const auto& b) { return a.weight > b.weight; }));
  o.feedback_terms = 2;
  CHECK(morgue::feedback_stems(db, query, o, Xapian::BM25Weight(), morgue::make_stemmer()).size() ==
        2);

  // The proximity boost of --any is dropped: the expansion ranks by subject in its stead.
  const Xapian::Query expanded =
      morgue::with_feedback(db, query, o, Xapian::BM25Weight(), morgue::make_stemmer());
  CHECK(query.get_description().find("NEAR") != std::string::npos);
  CHECK(expanded.get_description().find("NEAR") == std::string::npos);
}

// The article ids `q` matches, best first.
std::vector<Xapian::docid> ranking(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  std::vector<Xapian::docid> ids;
  for (const Xapian::docid id : enquire.get_mset(0, 20)) ids.push_back(id);
  return ids;
}

TEST_CASE("feedback lifts an article the question shares one word with, over the same matches") {
  morgue::test::TempDir dir;
  const Xapian::Database db = harvest_index(dir);
  morgue::SearchOptions o;
  o.match_any = true;
  o.feedback_docs = 3;
  // The plain question (the query's own stems scale its terms) and one whose core is no plain
  // list of words (an exclusion: the stems are matched beside it).
  for (const char* text :
       {"drought cereal harvest forecast", "drought cereal harvest forecast -parade"}) {
    CAPTURE(text);
    o.query = text;
    const Xapian::Query query = parsed(db, o);
    REQUIRE(morgue::wants_feedback(morgue::read_query(o, db, morgue::make_stemmer()), o));
    const auto before = ranking(db, query);
    const auto after = ranking(
        db, morgue::with_feedback(db, query, o, Xapian::BM25Weight(), morgue::make_stemmer()));
    // Ranked by the question alone the fourth article comes after the three and the
    // festival-like ones; with feedback it comes right after the three.
    REQUIRE(before.size() >= 7);
    CHECK(std::find(before.begin(), before.end(), 4) - before.begin() > 3);
    std::vector<Xapian::docid> same_before = before, same_after = after;
    std::sort(same_before.begin(), same_before.end());
    std::sort(same_after.begin(), same_after.end());
    CHECK(same_after == same_before);  // the same matches: AND_MAYBE
    REQUIRE(after.size() > 3);
    CHECK(after[3] == 4);
  }
}

// Our own weighing of the stems (it stops its term lookups early) against Xapian's expand set
// over the same top stories, told to keep the plain stems two of them hold.
TEST_CASE("feedback's stems and weights are those of Xapian's expand set") {
  morgue::test::TempDir dir;
  const Xapian::Database db = harvest_index(dir);
  morgue::SearchOptions o;
  o.query = "drought cereal harvest forecast sorghum";
  o.feedback_docs = 4;
  o.feedback_terms = 6;
  const Xapian::Query query = parsed(db, o);  // all words: no boosts
  const auto stems =
      morgue::feedback_stems(db, query, o, Xapian::BM25Weight(), morgue::make_stemmer());
  REQUIRE(stems.size() == 6);

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::RSet top;
  std::vector<Xapian::docid> ids;
  for (const Xapian::docid id : enquire.get_mset(0, o.feedback_docs)) {
    top.add_document(id);
    ids.push_back(id);
  }
  struct SharedStems : Xapian::ExpandDecider {
    const Xapian::Database* db;
    std::vector<Xapian::docid> ids;
    bool operator()(const std::string& term) const override {
      if (term.size() < 4 || term[0] != 'Z' || term == "Zthe" || term == "Zand") return false;
      int held = 0;
      for (const Xapian::docid id : ids) {
        auto t = db->termlist_begin(id);
        t.skip_to(term);
        held += t != db->termlist_end(id) && *t == term;
      }
      return held >= 2;
    }
  } decider;
  decider.db = &db;
  decider.ids = ids;
  const Xapian::ESet eset =
      enquire.get_eset(o.feedback_terms, top, Xapian::Enquire::INCLUDE_QUERY_TERMS, &decider);
  REQUIRE(eset.size() == stems.size());
  std::size_t i = 0;
  for (auto it = eset.begin(); it != eset.end(); ++it, ++i) {
    CAPTURE(*it);
    CHECK(stems[i].term == *it);
    CHECK(stems[i].weight == doctest::Approx(it.get_weight()).epsilon(1e-9));
  }
}
