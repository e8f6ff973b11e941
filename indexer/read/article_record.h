// One JSONL article record (schemas/article.schema.json) -> Article, or the reason it is
// rejected. A pure function of the line, so it can be tested and fuzzed on its own.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/index/article.h"

namespace morgue {

/// Outcome of parse_article_record().
struct ArticleRecord {
  std::optional<Article> article;     ///< nullopt when rejected
  std::optional<std::string> error;   ///< why it was rejected
  std::vector<std::string> warnings;  ///< what was repaired or assumed
};

/// Limits on what one record may hold.
struct RecordLimits {
  /// Nesting depth of the JSON; deeper records are rejected before parsing. Default 64.
  std::size_t max_depth = 64;
};

/// Parses one line. `fallback_id` is used, with a warning, when the record has no "id".
/// Never throws on bad input.
[[nodiscard]] ArticleRecord parse_article_record(std::string_view line,
                                                 std::string_view fallback_id,
                                                 const RecordLimits& limits = {});

/// Cuts `article`'s body to `max_bytes` (at a UTF-8 boundary, after the last whole word when
/// one is near) and its title to 1 KiB. Returns a warning when it cut anything.
[[nodiscard]] std::optional<std::string> cap_article_size(Article& article, std::size_t max_bytes);

/// The string at `key` of a JSON object, "" when absent or null (the schemas allow null for
/// every optional field: it means "not known"). The caller has checked the type.
[[nodiscard]] std::string optional_string(const nlohmann::json& object, const char* key);

/// The deepest nesting of arrays/objects in `json` text (strings are skipped).
[[nodiscard]] std::size_t json_depth(std::string_view json);

}  // namespace morgue
