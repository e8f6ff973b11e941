// morgue-serve: the search page and the HTTP JSON API over one index, read-only, following
// the nightly run's commits and generation switches.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace morgue {

/// Settings for Server.
struct ServeOptions {
  std::filesystem::path db;  ///< the index directory
  std::string host = "127.0.0.1";
  int port = 8080;          ///< 0: any free port (port() tells which)
  std::size_t threads = 8;  ///< request threads, each with its own Database
  /// Most hits a request may ask for (`limit` above it is cut to it).
  long long max_limit = 100;
};

/// Routes (docs/operations.md, "The search server"): GET and HEAD only.
///   /                    the search page        /search?q=...      results page
///   /api/search?q=...    morgue-search --json   /articles/ID, /api/articles/ID
///   /opensearch.xml      /healthz
/// Errors: 400 (malformed query or parameter, the CLI's message), 404 (no such article or
/// route), 405 (another method), 414 (URI too long), 503 (index missing or unusable).
/// One access-log line per request on `log` (method, path, status, ms).
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
  /// Serves until stop(); requests in progress finish first.
  void run();
  /// From any thread (a signal-waiting one): stop accepting, drain, make run() return.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace morgue
