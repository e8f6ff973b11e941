#include "indexer/page/saved_page.h"

#include <cstdlib>
#include <stdexcept>

#include "common/text/url.h"
#include "indexer/page/html_tree.h"
#include "indexer/page/page_charset.h"
#include "indexer/page/page_content.h"
#include "indexer/page/page_metadata.h"

namespace morgue {

SavedPage read_saved_page(std::string_view bytes, const PageOrigin& origin) {
  SavedPage out;
  DecodedPage page = decode_page_bytes(bytes, origin.content_type);
  if (page.rejected) {
    out.error = *page.rejected;
    return out;
  }
  if (page.warning) out.warnings.push_back(*page.warning);
  std::optional<HtmlTree> tree;
  try {
    tree.emplace(page.html);
  } catch (const std::runtime_error& e) {
    out.error = std::string("not read as a page: ") + e.what();
    return out;
  }
  const PageMetadata meta = read_page_metadata(*tree, origin.url);
  Article a;
  a.title = meta.headline;
  a.body = article_body(*tree, meta.headline);
  if (a.body.empty()) {
    out.error = "no article text in the page (nothing reads as paragraphs of an article)";
    return out;
  }
  out.canonical_url = meta.canonical_url;
  a.url = !meta.canonical_url.empty() ? meta.canonical_url
          : is_web_url(origin.url)    ? std::string(origin.url)
                                      : std::string();
  a.outlet = meta.outlet;
  a.byline = meta.byline;
  a.section = meta.section;
  a.language = meta.language;
  // The day readers are shown, or the URL's: both in the publisher's own zone.
  const std::string local_day =
      !meta.shown_day.empty() ? meta.shown_day : url_path_date(origin.url);
  const auto local = local_day.empty() ? std::nullopt : parse_date(local_day);
  if (!meta.published.empty()) {
    if (const auto t = parse_timestamp(meta.published)) {
      a.published = t->day;
      a.published_utc_minutes = t->utc_minutes;
      // A timestamp written in UTC falls on the next day for half the world's evenings: the
      // day the page shows its readers wins by one day, never more.
      if (local && std::abs(local->days_since_epoch() - t->day.days_since_epoch()) == 1)
        a.published = local;
    } else if (local) {
      a.published = local;
    } else {
      out.warnings.push_back("publication date \"" + meta.published.substr(0, 80) +
                             "\" not understood; left undated");
    }
  } else if (local) {
    a.published = local;
  } else if (origin.fetched) {
    a.published = origin.fetched->day;
    a.published_utc_minutes = origin.fetched->utc_minutes;
  }
  out.article = std::move(a);
  return out;
}

}  // namespace morgue
