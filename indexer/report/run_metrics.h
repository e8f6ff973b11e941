// A run's outcome as node_exporter textfile metrics (morgue-index --metrics-file): what a
// Prometheus alert on a nightly job needs — when it last succeeded, how long it took, how it
// exited, what it did to how many articles.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "indexer/index_builder.h"

namespace morgue {

/// What one morgue-index run reports.
struct RunMetrics {
  int exit_code = 0;
  double duration_seconds = 0;
  /// Unix time the last successful run finished: this one's end when it succeeded (exit 0,
  /// or 1: finished with some inputs rejected), else the previous file's value, if any.
  std::optional<double> last_success_seconds;
  /// The run's counts, when it got far enough to have them (not for a locked or unusable
  /// index).
  std::optional<IndexStats> stats;
};

/// The metrics in Prometheus' text exposition format, HELP and TYPE lines included, no
/// sample timestamps (node_exporter's textfile collector refuses files with them):
/// morgue_index_last_success_timestamp_seconds, morgue_index_duration_seconds,
/// morgue_index_exit_code, morgue_index_articles{outcome="added|updated|unchanged|deleted|
/// rejected"}, morgue_index_documents.
[[nodiscard]] std::string format_metrics(const RunMetrics& metrics);

/// The morgue_index_last_success_timestamp_seconds value of an earlier metrics text, if any.
[[nodiscard]] std::optional<double> previous_last_success(const std::string& metrics_text);

/// Writes `text` to `file` atomically (common/io/atomic_file.h): to a new temporary beside it,
/// flushed, then renamed over it, so
/// that the collector never reads half a file. Throws std::runtime_error naming the file.
void write_metrics_file(const std::filesystem::path& file, const std::string& text);

}  // namespace morgue
