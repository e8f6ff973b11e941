// node_exporter textfile metrics of a morgue-index run.
#include "indexer/report/run_metrics.h"

#include <charconv>
#include <sstream>
#include <stdexcept>

#include "common/io/atomic_file.h"

namespace morgue {
namespace {

constexpr std::string_view kLastSuccess = "morgue_index_last_success_timestamp_seconds";

void metric(std::ostringstream& out, std::string_view name, std::string_view help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n";
}

std::string number(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

}  // namespace

std::string format_metrics(const RunMetrics& m) {
  std::ostringstream out;
  if (m.last_success_seconds) {
    metric(out, kLastSuccess,
           "Unix time the last successful morgue-index run finished (exit status 0 or 1).");
    out << kLastSuccess << ' ' << number(*m.last_success_seconds) << '\n';
  }
  metric(out, "morgue_index_duration_seconds", "How long the last morgue-index run took.");
  out << "morgue_index_duration_seconds " << number(m.duration_seconds) << '\n';
  metric(out, "morgue_index_exit_code",
         "Exit status of the last morgue-index run (0 ok, 1 inputs rejected, 2 fatal, 3 mass "
         "deletion refused, 75 index locked).");
  out << "morgue_index_exit_code " << m.exit_code << '\n';
  if (m.stats) {
    const IndexStats& s = *m.stats;
    metric(out, "morgue_index_articles", "Articles of the last morgue-index run, by outcome.");
    const std::pair<const char*, std::size_t> outcomes[] = {{"added", s.added},
                                                            {"updated", s.updated},
                                                            {"unchanged", s.unchanged},
                                                            {"deleted", s.deleted},
                                                            {"rejected", s.rejected}};
    for (const auto& [outcome, count] : outcomes) {
      out << "morgue_index_articles{outcome=\"" << outcome << "\"} " << count << '\n';
    }
    metric(out, "morgue_index_documents", "Articles in the index after the last morgue-index run.");
    out << "morgue_index_documents " << s.total << '\n';
  }
  return out.str();
}

std::optional<double> previous_last_success(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with(kLastSuccess) || line.size() <= kLastSuccess.size() ||
        line[kLastSuccess.size()] != ' ') {
      continue;
    }
    double value = 0;
    const char* begin = line.data() + kLastSuccess.size() + 1;
    const auto [end, ec] = std::from_chars(begin, line.data() + line.size(), value);
    if (ec == std::errc() && end != begin) return value;
  }
  return std::nullopt;
}

void write_metrics_file(const std::filesystem::path& file, const std::string& text) {
  write_file_atomically(file, text, "metrics file");
}

}  // namespace morgue
