// JSON Schema validation with valijson.
#include "tests/support/json_schema.h"

#include <fstream>
#include <stdexcept>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace morgue::test {

std::string schema_errors(const nlohmann::json& doc, const std::string& schema_file,
                          const std::string& pointer) {
  std::ifstream in(std::string(MORGUE_SOURCE_DIR) + "/schemas/" + schema_file);
  if (!in) throw std::runtime_error("cannot read schema " + schema_file);
  const nlohmann::json whole = nlohmann::json::parse(in);
  const nlohmann::json schema_doc = whole.at(nlohmann::json::json_pointer(pointer));
  valijson::Schema schema;
  valijson::SchemaParser parser;
  parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(schema_doc), schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  if (validator.validate(schema, valijson::adapters::NlohmannJsonAdapter(doc), &results)) {
    return "";
  }
  std::string errors;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    std::string where;
    for (const auto& c : e.context) where += c;
    errors += where + ": " + e.description + "\n";
  }
  return errors;
}

}  // namespace morgue::test
