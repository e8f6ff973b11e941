// morgue-alert: saved searches reported after the nightly run.
#include <unistd.h>

#include <iostream>

#include "common/cli/cli.h"
#include "common/index/date.h"
#include "common/index/index_db.h"
#include "common/text/log.h"
#include "common/text/printable.h"
#include "searcher/alert/alert_output.h"
#include "searcher/alert/alert_state.h"
#include "searcher/alert/alerts.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitReported = 0;
constexpr int kExitNothing = 1;
constexpr int kExitError = 2;

constexpr const char* kUsage =
    "Usage: morgue-alert --db PATH --saved FILE --state FILE [--json] [--since DATE]\n"
    "\n"
    "Runs saved searches over what the nightly morgue-index runs brought since the last\n"
    "report, and reports each article once per search: new ones, and those updated so\n"
    "that they now match. FILE --saved holds one search per line (JSONL):\n"
    "  {\"name\": \"orban\", \"query\": \"Orban\"}\n"
    "  {\"name\": \"lavrov-cbc\", \"query\": \"outlet:\\\"CBC News\\\" person:Lavrov "
    "date:2022..\"}\n"
    "  {\"name\": \"energy\", \"query\": \"gas oil prices\", \"any\": true}\n"
    "where query is any morgue-search query. FILE --state is morgue-alert's memory,\n"
    "written atomically after the report; a search it does not know yet records a\n"
    "baseline and reports from the next index run on (--since: from a date instead).\n"
    "Copies of one story are one hit listing its outlets. A search in error is reported\n"
    "as such and the others run; its state stays as it was.\n";

constexpr const char* kExitStatuses =
    "\nExit status:\n"
    "  0  something was reported\n"
    "  1  nothing was reported\n"
    "  2  error (bad usage, the index or the state unusable, a saved search in error;\n"
    "     what the other searches found is reported and recorded all the same)\n";

struct Arguments {
  morgue::cli::CommonOptions common;
  std::string saved;
  std::string state;
  std::string since;
  std::string link_base;
  std::string color = "auto";
  bool json = false;
};

po::options_description visible_options(Arguments& a) {
  po::options_description visible("Options", morgue::cli::kHelpWidth);
  morgue::cli::add_common_options(visible, a.common);
  // clang-format off
  visible.add_options()
      ("saved", po::value(&a.saved)->value_name("FILE"),
       "saved searches, one JSON object per line (schemas/saved-search.schema.json)")
      ("state", po::value(&a.state)->value_name("FILE"),
       "what was reported (schemas/alert-state.schema.json); created by the first run")
      ("since", po::value(&a.since)->value_name("DATE"),
       "report the articles published on or after DATE (YYYY[-MM[-DD]]) that a search has not "
       "reported, instead of those indexed since its last run")
      ("link-base", po::value(&a.link_base)->value_name("URL"),
       "the morgue-serve address: each hit gets its link URL/articles/ID")
      ("json", po::bool_switch(&a.json),
       "one JSON object per line (schemas/alert-line.schema.json)")
      ("color", po::value(&a.color)->value_name("WHEN")->default_value("auto"),
       "highlight matches: auto (on a terminal) | always | never");
  // clang-format on
  return visible;
}

void parse(int argc, char** argv, const po::options_description& visible) {
  po::positional_options_description none;
  (void)morgue::cli::parse_command_line(argc, argv, visible, none);
}

morgue::AlertOptions alert_options(const Arguments& a) {
  using morgue::cli::UsageError;
  if (a.common.db.empty()) throw UsageError("--db PATH is required", true);
  if (a.saved.empty()) throw UsageError("--saved FILE is required", true);
  if (a.state.empty()) throw UsageError("--state FILE is required", true);
  if (a.color != "auto" && a.color != "always" && a.color != "never") {
    throw UsageError("--color must be auto, always or never");
  }
  morgue::AlertOptions options;
  if (!a.since.empty()) {
    options.since = morgue::parse_date_bound(a.since, /*end=*/false);
    if (!options.since)
      throw UsageError("--since '" + a.since + "' is not a date (YYYY[-MM[-DD]])");
  }
  return options;
}

void log(const char* level, const std::string& message, const morgue::AlertOutcome* o,
         const std::string& saved) {
  std::string location;
  std::string text = std::string("morgue-alert: ") + level + ": ";
  std::string said = message;
  if (o != nullptr) {
    location = saved + ":" + std::to_string(o->line);
    text += morgue::printable(location) + ": ";
    if (!o->name.empty()) said = o->name + ": " + said;
  }
  morgue::write_log(std::cerr, {"morgue-alert", level, said, location},
                    text + morgue::printable(said));
}

int run(const Arguments& a, const morgue::AlertOptions& options) {
  try {
    // One file however it is named: the lock, the state read and the state written.
    const std::filesystem::path state_file = morgue::resolve_state_path(a.state);
    const morgue::AlertStateLock lock = morgue::AlertStateLock::acquire(state_file);
    std::optional<morgue::AlertState> state = morgue::load_alert_state(state_file);
    const morgue::SavedSearches saved = morgue::load_saved_searches(a.saved);
    morgue::OpenIndex index(a.common.db);
    morgue::AlertState next = state.value_or(morgue::AlertState{});
    const morgue::AlertReport report = morgue::run_alerts(index.db(), saved, next, options);
    const morgue::AlertOutputOptions output{
        .text = {.color = a.color == "always" || (a.color == "auto" && isatty(STDOUT_FILENO))},
        .link_base = a.link_base};
    if (a.json) {
      morgue::render_alert_json(report, std::cout, output);
    } else {
      morgue::render_alert_text(report, std::cout, output);
    }
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write the report; nothing was recorded");
    for (const morgue::AlertOutcome& o : report.outcomes) {
      for (const auto& w : o.warnings) log("warning", w, &o, a.saved);
      if (o.error)
        log("error", *o.error + "; its state is kept for when it is mended", &o, a.saved);
      if (o.baseline) {
        log("info",
            "baseline recorded at index run " + std::to_string(report.index_run) +
                "; articles indexed from the next run on will be reported",
            &o, a.saved);
      }
    }
    // After the report: a run killed before this line leaves the last state, and the next
    // run reports again what this one may not have delivered.
    morgue::save_alert_state(state_file, next);
    if (a.common.verbose) {
      std::size_t articles = 0;
      for (const auto& o : report.outcomes) articles += o.articles;
      log("info",
          std::to_string(report.outcomes.size()) + " saved searches, " + std::to_string(articles) +
              " articles reported, through index run " + std::to_string(report.index_run),
          nullptr, a.saved);
    }
    if (report.failed()) return kExitError;
    return report.reported() ? kExitReported : kExitNothing;
  } catch (...) {
    morgue::cli::report_failure("morgue-alert");
    return kExitError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  morgue::cli::exit_cleanly_on_terminate("morgue-alert", kExitError);
  Arguments args;
  const po::options_description visible = visible_options(args);
  return morgue::cli::run_main(
      {"morgue-alert", kUsage, kExitStatuses, kExitReported}, args.common, visible,
      [&] { parse(argc, argv, visible); }, [&] { return run(args, alert_options(args)); });
}
