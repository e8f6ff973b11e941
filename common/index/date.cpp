// Date parsing: a small hand-written scanner, because the formats are few and fixed and
// std::chrono::parse is not in this toolchain's library.
#include "common/index/date.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace morgue {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Howard Hinnant's days_from_civil / civil_from_days.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// A cursor over the input with the few scanning primitives the formats need.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void skip_spaces() {
    while (!done() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  // Exactly `n` digits (n > 0) or, with n == 0, one or more.
  std::optional<int> digits(std::size_t n) {
    std::size_t start = i_;
    int value = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(s_[i_])) &&
           (n == 0 || i_ - start < n)) {
      if (i_ - start >= 9) return std::nullopt;
      value = value * 10 + (s_[i_] - '0');
      ++i_;
    }
    if (i_ == start || (n != 0 && i_ - start != n)) {
      i_ = start;
      return std::nullopt;
    }
    return value;
  }
  std::string_view word() {
    std::size_t start = i_;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    return s_.substr(start, i_ - start);
  }
  std::size_t pos() const { return i_; }
  void seek(std::size_t p) { i_ = p; }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// "Feb", "February", "Sept" -> 2 / 9; 0 when not a month name.
int month_from_name(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kNames{
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  for (std::size_t m = 0; m < kNames.size(); ++m) {
    if (iequals(w, kNames[m]) || iequals(w, kNames[m].substr(0, 3)) ||
        (m == 8 && iequals(w, "sept")))
      return static_cast<int>(m + 1);
  }
  return 0;
}

// Optional time of day followed by an optional zone; returns the offset from UTC in minutes
// plus minutes past midnight, or nullopt on trailing garbage.
struct TimeOfDay {
  int minutes = 0;         // local minutes past midnight
  int offset_minutes = 0;  // local = UTC + offset
  bool given = false;      // a time of day was written (else only a day)
};

std::optional<int> parse_zone(Scanner& sc) {
  sc.skip_spaces();
  if (sc.done()) return 0;
  if (sc.accept('Z') || sc.accept('z')) return 0;
  const char sign = sc.peek();
  if (sign == '+' || sign == '-') {
    sc.accept(sign);
    auto hh = sc.digits(2);
    if (!hh) return std::nullopt;
    sc.accept(':');
    auto mm = sc.digits(2);
    const int off = *hh * 60 + mm.value_or(0);
    if (*hh > 14 || mm.value_or(0) > 59) return std::nullopt;
    return sign == '-' ? -off : off;
  }
  const std::string_view name = sc.word();
  struct Zone {
    std::string_view name;
    int offset;
  };
  static constexpr std::array<Zone, 11> kZones{{{"GMT", 0},
                                                {"UT", 0},
                                                {"UTC", 0},
                                                {"EST", -300},
                                                {"EDT", -240},
                                                {"CST", -360},
                                                {"CDT", -300},
                                                {"MST", -420},
                                                {"MDT", -360},
                                                {"PST", -480},
                                                {"PDT", -420}}};
  for (const Zone& z : kZones)
    if (iequals(name, z.name)) return z.offset;
  return std::nullopt;
}

std::optional<TimeOfDay> parse_time_and_zone(Scanner& sc) {
  TimeOfDay t;
  sc.skip_spaces();
  if (sc.done()) return t;
  const std::size_t start = sc.pos();
  auto hh = sc.digits(2);
  if (hh && sc.accept(':')) {
    auto mm = sc.digits(2);
    if (!mm || *hh > 23 || *mm > 59) return std::nullopt;
    int ss = 0;
    if (sc.accept(':')) {
      auto s = sc.digits(2);
      if (!s || *s > 60) return std::nullopt;
      ss = *s;
      if (sc.accept('.') || sc.accept(',')) {
        if (!sc.digits(0)) return std::nullopt;
      }
    }
    (void)ss;
    t.minutes = *hh * 60 + *mm;
    t.given = true;
  } else {
    sc.seek(start);
  }
  auto zone = parse_zone(sc);
  if (!zone) return std::nullopt;
  sc.skip_spaces();
  if (!sc.done()) return std::nullopt;
  t.offset_minutes = *zone;
  return t;
}

// The day a count of minutes since the epoch falls on (rounding down before 1970 too).
long day_of_minutes(long minutes) {
  return minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
}

// The day as written (the article's own local day, whatever its offset), and the UTC
// instant when a time was given.
std::optional<Timestamp> to_timestamp(int y, int m, int d, const TimeOfDay& t) {
  auto date = Date::make(y, m, d);
  if (!date) return std::nullopt;
  Timestamp out{*date, std::nullopt};
  if (t.given) {
    const long minutes = date->days_since_epoch() * 1440 + t.minutes - t.offset_minutes;
    // An offset can carry the instant past the years a sort key holds (9999-12-31 at -14:00).
    const Date utc = Date::from_days_since_epoch(day_of_minutes(minutes));
    if (Date::make(utc.year, utc.month, utc.day)) out.utc_minutes = minutes;
  }
  return out;
}

// 2022-02-01[T ]hh:mm..., 2022/02/01, 20220201
std::optional<Timestamp> parse_numeric(std::string_view text) {
  Scanner sc(text);
  auto y = sc.digits(4);
  if (!y) return std::nullopt;
  int m, d;
  if (sc.peek() == '-' || sc.peek() == '/') {
    const char sep = sc.peek();
    sc.accept(sep);
    auto mm = sc.digits(2);
    if (!mm || !sc.accept(sep)) return std::nullopt;
    auto dd = sc.digits(2);
    if (!dd) return std::nullopt;
    m = *mm;
    d = *dd;
  } else {
    auto mm = sc.digits(2);
    auto dd = mm ? sc.digits(2) : std::nullopt;
    if (!dd) return std::nullopt;
    m = *mm;
    d = *dd;
  }
  if (!sc.accept('T') && !sc.accept('t')) sc.skip_spaces();
  auto t = parse_time_and_zone(sc);
  if (!t) return std::nullopt;
  return to_timestamp(*y, m, d, *t);
}

// [Tue,] 01 Feb 2022 [time zone] | February 1, 2022 | Feb. 1 2022
std::optional<Timestamp> parse_textual(std::string_view text) {
  Scanner sc(text);
  sc.skip_spaces();
  const std::size_t start = sc.pos();
  std::string_view w = sc.word();
  if (!w.empty() && month_from_name(w) == 0) {  // a weekday name
    if (!sc.accept(',')) sc.skip_spaces();
    sc.skip_spaces();
  } else {
    sc.seek(start);
  }
  int y, m, d;
  if (auto day = sc.digits(0)) {  // 01 Feb 2022
    sc.skip_spaces();
    m = month_from_name(sc.word());
    sc.accept('.');
    sc.skip_spaces();
    auto year = sc.digits(4);
    if (m == 0 || !year) return std::nullopt;
    d = *day;
    y = *year;
  } else {  // February 1, 2022
    m = month_from_name(sc.word());
    sc.accept('.');
    sc.skip_spaces();
    auto day_number = sc.digits(0);
    sc.accept(',');
    sc.skip_spaces();
    auto year = sc.digits(4);
    if (m == 0 || !day_number || !year) return std::nullopt;
    d = *day_number;
    y = *year;
  }
  auto t = parse_time_and_zone(sc);
  if (!t) return std::nullopt;
  return to_timestamp(y, m, d, *t);
}

}  // namespace

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::compact() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

long Date::days_since_epoch() const { return days_from_civil(year, month, day); }

Date Date::from_days_since_epoch(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return Date{y, m, d};
}

std::optional<Date> Date::make(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return Date{year, month, day};
}

std::optional<Date> parse_date_bound(std::string_view text, bool end) {
  Scanner sc(text);
  const auto y = sc.digits(4);
  if (y && sc.done()) return end ? Date::make(*y, 12, 31) : Date::make(*y, 1, 1);
  if (y && sc.accept('-')) {
    const auto m = sc.digits(2);
    if (m && sc.done()) {
      if (*m < 1 || *m > 12) return std::nullopt;
      return end ? Date::make(*y, *m, days_in_month(*y, *m)) : Date::make(*y, *m, 1);
    }
  }
  return parse_date(text);
}

std::optional<Date> parse_date(std::string_view text) {
  const auto t = parse_timestamp(text);
  if (!t) return std::nullopt;
  return t->day;
}

std::string utc_minutes_compact(long minutes) {
  const long days = day_of_minutes(minutes);
  const long in_day = minutes - days * 1440;
  const Date d = Date::from_days_since_epoch(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%02ld%02ld", d.year, d.month, d.day, in_day / 60,
                in_day % 60);
  return buf;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text.front()))) {
    if (auto d = parse_numeric(text)) return d;
  }
  return parse_textual(text);
}

}  // namespace morgue
