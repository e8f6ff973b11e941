#include "searcher/present/entity_profile.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/entities/entity_aliases.h"
#include "common/index/index_db.h"
#include "common/text/text_fold.h"
#include "searcher/facets/person_surnames.h"
#include "searcher/present/output.h"
#include "searcher/query/filters.h"

namespace morgue {

std::string_view entity_path_name(schema::EntityKind kind) {
  switch (kind) {
    case schema::EntityKind::kPerson:
      return "people";
    case schema::EntityKind::kOrganization:
      return "orgs";
    case schema::EntityKind::kPlace:
      return "places";
  }
  return "";
}

std::optional<schema::EntityKind> entity_kind_of_path(std::string_view name) {
  for (const auto kind : schema::kEntityKinds)
    if (entity_path_name(kind) == name) return kind;
  return std::nullopt;
}

namespace {

// Every spelling indexed under `key`, with its collection frequency (how often the archive
// writes it), most written first.
std::vector<std::pair<std::string, Xapian::termcount>> spellings_of(const Xapian::Database& db,
                                                                    schema::EntityKind kind,
                                                                    const std::string& key) {
  const std::string prefix = std::string(schema::entity_spelling_prefix(kind)) + key + '\t';
  std::vector<std::pair<std::string, Xapian::termcount>> out;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    out.emplace_back((*t).substr(prefix.size()), db.get_collection_freq(*t));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace

std::optional<EntityProfile> entity_profile(Xapian::Database& db, schema::EntityKind kind,
                                            std::string_view name,
                                            const EntityProfileOptions& options,
                                            ValueColumns* columns) {
  if (name.empty() || name.find('"') != std::string_view::npos) return std::nullopt;
  const std::string field(schema::entity_kind_name(kind));
  const std::string filter = field + ":\"" + std::string(name) + "\"";
  const std::size_t related = options.related + 1;  // one more: itself, left out below
  SearchOptions latest;
  latest.query = filter;
  latest.sort = SortOrder::kDate;
  latest.limit = options.articles;
  latest.collapse = false;
  latest.facets = {{FacetKind::kDate, std::nullopt, DateGranularity::kMonth},
                   {FacetKind::kPerson, related, DateGranularity::kDay},
                   {FacetKind::kOrganization, related, DateGranularity::kDay},
                   {FacetKind::kPlace, related, DateGranularity::kDay},
                   {FacetKind::kOutlet, options.related, DateGranularity::kDay}};
  const SearchResult found = search(latest, db, columns);
  if (found.total == 0) return std::nullopt;

  EntityProfile p;
  p.kind = kind;
  const EntityAliases aliases =
      EntityAliases::from_json(db.get_metadata(std::string(kAliasesMetadataKey)));
  std::string key = entity_match_key(aliases, kind, name);
  // A surname alone is the one person the archive knows in full by it when the articles that
  // name only the surname are his too (the index's surname joins, as the facets count them);
  // otherwise the page is the surname's, everyone by it.
  if (kind == schema::EntityKind::kPerson && key.find(' ') == std::string::npos) {
    const auto surnames = PersonSurnames::of(db);
    const auto& full = surnames->full_names(key);
    const auto& bare = surnames->bare_keys(key);
    if (full.size() == 1 && std::all_of(bare.begin(), bare.end(), [&](const std::string& b) {
          return surnames->resolve(b) == full.front();
        })) {
      key = full.front();
    }
  }
  p.name = entity_display_name(db, kind, key);
  if (p.name.empty()) p.name = std::string(name);
  p.spellings = spellings_of(db, kind, key);
  p.articles = found.total;
  p.timeline = facet_of(found, FacetKind::kDate);
  const auto without_itself = [&](FacetResult f, bool same_kind) {
    if (same_kind) {
      std::erase_if(f.values,
                    [&](const FacetValue& v) { return fold_word(v.value) == fold_word(p.name); });
    }
    if (f.values.size() > options.related) f.values.resize(options.related);
    return f;
  };
  p.people =
      without_itself(facet_of(found, FacetKind::kPerson), kind == schema::EntityKind::kPerson);
  p.organizations = without_itself(facet_of(found, FacetKind::kOrganization),
                                   kind == schema::EntityKind::kOrganization);
  p.places = without_itself(facet_of(found, FacetKind::kPlace), kind == schema::EntityKind::kPlace);
  p.outlets = facet_of(found, FacetKind::kOutlet);
  p.latest = found.hits;
  // Most about it: the articles that name it most (its spelling terms' wdf counts its
  // mentions), among those that mention it.
  SearchOptions relevant;
  relevant.query = filter;
  std::vector<Xapian::Query> spelled;
  const std::string spelling_prefix =
      std::string(schema::entity_spelling_prefix(kind)) + key + '\t';
  for (const auto& [spelling, n] : p.spellings) spelled.emplace_back(spelling_prefix + spelling);
  if (!spelled.empty())
    // One term for all its spellings (a synonym): a rare spelling does not outweigh mentions.
    relevant.rank_by = Xapian::Query(Xapian::Query::OP_SYNONYM, spelled.begin(), spelled.end());
  relevant.limit = options.articles;
  // Its articles were counted above: this match only ranks, so it checks no more than it shows.
  relevant.exact_count_limit = 0;
  p.relevant = search(relevant, db, columns).hits;
  return p;
}

std::string entity_profile_json(const EntityProfile& p) {
  const auto facet = [](const FacetResult& f) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const FacetValue& v : f.values) {
      nlohmann::ordered_json item = {{"value", v.value}, {"count", v.count}};
      if (v.missing) item["missing"] = true;
      out.push_back(std::move(item));
    }
    return out;
  };
  nlohmann::ordered_json spellings = nlohmann::ordered_json::array();
  for (const auto& [spelling, n] : p.spellings)
    spellings.push_back({{"spelling", spelling}, {"mentions", n}});
  nlohmann::ordered_json latest = nlohmann::ordered_json::array(),
                         relevant = nlohmann::ordered_json::array();
  for (const Hit& h : p.latest) latest.push_back(hit_json(h));
  for (const Hit& h : p.relevant) relevant.push_back(hit_json(h));
  const nlohmann::ordered_json doc = {{"kind", std::string(schema::entity_kind_name(p.kind))},
                                      {"name", p.name},
                                      {"spellings", std::move(spellings)},
                                      {"articles", p.articles},
                                      {"timeline", facet(p.timeline)},
                                      {"people", facet(p.people)},
                                      {"orgs", facet(p.organizations)},
                                      {"places", facet(p.places)},
                                      {"outlets", facet(p.outlets)},
                                      {"latest", std::move(latest)},
                                      {"relevant", std::move(relevant)}};
  return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace morgue
