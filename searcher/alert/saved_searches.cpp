#include "searcher/alert/saved_searches.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace morgue {
namespace {

constexpr std::size_t kMaxNameBytes = 200;

// A saved search from one non-blank line; throws std::runtime_error saying what is wrong.
SavedSearch parse_line(std::string_view text, std::size_t line, std::string& name_seen) {
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw std::runtime_error("not valid JSON");
  if (!j.is_object()) throw std::runtime_error("not a JSON object");
  const auto name = j.find("name");
  if (name == j.end() || !name->is_string()) throw std::runtime_error("\"name\" is not a string");
  SavedSearch s;
  s.line = line;
  s.name = name->get<std::string>();
  name_seen = s.name;
  if (s.name.empty()) throw std::runtime_error("\"name\" is empty");
  if (s.name.size() > kMaxNameBytes) {
    throw std::runtime_error("\"name\" is over " + std::to_string(kMaxNameBytes) + " bytes");
  }
  const auto query = j.find("query");
  if (query == j.end() || !query->is_string()) {
    throw std::runtime_error("\"query\" is not a string");
  }
  s.query = query->get<std::string>();
  if (const auto any = j.find("any"); any != j.end()) {
    if (!any->is_boolean()) throw std::runtime_error("\"any\" is not true or false");
    s.any = any->get<bool>();
  }
  return s;
}

}  // namespace

SavedSearches parse_saved_searches(std::string_view text) {
  SavedSearches out;
  std::set<std::string> names;
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    const std::size_t end = text.find('\n');
    std::string_view content = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const std::size_t first = content.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || content[first] == '#') continue;
    std::string name;
    try {
      SavedSearch s = parse_line(content, line, name);
      if (!names.insert(s.name).second) {
        throw std::runtime_error("the name \"" + s.name + "\" is used by an earlier line");
      }
      out.searches.push_back(std::move(s));
    } catch (const std::runtime_error& e) {
      out.errors.push_back({line, name, e.what()});
    }
  }
  return out;
}

SavedSearches load_saved_searches(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read saved searches " + file.string() + ": " +
                             std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read saved searches " + file.string());
  return parse_saved_searches(text.str());
}

std::string saved_search_line(std::string_view name, std::string_view query, bool any) {
  nlohmann::ordered_json j = {{"name", name}, {"query", query}};
  if (any) j["any"] = true;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace morgue
