// morgue-serve: the search page and the HTTP JSON API over one index, read-only, following
// the nightly run's commits and generation switches.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "searcher/search.h"

namespace morgue {

/// Settings for Server.
struct ServeOptions {
  std::filesystem::path db;  ///< the index directory
  std::string host = "127.0.0.1";
  int port = 8080;          ///< 0: any free port (port() tells which)
  std::size_t threads = 8;  ///< request threads, each with its own Database
  /// Most hits a request may ask for (`limit` above it is cut to it).
  long long max_limit = 100;
  /// Seconds a search may take before it is answered 503 (0: no limit). Default 10.
  double time_limit = kDefaultTimeLimit;
  /// Words the wildcards of one query may expand to, all together (more: 400).
  long long max_wildcard_terms = SearchOptions{}.max_wildcard_terms;
  /// Connections held open at once; more are closed as they arrive. Default 20,000.
  std::size_t max_connections = 20'000;
};

/// Routes (docs/operations.md, "The search server"): GET and HEAD only.
///   /                    the search page        /search?q=...      results page
///   /api/search?q=...    morgue-search --json   /articles/ID, /api/articles/ID
///   /opensearch.xml      /healthz
/// Errors: 400 (malformed query or parameter, the CLI's message), 404 (no such article or
/// route), 405 (another method), 413 (a body), 414 (URI too long), 431 (too many or too large
/// header fields), 503 (index missing or unusable, the search's time limit passed).
/// One access-log line per request on `log` (method, path, status, ms). Connections are
/// handled as searcher/serve/http_server.h says (deadlines, limits, pipelining).
class Server {
 public:
  Server(ServeOptions options, std::function<void(const std::string&)> log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the listening socket; throws std::runtime_error naming the address on failure.
  void bind();
  /// The port bound (after bind()).
  [[nodiscard]] int port() const;
  /// Serves until stop(); requests in progress get HttpServerOptions::drain_timeout to
  /// finish. When some did not, the caller should end the process without destructors
  /// (finished_cleanly()).
  void run();
  /// False when run() returned with answers still being made.
  [[nodiscard]] bool finished_cleanly() const { return clean_; }
  /// From any thread (a signal-waiting one): stop accepting, drain, make run() return.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool clean_ = true;
};

}  // namespace morgue
