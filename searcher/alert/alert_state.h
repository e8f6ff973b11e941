// What morgue-alert remembers between runs (schemas/alert-state.schema.json): per saved
// search, the index run it has reported through and the articles it has reported. Written
// atomically after each run's report, so a run killed half-way leaves the state of the last
// run that finished, and the next run reports again what the killed one may not have
// delivered.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

namespace morgue {

/// One saved search's memory.
struct SearchState {
  std::string query;               ///< as last run (for people reading the file)
  std::uint64_t run = 0;           ///< index run (schema.h kLastRunKey) reported through
  std::set<std::string> reported;  ///< ids of the articles reported, never to be again
};

/// Every saved search's memory, by name.
struct AlertState {
  /// The index the runs were reported from (schema.h kIndexIdKey); "" in a state written
  /// before identities.
  std::string index_id;
  std::map<std::string, SearchState> searches;
};

/// The state file cannot be used (not ours, damaged). what() names the file and says how to
/// start over.
class AlertStateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads `file`; nullopt when there is none (a first run). Throws AlertStateError.
[[nodiscard]] std::optional<AlertState> load_alert_state(const std::filesystem::path& file);

/// The state as the file holds it (one JSON object).
[[nodiscard]] std::string alert_state_json(const AlertState& state);

/// Replaces `file` with `state` atomically (common/io/atomic_file.h). Throws
/// std::runtime_error.
void save_alert_state(const std::filesystem::path& file, const AlertState& state);

/// Another morgue-alert run holds the state file.
class AlertStateLocked : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The file a state path names: symbolic links resolved, so that two runs given two names of
/// one file share its lock and write the file itself, not over a link.
[[nodiscard]] std::filesystem::path resolve_state_path(const std::filesystem::path& file);

/// An exclusive lock on a state file (flock on FILE.lock, FILE resolved: resolve_state_path())
/// for one run: two runs at once would both report the same articles. Released on destruction.
class AlertStateLock {
 public:
  /// Throws AlertStateLocked when another run holds it, std::runtime_error when the lock
  /// file cannot be made.
  static AlertStateLock acquire(const std::filesystem::path& state_file);
  AlertStateLock(AlertStateLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  AlertStateLock(const AlertStateLock&) = delete;
  AlertStateLock& operator=(const AlertStateLock&) = delete;
  AlertStateLock& operator=(AlertStateLock&&) = delete;
  ~AlertStateLock();

 private:
  explicit AlertStateLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace morgue
