// Fuzz target: query text -> parsing (filters included), matching, facets and snippets
// against a small in-memory index of real documents.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/analysis/snowball_stemmer.h"
#include "common/index/schema.h"
#include "common/text/utf8.h"
#include "indexer/document/document_builder.h"
#include "searcher/facets/facets.h"
#include "searcher/present/snippet.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/suggestion.h"

namespace {

Xapian::WritableDatabase& index() {
  static Xapian::WritableDatabase db = [] {
    Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
    w.set_metadata(std::string(morgue::schema::kVersionKey),
                   std::to_string(morgue::schema::kVersion));
    morgue::Analyzer analyzer;
    const char* bodies[] = {
        "Russian President Vladimir Putin met Hungarian Prime Minister Viktor Orbán in Moscow.",
        "Secretary of State Antony Blinken spoke with Sergei Lavrov about the \"indivisibility of "
        "security\".",
        "Ukrainian President Volodymyr Zelenskyy signed a decree in Kyiv; NATO allies watched."};
    int n = 0;
    for (const char* body : bodies) {
      morgue::Article a;
      a.id = "doc" + std::to_string(n);
      a.title = "Headline " + std::to_string(n);
      a.body = body;
      a.outlet = n % 2 ? "CBC News" : "";
      a.published = morgue::Date::make(2022, 2, 1 + n);
      w.replace_document(morgue::schema::id_term(a.id), morgue::build_document(a, analyzer));
      ++n;
    }
    w.commit();
    return w;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  morgue::SearchOptions o;
  o.query = morgue::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size)).text;
  o.max_wildcard_terms = 50;
  const Xapian::Stem stemmer = morgue::make_stemmer();
  try {
    const morgue::ParsedQuery parsed = morgue::read_query(o, index(), stemmer);
    Xapian::Enquire enquire(index());
    enquire.set_query(parsed.query);
    morgue::FacetCounter facets(index(), morgue::parse_facet_spec("outlet,person,date:month"));
    facets.attach(enquire);
    const Xapian::MSet mset = enquire.get_mset(0, 10, index().get_doccount());
    (void)facets.results(mset.get_matches_estimated());
    const morgue::HighlightQuery highlight(parsed.matchable);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::vector<std::string> terms(enquire.get_matching_terms_begin(it),
                                           enquire.get_matching_terms_end(it));
      (void)morgue::make_snippet(it.get_document().get_data(), highlight.for_document(terms),
                                 stemmer, 120);
    }
    (void)morgue::suggest_correction(parsed, o, index(), stemmer, mset.get_matches_estimated());
  } catch (const morgue::QueryError&) {
  } catch (const Xapian::QueryParserError&) {
  } catch (const Xapian::WildcardError&) {
  }
  return 0;
}
