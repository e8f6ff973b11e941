#include "indexer/page/html_tree.h"

#include <gumbo.h>

#include <array>
#include <stdexcept>

namespace morgue {

namespace {

// Elements a later sibling or parent end closes without an end tag: they cannot nest
// without bound.
bool closes_itself(std::string_view tag) {
  static constexpr std::array<std::string_view, 17> kTags{
      "p",  "li", "dt", "dd",    "tr",    "td",    "th",       "option", "optgroup",
      "rb", "rt", "rp", "thead", "tbody", "tfoot", "colgroup", "rtc"};
  for (const auto t : kTags)
    if (t == tag) return true;
  return false;
}

bool is_void(std::string_view tag) {
  static constexpr std::array<std::string_view, 16> kTags{
      "area", "base", "br",    "col",    "embed", "hr",  "img",    "input",
      "link", "meta", "param", "source", "track", "wbr", "keygen", "image"};
  for (const auto t : kTags)
    if (t == tag) return true;
  return false;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_inline(std::string_view tag) {
  static constexpr std::array<std::string_view, 27> kTags{
      "a",    "abbr",   "b",   "bdi", "bdo",  "cite", "code", "data", "dfn",
      "em",   "font",   "i",   "kbd", "mark", "q",    "s",    "samp", "small",
      "span", "strong", "sub", "sup", "time", "u",    "var",  "ins",  "del"};
  for (const auto t : kTags)
    if (t == tag) return true;
  return false;
}

// All text below `node` in document order, scripts and styles left out; a space where a
// block or a line break separates words, none inside a word split by inline markup.
void collect_text(const HtmlNode* node, std::string& out) {
  std::vector<const HtmlNode*> stack{node};  // nullptr: a space, after a block's text
  while (!stack.empty()) {
    const HtmlNode* n = stack.back();
    stack.pop_back();
    if (n == nullptr) {
      out += ' ';
      continue;
    }
    if (const auto text = node_text(n)) {
      out += *text;
      continue;
    }
    const auto tag = tag_name(n);
    if (tag == "script" || tag == "style" || tag == "noscript" || tag == "template") continue;
    if (!is_inline(tag)) {
      out += ' ';
      stack.push_back(nullptr);
    }
    for (std::size_t i = child_count(n); i-- > 0;) stack.push_back(child(n, i));
  }
}

}  // namespace

std::size_t html_nesting_estimate(std::string_view html) {
  std::size_t depth = 0, deepest = 0;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    if (html.substr(i, 3) == "!--") {  // a comment holds no tags
      const std::size_t end = html.find("-->", i + 3);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    std::string tag;
    while (i < html.size() && tag.size() < 16 &&
           ((html[i] >= 'a' && html[i] <= 'z') || (html[i] >= 'A' && html[i] <= 'Z') ||
            (html[i] >= '0' && html[i] <= '9')))
      tag += lower(html[i++]);
    if (tag.empty() || closes_itself(tag) || is_void(tag)) continue;
    if (tag == "script" || tag == "style") {  // their text holds no tags
      if (closing) continue;
      const std::string end = "</" + tag;
      std::size_t j = i;
      for (; j < html.size(); ++j) {
        if (html[j] == '<' && j + end.size() <= html.size()) {
          bool match = true;
          for (std::size_t k = 0; k < end.size() && match; ++k)
            match = lower(html[j + k]) == end[k];
          if (match) break;
        }
      }
      i = j;
      continue;
    }
    // A self-closing start tag ("<div/>") is still an open element in HTML5; count it.
    if (closing) {
      if (depth > 0) --depth;
    } else {
      deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

HtmlTree::HtmlTree(std::string_view html, std::size_t max_depth) {
  if (const std::size_t depth = html_nesting_estimate(html); depth > max_depth) {
    throw std::runtime_error("elements nested " + std::to_string(depth) + " deep (more than " +
                             std::to_string(max_depth) + ")");
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are every page's lot; recording them costs time
  output_ = gumbo_parse_with_options(&options, html.data(), html.size());
  if (output_ == nullptr) throw std::runtime_error("the HTML parser gave up");
}

HtmlTree::~HtmlTree() {
  if (output_ != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

HtmlTree::HtmlTree(HtmlTree&& other) noexcept : output_(other.output_) { other.output_ = nullptr; }

const HtmlNode* HtmlTree::root() const { return output_->root; }

bool is_element(const HtmlNode* node) {
  return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

std::string_view tag_name(const HtmlNode* node) {
  if (!is_element(node)) return {};
  const GumboElement& e = node->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  // An unknown tag: its name as written ("<my-widget a=1>" -> "my-widget"). Read here, not by
  // gumbo_tag_from_original_text(), which asserts on text it did not expect (an element the
  // parser made up, a clone), and an assertion would end the run.
  const GumboStringPiece& piece = e.original_tag;
  if (piece.data == nullptr || piece.length < 2 || piece.data[0] != '<') return {};
  std::string_view text(piece.data, piece.length);
  text.remove_prefix(text[1] == '/' ? 2 : 1);
  std::size_t end = 0;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
         text[end] != '\r' && text[end] != '\f' && text[end] != '/' && text[end] != '>')
    ++end;
  return text.substr(0, end);
}

std::optional<std::string_view> attribute(const HtmlNode* node, const char* name) {
  if (!is_element(node)) return std::nullopt;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  if (a == nullptr) return std::nullopt;
  return std::string_view(a->value);
}

std::size_t child_count(const HtmlNode* node) {
  return is_element(node) ? node->v.element.children.length : 0;
}

const HtmlNode* child(const HtmlNode* node, std::size_t i) {
  return static_cast<const HtmlNode*>(node->v.element.children.data[i]);
}

const HtmlNode* parent_element(const HtmlNode* node) {
  const HtmlNode* p = node == nullptr ? nullptr : node->parent;
  return is_element(p) ? p : nullptr;
}

std::optional<std::string_view> node_text(const HtmlNode* node) {
  if (node == nullptr) return std::nullopt;
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      return std::string_view(node->v.text.text);
    default:
      return std::nullopt;
  }
}

std::string squeeze_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
      space = true;
      if (nbsp) ++i;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string text_content(const HtmlNode* node) {
  std::string raw;
  if (const auto text = node_text(node)) {
    raw = *text;
  } else {
    collect_text(node, raw);
  }
  return squeeze_spaces(raw);
}

}  // namespace morgue
