// The name rule: what a word typed in a query matches in the text, beside itself. The one
// place that decides what a name in a query means; docs/searching.md states it for users.
//
// A word typed with a capital first letter ("Zelensky", "OPEC") means: the word as written
// in any case, its possessive ("Zelensky's"), and each other spelling of it that the archive
// writes like a name (XV terms, indexer/document/name_words.h) under the same variant key
// (entity_key(): ph=f, c=k, w=v, x=ks, y=i, a final ey/ei/ii = i, doubled letters single,
// accents ignored), with their possessives. Never stemmed.
// A word typed in lower case matches by its stem, as any word; it reads as a name instead, and
// matches as above, when the articles that write it like a name are at least half of those
// that hold it (so "zelensky" on an archive that only says "Zelenskyy" finds it, "evans" does
// not stem to Evan, and "fill" never turns into "Phil").
// A possessive typed ("Lavrov's"), a stop word, or a word of one letter is no name.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

/// How a typed word reads under the name rule.
struct NameReading {
  std::string term;  ///< the word as indexed (folded, lower case)
  /// Unstemmed terms it matches, with positions: the word, the other spellings, each with
  /// its possessive; sorted, each once.
  std::vector<std::string> forms;
  /// Whether `forms` holds spellings other than the word and its possessive.
  bool other_spellings = false;
  /// Whether it was typed in lower case.
  bool lower_case = false;
  /// Whether the articles that write it like a name are at least half of those holding it
  /// (what reads a word typed in lower case as a name).
  bool written_like_name = false;
};

/// The reading of `typed` (one word of folded query text, as typed, case kept) over `db`;
/// nullopt when it reads as an ordinary word.
[[nodiscard]] std::optional<NameReading> read_as_name(std::string_view typed,
                                                      const Xapian::Database& db);

}  // namespace morgue
