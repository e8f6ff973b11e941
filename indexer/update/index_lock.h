// One writer at a time: an advisory lock on INDEX/morgue.lock, held for a whole run. It sits
// beside Xapian's own lock (which morgue never touches) and also covers --rebuild and
// --compact, which write generations Xapian's per-database lock does not know about.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace morgue {

/// Another process holds the index lock (and --wait, if any, ran out).
class IndexLocked : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Holds the lock until destroyed. The kernel drops it if the process dies, so a killed
/// run never leaves the index locked.
class IndexLock {
 public:
  /// Creates `index` (a directory) if needed and locks it. `wait`: nullopt fails at once;
  /// a duration waits up to that long; a negative duration waits forever. Throws IndexLocked,
  /// or std::runtime_error when the lock file cannot be created.
  static IndexLock acquire(const std::filesystem::path& index,
                           std::optional<std::chrono::seconds> wait);
  ~IndexLock();
  IndexLock(IndexLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;
  IndexLock& operator=(IndexLock&&) = delete;

 private:
  explicit IndexLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace morgue
