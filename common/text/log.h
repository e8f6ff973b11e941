// How a program's diagnostics reach stderr: as the text lines people read ("morgue-index:
// error: ...", "FILE:LINE: warning: ..."), or with --log-format json as one JSON object per
// line that a log shipper can read (level, message, and file, line and offset where known).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace morgue {

enum class LogFormat { kText, kJson };

/// The format of every diagnostic this process writes from now on (default text). Set once,
/// by main, before anything is said.
void set_log_format(LogFormat format);
[[nodiscard]] LogFormat log_format();
/// "text" -> kText, "json" -> kJson; nullopt for anything else.
[[nodiscard]] std::optional<LogFormat> parse_log_format(std::string_view name);

/// One diagnostic.
struct LogEntry {
  std::string_view program;   ///< "morgue-index"
  std::string_view level;     ///< "error", "warning", "note", "info"
  std::string_view message;   ///< what happened, without the program or level
  std::string_view location;  ///< where in the input: "FILE" or "FILE:LINE"; empty when none
};

/// `entry` as one JSON object: {"time", "program", "level", "message"} and "file", "line",
/// "offset" when known (the line from a location's trailing ":N", the byte offset from the
/// message's "offset N"). No newline.
[[nodiscard]] std::string json_log_line(const LogEntry& entry);

/// Writes `entry` to `out` and flushes: `text` (the line as the program has always written it,
/// without its newline) in text format, json_log_line() in JSON.
void write_log(std::ostream& out, const LogEntry& entry, std::string_view text);

}  // namespace morgue
