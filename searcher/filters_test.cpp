#include "searcher/filters.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "common/entity_aliases.h"
#include "common/entity_key.h"
#include "tests/support/temp_dir.h"

using morgue::schema::EntityKind;

namespace {

// The articles (by data) that `org:name` finds in a database of documents with these terms.
std::set<std::string> org_filter(const std::vector<std::pair<std::string, std::string>>& docs,
                                 const std::string& name) {
  morgue::test::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  for (const auto& [data, term] : docs) {
    Xapian::Document doc;
    doc.set_data(data);
    doc.add_boolean_term(term);
    db.add_document(doc);
  }
  db.commit();
  Xapian::Enquire enquire(db);
  enquire.set_query(
      morgue::entity_filter_query(db, morgue::EntityAliases{}, EntityKind::kOrganization, name));
  std::set<std::string> found;
  const Xapian::MSet matches = enquire.get_mset(0, 10);
  for (auto m = matches.begin(); m != matches.end(); ++m) {
    found.insert(m.get_document().get_data());
  }
  return found;
}

}  // namespace

TEST_CASE("org filters find a firm named with or without its legal form") {
  const auto term = [](std::string_view key) {
    return morgue::schema::entity_term(EntityKind::kOrganization, key);
  };
  const std::vector<std::pair<std::string, std::string>> docs = {
      {"gm", term(morgue::organization_key("General Motors Corp"))},
      {"ford", term(morgue::organization_key("Ford Motor Co"))}};
  CHECK(org_filter(docs, "General Motors") == std::set<std::string>{"gm"});
  CHECK(org_filter(docs, "General Motors Corp") == std::set<std::string>{"gm"});
  CHECK(org_filter(docs, "Ford Motor Company") == std::set<std::string>{"ford"});
}

TEST_CASE("org filters still find firms in an index keyed by whole names") {
  // Built before organizations' keys left out the legal form: the whole name is the key.
  const std::vector<std::pair<std::string, std::string>> docs = {
      {"gm", morgue::schema::entity_term(EntityKind::kOrganization,
                                         morgue::entity_key("General Motors Corp"))}};
  CHECK(org_filter(docs, "General Motors Corp") == std::set<std::string>{"gm"});
}
