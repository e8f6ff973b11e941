// Opening a morgue index: creation, schema-version stamping and checking, in one place so
// the indexer, the searcher and the benchmarks agree on what a valid index is.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace morgue {

/// The index at a path cannot be used: missing, not a morgue index, or a schema version this
/// build does not understand. what() is a one-line message naming the path and the fix.
class IndexUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Opens the index at `path` for searching. Throws IndexUnavailable (missing, unreadable,
/// foreign or incompatible index).
[[nodiscard]] Xapian::Database open_index_for_reading(const std::filesystem::path& path);

/// Opens the index at `path` for writing, creating it (and stamping the schema version) when
/// absent. Throws IndexUnavailable when `path` holds something else or an incompatible
/// index; Xapian::DatabaseLockError propagates when another writer holds the lock.
[[nodiscard]] Xapian::WritableDatabase open_index_for_writing(const std::filesystem::path& path);

}  // namespace morgue
