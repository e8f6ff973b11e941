// morgue-serve: the search page and HTTP JSON API over a morgue index.
#include <pthread.h>
#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "common/cli/cli.h"
#include "common/text/log.h"
#include "common/text/printable.h"
#include "searcher/serve/server.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitError = 2;

constexpr const char* kUsage =
    "Usage: morgue-serve --db PATH [--listen HOST:PORT] [--threads N]\n"
    "\n"
    "Serves a morgue index over HTTP, read-only: the search page at /, results at\n"
    "/search?q=..., one article at /articles/ID, the JSON API at /api/search and\n"
    "/api/articles/ID (the objects morgue-search --json prints), /healthz, /opensearch.xml.\n"
    "Follows the nightly run: new commits and generations are answered from within a\n"
    "second, without a restart. One access-log line per request on stderr. SIGTERM or\n"
    "SIGINT finish the requests in progress (at most 3 s more) and exit 0.\n"
    "Hostile clients are bounded: a request must arrive whole within 10 s, its headers\n"
    "within 32 KiB and 100 fields (431), its target within 8 KiB (414); a search within\n"
    "--time-limit (503) and --max-wildcard-terms (400).\n";

constexpr const char* kExitStatuses =
    "\nExit status:\n"
    "  0  stopped by SIGTERM or SIGINT\n"
    "  2  error (bad usage, the address cannot be bound)\n";

struct Arguments {
  morgue::cli::CommonOptions common;
  std::string listen = "127.0.0.1:8080";
  std::size_t threads = 8;
  double time_limit = morgue::kDefaultTimeLimit;
  long long max_wildcard_terms = morgue::SearchOptions{}.max_wildcard_terms;
  long long max_connections = 20'000;
};

po::options_description visible_options(Arguments& a) {
  po::options_description visible("Options", morgue::cli::kHelpWidth);
  morgue::cli::add_common_options(visible, a.common);
  // clang-format off
  visible.add_options()
      ("listen", po::value(&a.listen)->value_name("HOST:PORT")->default_value(a.listen),
       "address to listen on (loopback by default; put a proxy in front for TLS and access "
       "control); port 0 picks a free one")
      ("threads", po::value(&a.threads)->value_name("N")->default_value(a.threads),
       "search threads, each with its own view of the index (connections are served by an "
       "event loop: idle or slow clients hold none)")
      ("time-limit", po::value(&a.time_limit)->value_name("SECONDS")
                         ->default_value(a.time_limit, morgue::cli::shortest(a.time_limit)),
       "answer 503 to a search that takes longer (0 = no limit)")
      ("max-wildcard-terms", po::value(&a.max_wildcard_terms)->value_name("N")
                                 ->default_value(a.max_wildcard_terms),
       "how many words one query's wildcards may expand to, all together (more: 400)")
      ("max-connections", po::value(&a.max_connections)->value_name("N")
                              ->default_value(a.max_connections),
       "connections held open at once; more are closed as they arrive");
  // clang-format on
  return visible;
}

morgue::ServeOptions serve_options(const Arguments& a) {
  using morgue::cli::UsageError;
  if (a.common.db.empty()) throw UsageError("--db PATH is required", true);
  const auto colon = a.listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError("--listen must be HOST:PORT, not '" + a.listen + "'");
  }
  morgue::ServeOptions options;
  options.db = a.common.db;
  options.host = a.listen.substr(0, colon);
  if (options.host.size() > 2 && options.host.front() == '[' && options.host.back() == ']') {
    options.host = options.host.substr(1, options.host.size() - 2);  // [::1]:8080
  }
  try {
    std::size_t used = 0;
    options.port = std::stoi(a.listen.substr(colon + 1), &used);
    if (used != a.listen.size() - colon - 1 || options.port < 0 || options.port > 65535) {
      throw std::out_of_range("port");
    }
  } catch (const std::exception&) {
    throw UsageError("--listen: the port must be a number from 0 to 65535, not '" +
                     a.listen.substr(colon + 1) + "'");
  }
  if (a.threads == 0 || a.threads > 1024) throw UsageError("--threads must be between 1 and 1024");
  options.threads = a.threads;
  if (!(a.time_limit >= 0 && a.time_limit <= 3600)) {
    throw UsageError("--time-limit must be between 0 (none) and 3600 seconds");
  }
  options.time_limit = a.time_limit;
  if (a.max_wildcard_terms < 1 || a.max_wildcard_terms > 10'000'000) {
    throw UsageError("--max-wildcard-terms must be between 1 and 10000000");
  }
  options.max_wildcard_terms = a.max_wildcard_terms;
  if (a.max_connections < 1 || a.max_connections > 1'000'000) {
    throw UsageError("--max-connections must be between 1 and 1000000");
  }
  options.max_connections = static_cast<std::size_t>(a.max_connections);
  return options;
}

// Each connection is a file descriptor: the soft limit (often 1,024) up to the hard one, so
// that --max-connections, not the limit, decides how many clients are held.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int run(const morgue::ServeOptions& options) {
  raise_descriptor_limit();
  // SIGTERM and SIGINT go to one thread that stops the server; the request threads, started
  // later, inherit the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer is its own loss
  try {
    const auto say = [](const std::string& message) {
      morgue::write_log(std::cerr, {"morgue-serve", "info", message, {}},
                        "morgue-serve: " + message);
    };
    morgue::Server server(options, say);
    server.bind();
    say("listening on http://" +
        (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host) +
        ':' + std::to_string(server.port()) + "/ (index " + morgue::printable(options.db.string()) +
        ")");
    std::atomic<bool> signalled{false};
    std::thread waiter([&] {
      int signal = 0;
      sigwait(&stop_signals, &signal);
      signalled = true;
      server.stop();
    });
    server.run();
    // run() also ends when listening fails: then wake the waiter, so that it can be joined.
    if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!server.finished_cleanly()) {
      // Searches past the drain time: their threads still run, so no destructors.
      say("stopped; searches still running were abandoned");
      std::cerr.flush();
      std::_Exit(kExitOk);
    }
    say("stopped");
    return kExitOk;
  } catch (...) {
    morgue::cli::report_failure("morgue-serve");
    return kExitError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  morgue::cli::exit_cleanly_on_terminate("morgue-serve", kExitError);
  Arguments args;
  const po::options_description visible = visible_options(args);
  return morgue::cli::run_main(
      {"morgue-serve", kUsage, kExitStatuses, kExitOk}, args.common, visible,
      [&] {
        (void)morgue::cli::parse_command_line(argc, argv, visible,
                                              po::positional_options_description());
      },
      [&] { return run(serve_options(args)); });
}
