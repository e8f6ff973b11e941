// Outlet names from URLs, for records that give a URL but no outlet (schemas/outlets.json).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace morgue {

/// Domain -> outlet name. A host matches its own entry or its nearest parent domain's
/// (edition.cnn.com -> cnn.com); a leading "www." is ignored. Immutable once loaded.
class OutletMap {
 public:
  /// The map shipped in schemas/outlets.json (compiled in).
  static OutletMap builtin();

  /// Adds or overrides the entries of a file in the same format. Throws std::runtime_error
  /// naming the file when it cannot be read or is not in that format.
  void merge_file(const std::filesystem::path& file);

  /// The outlet for `url`, or nullopt when its host is not known or it has none.
  [[nodiscard]] std::optional<std::string> outlet_for_url(std::string_view url) const;

 private:
  void merge_json(std::string_view json, const std::string& what);
  std::unordered_map<std::string, std::string> by_domain_;
};

/// The lower-cased host of `url` ("https://www.CBC.ca/news/x" -> "www.cbc.ca"), or "".
[[nodiscard]] std::string url_host(std::string_view url);

}  // namespace morgue
