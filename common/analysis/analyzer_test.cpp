#include "common/analysis/analyzer.h"

#include <doctest/doctest.h>

#include <set>

namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
  return {doc.termlist_begin(), doc.termlist_end()};
}

}  // namespace

TEST_CASE("index_text writes unstemmed and stemmed terms, folded") {
  morgue::Analyzer analyzer;
  morgue::Article a;
  a.title = "Orbán meets Putin";
  a.body = "Russia’s fundamental concerns were ignored.";
  Xapian::Document doc;
  analyzer.index_text(fold_article(a), doc);
  const auto terms = terms_of(doc);
  for (const char* t : {"orban", "russia's", "fundamental", "concerns", "ignored", "Zignor",
                        "Zconcern", "Zrussia", "Sorban", "Smeets", "ZSmeet"}) {
    CAPTURE(t);
    CHECK(terms.contains(t));
  }
  CHECK_FALSE(terms.contains("orbán"));
  CHECK_FALSE(terms.contains("russia’s"));
}

TEST_CASE("title words weigh more than body words") {
  morgue::Analyzer analyzer({.title_weight = 3});
  morgue::Article a;
  a.title = "Putin speaks";
  a.body = "Putin spoke. Lavrov spoke.";
  Xapian::Document doc;
  analyzer.index_text(fold_article(a), doc);
  auto wdf = [&](const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return (it != doc.termlist_end() && *it == term) ? it.get_wdf() : 0u;
  };
  CHECK(wdf("putin") == 3 + 1);
  CHECK(wdf("lavrov") == 1);
}

TEST_CASE("phrases never span title and body") {
  morgue::Analyzer analyzer;
  morgue::Article a;
  a.title = "Talks end";
  a.body = "Security matters";
  Xapian::Document doc;
  analyzer.index_text(fold_article(a), doc);
  auto positions = [&](const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return std::vector<Xapian::termpos>(it.positionlist_begin(), it.positionlist_end());
  };
  CHECK(positions("security").front() > positions("end").back() + 50);
}

TEST_CASE("fold_query_text keeps operators and straightens quotes") {
  CHECK(morgue::fold_query_text("“indivisibility of security” AND Orbán") ==
        "\"indivisibility of security\" AND Orban");
}
