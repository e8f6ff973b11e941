// A saved web page read as an article: decoded, parsed, its metadata and its article text
// found (page_metadata.h, page_content.h). A pure function of the bytes and what the crawl
// knew of them, so that it can be tested and fuzzed on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/index/article.h"
#include "common/index/date.h"

namespace morgue {

/// What the crawl knew of a page besides its bytes.
struct PageOrigin {
  std::string_view url;           ///< where it was fetched from (a WARC record's target URI)
  std::string_view content_type;  ///< the HTTP Content-Type it was served with
  /// When it was fetched (a WARC record's date): the publication date of last resort, for a
  /// page that gives none and whose URL holds none.
  std::optional<Timestamp> fetched;
};

/// Outcome of read_saved_page().
struct SavedPage {
  std::optional<Article> article;     ///< nullopt when rejected
  std::optional<std::string> error;   ///< why it was rejected
  std::vector<std::string> warnings;  ///< what was repaired or assumed
  std::string canonical_url;          ///< the page's own canonical URL, "" when it names none
};

/// Reads one page. The article's url is the canonical URL, else the origin's; its id and
/// source are the caller's to set. Rejected: bytes that are no text, a page nested absurdly
/// deep, a page with no article text. Never throws on bad input.
[[nodiscard]] SavedPage read_saved_page(std::string_view bytes, const PageOrigin& origin = {});

}  // namespace morgue
