#include "common/text/log.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace morgue {

TEST_CASE("a JSON log line names the level, the message and where: file, line, offset") {
  const auto j = nlohmann::json::parse(json_log_line(
      {"morgue-index", "error", "invalid UTF-8 at byte offset 17 (repaired)", "feed.jsonl:42"}));
  CHECK(j["program"] == "morgue-index");
  CHECK(j["level"] == "error");
  CHECK(j["message"] == "invalid UTF-8 at byte offset 17 (repaired)");
  CHECK(j["file"] == "feed.jsonl");
  CHECK(j["line"] == 42);
  CHECK(j["offset"] == 17);
  CHECK(j["time"].get<std::string>().size() == 24);  // 2026-12-03T17:00:00.000Z

  // A file name with colons keeps them; no line or offset is made up.
  const auto k =
      nlohmann::json::parse(json_log_line({"morgue-index", "warning", "cut", "a:b.txt"}));
  CHECK(k["file"] == "a:b.txt");
  CHECK_FALSE(k.contains("line"));
  CHECK_FALSE(k.contains("offset"));
  const auto l = nlohmann::json::parse(json_log_line({"morgue-search", "error", "no index", ""}));
  CHECK_FALSE(l.contains("file"));
  // Bytes that are not UTF-8 (a file name) still make valid JSON.
  const auto bad = nlohmann::json::parse(json_log_line({"p", "error", "bad \xff", "x\xfe:3"}));
  CHECK(bad["line"] == 3);
}

TEST_CASE("write_log writes the text line or the JSON object, as the format says") {
  std::ostringstream text, json;
  set_log_format(LogFormat::kText);
  write_log(text, {"morgue-serve", "info", "stopped", ""}, "morgue-serve: stopped");
  CHECK(text.str() == "morgue-serve: stopped\n");
  set_log_format(LogFormat::kJson);
  write_log(json, {"morgue-serve", "info", "stopped", ""}, "morgue-serve: stopped");
  set_log_format(LogFormat::kText);
  CHECK(nlohmann::json::parse(json.str())["message"] == "stopped");
  CHECK(parse_log_format("json") == LogFormat::kJson);
  CHECK(parse_log_format("text") == LogFormat::kText);
  CHECK_FALSE(parse_log_format("xml"));
}

}  // namespace morgue
