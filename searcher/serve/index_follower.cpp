#include "searcher/serve/index_follower.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "common/index/index_db.h"

namespace morgue {
namespace {

std::string read_stub(const std::filesystem::path& index) {
  std::ifstream in(index / "XAPIANDB", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::int64_t mtime(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : 0;
}

}  // namespace

Xapian::Database& IndexFollower::current() {
  // The stub is a few bytes: reading it per request costs less than a stale answer.
  std::string stub = read_stub(index_);
  if (db_ && stub == stub_) {
    db_->reopen();
    return *db_;
  }
  db_.reset();
  db_.emplace(open_index_for_reading(index_));
  stub_ = std::move(stub);
  return *db_;
}

IndexHealth index_health(const std::filesystem::path& index, const Xapian::Database& db) {
  IndexHealth health;
  health.articles = db.get_doccount();
  std::error_code ec;
  std::int64_t changed = mtime(index / "XAPIANDB");
  std::optional<std::filesystem::path> live;
  try {
    live = live_generation(index);
  } catch (const std::exception&) {
    // A stub morgue did not write (remote servers): no generation to name.
  }
  if (live) {
    health.generation = live->filename().string();
    // A commit rewrites the generation's version files, not the stub.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(*live, ec)) {
      if (entry.path().filename() == "iamglass") changed = std::max(changed, mtime(entry.path()));
    }
  }
  health.changed_at = changed;
  return health;
}

}  // namespace morgue
