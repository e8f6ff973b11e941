// Publication dates: parsing what feeds and manifests write: the article's own day, and the
// UTC instant when a time is given.
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

/// A publication date as written: the article's own day, and the instant when a time was given.
struct Timestamp {
  Date day;  ///< the calendar day in the article's own time zone (as written)
  /// Minutes since 1970-01-01T00:00Z when the text gave a time of day; nullopt for a day only.
  std::optional<long> utc_minutes;
};

/// Parses a publication date, or nullopt when `text` is not a date this parser understands
/// (it never guesses). The day is the one written, in the writer's own zone: an article
/// published 2022-02-01 22:30 at UTC-5 is filed under February 1, not the UTC day after it;
/// the time, converted to UTC, orders articles. Accepted:
///   ISO-8601 date "2022-02-01", basic "20220201", "2022/02/01";
///   ISO-8601 date-time with optional seconds/fraction and "Z" or "+hh:mm"/"+hhmm" offset
///     ("2022-02-01T21:30:00Z", "2022-02-01 16:30:00-05:00"): converted to UTC;
///   RFC 2822 / RFC 822 ("Tue, 01 Feb 2022 21:30:00 +0000", zones GMT/UT/UTC/EST/EDT/CST/
///     CDT/MST/MDT/PST/PDT): converted to UTC;
///   "February 1, 2022", "Feb. 1, 2022", "1 February 2022", "Feb 1 2022".
/// A date-time without an offset is taken as UTC.
[[nodiscard]] std::optional<Timestamp> parse_timestamp(std::string_view text);

/// parse_timestamp()'s day alone.
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);

/// "YYYYMMDDhhmm" (UTC) of minutes since the epoch: sorts as the instant does.
[[nodiscard]] std::string utc_minutes_compact(long minutes);

/// A date filter bound: "2022" (Jan 1, or Dec 31 for an `end` bound), "2022-02" (the 1st,
/// or the month's last day), "2022-02-01", or anything parse_date() accepts. nullopt when
/// it is none of these.
[[nodiscard]] std::optional<Date> parse_date_bound(std::string_view text, bool end);

}  // namespace morgue
