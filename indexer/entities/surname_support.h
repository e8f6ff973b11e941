// Deciding which bare surnames of an index stand for a person it knows in full, at the end of
// each indexing run (common/entities/surname_joins.h has what searchers read). A surname alone
// is one person's only where the archive's context says so: the Prince Charles
// stories were filed under Ray Charles because the index knew one Charles in full.
#pragma once

#include <xapian.h>

#include "common/entities/surname_joins.h"

namespace morgue {

/// How many articles of each side find_surname_joins() reads for people and organizations
/// named beside them (the first by document id).
inline constexpr Xapian::doccount kSurnameContextArticles = 20;

/// The bare person keys of `db` ("baker") and the full-name key each stands for ("james
/// baker"). A bare key joins a full one when that is the only person the index knows in full
/// by the surname (with or without its article: "jadan" and "mohamed al-jadan") and
///  - a title word precedes both somewhere in the archive ("Secretary Baker" and "Secretary
///    of State James Baker"; Mr, Mrs, Ms and Miss say nothing of who), or
///  - a person, organization or place is named beside both: in one of the bare surname's
///    first kSurnameContextArticles articles and in one of the full name's (a place only
///    where a twentieth of the archive or less names it).
/// Reads the person (XP) and title (XT) terms, the entity value slots and place frequencies.
[[nodiscard]] SurnameJoins find_surname_joins(const Xapian::Database& db);

}  // namespace morgue
