// What a saved news page says of itself: headline, publication time, outlet, byline,
// canonical URL, language and section, from the places publishers put them (Open Graph and
// article: meta tags, schema.org JSON-LD, <time>, <link rel=canonical>, <html lang>), with
// the page's <h1> and <title> as the headline's fallbacks.
#pragma once

#include <string>
#include <string_view>

#include "indexer/page/html_tree.h"

namespace morgue {

/// A page's metadata; "" where the page does not say.
struct PageMetadata {
  std::string headline;
  std::string published;  ///< as written ("2019-11-20T05:27:00-06:00"); parse_timestamp() reads it
  std::string outlet;     ///< og:site_name, JSON-LD publisher
  std::string byline;     ///< authors, ", " between them
  std::string canonical_url;  ///< absolute
  std::string language;       ///< as declared ("en", "en-US", "pt-BR")
  std::string section;        ///< "Politics", "World news"
  /// The publication day the page shows its readers after the headline ("Nov. 19, 2019"
  /// beside the byline, in a <time>), "YYYY-MM-DD"; "" when it shows none. A timestamp
  /// written in UTC may fall on the next day: the reader's day is this one.
  std::string shown_day;
};

/// Reads `tree`'s metadata. `url` is where the page was fetched from, when known: it resolves
/// a relative canonical link, and a date in its path ("/2019/11/20/") is the last fallback for
/// the publication date.
[[nodiscard]] PageMetadata read_page_metadata(const HtmlTree& tree, std::string_view url = {});

/// `title` less a site's name after a separator ("Esper visits Hanoi - Houston Chronicle" ->
/// "Esper visits Hanoi") when that part names `site` or is the page's host's name, or when
/// `h1` is the part before it.
[[nodiscard]] std::string strip_site_suffix(std::string_view title, std::string_view site,
                                            std::string_view h1, std::string_view url);

/// The date a URL's path gives ("/2019/11/20/", "/2019-11-20/", "/2019/nov/20/", a last
/// segment ending "-20191120"), "YYYY-MM-DD", or "".
[[nodiscard]] std::string url_path_date(std::string_view url);

/// The first date written out in `text` ("Updated 5:27 am CST, Wednesday, November 20, 2019",
/// "19 Nov 2019", "2019-11-19"), "YYYY-MM-DD", or "".
[[nodiscard]] std::string written_date(std::string_view text);

/// `href` made absolute against `base` (an absolute http(s) URL); "" when it cannot be.
[[nodiscard]] std::string resolve_url(std::string_view base, std::string_view href);

}  // namespace morgue
