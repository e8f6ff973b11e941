// A saved web page parsed as browsers parse it (HTML5, gumbo), with the few questions the
// page readers ask of an element: its tag, its attributes, its text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct GumboInternalNode;
struct GumboInternalOutput;

namespace morgue {

using HtmlNode = GumboInternalNode;

/// A parsed page. Move-only; owns the tree.
class HtmlTree {
 public:
  /// Parses UTF-8 `html` (any bytes: HTML5 parsing never fails). Throws std::runtime_error
  /// when the page nests elements deeper than `max_depth` (html_nesting_estimate()): the
  /// parser's time grows with the square of the depth, so a hostile page could stall a run.
  explicit HtmlTree(std::string_view html, std::size_t max_depth = 10'000);
  ~HtmlTree();
  HtmlTree(HtmlTree&& other) noexcept;
  HtmlTree& operator=(HtmlTree&&) = delete;
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  /// The <html> element.
  [[nodiscard]] const HtmlNode* root() const;

 private:
  GumboInternalOutput* output_;
};

/// How deeply `html` can nest elements at most: open start tags less end tags, counting only
/// elements that a later sibling does not close on its own (not p, li, td, ...). A cheap scan,
/// before parsing.
[[nodiscard]] std::size_t html_nesting_estimate(std::string_view html);

/// Whether `node` is an element.
[[nodiscard]] bool is_element(const HtmlNode* node);
/// An element's lower-case tag name ("div", "h1"; an unknown tag as written); "" otherwise.
[[nodiscard]] std::string_view tag_name(const HtmlNode* node);
/// An attribute's value (names are lower case), or nullopt.
[[nodiscard]] std::optional<std::string_view> attribute(const HtmlNode* node, const char* name);
/// How many children (elements, text and all) the element has; 0 for anything else.
[[nodiscard]] std::size_t child_count(const HtmlNode* node);
/// The element's child `i` (< child_count()).
[[nodiscard]] const HtmlNode* child(const HtmlNode* node, std::size_t i);
/// The element's parent element, or nullptr at the top.
[[nodiscard]] const HtmlNode* parent_element(const HtmlNode* node);
/// A text node's text (entities decoded); nullopt for an element.
[[nodiscard]] std::optional<std::string_view> node_text(const HtmlNode* node);
/// `text` with each run of white space (a no-break space too) as one space, trimmed.
[[nodiscard]] std::string squeeze_spaces(std::string_view text);
/// All text below `node`, whitespace runs as one space, trimmed; scripts and styles left out.
[[nodiscard]] std::string text_content(const HtmlNode* node);

/// Calls `visit` for `node` and every element below it in document order; `visit` returns
/// false to skip an element's children. Iterative: a deep page cannot exhaust the stack.
template <typename Visit>
void for_each_element(const HtmlNode* node, Visit&& visit) {
  std::vector<const HtmlNode*> stack{node};
  while (!stack.empty()) {
    const HtmlNode* n = stack.back();
    stack.pop_back();
    if (!is_element(n) || !visit(n)) continue;
    for (std::size_t i = child_count(n); i-- > 0;) stack.push_back(child(n, i));
  }
}

}  // namespace morgue
