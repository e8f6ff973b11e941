// Wire datelines: the place a story was filed from, as news opens a story with it:
// "NORTHBROOK, ILL., March 25 -", "ST. LOUIS, Mo. -", "KYIV, Ukraine (AP) -",
// "WASHINGTON (Reuters) -", "LONDON, March 3 (Reuters) -".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace morgue {

/// A dateline at the start of a line.
struct Dateline {
  std::size_t length = 0;  ///< bytes of the line it takes, its dash and the spaces after
  std::string city;        ///< as written, in capitals ("ST. LOUIS")
  std::string region;      ///< what follows the city's comma, as written ("ILL.", "Ukraine")
  std::string state;       ///< the US state `region` abbreviates ("Illinois"), or empty
  /// The agency's name inside its brackets ("Reuters", "AP"): [begin, end) of the line, or
  /// begin == end for none. An organization of the article like any other.
  std::size_t agency_begin = 0, agency_end = 0;
};

/// The dateline `line` opens with, or nullopt: a city of one to four words in capitals, then
/// any of ", REGION" (a US state's abbreviation, or a capitalised name of up to three words),
/// ", Month D" and "(Agency)", in that order, then a dash ("-", "--", an en or em dash) before
/// a space or the end of the line. A line in capitals throughout is no dateline: a headline.
[[nodiscard]] std::optional<Dateline> read_dateline(std::string_view line);

/// "ST. LOUIS" -> "St. Louis", "NORTHBROOK" -> "Northbrook": a city written in capitals, as
/// facets show it.
[[nodiscard]] std::string title_case(std::string_view capitals);

}  // namespace morgue
