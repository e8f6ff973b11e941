// Named-entity extraction by rules and gazetteers (no model weights can be fetched here):
// people, organizations and places in an article, with within-article alias resolution
// ("Putin" after "Vladimir Putin" is the same person).
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/entities/gazetteer.h"
#include "common/index/schema.h"

namespace morgue {

class NerModel;

/// One entity of an article.
struct ExtractedEntity {
  schema::EntityKind kind;
  std::string key;           ///< entity_key(kind, full name or canonical name)
  std::string display;       ///< the canonical name, or the full spelling used most here
  std::size_t mentions = 0;  ///< every mention, bare surnames included
  /// Full spellings as written -> how often (people); the canonical name (gazetteer hits).
  std::map<std::string, std::size_t> spellings;
  /// People: the title words their names follow here, folded ("secretary" of "Secretary of
  /// State James Baker" and of "Secretary Baker"); what lets a bare surname elsewhere in the
  /// archive be this person (surname_joins.h).
  std::set<std::string> titles;
};

/// Extracts entities from `text` (title and body, paragraphs on their own lines). A line that
/// opens with a wire dateline (dateline.h) gives its city and state or region as places; its
/// words are no runs of their own (its agency's are). The rules, in order, for each run of
/// capitalised words (split at punctuation and possessives):
///  1. the whole run is a known place or organization (gazetteer);
///  2. a title word in the run ("Foreign Minister", "spokesman", "Gen.") makes the words after
///     it a person ("Russian President Vladimir Putin"); the words before are looked up;
///  3. a run starting with a known given name is a person ("Ned Price");
///  4. known places/organizations inside the run, longest first ("Hungary", "NATO"); a country
///     opening the run before a body's name is that body's, and named too ("U.S. Supreme
///     Court": the organization and the United States);
///  5. what is left: an organization when it ends in an organization word ("Foreign Ministry",
///     "Acme Corp") or is an unknown acronym ("OSCE"); a person when a title word stands just
///     before it ("spokesman Ned Price", "prime minister, Viktor Orbán") or a title or a
///     reporting verb just after it ("Oleksiy Danilov, secretary of", "Jane Roe said").
/// A body's name after one named with its country or nation is that one ("the Foreign
/// Ministry" after "the Russian Foreign Ministry"), unless two such are named.
/// Single capitalised words are mentions of a person already named in the article when they
/// are that person's surname; with a title word before them ("President Biden") they are a
/// person of their own; otherwise they are not entities. The rules skip lines without
/// lower-case letters (wire-copy headlines in capitals). Sorted by kind, then mentions (most
/// first), then key. Thread-safe. `tagger`, when given, adds the names a trained tagger finds
/// (ner_tagger.h) that the rules did not: in every line, capitals included (a headline in capitals
/// is read as if capitalised normally). A name the gazetteer knows is its entity, whatever kind the
/// tagger saw; a person's single word counts only as the surname of someone named in full; a name
/// the rules found keeps the kind they gave it.
[[nodiscard]] std::vector<ExtractedEntity> extract_entities(
    std::string_view text, const Gazetteer& gazetteer = Gazetteer::builtin(),
    const NerModel* tagger = nullptr);

}  // namespace morgue
