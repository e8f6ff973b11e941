#include "searcher/alert/alert_state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/io/atomic_file.h"

namespace morgue {
namespace {

constexpr int kFormat = 1;

[[noreturn]] void damaged(const std::filesystem::path& file, const std::string& why) {
  throw AlertStateError("alert state " + file.string() + " " + why +
                        "; nothing was reported. Restore it, or remove it to start over with a "
                        "baseline (articles indexed meanwhile are then not reported)");
}

}  // namespace

std::optional<AlertState> load_alert_state(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec) && !ec) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw AlertStateError("cannot read alert state " + file.string() + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) damaged(file, "is not a JSON object");
  if (j.value("format", 0) != kFormat) {
    damaged(file, "is not in format " + std::to_string(kFormat) + " of morgue-alert");
  }
  const auto searches = j.find("searches");
  if (searches == j.end() || !searches->is_object()) damaged(file, "has no \"searches\" object");
  AlertState state;
  if (const auto index = j.find("index"); index != j.end()) {
    if (!index->is_string()) damaged(file, "has an \"index\" that is no string");
    state.index_id = index->get<std::string>();
  }
  for (const auto& [name, s] : searches->items()) {
    if (!s.is_object() || !s.contains("run") || !s["run"].is_number_unsigned() ||
        !s.contains("reported") || !s["reported"].is_array()) {
      damaged(file, "has a malformed entry for \"" + name + "\"");
    }
    SearchState search;
    search.run = s["run"].get<std::uint64_t>();
    if (s.contains("query") && s["query"].is_string()) search.query = s["query"];
    for (const auto& id : s["reported"]) {
      if (!id.is_string()) damaged(file, "has a reported id of \"" + name + "\" that is no string");
      search.reported.insert(id.get<std::string>());
    }
    state.searches.emplace(name, std::move(search));
  }
  return state;
}

std::string alert_state_json(const AlertState& state) {
  nlohmann::ordered_json searches = nlohmann::ordered_json::object();
  for (const auto& [name, s] : state.searches) {
    searches[name] = {{"query", s.query}, {"run", s.run}, {"reported", s.reported}};
  }
  nlohmann::ordered_json j = {{"format", kFormat}};
  if (!state.index_id.empty()) j["index"] = state.index_id;
  j["searches"] = std::move(searches);
  return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void save_alert_state(const std::filesystem::path& file, const AlertState& state) {
  write_file_atomically(file, alert_state_json(state), "alert state");
}

std::filesystem::path resolve_state_path(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::path resolved = std::filesystem::weakly_canonical(file, ec);
  return ec ? file : resolved;
}

AlertStateLock AlertStateLock::acquire(const std::filesystem::path& state_file) {
  const std::filesystem::path lock = resolve_state_path(state_file).string() + ".lock";
  // O_NOFOLLOW: a link planted at the lock's name is refused, not followed to create a file.
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot create lock file " + lock.string() + ": " +
                             std::strerror(errno));
  }
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    const bool held = errno == EWOULDBLOCK;
    const std::string why = std::strerror(errno);
    ::close(fd);
    if (held) {
      throw AlertStateLocked("alert state " + state_file.string() +
                             " is in use by another morgue-alert run");
    }
    throw std::runtime_error("cannot lock " + lock.string() + ": " + why);
  }
  return AlertStateLock(fd);
}

AlertStateLock::~AlertStateLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace morgue
