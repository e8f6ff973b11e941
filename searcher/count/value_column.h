// A value slot of every article, held in memory for a long-lived searcher. Counting stories
// and facets reads each match's value of a slot; from the index that is a value read (about
// half a microsecond a match), from a column an array lookup. A column is built from one
// revision of a one-database index and used only while the database reads that revision:
// the counts are the same either way, only cheaper. (Not of a sharded one: Xapian matches
// shard by shard, and its spies and key makers see each shard's own docids.)
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace morgue {

/// One revision's values of one slot: a small number (an ordinal) per docid for each
/// distinct value, 0 for an article without one.
class ValueColumn {
 public:
  /// Reads `slot` of `db` in docid order; `revision` is revision_key(db). Throws Xapian
  /// errors (DatabaseModifiedError when a writer moved on meanwhile).
  ValueColumn(const Xapian::Database& db, Xapian::valueno slot, std::string revision);

  /// The revision_key() of the database it was built from.
  [[nodiscard]] const std::string& revision() const { return revision_; }

  [[nodiscard]] std::uint32_t ordinal(Xapian::docid did) const {
    return did < ordinals_.size() ? ordinals_[did] : 0;
  }
  /// Distinct values; ordinals run from 1 to this.
  [[nodiscard]] std::uint32_t distinct() const {
    return static_cast<std::uint32_t>(values_.size() - 1);
  }
  [[nodiscard]] const std::string& value(std::uint32_t ordinal) const { return values_[ordinal]; }
  /// The articles of the whole index that have the value (a cluster's size).
  [[nodiscard]] std::uint32_t articles(std::uint32_t ordinal) const { return articles_[ordinal]; }

 private:
  std::string revision_;
  std::vector<std::uint32_t> ordinals_;  // by docid
  std::vector<std::string> values_;      // by ordinal; [0] unused
  std::vector<std::uint32_t> articles_;  // by ordinal
};

/// The newest column of each slot of each database (an index's one, or each of its shards),
/// shared by the threads of a server. for_database() never waits for a build another thread
/// is running: that request counts from the index.
class ValueColumns {
 public:
  /// The column of `slot` for the revision `db` reads, built now when this thread is the
  /// first to ask for it; nullptr when `db` is not a single local database, when another
  /// thread is building it, or when the build failed (a writer moved on: the next asks again).
  [[nodiscard]] std::shared_ptr<const ValueColumn> for_database(const Xapian::Database& db,
                                                                Xapian::valueno slot);

 private:
  struct Slot {
    std::shared_ptr<const ValueColumn> newest;
    bool building = false;
    std::uint64_t used = 0;  // when last asked for (a count of requests)
  };
  std::mutex mutex_;
  std::uint64_t requests_ = 0;
  std::map<std::pair<Xapian::valueno, std::string>, Slot> slots_;  // by slot and database UUID
};

/// Counts the matches a match saw by their value of a column's slot, as a
/// ValueCountMatchSpy on that slot would. Local matches only (it has no serialisation for
/// remote shards).
class ColumnCountSpy : public Xapian::MatchSpy {
 public:
  explicit ColumnCountSpy(std::shared_ptr<const ValueColumn> column);
  void operator()(const Xapian::Document& doc, double weight) override;

  /// Matches seen, with or without a value.
  [[nodiscard]] Xapian::doccount seen() const { return seen_; }
  /// Distinct values seen.
  [[nodiscard]] std::size_t distinct() const { return touched_.size(); }
  /// Calls f(value, matches) for each value seen, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const std::uint32_t o : touched_) f(column_->value(o), counts_[o]);
  }
  /// Calls f(matches, articles) for each value seen: how many matches have it, and how many
  /// articles of the whole index do.
  template <class F>
  void for_each_with_size(F&& f) const {
    for (const std::uint32_t o : touched_) f(counts_[o], column_->articles(o));
  }

 private:
  std::shared_ptr<const ValueColumn> column_;
  std::vector<Xapian::doccount> counts_;  // by ordinal
  std::vector<std::uint32_t> touched_;    // ordinals counted, in the order first seen
  Xapian::doccount seen_ = 0;
};

/// A match's value of a column's slot as its sort key: what set_sort_by_value() would read
/// of the index, read from memory (a date sort over thousands of matches otherwise reads the
/// slot's values block by block). Local matches only.
class ColumnSortKey : public Xapian::KeyMaker {
 public:
  explicit ColumnSortKey(std::shared_ptr<const ValueColumn> column) : column_(std::move(column)) {}
  std::string operator()(const Xapian::Document& doc) const override {
    return column_->value(column_->ordinal(doc.get_docid()));
  }

 private:
  std::shared_ptr<const ValueColumn> column_;
};

}  // namespace morgue
