// A request as the routes read it and an answer as they write it, apart from any HTTP
// library: the target split into a decoded path and query parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace morgue {

/// One HTTP request.
struct HttpRequest {
  std::string method;  ///< "GET", "HEAD", ...
  std::string target;  ///< as sent: "/search?q=orban+putin"
  std::string path;    ///< percent-decoded: "/articles/2024-03/a b.txt"
  std::vector<std::pair<std::string, std::string>> params;   ///< decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased

  /// The first value of query parameter `name`, or nullopt.
  [[nodiscard]] std::optional<std::string> param(std::string_view name) const;
  /// The first value of query parameter `name`, "" when absent.
  [[nodiscard]] std::string param_or_empty(std::string_view name) const;
  /// The first value of header `name` (lower case), "" when absent.
  [[nodiscard]] std::string header(std::string_view name) const;
};

/// Fills `request.path` and `request.params` from `request.target` ("/p%20q?a=1&b=x+y").
void split_target(HttpRequest& request);

/// One answer.
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< besides the type and length
};

}  // namespace morgue
