// flock-based writer lock.
#include "indexer/update/index_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace morgue {

IndexLock IndexLock::acquire(const std::filesystem::path& index,
                             std::optional<std::chrono::seconds> wait) {
  std::error_code create_ec, ec;
  std::filesystem::create_directories(index, create_ec);
  if (!std::filesystem::is_directory(index, ec)) {
    // The real reason: a read-only disk or a missing permission is not a file in the way.
    if (std::filesystem::exists(index, ec)) {
      throw std::runtime_error(index.string() + " exists and is not an index directory");
    }
    throw std::runtime_error("cannot create index directory " + index.string() + ": " +
                             (create_ec ? create_ec.message() : std::string("not created")));
  }
  const std::filesystem::path file = index / "morgue.lock";
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot create lock file " + file.string() + ": " +
                             std::strerror(errno));
  }
  const auto deadline = std::chrono::steady_clock::now() + wait.value_or(std::chrono::seconds(0));
  const bool forever = wait && wait->count() < 0;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw std::runtime_error("cannot lock " + file.string() + ": " + why);
    }
    if (!wait || (!forever && std::chrono::steady_clock::now() >= deadline)) {
      ::close(fd);
      throw IndexLocked(index.string() + " is being updated by another morgue-index");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return IndexLock(fd);
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace morgue
