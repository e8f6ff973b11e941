#include "searcher/serve/http_message.h"

#include "common/text/url.h"

namespace morgue {

std::optional<std::string> HttpRequest::param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::string HttpRequest::param_or_empty(std::string_view name) const {
  return param(name).value_or("");
}

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

void split_target(HttpRequest& request) {
  const std::string_view target = request.target;
  const auto question = target.find('?');
  request.path = url_decode(target.substr(0, question), false);
  request.params.clear();
  if (question == std::string_view::npos) return;
  std::string_view query = target.substr(question + 1);
  if (const auto hash = query.find('#'); hash != std::string_view::npos) {
    query = query.substr(0, hash);
  }
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      request.params.emplace_back(
          url_decode(pair.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

}  // namespace morgue
