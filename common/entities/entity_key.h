// Match keys for entity names: one key per real-world name however it is spelled, so that
// "Viktor Orbán", "Viktor Orban" and "Victor Orban" are one entity, as are "Sergey" and
// "Sergei Lavrov", "Zelenskyy" and "Zelensky".
#pragma once

#include <string>
#include <string_view>

#include "common/index/schema.h"

namespace morgue {

/// The match key of `name`: folded (no accents, lower case), possessive 's dropped, each word
/// reduced by transliteration-variant rules: ph->f, ck/c->k (but ch kept), w->v, x->ks,
/// y->i, a final ei/ey/ii/iy -> i, -ization -> -isation, doubled letters single. Words are joined
/// by one space; punctuation other than inner hyphens and apostrophes is dropped. Deterministic,
/// stored in indexes: changing it needs a schema version bump.
[[nodiscard]] std::string entity_key(std::string_view name);

/// The match key of an organization's name: entity_key() without the legal form ending it
/// and an "and" left before that ("General Motors Corp" = "General Motors", "Dow Jones and
/// Co Inc" = "Dow Jones"), so that a firm named with and without its form is one entity. A
/// name that is nothing but forms keeps them.
[[nodiscard]] std::string organization_key(std::string_view name);

/// True for a company's legal form as a folded word ("corp", "inc", "co", "ltd", "company",
/// "limited", "gmbh", "bv", ...): what organization_key() leaves out and what ends a
/// company's name for the entity extractor.
[[nodiscard]] bool is_legal_form(std::string_view folded_word);

/// The key an entity of `kind` is indexed and filtered by: organization_key() for
/// organizations, entity_key() for the others.
[[nodiscard]] std::string entity_key(schema::EntityKind kind, std::string_view name);

/// True for a folded word that may follow a person's name as a generation or a monarch's
/// number: "jr", "sr", and Roman numerals from "i" to "xxx" but "v", "x" and "xi".
[[nodiscard]] bool is_name_suffix(std::string_view folded_word);

/// The key of the last word of `name` ("Viktor Orbán" -> "orban") before a suffix
/// ("Martin Luther King Jr" -> "king"), without an article joined to it ("Mohammed
/// al-Jadaan" -> "jadan"): what a bare surname mention is matched by.
[[nodiscard]] std::string surname_key(std::string_view name);

/// The surname of a person's key: its last word without an article joined to it ("ronald
/// reagan" -> "reagan", "mohamed al-jadan" -> "jadan"); empty for a one-word key (a bare
/// surname, which is its own: surname_without_article()).
[[nodiscard]] std::string surname_of_person_key(std::string_view key);

/// A surname's key without the Arabic article news may or may not write before it with a
/// hyphen ("al-jadan" -> "jadan", "el-sisi" -> "sisi"): "Jadaan" and "al-Jadaan" are one
/// surname. Any other key is itself. Index and search both read surnames through it.
[[nodiscard]] std::string_view surname_without_article(std::string_view key);

}  // namespace morgue
