// The article inside a saved web page: its paragraphs without the navigation, ads, related
// links, comments and footers around them, found as readability-style extractors find it
// (text and comma density scored up the tree, link density, class and id hints, the
// <article>/<main> structure).
#pragma once

#include <string>
#include <string_view>

#include "indexer/page/html_tree.h"

namespace morgue {

/// The article text of `tree`: its paragraphs, headings and list items in page order,
/// separated by blank lines; the headline (an <h1>, or a block equal to `headline`) left out,
/// as it is the article's title. "" when the page holds no text that reads as an article.
[[nodiscard]] std::string article_body(const HtmlTree& tree, std::string_view headline = {});

}  // namespace morgue
