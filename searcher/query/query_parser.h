// The query line to a Xapian::Query: the language search.h describes.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "searcher/query/matchable_words.h"
#include "searcher/query/name_rule.h"
#include "searcher/query/query_words.h"
#include "searcher/search.h"

namespace morgue {

/// A word of the query as typed, and what the query made of it.
struct ReadWord {
  std::string typed;  ///< as typed, folded, case kept ("Zelensky", "OPEC's")
  /// Where it stands in ParsedQuery::text; plain words only (not phrase words).
  std::optional<QueryWord> span;
  /// Its reading under the name rule (its forms); nullopt: an ordinary word, by its stem.
  std::optional<NameReading> name;
  /// Its stem, as an ordinary word's is matched ("grain" from "grains"); empty for a stop word.
  std::string stem;
  bool in_phrase = false;   ///< a word of a "phrase" or of a hyphenated word
  bool positional = false;  ///< an operand of NEAR or ADJ
  bool excluded = false;    ///< after '-' or NOT: the query excludes it
};

/// A query as read, carried from the parser to the later stages (counting, ranking, the
/// feedback gate, highlighting, did-you-mean) so that none of them reads the text or the
/// Xapian::Query again to learn what a word meant.
struct ParsedQuery {
  /// The query text as typed, folded like indexed text (fold_query_text()).
  std::string text;
  /// Its words in the order typed: the plain words, then the words of the phrases read.
  std::vector<ReadWord> words;
  /// What to match: names expanded (name_rule.h), filters, boosts, --from/--to applied.
  Xapian::Query query;
  /// What a hit can have matched, for highlighting.
  MatchableWords matchable;
  /// Whether it asks for words in order or near each other (a phrase, NEAR, ADJ).
  bool positional = false;
  /// Whether it holds a trailing wildcard (which expands per document).
  bool wildcard = false;
  /// Whether the query names something: a plain word written like a name where it stands
  /// (name_cased()) or one the archive writes like a name however it was typed.
  bool names_something = false;
  /// What the reader should know about how the text was read (a `name:` that is no field is
  /// read as words; an outlet no article has).
  std::vector<std::string> warnings;
};

/// Reads `options.query` the way search() does: folded like indexed text, words AND-ed
/// (OR-ed with match_any), stop words dropped outside phrases, names read by the name rule,
/// `title:` field, the filters of searcher/query/filters.h, trailing wildcards bounded by
/// max_wildcard_terms, --from/--to applied. Empty text matches everything.
/// Throws QueryError on syntax the parser cannot recover from.
/// A query of negated items only (`-putin`, `NOT outlet:X`) matches every article except
/// theirs.
[[nodiscard]] ParsedQuery read_query(const SearchOptions& options, const Xapian::Database& db,
                                     const Xapian::Stem& stemmer);

/// read_query()'s Xapian::Query alone; `warnings`, when given, receives its warnings.
[[nodiscard]] Xapian::Query parse_query(const SearchOptions& options, const Xapian::Database& db,
                                        const Xapian::Stem& stemmer,
                                        std::vector<std::string>* warnings = nullptr);

/// Whether a parsed query holds a wildcard (which expands per document).
[[nodiscard]] bool has_wildcard(const Xapian::Query& query);

/// Whether a parsed query asks for words in order or near each other. The proximity boost
/// (a scaled OP_NEAR beside the query) only ranks, and is left out.
[[nodiscard]] bool is_positional(const Xapian::Query& query);

}  // namespace morgue
