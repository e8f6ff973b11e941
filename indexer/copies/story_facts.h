// What makes a story itself beside its wording: the figures, names and directions it states
// and the day it went out. Wire templates ("Qtly div 12-1/2 cts vs 12-1/2 cts prior", "The
// Federal Reserve entered the market to arrange 1.5 billion dlrs of repurchases") share most
// of their words with every other item of their kind; copies of one story agree on these.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "common/index/date.h"

namespace morgue {

/// Copies of one story go out within this many days of each other.
inline constexpr long kMaxCopyDays = 3;

/// The facts of a text: each figure (a word with a digit, or a number written out: "two" is
/// 2), name (a word with a capital first, not first in its sentence, by its variant key:
/// Zelensky is Zelenskyy)
/// and direction word ("rose", "fell", "up", ...) under a hash of the two words before it and,
/// apart, of the two after it (case-folded, figures and names masked), within its sentence,
/// and the day it was published.
struct StoryFacts {
  /// (context hash, fact hash), sorted.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> facts;
  std::optional<long> day;  ///< days since 1970-01-01
  /// The first word of a headline in capitals (a wire's own), a CORRECTED, REPEAT or UPDATE
  /// before it left out, case-folded; empty for other headlines. A wire's headline starts
  /// with its subject ("QUAKER OATS CO <OAT> REGULAR DIVIDEND").
  std::string wire_subject;
};

/// The facts of an article (fold_text()'s output: case kept) published on `day`: of its body,
/// and the names alone of its headline when it is not all in capitals, where a template's
/// subject may be alone ("Quaker Oats sets dividend" over "Qtly div 20 cts vs 20 cts
/// previously"); outlets number and word their own headlines.
[[nodiscard]] StoryFacts story_facts(std::string_view folded_body, std::optional<Date> day,
                                     std::string_view folded_title = {});

/// Whether two texts similar enough to be copies tell the same story: published within
/// kMaxCopyDays days of each other where both are dated, with the same wire subject where both
/// have one, and no fact of one contradicted by
/// the other: where both have a figure, name or direction after (or before) the same two
/// words, they have one of the same (an edit that rewords the words around a figure
/// contradicts nothing).
[[nodiscard]] bool same_story(const StoryFacts& a, const StoryFacts& b);

}  // namespace morgue
