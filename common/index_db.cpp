// Index opening and schema-version checks.
#include "common/index_db.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/schema.h"

namespace morgue {
namespace {

void check_version(const Xapian::Database& db, const std::filesystem::path& path) {
  const std::string found = db.get_metadata(std::string(schema::kVersionKey));
  const std::string expected = std::to_string(schema::kVersion);
  if (found.empty()) {
    throw IndexUnavailable(path.string() + " is a Xapian database but not a morgue index");
  }
  if (found != expected) {
    throw IndexUnavailable(path.string() + " has index schema version " + found +
                           ", this build reads version " + expected +
                           "; rebuild it with this morgue-index");
  }
}

}  // namespace

Xapian::Database open_index_for_reading(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw IndexUnavailable("no index at " + path.string() + " (create one with morgue-index)");
  }
  Xapian::Database db;
  for (int attempt = 0;; ++attempt) {
    try {
      db = Xapian::Database(path.string());
      break;
    } catch (const Xapian::DatabaseOpeningError& e) {
      // A writer may have switched generations and removed the one the stub we read named:
      // read the stub again.
      if (attempt < 5 && live_generation(path)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      throw IndexUnavailable("cannot open index " + path.string() + ": " + e.get_msg());
    }
  }
  check_version(db, path);
  return db;
}

namespace {

// A stub (morgue's layout) or a bare Xapian database.
bool holds_index(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(path / "XAPIANDB", ec) ||
         std::filesystem::exists(path / "iamglass", ec) ||
         std::filesystem::exists(path / "iamchert", ec);
}

}  // namespace

void check_index_location(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  if (!fs::is_directory(path, ec)) {
    throw IndexUnavailable(path.string() + " exists and is not an index directory");
  }
  if (holds_index(path)) return;
  // Only ever create an index in an empty directory, never among someone's files.
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.path().filename() != "morgue.lock") {
      throw IndexUnavailable(path.string() +
                             " is a directory that holds other files, not a morgue index");
    }
  }
}

std::vector<Xapian::WritableDatabase> open_index_for_writing(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  check_index_location(path);
  if (!holds_index(path)) {
    std::error_code ec;
    // New indexes get the generational layout from the start.
    fs::create_directories(path, ec);
    if (ec) throw IndexUnavailable("cannot create " + path.string() + ": " + ec.message());
    NewGeneration gen = create_generation(path, nullptr);
    for (auto& db : gen.shards) db.close();
    switch_generation(path, gen.dir);
  }
  std::vector<Xapian::WritableDatabase> shards;
  for (const fs::path& shard : live_shards(path)) {
    try {
      shards.emplace_back(shard.string(), Xapian::DB_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      throw;
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw IndexUnavailable("cannot open index " + path.string() + " for writing: " + e.get_msg());
    }
    check_version(shards.back(), path);  // create_generation() stamped every index we made
  }
  return shards;
}

namespace {

constexpr std::string_view kStubName = "XAPIANDB";
constexpr std::string_view kGenerationPrefix = "gen-";

// Flushes a file, or a directory's entries, to disk; throws naming it when that fails.
void fsync_path(const std::filesystem::path& p, bool directory) {
  const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot flush " + p.string() + " to disk: " + std::strerror(error));
  }
  ::close(fd);
}

}  // namespace

namespace {

// The lines of the stub: backend ("auto", "remote", ...) and what it names (a path relative
// to the index, or HOST:PORT).
struct StubEntry {
  std::string backend, target;
};
std::vector<StubEntry> stub_entries(const std::filesystem::path& index) {
  std::ifstream stub(index / kStubName);
  std::vector<StubEntry> out;
  StubEntry e;
  while (stub >> e.backend >> e.target) out.push_back(e);
  return out;
}

}  // namespace

std::optional<std::filesystem::path> live_generation(const std::filesystem::path& index) {
  const auto entries = stub_entries(index);
  if (entries.empty()) return std::nullopt;
  // "gen-000002" or, sharded, "gen-000002/shard-00": the generation is the first component.
  return index / std::filesystem::path(entries.front().target).begin()->string();
}

std::vector<std::filesystem::path> live_shards(const std::filesystem::path& index) {
  std::vector<std::filesystem::path> out;
  for (const StubEntry& entry : stub_entries(index)) out.push_back(index / entry.target);
  if (out.empty()) out.push_back(index);  // a bare database
  return out;
}

std::filesystem::path shard_dir(const std::filesystem::path& generation, std::size_t n,
                                std::size_t shards) {
  if (shards <= 1) return generation;
  char name[32];
  std::snprintf(name, sizeof name, "shard-%02zu", n);
  return generation / name;
}

std::filesystem::path next_generation_dir(const std::filesystem::path& index) {
  namespace fs = std::filesystem;
  unsigned long highest = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(index, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(kGenerationPrefix)) {
      highest =
          std::max(highest, std::strtoul(name.c_str() + kGenerationPrefix.size(), nullptr, 10));
    }
  }
  char name[32];
  std::snprintf(name, sizeof name, "gen-%06lu", highest + 1);
  return index / name;
}

NewGeneration create_generation(const std::filesystem::path& index,
                                const Xapian::Database* copy_metadata_from, std::size_t shards) {
  NewGeneration gen{next_generation_dir(index), {}};
  shards = std::max<std::size_t>(shards, 1);
  if (shards > 1) std::filesystem::create_directory(gen.dir);
  for (std::size_t n = 0; n < shards; ++n) {
    Xapian::WritableDatabase db(shard_dir(gen.dir, n, shards).string(), Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kVersion));
    if (copy_metadata_from != nullptr) {
      for (auto k = copy_metadata_from->metadata_keys_begin();
           k != copy_metadata_from->metadata_keys_end(); ++k) {
        db.set_metadata(*k, copy_metadata_from->get_metadata(*k));
      }
    }
    db.commit();
    gen.shards.push_back(std::move(db));
  }
  return gen;
}

void sync_generation(const std::filesystem::path& generation) {
  namespace fs = std::filesystem;
  // Files first, then the directories that name them, deepest first.
  std::vector<fs::path> directories{generation};
  for (const auto& e : fs::recursive_directory_iterator(generation)) {
    if (e.is_directory()) {
      directories.push_back(e.path());
    } else if (e.is_regular_file()) {
      fsync_path(e.path(), false);
    }
  }
  for (auto d = directories.rbegin(); d != directories.rend(); ++d) fsync_path(*d, true);
}

void switch_generation(const std::filesystem::path& index, const std::filesystem::path& generation,
                       std::size_t shards) {
  namespace fs = std::filesystem;
  // Xapian flushes its tables as it commits, not the directories naming them.
  sync_generation(generation);
  const fs::path tmp = index / (std::string(kStubName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (std::size_t n = 0; n < std::max<std::size_t>(shards, 1); ++n) {
      out << "auto " << shard_dir(generation.filename(), n, shards).string() << '\n';
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  fsync_path(tmp, false);
  fs::rename(tmp, index / kStubName);  // atomic: readers see the old stub or the new one
  fsync_path(index, true);
}

std::size_t remove_dead_generations(const std::filesystem::path& index) {
  namespace fs = std::filesystem;
  const auto live = live_generation(index);
  if (!live) return 0;
  std::size_t removed = 0;
  std::error_code ec;
  std::vector<fs::path> dead;
  for (const auto& e : fs::directory_iterator(index, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(kGenerationPrefix) && e.path().filename() != live->filename()) {
      dead.push_back(e.path());
    }
  }
  for (const auto& d : dead) {
    fs::remove_all(d, ec);
    removed += !ec;
  }
  return removed;
}

}  // namespace morgue
