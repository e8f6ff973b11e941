// Document construction.
#include "indexer/document/document_builder.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "common/text/hash.h"
#include "indexer/document/name_words.h"

namespace morgue {
namespace {

// Adds entity terms, entity spelling terms and facet slots; returns per-kind display names for the
// stored data.
EntityNames add_entities(const Article& a, Xapian::Document& doc, const DocumentOptions& options) {
  const std::vector<ExtractedEntity> ordered = article_entities(a, options);
  EntityNames names;
  std::map<schema::EntityKind, std::vector<std::string>> keys;
  for (const ExtractedEntity& e : ordered) {
    doc.add_boolean_term(schema::entity_term(e.kind, e.key));
    const std::string spelling_prefix =
        std::string(schema::entity_spelling_prefix(e.kind)) + e.key + '\t';
    for (const auto& [spelling, count] : e.spellings) {
      const std::string term = spelling_prefix + spelling;
      if (term.size() <= 240) doc.add_term(term, static_cast<Xapian::termcount>(count));
    }
    for (const std::string& title : e.titles) {
      const std::string term = std::string(schema::kPersonTitlePrefix) + e.key + '\t' + title;
      if (term.size() <= 240) doc.add_boolean_term(term);
    }
    keys[e.kind].push_back(e.key);
    names[std::string(schema::entity_kind_name(e.kind))].push_back(e.display);
  }
  for (auto& [kind, list] : keys) {
    std::sort(list.begin(), list.end());
    std::string packed;
    for (const std::string& k : list) {
      if (!packed.empty()) packed += schema::kEntityKeySeparator;
      packed += k;
    }
    doc.add_value(schema::entity_slot(kind), packed);
  }
  return names;
}

// A city or region names its country too: an article from Houston is filed under the United
// States as well (as Reuters' editors filed theirs), with no mention counted. The country as
// of the article's day: Moscow in 1987 is in the Soviet Union.
void add_countries(std::vector<ExtractedEntity>& entities, const Gazetteer& gazetteer,
                   const std::optional<Date>& day) {
  std::set<std::string> places;
  for (const ExtractedEntity& e : entities) {
    if (e.kind == schema::EntityKind::kPlace) places.insert(e.key);
  }
  std::vector<ExtractedEntity> countries;
  for (const ExtractedEntity& e : entities) {
    if (e.kind != schema::EntityKind::kPlace) continue;
    const KnownEntity* known = gazetteer.find(e.display);
    std::string country;
    if (known != nullptr && known->kind == schema::EntityKind::kPlace) {
      country = gazetteer.country_on(*known, day);
    } else if (const Gazetteer::WorldPlace* world = gazetteer.world_place(e.display);
               known == nullptr && world != nullptr && !world->country.empty()) {
      // A city the world-cities list confirmed (the tagger's "Leeds"): its country, as the
      // article's day had it.
      const KnownEntity* state = gazetteer.find(world->country);
      if (state == nullptr || state->kind != schema::EntityKind::kPlace) continue;
      country = gazetteer.country_on(*state, day);
      if (country.empty()) country = state->canonical;
    }
    if (country.empty()) continue;
    std::string key = entity_key(country);
    if (places.insert(key).second) {
      // The spelling, counted zero times, is what facets show for a country never named.
      countries.push_back(
          {schema::EntityKind::kPlace, std::move(key), country, 0, {{country, 0}}, {}});
    }
  }
  entities.insert(entities.end(), countries.begin(), countries.end());
}

}  // namespace

std::vector<ExtractedEntity> article_entities(const Article& a, const DocumentOptions& options) {
  std::string text = a.title;
  if (!text.empty()) text += "\n";
  text += a.body;
  std::vector<ExtractedEntity> entities =
      extract_entities(text, *options.gazetteer, options.tagger);
  add_countries(entities, *options.gazetteer, a.published);

  // Apply user aliases, then merge entities that now share a key.
  std::map<std::pair<schema::EntityKind, std::string>, ExtractedEntity> merged;
  for (ExtractedEntity& e : entities) {
    if (options.aliases != nullptr) {
      if (const auto target = options.aliases->find(e.kind, e.key)) {
        e.key = target->key;
        e.display = target->display;
        e.spellings = {{target->display, e.mentions}};
      }
    }
    auto [it, inserted] = merged.try_emplace({e.kind, e.key}, e);
    if (!inserted) {
      it->second.mentions += e.mentions;
      for (const auto& [s, n] : e.spellings) it->second.spellings[s] += n;
    }
  }
  std::vector<ExtractedEntity> ordered;
  for (auto& [id, e] : merged) ordered.push_back(std::move(e));
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) {
    if (x.kind != y.kind) return x.kind < y.kind;
    return x.mentions > y.mentions;
  });
  return ordered;
}

std::string content_hash(const Article& a, std::string_view salt) {
  // Length-prefix each field so that moving text between fields changes the hash.
  std::uint64_t h = fnv1a64("morgue-article-v" + std::to_string(schema::kVersion) + "." +
                            std::to_string(kAnalysisVersion));
  // Named, not a temporary: a range-for does not keep temporaries in its list alive.
  const std::string published =
      a.published ? a.published->iso() + (a.published_utc_minutes
                                              ? "@" + std::to_string(*a.published_utc_minutes)
                                              : std::string())
                  : std::string();
  for (const std::string_view field :
       {std::string_view(a.id), std::string_view(a.url), std::string_view(a.outlet),
        std::string_view(published), std::string_view(a.title), std::string_view(a.body),
        std::string_view(a.source_root), std::string_view(a.byline), std::string_view(a.section),
        std::string_view(a.language), std::string_view(a.source_file), salt}) {
    h = fnv1a64(std::to_string(field.size()) + ":", h);
    h = fnv1a64(field, h);
  }
  return to_hex(h);
}

UnclusteredDocument build_unclustered_document(const Article& a, const FoldedArticle& folded,
                                               Analyzer& analyzer, const DocumentOptions& options) {
  Xapian::Document doc;
  doc.add_boolean_term(schema::id_term(a.id));
  if (!a.url.empty()) doc.add_boolean_term(schema::url_term(a.url));
  if (!a.outlet.empty()) {
    doc.add_boolean_term(schema::outlet_term(a.outlet));
    doc.add_value(schema::slot(schema::Slot::kOutlet), a.outlet);
  }
  if (!a.section.empty()) {
    doc.add_boolean_term(schema::section_term(a.section));
    doc.add_value(schema::slot(schema::Slot::kSection), a.section);
  }
  if (!a.source_file.empty()) doc.add_value(schema::slot(schema::Slot::kSourceFile), a.source_file);
  if (a.published) {
    doc.add_boolean_term(schema::day_term(*a.published));
    doc.add_boolean_term(schema::month_term(*a.published));
    doc.add_boolean_term(schema::year_term(*a.published));
    doc.add_value(schema::slot(schema::Slot::kPublished), a.published->compact());
    const std::string sort_key =
        a.published->compact() +
        (a.published_utc_minutes ? utc_minutes_compact(*a.published_utc_minutes) : std::string());
    doc.add_value(schema::slot(schema::Slot::kPublishedAt), sort_key);
    doc.add_value(schema::slot(schema::Slot::kOldestFirst), sort_key);
  }
  // Sorts after every date: oldest first puts the undated last.
  if (!a.published) doc.add_value(schema::slot(schema::Slot::kOldestFirst), "~");
  doc.add_value(schema::slot(schema::Slot::kContentHash), content_hash(a, options.hash_salt));
  doc.add_value(schema::slot(schema::Slot::kId), a.id);
  if (!a.source_root.empty()) doc.add_value(schema::slot(schema::Slot::kSource), a.source_root);
  doc.set_data(encode_stored_article(a, add_entities(a, doc, options)));
  analyzer.index_text(folded, doc);
  // The words the text writes like names, under their variant key: what a name typed in a
  // query expands to, read from the text, whatever the entity extractor made of it.
  for (const std::string& word : name_words(folded.body)) {
    doc.add_boolean_term(schema::name_variant_term(entity_key(word), word));
  }
  UnclusteredDocument out{std::move(doc),
                          near_duplicate_key(folded.body, a.published, folded.title)};
  for (const std::string& term : out.key.bands) out.doc.add_boolean_term(term);
  return out;
}

void set_cluster(Xapian::Document& doc, const std::string& cluster) {
  doc.add_value(schema::slot(schema::Slot::kCluster), cluster);
  doc.add_boolean_term(schema::cluster_term(cluster));
}

void set_runs(Xapian::Document& doc, std::uint64_t changed, std::uint64_t first) {
  doc.add_boolean_term(schema::run_term(changed));
  doc.add_value(schema::slot(schema::Slot::kChangedRun), schema::run_value(changed));
  if (first != 0) doc.add_value(schema::slot(schema::Slot::kFirstRun), schema::run_value(first));
}

Xapian::Document build_document(const Article& a, Analyzer& analyzer,
                                const DocumentOptions& options) {
  UnclusteredDocument built = build_unclustered_document(a, fold_article(a), analyzer, options);
  set_cluster(built.doc, a.id);
  return std::move(built.doc);
}

}  // namespace morgue
