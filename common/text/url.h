// Percent-encoding for URLs (RFC 3986): the search page's links and alerts' article links.
#pragma once

#include <string>
#include <string_view>

namespace morgue {

/// `text` percent-encoded: every byte but the unreserved A-Z a-z 0-9 - _ . ~ as %XX, so it
/// fits a path segment or a query parameter.
[[nodiscard]] std::string url_encode(std::string_view text);

/// `text` with %XX decoded (and, when `plus_is_space`, '+' read as a space: query strings). A
/// '%' not followed by two hex digits stays as it is.
[[nodiscard]] std::string url_decode(std::string_view text, bool plus_is_space);

/// Whether `url` is an http: or https: URL (any case, after leading white space and control
/// characters, which browsers skip too): the only links a page may make of data. A
/// javascript:, data: or vbscript: URL would run script in the page's origin when clicked.
[[nodiscard]] bool is_web_url(std::string_view url);

}  // namespace morgue
