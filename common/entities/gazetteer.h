// Known names: countries (iso-codes), cities (tzdata) and our lists of places,
// organizations and given names (common/data/), for the entity extractor and for resolving
// `place:` / `org:` filters. Built once from data compiled into the library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/index/date.h"
#include "common/index/schema.h"

namespace morgue {

/// A name the gazetteer knows: its kind and the canonical form facets show.
struct KnownEntity {
  schema::EntityKind kind;
  std::string canonical;
  /// Places: the canonical name of the country a city or region lies in, or empty (a
  /// country, a region spanning several, a disputed place, a town name that is as often a
  /// person or another place).
  std::string within{};
};

/// Looks up names. Acronym-like aliases (no lower-case letters: "NATO", "U.S.") match only
/// as written, so "Who" is not WHO and "Us" is not the US; other names match by entity_key()
/// (any case, accents, spelling variants), except names of four letters or fewer, which
/// match only as spelled (any case, accents): a spelling variant that short is another word
/// ("Bon Appetit" and Sim Kee "Boon" are not Bonn). Immutable after construction;
/// thread-safe.
class Gazetteer {
 public:
  /// The built-in gazetteer, built on first use.
  static const Gazetteer& builtin();

  /// Adds `canonical` and its aliases; later additions override earlier ones for a shared
  /// alias. `aliases` is a '|'-separated list (may be empty). `within`: a name of the
  /// country the place lies in, resolved to its canonical form by resolve_countries().
  void add(schema::EntityKind kind, std::string_view canonical, std::string_view aliases,
           std::string_view within = {});
  /// Replaces every place's `within` by the canonical name it finds; throws
  /// std::logic_error naming a place whose country is not a known place.
  void resolve_countries();
  /// From `from` up to (not including) `until`, `places` ('|'-separated known names:
  /// countries, standing for their cities and regions, or cities and regions themselves) lay
  /// in `state` rather than in today's country; `state` "-": in no country. Throws
  /// std::logic_error naming a name that is no known place.
  void add_former_state(std::string_view state, Date from, Date until, std::string_view places);
  void add_first_name(std::string_view name);

  /// The entity `phrase` names, or nullptr.
  [[nodiscard]] const KnownEntity* find(std::string_view phrase) const;
  /// As find(), but a phrase in capitals also matches names that are no acronyms, where the
  /// context says it is no acronym ("ROME, March 3 -" is Rome).
  [[nodiscard]] const KnownEntity* find_in_any_case(std::string_view phrase) const;
  [[nodiscard]] bool is_first_name(std::string_view word) const;
  /// What the gazetteer knows of one word, its key computed once (a tagger asks it of every
  /// capitalised word): the entity it names (find(), or find_in_any_case() when `any_case`),
  /// whether it is a given name (is_first_name()), and whether a known name of two words or
  /// more may begin with it (its key's first word is `word`'s): a phrase that begins
  /// otherwise is no known name, whatever follows ("The" begins "The Hague"; "He" none).
  struct Word {
    const KnownEntity* entity = nullptr;
    bool first_name = false;
    bool begins_name = false;
  };
  [[nodiscard]] Word word(std::string_view word, bool any_case = false) const;
  /// The country the city or region `place` lay in on `day`: a former state then covering
  /// the place or its country, else `place.within`; empty for none. Undated: today's.
  [[nodiscard]] std::string_view country_on(const KnownEntity& place,
                                            const std::optional<Date>& day) const;
  /// A place the world-cities list (GeoNames: cities of 15,000 people or more and their
  /// first-level divisions) knows by `name`, in any case and accents, and the country it lies
  /// in; nullptr for none. Not used to find names (many are common words: "Reading", "Split",
  /// "March"): it confirms a place a tagger saw in context. `country` is empty when places of
  /// that name lie in several countries.
  struct WorldPlace {
    std::string country;
  };
  [[nodiscard]] const WorldPlace* world_place(std::string_view name) const;
  void add_world_place(std::string_view name, std::string_view country);

  /// Words in the longest name, bounding phrase lookups.
  [[nodiscard]] std::size_t max_words() const { return max_words_; }

 private:
  void add_alias(std::string_view alias, const KnownEntity& entity);
  // find() and find_in_any_case() with the phrase's entity_key() when `key` is not null.
  const KnownEntity* find(std::string_view phrase, const std::string* key) const;
  const KnownEntity* find_in_any_case(std::string_view phrase, const std::string* key) const;

  std::unordered_map<std::string, KnownEntity> exact_;  // acronym-like alias -> entity
  std::unordered_map<std::string, KnownEntity> keyed_;  // entity_key(alias) -> entity
  std::unordered_map<std::string, KnownEntity> short_;  // fold_word(alias), <= 4 letters
  std::unordered_set<std::string> first_names_;         // entity_key(name)
  std::unordered_set<std::string> first_words_;        // entity_key's first word, names of 2+ words
  std::unordered_map<std::string, WorldPlace> world_;  // fold_word(name) -> place
  struct Period {
    std::string state;  // canonical; empty: no country
    Date from, until;   // [from, until)
  };
  std::unordered_map<std::string, std::vector<Period>> former_;  // canonical place -> periods
  std::size_t max_words_ = 1;
};

/// True when `alias` has no lower-case letter ("NATO", "U.S.", "AT&T").
[[nodiscard]] bool is_acronym_like(std::string_view alias);

}  // namespace morgue
