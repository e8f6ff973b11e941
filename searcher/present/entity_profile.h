// What the archive says of one person, organization or place: the spellings merged under it,
// when it was in the news, who and what appears with it, where, and its latest and most
// relevant articles. The entity pages (/people/NAME ...) and /api/entities/ show it.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/index/schema.h"
#include "searcher/count/value_column.h"
#include "searcher/facets/facets.h"
#include "searcher/search.h"

namespace morgue {

/// One entity's profile. Counts are of articles, copies included, exact.
struct EntityProfile {
  schema::EntityKind kind = schema::EntityKind::kPerson;
  std::string name;  ///< as the archive writes it most (the facets' display form)
  /// Every spelling indexed under its key, with how often the archive writes it, most first.
  std::vector<std::pair<std::string, Xapian::termcount>> spellings;
  Xapian::doccount articles = 0;  ///< articles that mention it
  FacetResult timeline;           ///< articles by month
  /// The people, organizations and places mentioned with it most (itself left out), and the
  /// outlets that mention it most.
  FacetResult people, organizations, places, outlets;
  std::vector<Hit> latest;    ///< its newest articles
  std::vector<Hit> relevant;  ///< the articles that are most about it (BM25 on its name)
};

/// The facet/filter name of `kind` for a URL path: "people", "orgs", "places".
[[nodiscard]] std::string_view entity_path_name(schema::EntityKind kind);
/// The kind a path name names; nullopt for anything else.
[[nodiscard]] std::optional<schema::EntityKind> entity_kind_of_path(std::string_view name);

/// How many co-mentioned entities, outlets and articles a profile lists.
struct EntityProfileOptions {
  std::size_t related = 15;  ///< people, organizations, places and outlets listed. Default 15.
  std::size_t articles = 6;  ///< latest and most relevant articles (two lists). Default 6.
};

/// The profile of the entity `name` names as a `kind` (any spelling, alias or surname, as the
/// person:/org:/place: filters read it), over `db`; nullopt when no article mentions it or
/// the name cannot be a filter value (it holds a double quote). Throws what search() throws.
[[nodiscard]] std::optional<EntityProfile> entity_profile(Xapian::Database& db,
                                                          schema::EntityKind kind,
                                                          std::string_view name,
                                                          const EntityProfileOptions& options = {},
                                                          ValueColumns* columns = nullptr);

/// The profile as JSON text (schemas/entity-profile.schema.json), one line.
[[nodiscard]] std::string entity_profile_json(const EntityProfile& profile);

}  // namespace morgue
