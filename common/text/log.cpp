// Diagnostics as text or JSON lines.
#include "common/text/log.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <ostream>

#include "common/text/printable.h"

namespace morgue {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

// The digits right after `key` in `text` ("offset 17" -> 17), if any.
std::optional<std::size_t> number_after(std::string_view text, std::string_view key) {
  const std::size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const char* begin = text.data() + at + key.size();
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
  if (ec != std::errc() || end == begin) return std::nullopt;
  return value;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis));
  return std::string(buffer, n) + fraction;
}

// Text that is not valid UTF-8 would make nlohmann::json throw: escape it as printable() does.
std::string valid(std::string_view text) { return printable(text, true); }

}  // namespace

void set_log_format(LogFormat format) { g_format = format; }
LogFormat log_format() { return g_format; }

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::string json_log_line(const LogEntry& entry) {
  nlohmann::ordered_json j;
  j["time"] = utc_now();
  j["program"] = valid(entry.program);
  j["level"] = valid(entry.level);
  j["message"] = valid(entry.message);
  if (!entry.location.empty()) {
    std::string_view file = entry.location;
    std::optional<std::size_t> line;
    const std::size_t colon = file.rfind(':');
    if (colon != std::string_view::npos && colon + 1 < file.size() &&
        file.find_first_not_of("0123456789", colon + 1) == std::string_view::npos) {
      line = number_after(file.substr(colon), ":");
      file = file.substr(0, colon);
    }
    j["file"] = valid(file);
    if (line) j["line"] = *line;
  }
  if (auto offset = number_after(entry.message, "offset ")) j["offset"] = *offset;
  return j.dump();
}

void write_log(std::ostream& out, const LogEntry& entry, std::string_view text) {
  // One insertion per line: request threads share stderr.
  std::string line = log_format() == LogFormat::kJson ? json_log_line(entry) : std::string(text);
  line += '\n';
  out << line;
  out.flush();
}

}  // namespace morgue
