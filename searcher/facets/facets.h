// Facet counting: exact counts of outlets, dates and entities over every article a query
// matches, with built-in Xapian::ValueCountMatchSpy, so that the same code counts on a
// single database, several databases searched together, or remote shards on xapian-tcpsrv;
// a server holding a slot's values in memory (count/value_column.h) counts it from there.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/index/schema.h"
#include "searcher/count/value_column.h"

namespace morgue {

enum class FacetKind { kOutlet, kDate, kPerson, kOrganization, kPlace, kSection };
enum class DateGranularity { kDay, kMonth, kYear };

/// One requested facet.
struct FacetRequest {
  FacetKind kind = FacetKind::kOutlet;
  /// Values to report: the top N by count, or for dates the N most recent buckets.
  /// nullopt: 10 for outlets and entities, every bucket for dates.
  std::optional<std::size_t> top;
  DateGranularity granularity = DateGranularity::kDay;  ///< dates only
};

/// Parses "outlet,person:5,date:month,date:year:3,section". Throws std::invalid_argument with a
/// message naming the bad part.
[[nodiscard]] std::vector<FacetRequest> parse_facet_spec(std::string_view spec);

/// "outlet", "date", "person", "org", "place", "section".
[[nodiscard]] std::string_view facet_name(FacetKind kind);

/// The values of the buckets of articles without an outlet (or section) and without a date;
/// the `outlet:`, `section:` and `date:` filters take them too.
inline constexpr std::string_view kUnknownOutlet = "unknown";
inline constexpr std::string_view kUnknownSection = "unknown";
inline constexpr std::string_view kUndated = "undated";

/// One bucket.
struct FacetValue {
  std::string value;  ///< display form; kUnknownOutlet / kUndated for the missing bucket
  Xapian::doccount count = 0;
  bool missing = false;  ///< the articles without a value (outlet, section and date only)
};

/// Counts for one facet.
/// Most buckets a date histogram spans from its first to its last; a wider one is counted by
/// the next coarser granularity (day, month, year).
inline constexpr std::size_t kMaxHistogramBuckets = 1000;

struct FacetResult {
  FacetKind kind;
  /// As requested, or coarser when the requested one would span over kMaxHistogramBuckets.
  DateGranularity granularity = DateGranularity::kDay;
  std::vector<FacetValue> values;  ///< ordered (count, then name; dates chronologically)
  std::size_t distinct = 0;        ///< distinct values before the top-N cut, missing excluded
};

/// Attach to an Enquire before get_mset(), read after. The caller must make get_mset() see
/// every match (checkatleast = database size); counts are then exact. Uses one built-in
/// Xapian::ValueCountMatchSpy per facet slot, so it counts the same on one database, on
/// several searched together and on remote shards. Not thread-safe.
class FacetCounter {
 public:
  FacetCounter(const Xapian::Database& db, std::vector<FacetRequest> requests);
  FacetCounter(const FacetCounter&) = delete;
  FacetCounter& operator=(const FacetCounter&) = delete;

  /// Adds a spy per facet slot to `enquire`: one counting from `columns` where it holds the
  /// slot for this revision, else Xapian's ValueCountMatchSpy. `searched`: the database
  /// `enquire` searches, when not the counter's own but one of its shards; the counts of
  /// every enquire attached to are summed (one match per shard).
  void attach(Xapian::Enquire& enquire, ValueColumns* columns = nullptr,
              const Xapian::Database* searched = nullptr);
  /// Matches the spies saw: every match when the match ran to the end; 0 without facets.
  [[nodiscard]] Xapian::doccount seen() const;
  /// `matches`: the exact number of matching articles (for the missing buckets).
  [[nodiscard]] std::vector<FacetResult> results(Xapian::doccount matches) const;

 private:
  /// Value -> articles for `kind`; entity slots' packed key lists are split and summed.
  [[nodiscard]] std::map<std::string, Xapian::doccount> counts(FacetKind kind) const;

  const Xapian::Database& db_;
  std::vector<FacetRequest> requests_;
  /// Calls f(value, matches) for each value of `slot` the spies saw.
  template <class F>
  void for_each_value(Xapian::valueno slot, F&& f) const;

  // By slot; one per slot and match.
  std::multimap<Xapian::valueno, std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
  std::multimap<Xapian::valueno, std::unique_ptr<ColumnCountSpy>> column_spies_;
};

/// How an entity with match key `key` is shown: the most-mentioned full spelling across the
/// index, counting spellings that differ only in accents together and showing the accented
/// one (Viktor Orbán over Viktor Orban); ties go to the longer spelling. `key` when none.
[[nodiscard]] std::string entity_display_name(const Xapian::Database& db, schema::EntityKind kind,
                                              const std::string& key);

}  // namespace morgue
