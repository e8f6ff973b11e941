// Opening a morgue index: creation, schema-version stamping and checking, in one place so
// the indexer, the searcher and the benchmarks agree on what a valid index is.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/index/shards.h"

namespace morgue {

/// The index at a path cannot be used: missing, not a morgue index, or a schema version this
/// build does not understand. what() is a one-line message naming the path and the fix.
class IndexUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How many times read_newest() reads again after a writer moved the index on. A search on a
/// loaded machine may be left behind by a writer committing small batches back to back (CI
/// met five in a row under e2e_reindex); each retry reads the newest revision from the start.
inline constexpr int kModifiedRetries = 20;

/// Returns read(). A reader sees the revision it opened until writers commit twice past it;
/// then Xapian throws DatabaseModifiedError, and this reopens `db` at the newest commit and
/// reads again (up to kModifiedRetries times, then lets the error through). `read` must read
/// through `db` and be safe to run again from the start.
template <class Read>
decltype(auto) read_newest(Xapian::Database& db, Read&& read) {
  for (int attempt = 0;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kModifiedRetries) throw;
      db.reopen();
    }
  }
}

/// Opens the index at `path` for searching. Throws IndexUnavailable (missing, unreadable,
/// foreign or incompatible index).
[[nodiscard]] Xapian::Database open_index_for_reading(const std::filesystem::path& path);

/// The index at `path` opened as open_index_for_reading() opens it, and, when it combines
/// several local shards of morgue's layout, each shard as a database of its own sharing the
/// combined one's state (reopen() moves them together): what revision_key() needs to know
/// which revision the combined database reads (common/index/shards.h).
struct ShardedIndex {
  Xapian::Database db;
  std::vector<Xapian::Database> shards;  ///< empty unless `db` combines several local shards
};
[[nodiscard]] ShardedIndex open_index_with_shards(const std::filesystem::path& path);

/// The index at `path` open for reading (open_index_with_shards()), its shards registered
/// (registered_shards()) for as long as it is open, so that searches over it count shard by
/// shard and know its revision. Throws like open_index_for_reading(). Neither copied nor
/// moved: the registration holds its address.
class OpenIndex {
 public:
  explicit OpenIndex(const std::filesystem::path& path);
  OpenIndex(const OpenIndex&) = delete;
  OpenIndex& operator=(const OpenIndex&) = delete;
  [[nodiscard]] Xapian::Database& db() { return index_.db; }

 private:
  ShardedIndex index_;
  ShardRegistration registration_;
};

/// Whether the index's stub names a remote database (xapian-tcpsrv): only Xapian's own match
/// spies run there. False for a bare database or a missing stub.
[[nodiscard]] bool has_remote_shards(const std::filesystem::path& path);

/// Throws IndexUnavailable unless `path` is absent, an empty directory, or an index: a new
/// index is never created among unrelated files, nor over a file.
void check_index_location(const std::filesystem::path& path);

/// Opens the index at `path` for writing, creating it with `new_shards` shards (and stamping
/// the schema version) when absent: its databases, one per shard in shard order (one for an
/// unsharded index). Throws IndexUnavailable when `path` holds something else or an
/// incompatible index; Xapian::DatabaseLockError propagates when another writer holds the lock.
[[nodiscard]] std::vector<Xapian::WritableDatabase> open_index_for_writing(
    const std::filesystem::path& path, std::size_t new_shards = 1);

// Index layout. An index is a directory holding generations (gen-000001, gen-000002, ...)
// and XAPIANDB, a Xapian stub file naming the live one. A generation is a Xapian database,
// or for a sharded index a directory of them (shard-00, shard-01, ...), all listed in the
// stub: Xapian searches them as one. Readers and writers open the directory; Xapian follows
// the stub. Replacing the stub (write, fsync, rename) switches every new reader to another
// generation atomically, while readers that opened the old one keep reading it. Writers
// serialise on the index lock (index_lock.h).

/// The generation a stub written by morgue names: one "auto gen-NNNNNN" line, or
/// "auto gen-NNNNNN/shard-KK" lines for K = 00, 01, ... of one generation. Line ends may be
/// CRLF. nullopt, with the reason in `*error`, for anything else (an absolute path, "./",
/// "..", a remote server, garbage): a writer must not trust such a stub.
struct StubGeneration {
  std::string name;        ///< "gen-000003"
  std::size_t shards = 1;  ///< how many shard lines (1: the generation is the database)
};
[[nodiscard]] std::optional<StubGeneration> parse_stub(std::string_view text, std::string* error);

/// The live generation's directory, or nullopt for an index without generations (a bare
/// Xapian database, which morgue still reads and updates but cannot --rebuild or --compact).
/// Throws IndexUnavailable, saying how to repair it, when XAPIANDB is not a stub morgue wrote
/// (parse_stub()): no writer touches an index whose live state it cannot prove.
[[nodiscard]] std::optional<std::filesystem::path> live_generation(
    const std::filesystem::path& index);

/// The databases of the live generation as the stub lists them (one unless sharded); for an
/// index without generations, the index itself. Throws like live_generation().
[[nodiscard]] std::vector<std::filesystem::path> live_shards(const std::filesystem::path& index);

/// A new, empty generation (not live yet) of `shards` databases, each stamped with the
/// schema version and the metadata of `copy_metadata_from` (aliases), open for writing.
struct NewGeneration {
  std::filesystem::path dir;
  std::vector<Xapian::WritableDatabase> shards;
};
[[nodiscard]] NewGeneration create_generation(const std::filesystem::path& index,
                                              const Xapian::Database* copy_metadata_from,
                                              std::size_t shards = 1);

/// Flushes every file and directory of `generation` to disk (its databases closed). Throws
/// std::runtime_error naming the file when the system reports a write error.
void sync_generation(const std::filesystem::path& generation);

/// The database directory of shard `n` of a generation of `shards` (the generation itself
/// when unsharded).
[[nodiscard]] std::filesystem::path shard_dir(const std::filesystem::path& generation,
                                              std::size_t n, std::size_t shards);

/// A fresh name for a generation directory (not created).
[[nodiscard]] std::filesystem::path next_generation_dir(const std::filesystem::path& index);

/// Makes `generation` (a directory inside `index`, of `shards` databases, closed) the live
/// one, atomically and durably: the generation is flushed (sync_generation()) before the stub
/// names it.
void switch_generation(const std::filesystem::path& index, const std::filesystem::path& generation,
                       std::size_t shards = 1);

/// Removes every generation directory but the live one: the previous generation after a
/// switch, and half-built ones a killed run left. Only directories of this index named
/// gen-NNNNNN (never a link), and only when the stub names the live one (live_generation()
/// throws otherwise). Returns how many were removed.
std::size_t remove_dead_generations(const std::filesystem::path& index);

}  // namespace morgue
