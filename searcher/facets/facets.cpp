// Facet counting with ValueCountMatchSpy.
#include "searcher/facets/facets.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "common/index/date.h"
#include "common/text/text_fold.h"
#include "searcher/facets/person_surnames.h"

namespace morgue {
namespace {

std::optional<schema::EntityKind> entity_kind(FacetKind k) {
  switch (k) {
    case FacetKind::kPerson:
      return schema::EntityKind::kPerson;
    case FacetKind::kOrganization:
      return schema::EntityKind::kOrganization;
    case FacetKind::kPlace:
      return schema::EntityKind::kPlace;
    default:
      return std::nullopt;
  }
}

std::string date_bucket(const std::string& yyyymmdd, DateGranularity g) {
  if (yyyymmdd.size() != 8) return yyyymmdd;
  switch (g) {
    case DateGranularity::kYear:
      return yyyymmdd.substr(0, 4);
    case DateGranularity::kMonth:
      return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2);
    case DateGranularity::kDay:
      return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
  }
  return yyyymmdd;
}

// The bucket after `bucket` ("2022-02-28" -> "2022-03-01", "2022-12" -> "2023-01", "2022" ->
// "2023").
std::string next_bucket(const std::string& bucket, DateGranularity g) {
  const auto bound = parse_date_bound(bucket, true);
  if (!bound) return {};
  const Date next = Date::from_days_since_epoch(bound->days_since_epoch() + 1);
  return date_bucket(next.compact(), g);
}

// Most buckets a histogram is filled out to; a wider span (a day histogram over centuries)
// keeps only the buckets that have articles.
constexpr std::size_t kMaxFilledBuckets = 100000;

// Buckets between the first and last of `days` (sorted "YYYY-MM-DD" keys) at granularity g,
// both counted.
long bucket_span(const std::map<std::string, Xapian::doccount>& days, DateGranularity g) {
  if (days.empty()) return 0;
  const auto first = parse_date_bound(days.begin()->first, false);
  const auto last = parse_date_bound(days.rbegin()->first, true);
  if (!first || !last) return 0;
  if (g == DateGranularity::kDay) return last->days_since_epoch() - first->days_since_epoch() + 1;
  if (g == DateGranularity::kMonth) {
    return (last->year - first->year) * 12L + last->month - first->month + 1;
  }
  return last->year - first->year + 1L;
}

// Adds the empty buckets between the first and the last, so that a chart's gaps show.
void fill_empty_buckets(std::map<std::string, Xapian::doccount>& buckets, DateGranularity g) {
  if (buckets.size() < 2) return;
  const auto first = parse_date_bound(buckets.begin()->first, false);
  const auto last = parse_date_bound(buckets.rbegin()->first, true);
  if (!first || !last) return;
  const long days = last->days_since_epoch() - first->days_since_epoch();
  const long span = g == DateGranularity::kDay ? days
                    : g == DateGranularity::kMonth
                        ? (last->year - first->year) * 12 + last->month - first->month
                        : last->year - first->year;
  if (span < 0 || static_cast<std::size_t>(span) >= kMaxFilledBuckets) return;
  const std::string end = buckets.rbegin()->first;
  for (std::string b = buckets.begin()->first; !b.empty() && b < end; b = next_bucket(b, g)) {
    buckets.try_emplace(b, 0);
  }
}

// Outlet (or section) counts by outlet_key() (section_key()), each shown by its most used
// spelling (ties: the one with capitals, then the first in order): "Toronto Star" and
// "toronto star" are one outlet.
std::map<std::string, Xapian::doccount> labels_by_key(
    const std::map<std::string, Xapian::doccount>& by_spelling,
    std::string (*key_of)(std::string_view)) {
  struct Outlet {
    Xapian::doccount total = 0;
    std::string best;
    Xapian::doccount best_count = 0;
  };
  const auto has_capital = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  };
  std::map<std::string, Outlet> by_key;
  for (const auto& [spelling, n] : by_spelling) {
    Outlet& o = by_key[key_of(spelling)];
    o.total += n;
    if (o.best.empty() || n > o.best_count ||
        (n == o.best_count && has_capital(spelling) && !has_capital(o.best))) {
      o.best = spelling;
      o.best_count = n;
    }
  }
  std::map<std::string, Xapian::doccount> out;
  for (const auto& [key, o] : by_key) out[o.best] += o.total;
  return out;
}

bool parse_count(std::string_view s, std::size_t& out) {
  if (s.empty() || s.size() > 6) return false;
  std::size_t n = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  out = n;
  return n > 0;
}

}  // namespace

std::string_view facet_name(FacetKind kind) {
  switch (kind) {
    case FacetKind::kOutlet:
      return "outlet";
    case FacetKind::kDate:
      return "date";
    case FacetKind::kPerson:
      return "person";
    case FacetKind::kOrganization:
      return "org";
    case FacetKind::kPlace:
      return "place";
    case FacetKind::kSection:
      return "section";
  }
  return "";
}

std::vector<FacetRequest> parse_facet_spec(std::string_view spec) {
  std::vector<FacetRequest> out;
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec.remove_prefix(comma == std::string_view::npos ? spec.size() : comma + 1);
    if (item.empty()) continue;
    const std::string original(item);
    const auto bad = [&](const std::string& why) {
      throw std::invalid_argument("facet '" + original + "': " + why);
    };
    const std::string_view name = item.substr(0, item.find(':'));
    item.remove_prefix(std::min(item.size(), name.size() + 1));
    FacetRequest r;
    bool known = false;
    for (const FacetKind k : {FacetKind::kOutlet, FacetKind::kDate, FacetKind::kPerson,
                              FacetKind::kOrganization, FacetKind::kPlace, FacetKind::kSection}) {
      if (facet_name(k) == name) {
        r.kind = k;
        known = true;
      }
    }
    if (!known) bad("unknown facet (use outlet, section, person, org, place, date)");
    while (!item.empty()) {
      const std::string_view part = item.substr(0, item.find(':'));
      item.remove_prefix(std::min(item.size(), part.size() + 1));
      std::size_t n;
      if (r.kind == FacetKind::kDate && part == "day") {
        r.granularity = DateGranularity::kDay;
      } else if (r.kind == FacetKind::kDate && part == "month") {
        r.granularity = DateGranularity::kMonth;
      } else if (r.kind == FacetKind::kDate && part == "year") {
        r.granularity = DateGranularity::kYear;
      } else if (parse_count(part, n)) {
        r.top = n;
      } else {
        bad("'" + std::string(part) + "' is not a count" +
            (r.kind == FacetKind::kDate ? " or day|month|year" : ""));
      }
    }
    out.push_back(r);
  }
  if (out.empty()) throw std::invalid_argument("no facet named");
  return out;
}

namespace {

Xapian::valueno facet_slot(FacetKind kind) {
  if (kind == FacetKind::kOutlet) return schema::slot(schema::Slot::kOutlet);
  if (kind == FacetKind::kSection) return schema::slot(schema::Slot::kSection);
  if (kind == FacetKind::kDate) return schema::slot(schema::Slot::kPublished);
  return schema::entity_slot(*entity_kind(kind));
}

}  // namespace

FacetCounter::FacetCounter(const Xapian::Database& db, std::vector<FacetRequest> requests)
    : db_(db), requests_(std::move(requests)) {}

void FacetCounter::attach(Xapian::Enquire& enquire, ValueColumns* columns,
                          const Xapian::Database* searched) {
  const Xapian::Database& db = searched ? *searched : db_;
  std::set<Xapian::valueno> attached;  // two facets of one slot share its spy
  for (const FacetRequest& r : requests_) {
    const Xapian::valueno slot = facet_slot(r.kind);
    if (!attached.insert(slot).second) continue;
    if (auto column = columns ? columns->for_database(db, slot) : nullptr) {
      auto spy = std::make_unique<ColumnCountSpy>(std::move(column));
      enquire.add_matchspy(spy.get());
      column_spies_.emplace(slot, std::move(spy));
      continue;
    }
    auto spy = std::make_unique<Xapian::ValueCountMatchSpy>(slot);
    enquire.add_matchspy(spy.get());
    spies_.emplace(slot, std::move(spy));
  }
}

Xapian::doccount FacetCounter::seen() const {
  if (requests_.empty()) return 0;
  // Every match is seen by one spy of each slot: those of one slot, summed.
  const Xapian::valueno slot = facet_slot(requests_.front().kind);
  Xapian::doccount seen = 0;
  for (auto [it, end] = spies_.equal_range(slot); it != end; ++it) seen += it->second->get_total();
  for (auto [it, end] = column_spies_.equal_range(slot); it != end; ++it)
    seen += it->second->seen();
  return seen;
}

template <class F>
void FacetCounter::for_each_value(Xapian::valueno slot, F&& f) const {
  for (auto [it, end] = spies_.equal_range(slot); it != end; ++it) {
    for (auto v = it->second->values_begin(); v != it->second->values_end(); ++v) {
      f(*v, v.get_termfreq());
    }
  }
  for (auto [it, end] = column_spies_.equal_range(slot); it != end; ++it) it->second->for_each(f);
}

std::map<std::string, Xapian::doccount> FacetCounter::counts(FacetKind kind) const {
  std::map<std::string, Xapian::doccount> out;
  const bool packed = entity_kind(kind).has_value();
  // Bare surnames count as the one person the index knows in full with them, as the person
  // filter matches them (person_surnames.h).
  std::shared_ptr<const PersonSurnames> surnames;
  if (kind == FacetKind::kPerson) surnames = PersonSurnames::of(db_);
  std::vector<std::string> keys;
  for_each_value(facet_slot(kind), [&](const std::string& value, Xapian::doccount n) {
    if (!packed) {
      out[value] += n;
      return;
    }
    // Each article has one packed list, listing each of its entities once.
    keys.clear();
    schema::for_each_entity_key(value, [&](std::string_view key) {
      keys.push_back(surnames ? surnames->resolve(std::string(key)) : std::string(key));
    });
    // An article naming "Reagan" and "Ronald Reagan" counts once for him.
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& key : keys) out[key] += n;
  });
  return out;
}

std::vector<FacetResult> FacetCounter::results(Xapian::doccount matches) const {
  std::vector<FacetResult> out;
  for (const FacetRequest& r : requests_) {
    const std::map<std::string, Xapian::doccount> counts = this->counts(r.kind);
    FacetResult result{r.kind, r.granularity, {}, 0};
    Xapian::doccount with_value = 0;
    if (r.kind == FacetKind::kDate) {
      // One article dated years away made a day histogram thousands of lines: past
      // kMaxHistogramBuckets the buckets are months, then years (result.granularity says so).
      while (result.granularity != DateGranularity::kYear &&
             bucket_span(counts, result.granularity) > static_cast<long>(kMaxHistogramBuckets)) {
        result.granularity = result.granularity == DateGranularity::kDay ? DateGranularity::kMonth
                                                                         : DateGranularity::kYear;
      }
      std::map<std::string, Xapian::doccount> buckets;
      for (const auto& [day, n] : counts) {
        buckets[date_bucket(day, result.granularity)] += n;
        with_value += n;
      }
      result.distinct = buckets.size();
      fill_empty_buckets(buckets, result.granularity);
      for (const auto& [bucket, n] : buckets) result.values.push_back({bucket, n, false});
      if (r.top && result.values.size() > *r.top) {
        result.values.erase(result.values.begin(), result.values.end() - static_cast<long>(*r.top));
      }
    } else {
      const auto labelled = r.kind == FacetKind::kOutlet ? labels_by_key(counts, schema::outlet_key)
                            : r.kind == FacetKind::kSection
                                ? labels_by_key(counts, schema::section_key)
                                : counts;
      for (const auto& [raw, n] : labelled) {
        result.values.push_back({raw, n, false});
        with_value += n;
      }
      result.distinct = result.values.size();
      const std::size_t top = std::min(r.top.value_or(10), result.values.size());
      const auto by_count = [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      };
      std::partial_sort(result.values.begin(), result.values.begin() + static_cast<long>(top),
                        result.values.end(), by_count);
      result.values.resize(top);
      // Display names only for what is shown: each one is a term-list walk.
      if (const auto kind = entity_kind(r.kind)) {
        for (FacetValue& v : result.values) v.value = entity_display_name(db_, *kind, v.value);
        std::stable_sort(result.values.begin(), result.values.end(), by_count);
      }
    }
    if (r.kind == FacetKind::kOutlet || r.kind == FacetKind::kDate ||
        r.kind == FacetKind::kSection) {
      // Never drop articles without a value from the totals: they get a bucket of their own.
      if (matches > with_value) {
        result.values.push_back({std::string(r.kind == FacetKind::kOutlet    ? kUnknownOutlet
                                             : r.kind == FacetKind::kSection ? kUnknownSection
                                                                             : kUndated),
                                 matches - with_value, true});
      }
    }
    out.push_back(std::move(result));
  }
  return out;
}

std::string entity_display_name(const Xapian::Database& db, schema::EntityKind kind,
                                const std::string& key) {
  const std::string prefix = std::string(schema::entity_spelling_prefix(kind)) + key + '\t';
  struct Group {
    Xapian::termcount total = 0;
    std::string best;
    Xapian::termcount best_count = 0;
    bool best_accented = false;
  };
  std::map<std::string, Group> groups;  // folded spelling -> group
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string spelling = (*t).substr(prefix.size());
    const Xapian::termcount count = db.get_collection_freq(*t);
    Group& g = groups[fold_word(spelling)];
    g.total += count;
    const bool accented = fold_text(spelling) != spelling;
    const bool better =
        g.best.empty() || (accented && !g.best_accented) ||
        (accented == g.best_accented &&
         (count > g.best_count || (count == g.best_count && spelling.size() > g.best.size())));
    if (better) {
      g.best = spelling;
      g.best_count = count;
      g.best_accented = accented;
    }
  }
  const Group* winner = nullptr;
  for (const auto& [folded, g] : groups) {
    if (winner == nullptr || g.total > winner->total ||
        (g.total == winner->total && g.best.size() > winner->best.size())) {
      winner = &g;
    }
  }
  return winner == nullptr ? key : winner->best;
}

}  // namespace morgue
