// The HTTP/1.1 layer of morgue-serve, built to face hostile clients (Boost.Beast over
// Boost.Asio): connections are served by an event loop, so idle, silent or slow ones cost a
// socket and a few kilobytes, never a thread; every request must arrive whole within a
// deadline and within header limits; answers are computed on a pool of worker threads and
// written back in request order (pipelining); a stop drains within a bounded time whatever
// the clients do.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "searcher/serve/http_message.h"

namespace morgue {

/// Settings for HttpServer. Defaults are morgue-serve's.
struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0: any free port (HttpServer::port() tells which)
  /// Threads computing answers (searches). Default 8.
  std::size_t workers = 8;
  /// Threads computing the cheap answers (the search box, /healthz, static files, errors), so
  /// that they never wait behind searches. Default 1.
  std::size_t light_workers = 1;
  /// A request's line and headers must arrive within this long of the connection's first
  /// byte being awaited (or the last answer written, on a kept-alive connection). Default 10 s.
  std::chrono::milliseconds read_timeout{10'000};
  /// An answer must be taken by the client within this long. Default 10 s.
  std::chrono::milliseconds write_timeout{10'000};
  std::size_t max_header_bytes = 32 * 1024;  ///< request line and headers; beyond: 431
  std::size_t max_header_fields = 100;       ///< beyond: 431
  std::size_t max_target_bytes = 8 * 1024;   ///< request target; beyond: 414
  std::size_t max_body_bytes = 4096;         ///< beyond: 413
  /// Connections held open at once; more are closed as they arrive. Default 20,000.
  std::size_t max_connections = 20'000;
  /// After stop(), answers still being computed get this long before run() returns anyway.
  std::chrono::milliseconds drain_timeout{3'000};
};

/// Computes the answer to a request; runs on a worker thread, must not throw.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
/// Whether a request is cheap to answer (served by the light workers).
using HttpLightRequest = std::function<bool(const HttpRequest&)>;
/// Receives one access-log line per answered request (method, target, status, ms).
using HttpLog = std::function<void(const std::string&)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler, HttpLightRequest light, HttpLog log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens (no SO_REUSEPORT: a port in use is an error, not shared). Throws
  /// std::runtime_error naming the address.
  void bind();
  /// The port bound (after bind()).
  [[nodiscard]] int port() const;
  /// Serves until stop(); returns once the connections are closed, or after drain_timeout.
  /// Returns false when answers were still being computed then (their threads are left
  /// running: the caller should exit the process promptly, without destructors).
  bool run();
  /// From any thread: stop accepting, close idle connections, answer those in progress with
  /// "Connection: close", and make run() return.
  void stop();

  struct Impl;  // opaque; named by the connections in http_server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace morgue
