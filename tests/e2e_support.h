// Helpers shared by the end-to-end tests: running the binaries and reading their output.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/json_schema.h"
#include "tests/support/process.h"

namespace morgue::test {

/// Pass as expected_status to accept any exit status.
inline constexpr int kAnyStatus = -1;

/// morgue-search --json with `args`; checks the exit status and the output against the
/// schema, and returns the parsed output.
inline nlohmann::json search_json(const std::string& db, const std::vector<std::string>& args,
                                  int expected_status = 0) {
  std::vector<std::string> argv{search_bin(), "--db", db, "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  const RunResult r = run(argv);
  INFO("stderr: " << r.err);
  if (expected_status != kAnyStatus) CHECK(r.status == expected_status);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(schema_errors(doc, "search-result.schema.json") == "");
  return doc;
}

/// Whether `text` (a program's output) holds `part`.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// `text` with ASCII capitals in lower case.
inline std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

/// The ids of the hits of a --json search, sorted.
inline std::vector<std::string> hit_ids(const nlohmann::json& doc) {
  std::vector<std::string> ids;
  for (const auto& h : doc.at("hits")) ids.push_back(h.at("id").get<std::string>());
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// The ids matching `query` (all of them: --limit 1000), sorted.
inline std::vector<std::string> ids_for(const std::string& db, const std::string& query) {
  const auto doc = search_json(db, {"--limit", "1000", query}, kAnyStatus);
  return hit_ids(doc);
}

}  // namespace morgue::test
