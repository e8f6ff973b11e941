// Outlet names from URL domains.
#include "indexer/read/outlet_map.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "embedded/outlets_data.h"

namespace morgue {

std::string url_host(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host(rest);
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return host;
}

OutletMap OutletMap::builtin() {
  OutletMap map;
  map.merge_json(embedded::outlets_json(), "schemas/outlets.json");
  return map;
}

void OutletMap::merge_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read outlet map " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  merge_json(text.str(), file.string());
}

void OutletMap::merge_json(std::string_view json, const std::string& what) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("domains") ||
      !doc.at("domains").is_object()) {
    throw std::runtime_error(what +
                             ": not an outlet map ({\"domains\": {\"example.com\": \"Name\"}})");
  }
  for (const auto& [domain, name] : doc.at("domains").items()) {
    if (!name.is_string())
      throw std::runtime_error(what + ": outlet for " + domain + " is not a string");
    by_domain_[url_host("x://" + domain)] = name.get<std::string>();
  }
}

std::optional<std::string> OutletMap::outlet_for_url(std::string_view url) const {
  std::string_view host_view;
  const std::string host = url_host(url);
  host_view = host;
  if (host_view.starts_with("www.")) host_view.remove_prefix(4);
  while (!host_view.empty()) {
    if (const auto it = by_domain_.find(std::string(host_view)); it != by_domain_.end())
      return it->second;
    const auto dot = host_view.find('.');
    if (dot == std::string_view::npos) break;
    host_view.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

}  // namespace morgue
