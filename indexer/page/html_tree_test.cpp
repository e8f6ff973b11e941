#include "indexer/page/html_tree.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

TEST_CASE("a page parsed as browsers parse it: tags, attributes, text") {
  const morgue::HtmlTree tree(
      "<!doctype html><html lang=en><title>T</title><p class=\"lead x\">Caf&eacute; &amp; "
      "<b>b</b>ar<br>baz<script>var x = '<p>';</script>\n\n  end<p>second");
  const morgue::HtmlNode* root = tree.root();
  CHECK(morgue::tag_name(root) == "html");
  CHECK(morgue::attribute(root, "lang") == "en");
  CHECK_FALSE(morgue::attribute(root, "dir").has_value());
  // Entities decoded, scripts left out, white space squeezed; the unclosed <p> closed.
  CHECK(morgue::text_content(root) == "T Café & bar baz end second");
  int paragraphs = 0;
  morgue::for_each_element(root, [&](const morgue::HtmlNode* e) {
    paragraphs += morgue::tag_name(e) == "p";
    return true;
  });
  CHECK(paragraphs == 2);
}

TEST_CASE("nesting is estimated before parsing, and a page nested absurdly deep is refused") {
  CHECK(morgue::html_nesting_estimate("<div><div></div><p>a<p>b<br><img></div>") == 2);
  // Elements that close themselves, void elements, comments and script text do not nest.
  CHECK(morgue::html_nesting_estimate("<li>a<li>b<td>c<!-- <div><div> --><script>'<div>'"
                                      "</script>") == 0);
  std::string deep;
  for (int i = 0; i < 20'000; ++i) deep += "<div>";
  CHECK(morgue::html_nesting_estimate(deep) == 20'000);
  CHECK_THROWS_AS(morgue::HtmlTree(deep, 10'000), std::runtime_error);
  CHECK_NOTHROW(morgue::HtmlTree(deep, 30'000));
}

TEST_CASE("squeeze_spaces makes every run of white space, no-break spaces too, one space") {
  CHECK(morgue::squeeze_spaces("  a \t\n b\xC2\xA0\xC2\xA0"
                               "c  ") == "a b c");
  CHECK(morgue::squeeze_spaces("") == "");
}

TEST_CASE("unknown and made-up elements: a tag name as written, never an assertion") {
  // Custom elements, foreign content and elements the adoption agency clones (a <b> reopened
  // in each cell) are where gumbo's own tag-name helper asserts.
  const morgue::HtmlTree tree(
      "<my-widget data-x=1>w</my-widget><svg><foreignObject><p>x</svg>"
      "<b><i><p>a</b>b</i><table><b><tr><td>c</td></tr></b></table><x-y/>");
  std::vector<std::string> unknown;
  morgue::for_each_element(tree.root(), [&](const morgue::HtmlNode* e) {
    const auto tag = morgue::tag_name(e);
    if (tag.find('-') != std::string_view::npos) unknown.emplace_back(tag);
    return true;
  });
  CHECK(unknown == std::vector<std::string>{"my-widget", "x-y"});
}
