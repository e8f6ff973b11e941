// User alias files.
#include "common/entities/entity_aliases.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/entities/entity_key.h"

namespace morgue {

std::optional<schema::EntityKind> entity_kind_from_name(std::string_view name) {
  for (const auto kind : schema::kEntityKinds) {
    if (schema::entity_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

EntityAliases EntityAliases::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read alias file " + file.string());
  EntityAliases out;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string where = file.string() + ":" + std::to_string(line_no);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    const auto fail = [&](const std::string& why) { throw std::runtime_error(where + ": " + why); };
    if (j.is_discarded() || !j.is_object()) fail("not a JSON object");
    const auto kind = entity_kind_from_name(j.value("kind", ""));
    if (!kind) fail("\"kind\" must be \"person\", \"org\" or \"place\"");
    const std::string name = j.value("name", "");
    if (entity_key(name).empty()) fail("\"name\" must be a non-empty name");
    if (!j.contains("aliases") || !j.at("aliases").is_array()) fail("\"aliases\" must be a list");
    const AliasTarget target{entity_key(*kind, name), name};
    out.by_kind_[{*kind, target.key}] = target;
    for (const auto& alias : j.at("aliases")) {
      if (!alias.is_string() || entity_key(alias.get<std::string>()).empty())
        fail("every alias must be a non-empty string");
      out.by_kind_[{*kind, entity_key(*kind, alias.get<std::string>())}] = target;
    }
  }
  return out;
}

std::string EntityAliases::to_json() const {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [id, target] : by_kind_) {
    j.push_back(
        {std::string(schema::entity_kind_name(id.first)), id.second, target.key, target.display});
  }
  return j.dump();
}

EntityAliases EntityAliases::from_json(std::string_view json) {
  EntityAliases out;
  if (json.empty()) return out;
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_array())
    throw std::runtime_error("index alias metadata is corrupt");
  for (const auto& row : j) {
    const auto kind = entity_kind_from_name(row.at(0).get<std::string>());
    if (!kind) throw std::runtime_error("index alias metadata is corrupt");
    out.by_kind_[{*kind, row.at(1).get<std::string>()}] =
        AliasTarget{row.at(2).get<std::string>(), row.at(3).get<std::string>()};
  }
  return out;
}

std::optional<AliasTarget> EntityAliases::find(schema::EntityKind kind,
                                               const std::string& key) const {
  const auto it = by_kind_.find({kind, key});
  if (it == by_kind_.end()) return std::nullopt;
  return it->second;
}

}  // namespace morgue
