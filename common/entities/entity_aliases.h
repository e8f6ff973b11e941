// The user's alias file: which names are one entity, and how it is shown. It overrides and
// extends the automatic merging of entity_key() (schemas/aliases.schema.json).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/index/schema.h"

namespace morgue {

/// The entity an alias stands for.
struct AliasTarget {
  std::string key;      ///< entity_key(name)
  std::string display;  ///< name as the file spells it
};

/// Alias key -> canonical entity, per kind. Loaded from a JSONL file at index time and kept in
/// the index's metadata, so the searcher resolves filters exactly as the indexer did.
class EntityAliases {
 public:
  /// Reads JSONL lines {"kind": "person|org|place", "name": "...", "aliases": ["...", ...]}.
  /// Throws std::runtime_error naming file:line on a malformed line.
  static EntityAliases load(const std::filesystem::path& file);
  /// Inverse of to_json(); an empty string gives an empty set. Throws std::runtime_error.
  static EntityAliases from_json(std::string_view json);
  /// Compact JSON for the database metadata.
  [[nodiscard]] std::string to_json() const;

  /// The canonical entity for `key` (an entity_key()), or nullopt.
  [[nodiscard]] std::optional<AliasTarget> find(schema::EntityKind kind,
                                                const std::string& key) const;
  [[nodiscard]] bool empty() const { return by_kind_.empty(); }

 private:
  std::map<std::pair<schema::EntityKind, std::string>, AliasTarget> by_kind_;
};

/// The metadata key the aliases are stored under.
inline constexpr std::string_view kAliasesMetadataKey = "morgue.aliases";

/// "person" -> kPerson etc.; nullopt for anything else.
[[nodiscard]] std::optional<schema::EntityKind> entity_kind_from_name(std::string_view name);

}  // namespace morgue
