#include "searcher/serve/index_follower.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

int open_directory(const std::filesystem::path& dir) {
  return ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

// Whether `path` names the directory open as `fd`.
bool names(const std::filesystem::path& path, int fd) {
  struct stat at_path {
  }, held{};
  return ::stat(path.c_str(), &at_path) == 0 && ::fstat(fd, &held) == 0 &&
         at_path.st_dev == held.st_dev && at_path.st_ino == held.st_ino;
}

}  // namespace

IndexFollower::~IndexFollower() { reset(); }

void IndexFollower::reset() {
  opened_.reset();
  for (int* fd : {&index_fd_, &generation_fd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

bool IndexFollower::same_directories() const {
  return index_fd_ >= 0 && names(index_, index_fd_) &&
         (generation_fd_ < 0 || names(generation_, generation_fd_));
}

Xapian::Database& IndexFollower::current() {
  // The stub is a few bytes and two stat() calls cost less still: less than a stale answer.
  std::string stub = read_stub(index_);
  if (opened_ && stub == stub_ && same_directories()) {
    opened_->db().reopen();  // and its shards, which share its state
    return opened_->db();
  }
  reset();
  // The directories first: should the index be replaced before the database opens, the next
  // request sees them differ and opens again.
  index_fd_ = open_directory(index_);
  try {
    if (const auto live = live_generation(index_)) {
      generation_ = *live;
      generation_fd_ = open_directory(generation_);
    }
  } catch (const std::exception&) {
    // A stub morgue did not write (remote servers): followed by its text alone.
  }
  opened_.emplace(index_);
  stub_ = std::move(stub);
  return opened_->db();
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
