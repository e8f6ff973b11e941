#include "searcher/query/query_parser.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/analysis/snowball_stemmer.h"
#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

Xapian::Query parse(const std::string& text, const Xapian::Database& db) {
  SearchOptions options;
  options.query = text;
  return parse_query(options, db, make_stemmer());
}

}  // namespace

TEST_CASE("parse_query: empty text matches everything; sizes are checked before parsing") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  CHECK(parse("", db).get_type() == Xapian::Query::LEAF_MATCH_ALL);
  CHECK(parse("  \t ", db).get_type() == Xapian::Query::LEAF_MATCH_ALL);

  std::string phrase = "\"";
  for (std::size_t i = 0; i <= kMaxPositionalWords; ++i) phrase += "w" + std::to_string(i) + " ";
  phrase += "\"";
  CHECK_THROWS_AS(parse(phrase, db), QueryError);
  CHECK_NOTHROW(parse("\"w1 w2 w3\"", db));
}

TEST_CASE("parse_query: exclusions alone mean every article except those") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  const Xapian::Query q = parse("-putin", db);
  CHECK(q.get_type() == Xapian::Query::OP_AND_NOT);
  CHECK(q.get_subquery(0).get_type() == Xapian::Query::LEAF_MATCH_ALL);
}

TEST_CASE("parse_query: a reversed --from/--to is refused") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  SearchOptions options;
  options.from = parse_date("2022-03-01");
  options.to = parse_date("2022-02-01");
  CHECK_THROWS_AS((void)parse_query(options, db, make_stemmer()), QueryError);
}

TEST_CASE("parse_query: a word reads as a name when typed capitalised or written like one") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  const auto add = [&](const std::string& word, bool as_name) {
    Xapian::Document doc;
    doc.add_posting(word, 1);
    doc.add_term("Z" + word);
    if (as_name) doc.add_boolean_term(schema::name_variant_term(entity_key(word), word));
    db.add_document(doc);
  };
  // "fill": an ordinary word, written capitalised once in ten; "Phil" shares its variant key.
  for (int i = 0; i < 10; ++i) add("fill", i == 0);
  add("phil", true);
  // Zelensky is written like a name wherever it appears, in two spellings.
  for (int i = 0; i < 3; ++i) add("zelensky", true);
  add("zelenskyy", true);
  db.commit();
  const auto described = [&](const std::string& text) { return parse(text, db).get_description(); };

  // Lower case: fill is the word, by its stem; it never turns into Phil.
  CHECK(described("fill deficit").find("Zfill") != std::string::npos);
  CHECK(described("fill deficit").find("phil") == std::string::npos);
  // Capitalised, anywhere: the word as written, its possessive and its other spellings.
  for (const std::string text : {"Fill deficit", "deficits. Fill", "talks with Fill"}) {
    CAPTURE(text);
    const std::string cased = described(text);
    CHECK(cased.find("SYNONYM") != std::string::npos);
    CHECK(cased.find("fill's") != std::string::npos);
    CHECK(cased.find("phil") != std::string::npos);
    CHECK(cased.find("Zfill") == std::string::npos);
  }
  // A name written like one is expanded however it is typed: Zelensky finds Zelenskyy; never
  // by its stem.
  for (const std::string text : {"zelensky", "Zelensky", "talks with Zelensky"}) {
    CAPTURE(text);
    CHECK(described(text).find("zelenskyy") != std::string::npos);
  }
  CHECK(described("zelensky").find("Zzelenski") == std::string::npos);
  // A spelling the archive does not hold at all finds the ones it does.
  CHECK(described("zelenskiy").find("zelenskyy") != std::string::npos);
  // A possessive typed is taken as written; a stop word is no name.
  CHECK(described("Zelensky's").find("zelenskyy") == std::string::npos);
  CHECK(described("The Zelensky").find("the") == std::string::npos);
}

TEST_CASE("parse_query: NEAR and ADJ between two names match, whatever each expands to") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  // Articles as word lists with positions; surnames known as names.
  const auto add = [&](const std::vector<std::string>& words) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (const std::string& w : words) {
      doc.add_posting(w, ++pos);
      doc.add_term("Z" + w);  // these words are their own stems
      const std::string bare = w.ends_with("'s") ? w.substr(0, w.size() - 2) : w;
      if (bare == "blair" || bare == "brown") {
        doc.add_boolean_term(schema::name_variant_term(entity_key(bare), bare));
      }
    }
    db.add_document(doc);
  };
  add({"blair", "met", "brown"});            // 1: near, in order
  add({"brown", "and", "blair's", "plan"});  // 2: near, reversed, a possessive
  add({"blair"});                            // 3: one of them only
  std::vector<std::string> far{"blair"};
  for (int i = 0; i < 20; ++i) far.push_back("filler");
  far.push_back("brown");
  add(far);  // 4: too far apart
  db.commit();
  const auto matches = [&](const std::string& text) {
    Xapian::Enquire enquire(db);
    enquire.set_query(parse(text, db));
    std::vector<Xapian::docid> ids;
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  using Ids = std::vector<Xapian::docid>;
  CHECK(matches("Blair NEAR Brown") == Ids{1, 2});
  CHECK(matches("blair NEAR brown") == Ids{1, 2});
  CHECK(matches("brown NEAR blair") == Ids{1, 2});
  CHECK(matches("Blair ADJ Brown") == Ids{1});    // in order
  CHECK(matches("Blair NEAR/1 Brown") == Ids{});  // one word apart at most: "met" is between
  CHECK(matches("Blair NEAR/2 Brown") == Ids{1, 2});
  CHECK(matches("Blair NEAR/30 Brown") == Ids{1, 2, 4});
  CHECK(matches("met (Blair NEAR Brown)") == Ids{1});
  CHECK(matches("Blair NEAR Brown NEAR met") == Ids{1});
  CHECK(matches("blair -Blair NEAR Brown") == Ids{3, 4});  // the sign stands for the chain
  // A name beside a plain word was built by the parser already, and still is.
  CHECK(matches("Blair NEAR met") == Ids{1});
}

TEST_CASE("read_query: one value says what each word meant and what a hit can match") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  for (const std::string w : {"paul", "volcker's", "testimony", "opec", "grain"}) {
    doc.add_posting(w, ++pos);
  }
  doc.add_boolean_term(schema::name_variant_term(entity_key("volcker"), "volcker"));
  db.add_document(doc);
  db.commit();
  SearchOptions options;
  options.query = "grains Volcker -OPEC \"Paul Volcker\" NOT testimony";
  const ParsedQuery parsed = read_query(options, db, make_stemmer());
  CHECK(parsed.text == options.query);
  // The plain words in order, then the phrase's.
  std::vector<std::string> typed;
  for (const ReadWord& w : parsed.words) typed.push_back(w.typed);
  CHECK(typed ==
        std::vector<std::string>{"grains", "Volcker", "OPEC", "testimony", "Paul", "Volcker"});
  const ReadWord& grains = parsed.words[0];
  REQUIRE(grains.span);
  CHECK(parsed.text.substr(grains.span->begin, grains.span->end - grains.span->begin) == "grains");
  CHECK_FALSE(grains.name);
  CHECK(grains.stem == "grain");
  REQUIRE(parsed.words[1].name);  // capitalised: read as a name, its possessive with it
  CHECK(parsed.words[1].name->forms == std::vector<std::string>{"volcker", "volcker's"});
  CHECK_FALSE(parsed.words[1].excluded);
  CHECK(parsed.words[2].excluded);  // -OPEC
  CHECK(parsed.words[3].excluded);  // NOT testimony
  CHECK(parsed.words[4].in_phrase);
  CHECK_FALSE(parsed.words[4].span);
  CHECK(parsed.positional);
  CHECK_FALSE(parsed.wildcard);
  // What a hit can match: the name's forms and the stem; the phrase's positions with the
  // possessive; nothing excluded is marked.
  CHECK(parsed.matchable.terms.contains("volcker's"));
  CHECK(parsed.matchable.terms.contains("Zgrain"));
  CHECK(parsed.matchable.phrase_only.contains("paul"));
  REQUIRE(parsed.matchable.phrases.size() == 1);
  CHECK(parsed.matchable.phrases[0] ==
        PhraseWords{{"paul"}, {"volcker", "volcker's"}});  // no "paul's" in the index
  CHECK(parsed.matchable.excluded.contains("opec"));
  CHECK(parsed.matchable.excluded.contains("opec's"));
  CHECK_FALSE(parsed.matchable.terms.contains("opec"));
  CHECK(std::none_of(parsed.matchable.excluded.begin(), parsed.matchable.excluded.end(),
                     [](const std::string& t) { return t.find("volcker") != std::string::npos; }));

  options.query = "grain*";
  CHECK(read_query(options, db, make_stemmer()).wildcard);
}

TEST_CASE("read_query: the names an entity filter asks for are marked, the excluded ones not") {
  test::TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document doc;
  doc.add_boolean_term(schema::entity_term(
      schema::EntityKind::kPerson, entity_key(schema::EntityKind::kPerson, "Viktor Orbán")));
  doc.add_posting("grain", 1);
  db.add_document(doc);
  db.commit();
  SearchOptions options;
  const auto phrases = [&](const std::string& text) {
    options.query = text;
    return read_query(options, db, make_stemmer()).matchable.phrases;
  };
  const PhraseWords orban{{"viktor", "viktor's"}, {"orban", "orban's"}};
  CHECK(phrases("grain person:\"Viktor Orbán\"") == std::vector<PhraseWords>{orban});
  CHECK(phrases("person:\"Viktor Orbán\"") == std::vector<PhraseWords>{orban});
  CHECK(phrases("grain -person:\"Viktor Orbán\"").empty());
  CHECK(phrases("grain NOT person:\"Viktor Orbán\"").empty());
  CHECK(phrases("grain outlet:BBC date:2022").empty());  // no name
}

}  // namespace morgue
