// Index opening and schema-version checks.
#include "common/index/index_db.h"

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

#include "common/index/schema.h"

namespace morgue {
namespace {

constexpr std::string_view kStubName = "XAPIANDB";
constexpr std::string_view kGenerationPrefix = "gen-";

// The lines of a stub, without CR line ends, empty lines left out.
std::vector<std::string> stub_lines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

bool digits(std::string_view s, std::size_t n) {
  return s.size() == n &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string read_stub(const std::filesystem::path& index) {
  std::ifstream in(index / kStubName, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text;
}

// "gen-NNNNNN": the only names a writer creates, removes or follows.
bool generation_name(std::string_view name) {
  return name.starts_with(kGenerationPrefix) && digits(name.substr(kGenerationPrefix.size()), 6);
}

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

namespace {

// Xapian's stub reader takes a CR for part of the path: a stub saved with CRLF line ends
// opened nothing. Such a stub's auto and remote HOST:PORT lines are opened here; every other
// stub, or line, is Xapian's to read.
Xapian::Database open_database(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path / kStubName, ec)) {
    return Xapian::Database(path.string());
  }
  const std::string text = read_stub(path);
  if (text.find('\r') == std::string::npos) return Xapian::Database(path.string());
  Xapian::Database db;
  for (const std::string& line : stub_lines(text)) {
    const auto space = line.find(' ');
    const std::string backend = line.substr(0, space);
    const std::string target = space == std::string::npos ? "" : line.substr(space + 1);
    const auto colon = target.rfind(':');
    if (backend == "auto" && !target.empty()) {
      const std::filesystem::path p(target);
      db.add_database(Xapian::Database((p.is_absolute() ? p : path / p).string()));
    } else if (backend == "remote" && colon != std::string::npos && colon + 1 < target.size() &&
               target.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
      db.add_database(Xapian::Remote::open(
          target.substr(0, colon), static_cast<unsigned>(std::stoul(target.substr(colon + 1)))));
    } else {
      throw Xapian::DatabaseOpeningError("cannot read stub line '" + line + "'");
    }
  }
  return db;
}

}  // namespace

bool has_remote_shards(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path / kStubName, ec)) return false;
  for (const std::string& line : stub_lines(read_stub(path))) {
    if (line.rfind("remote", 0) == 0) return true;
  }
  return false;
}

namespace {

// open(), again (five times, 20 ms apart) when a database it names cannot be opened: a writer
// may have switched generations and removed the one the stub read named.
template <class Open>
auto open_retrying(const std::filesystem::path& path, Open&& open) {
  for (int attempt = 0;; ++attempt) {
    try {
      return open();
    } catch (const Xapian::DatabaseOpeningError& e) {
      std::error_code ec;
      if (attempt < 5 && std::filesystem::exists(path / kStubName, ec)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      throw IndexUnavailable("cannot open index " + path.string() + ": " + e.get_msg());
    }
  }
}

}  // namespace

Xapian::Database open_index_for_reading(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw IndexUnavailable("no index at " + path.string() + " (create one with morgue-index)");
  }
  Xapian::Database db = open_retrying(path, [&] { return open_database(path); });
  check_version(db, path);
  return db;
}

ShardedIndex open_index_with_shards(const std::filesystem::path& path) {
  return open_retrying(path, [&] {
    std::vector<std::filesystem::path> paths;
    try {
      paths = live_shards(path);
    } catch (const std::exception&) {
      // Not morgue's layout (remote shards, a stub of its own): Xapian's to read.
    }
    if (paths.size() <= 1) return ShardedIndex{open_index_for_reading(path), {}};
    ShardedIndex index;
    for (const auto& shard : paths) {
      index.shards.emplace_back(shard.string());
      index.db.add_database(index.shards.back());
    }
    check_version(index.db, path);
    return index;
  });
}

OpenIndex::OpenIndex(const std::filesystem::path& path) : index_(open_index_with_shards(path)) {
  if (!index_.shards.empty()) registration_ = ShardRegistration(index_.db, index_.shards);
}

namespace {

// A stub (morgue's layout) or a bare Xapian database.
bool holds_index(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(path / kStubName, ec) ||
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
  // Only ever create an index in an empty directory, never among someone's files. The lock,
  // generation directories and a stub being written are what a first run leaves when it is
  // stopped before its stub is in place (or while another first run holds the lock): a run
  // may go on there. The stub itself: another first run may have put it in place since
  // holds_index() looked (two first runs at once failed so, now and then).
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    std::error_code type_ec;
    const bool generation =
        generation_name(name) && entry.is_directory(type_ec) && !entry.is_symlink(type_ec);
    if (name != "morgue.lock" && name != "XAPIANDB.tmp" && name != kStubName && !generation) {
      throw IndexUnavailable(path.string() +
                             " is a directory that holds other files, not a morgue index");
    }
  }
}

std::vector<Xapian::WritableDatabase> open_index_for_writing(const std::filesystem::path& path,
                                                             std::size_t new_shards) {
  namespace fs = std::filesystem;
  check_index_location(path);
  if (!holds_index(path)) {
    std::error_code ec;
    // New indexes get the generational layout from the start.
    fs::create_directories(path, ec);
    if (ec) throw IndexUnavailable("cannot create " + path.string() + ": " + ec.message());
    NewGeneration gen = create_generation(path, nullptr, new_shards);
    for (auto& db : gen.shards) db.close();
    switch_generation(path, gen.dir, gen.shards.size());
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
  // An index made before identities gets one with this run's commit.
  if (!shards.empty() && schema::index_id(shards.front()).empty()) {
    const std::string id = schema::new_index_id();
    for (auto& db : shards) db.set_metadata(std::string(schema::kIndexIdKey), id);
  }
  return shards;
}

namespace {

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

// The stub of `index` as a writer may trust it; nullopt when there is none (a bare
// database). Throws IndexUnavailable with the way to repair it otherwise.
std::optional<StubGeneration> trusted_stub(const std::filesystem::path& index) {
  std::error_code ec;
  if (!std::filesystem::exists(index / kStubName, ec)) return std::nullopt;
  std::string why;
  if (auto stub = parse_stub(read_stub(index), &why)) return stub;
  throw IndexUnavailable((index / kStubName).string() + " " + why +
                         "; morgue-index only writes and removes gen-NNNNNN directories inside " +
                         index.string() +
                         " and changed nothing. If this is a morgue index, write the line "
                         "'auto gen-NNNNNN' naming its newest generation directory into the "
                         "file (for a sharded one, a line 'auto gen-NNNNNN/shard-KK' for each "
                         "shard directory in it); otherwise index into another directory");
}

}  // namespace

std::optional<StubGeneration> parse_stub(std::string_view text, std::string* error) {
  const auto fail = [&](std::string why) -> std::optional<StubGeneration> {
    if (error != nullptr) *error = std::move(why);
    return std::nullopt;
  };
  const std::vector<std::string> lines = stub_lines(text);
  if (lines.empty()) return fail("is empty");
  StubGeneration out;
  out.shards = lines.size();
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string& line = lines[n];
    const std::string where = "line " + std::to_string(n + 1) + " ('" +
                              line.substr(0, std::min<std::size_t>(line.size(), 80)) + "')";
    if (!line.starts_with("auto ")) return fail(where + " is not an 'auto' line morgue writes");
    const std::string target = line.substr(5);
    const std::size_t slash = target.find('/');
    const std::string gen = target.substr(0, slash);
    if (!generation_name(gen)) {
      return fail(where + " does not name a gen-NNNNNN directory of this index");
    }
    if (n == 0) out.name = gen;
    if (gen != out.name) return fail(where + " names another generation than line 1");
    if (lines.size() == 1) {
      if (slash != std::string::npos) return fail(where + " names a shard of an unsharded index");
      continue;
    }
    char shard[32];
    std::snprintf(shard, sizeof shard, "shard-%02zu", n);
    if (slash == std::string::npos || target.substr(slash + 1) != shard) {
      return fail(where + " should name " + gen + "/" + shard);
    }
  }
  return out;
}

std::optional<std::filesystem::path> live_generation(const std::filesystem::path& index) {
  const auto stub = trusted_stub(index);
  if (!stub) return std::nullopt;
  return index / stub->name;
}

std::vector<std::filesystem::path> live_shards(const std::filesystem::path& index) {
  const auto stub = trusted_stub(index);
  if (!stub) return {index};  // a bare database
  std::vector<std::filesystem::path> out;
  for (std::size_t n = 0; n < stub->shards; ++n) {
    out.push_back(shard_dir(index / stub->name, n, stub->shards));
  }
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
    if (generation_name(name)) {
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
  // A rebuild keeps the index's identity; a new index (or one from before identities) gets one.
  std::string id = copy_metadata_from != nullptr ? schema::index_id(*copy_metadata_from) : "";
  if (id.empty()) id = schema::new_index_id();
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
    db.set_metadata(std::string(schema::kIndexIdKey), id);
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
    // Ours only: a real directory of this index with a generation's name.
    std::error_code type_ec;
    const bool real_directory = e.is_directory(type_ec) && !e.is_symlink(type_ec);
    if (generation_name(name) && real_directory && e.path().filename() != live->filename()) {
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
