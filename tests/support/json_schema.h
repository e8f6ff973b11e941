// Validating JSON documents against the project's JSON Schemas (schemas/).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace morgue::test {

/// Validates `doc` against schemas/<schema_file>, or the part of it at JSON pointer `pointer`
/// ("/properties/hits/items": one search hit); returns "" when valid, else the errors, one per
/// line. Throws when the schema itself cannot be read.
std::string schema_errors(const nlohmann::json& doc, const std::string& schema_file,
                          const std::string& pointer = "");

}  // namespace morgue::test
