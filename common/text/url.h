// Percent-encoding for URLs (RFC 3986): the search page's links and alerts' article links.
#pragma once

#include <string>
#include <string_view>

namespace morgue {

/// `text` percent-encoded: every byte but the unreserved A-Z a-z 0-9 - _ . ~ as %XX, so it
/// fits a path segment or a query parameter.
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace morgue
