// Publication dates: parsing what feeds and manifests write, normalised to a UTC day.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace morgue {

/// A calendar day (proleptic Gregorian), always valid when produced by this module.
struct Date {
  int year = 0;
  int month = 0;  ///< 1..12
  int day = 0;    ///< 1..31

  auto operator<=>(const Date&) const = default;

  /// "2022-02-01"
  [[nodiscard]] std::string iso() const;
  /// "20220201": sorts as the date does; the encoding of the date value slot.
  [[nodiscard]] std::string compact() const;
  /// Days since 1970-01-01.
  [[nodiscard]] long days_since_epoch() const;
  [[nodiscard]] static Date from_days_since_epoch(long days);
  [[nodiscard]] static std::optional<Date> make(int year, int month, int day);
};

/// Parses a publication date and returns the UTC day it falls on, or nullopt when `text`
/// is not a date this parser understands (it never guesses). Accepted:
///   ISO-8601 date "2022-02-01", basic "20220201", "2022/02/01";
///   ISO-8601 date-time with optional seconds/fraction and "Z" or "+hh:mm"/"+hhmm" offset
///     ("2022-02-01T21:30:00Z", "2022-02-01 16:30:00-05:00"): converted to UTC;
///   RFC 2822 / RFC 822 ("Tue, 01 Feb 2022 21:30:00 +0000", zones GMT/UT/UTC/EST/EDT/CST/
///     CDT/MST/MDT/PST/PDT): converted to UTC;
///   "February 1, 2022", "Feb. 1, 2022", "1 February 2022", "Feb 1 2022".
/// A date-time without an offset is taken as UTC.
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);

/// A date filter bound: "2022" (Jan 1, or Dec 31 for an `end` bound), "2022-02" (the 1st,
/// or the month's last day), "2022-02-01", or anything parse_date() accepts. nullopt when
/// it is none of these.
[[nodiscard]] std::optional<Date> parse_date_bound(std::string_view text, bool end);

}  // namespace morgue
