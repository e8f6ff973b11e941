// Loopback networking for the end-to-end tests: free ports, waiting for a server, and a
// plain HTTP/1.1 GET (no client library, so the tests share one precompiled header).
#pragma once

#include <string>
#include <vector>

namespace morgue::test {

/// A loopback port nobody listens on now (the kernel picks it).
int free_port();

/// Whether something accepts connections on loopback `port`.
bool accepting(int port);

/// What an HTTP request got back.
struct HttpReply {
  int status = 0;  ///< 0 when the connection failed
  std::string headers;
  std::string body;
};

/// Sends `method target` to 127.0.0.1:`port` over a fresh connection (closed after the
/// answer) and reads the whole reply.
HttpReply http(int port, const std::string& target, const std::string& method = "GET");

/// A connected loopback socket, or -1.
int connect_loopback(int port);

/// Writes all of `bytes` to socket `fd`; false when the peer is gone.
bool send_all(int fd, const std::string& bytes);

/// Everything `fd` yields until the peer closes or `timeout_ms` passes without a byte.
std::string read_until_close(int fd, int timeout_ms);

/// The replies in `raw` (one after another, each with its Content-Length), in order.
std::vector<HttpReply> parse_replies(const std::string& raw);

}  // namespace morgue::test
