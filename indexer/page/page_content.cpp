#include "indexer/page/page_content.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/text/ascii.h"

namespace morgue {

namespace {

template <std::size_t N>
bool among(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

template <std::size_t N>
bool contains_any(std::string_view text, const std::array<std::string_view, N>& parts) {
  for (const auto p : parts)
    if (text.find(p) != std::string_view::npos) return true;
  return false;
}

// Elements that never hold article text.
constexpr std::array<std::string_view, 26> kNeverText{
    "script", "style",      "noscript", "template", "svg",    "math",  "nav",    "aside",  "footer",
    "button", "select",     "textarea", "iframe",   "object", "embed", "canvas", "video",  "audio",
    "figure", "figcaption", "head",     "input",    "dialog", "menu",  "header", "picture"};

// Elements that start a block of text of their own.
constexpr std::array<std::string_view, 39> kBlockTags{
    "address", "article", "blockquote", "body",     "center",  "dd",     "details", "dir",
    "div",     "dl",      "dt",         "fieldset", "h1",      "h2",     "h3",      "h4",
    "h5",      "h6",      "hr",         "li",       "main",    "ol",     "p",       "pre",
    "section", "summary", "table",      "tbody",    "td",      "tfoot",  "th",      "thead",
    "tr",      "ul",      "br",         "html",     "caption", "hgroup", "legend"};

// Class and id words of page furniture (readability's "unlikely candidates"), unless the
// same attribute also says it is content.
constexpr std::array<std::string_view, 37> kUnlikely{
    "caption",    "credit",  "byline",  "gallery",      "share",    "newsletter", "subscribe",
    "-ad-",       "ai2html", "banner",  "breadcrumb",   "combx",    "comment",    "community",
    "cover-wrap", "disqus",  "extra",   "footer",       "gdpr",     "header",     "legends",
    "menu",       "related", "remark",  "replies",      "rss",      "shoutbox",   "sidebar",
    "skyscraper", "social",  "sponsor", "supplemental", "ad-break", "agegate",    "pagination",
    "pager",      "popup"};
constexpr std::array<std::string_view, 8> kMaybe{"and",     "article", "body",    "column",
                                                 "content", "main",    "mathjax", "shadow"};
constexpr std::array<std::string_view, 14> kPositive{
    "article", "body", "content", "entry", "hentry", "h-entry",   "main",
    "page",    "post", "text",    "blog",  "story",  "paragraph", "prose"};
constexpr std::array<std::string_view, 24> kNegative{
    "-ad-",  "hidden",   "banner",  "combx",      "comment",  "com-",     "contact", "footer",
    "gdpr",  "masthead", "media",   "meta",       "outbrain", "promo",    "related", "scroll",
    "share", "shoutbox", "sidebar", "skyscraper", "sponsor",  "shopping", "tags",    "widget"};

// The class and id of an element, lower case, for the hints above.
std::string hints(const HtmlNode* e) {
  std::string out;
  if (const auto c = attribute(e, "class")) out += ascii_lower(*c);
  out += ' ';
  if (const auto i = attribute(e, "id")) out += ascii_lower(*i);
  return out;
}

// How hard an attempt judges by class and id: readability's retries, each less strict, for
// pages whose furniture words also name the article's wrapper ("Page-ad-margins").
struct Strictness {
  bool strip_unlikely = true;
  bool weigh_classes = true;
};

int class_weight(const HtmlNode* e, const Strictness& how) {
  if (!how.weigh_classes) return 0;
  int weight = 0;
  for (const char* name : {"class", "id"}) {
    const auto value = attribute(e, name);
    if (!value || value->empty()) continue;
    const std::string v = ascii_lower(*value);
    if (contains_any(v, kNegative)) weight -= 25;
    if (contains_any(v, kPositive)) weight += 25;
  }
  return weight;
}

bool hidden(const HtmlNode* e) {
  if (attribute(e, "hidden")) return true;
  if (const auto a = attribute(e, "aria-hidden"); a && *a == "true") return true;
  if (const auto style = attribute(e, "style")) {
    std::string s;
    for (const char c : ascii_lower(*style))
      if (c != ' ') s += c;
    if (s.find("display:none") != std::string::npos ||
        s.find("visibility:hidden") != std::string::npos)
      return true;
  }
  return false;
}

// A class or id token that names an ad slot or a line of metadata ("ad", "ad-slot",
// "advert", "post-meta", "dateline"): word by word, since "ad" inside a word means nothing
// ("header", "load").
bool furniture_token(std::string_view hints) {
  std::size_t at = 0;
  while (at < hints.size()) {
    const std::size_t end = std::min(hints.find(' ', at), hints.size());
    const std::string_view t = hints.substr(at, end - at);
    at = end + 1;
    if (t.empty()) continue;
    if (t == "ad" || t == "ads" || t == "advert" || t == "advertisement" || t == "adsbygoogle" ||
        t.starts_with("ad-") || t.starts_with("ads-") || t.starts_with("advert") ||
        t.ends_with("-ad") || t.ends_with("-ads") || t == "meta" || t.ends_with("-meta") ||
        t.starts_with("meta-") || t == "dateline" || t == "timestamp" || t == "sponsored")
      return true;
  }
  return false;
}

bool skipped(const HtmlNode* e, const Strictness& how) {
  const std::string_view tag = tag_name(e);
  if (among(tag, kNeverText) || hidden(e)) return true;
  if (!how.strip_unlikely) return false;
  if (tag == "body" || tag == "article" || tag == "main" || tag == "html" || tag == "a")
    return false;
  if (const auto role = attribute(e, "role");
      role &&
      (*role == "navigation" || *role == "complementary" || *role == "dialog" || *role == "menu" ||
       *role == "menubar" || *role == "banner" || *role == "contentinfo"))
    return true;
  const std::string h = hints(e);
  if (furniture_token(h)) return true;
  return contains_any(h, kUnlikely) && !contains_any(h, kMaybe);
}

// A run of text between block boundaries.
struct Block {
  std::string text;
  std::size_t link_chars = 0;
  const HtmlNode* container = nullptr;  // the nearest enclosing block element
  std::string_view tag;                 // the container's tag
};

std::size_t count_chars(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Walks the page into blocks, leaving out what never holds article text.
class BlockReader {
 public:
  explicit BlockReader(const Strictness& how) : how_(how) {}
  std::vector<Block> blocks;
  std::unordered_set<const HtmlNode*> has_block_child;

  void read(const HtmlNode* root) {
    struct Step {
      const HtmlNode* node;
      bool leaving;
    };
    std::vector<Step> stack{{root, false}};
    while (!stack.empty()) {
      const Step step = stack.back();
      stack.pop_back();
      const HtmlNode* n = step.node;
      if (const auto text = node_text(n)) {
        append(*text);
        continue;
      }
      if (!is_element(n)) continue;
      const std::string_view tag = tag_name(n);
      const bool block = among(tag, kBlockTags);
      if (step.leaving) {
        if (tag == "a") --in_link_;
        if (block) {
          flush();
          containers_.pop_back();
        }
        continue;
      }
      if (skipped(n, how_)) continue;
      if (tag == "a") ++in_link_;
      if (block) {
        flush();
        if (!containers_.empty()) has_block_child.insert(containers_.back());
        containers_.push_back(n);
      }
      stack.push_back({n, true});
      for (std::size_t i = child_count(n); i-- > 0;) stack.push_back({child(n, i), false});
    }
    flush();
  }

 private:
  void append(std::string_view text) {
    current_.text += text;
    if (in_link_ > 0) link_text_ += text;
  }
  void flush() {
    std::string text = squeeze_spaces(current_.text);
    if (!text.empty() && !containers_.empty()) {
      Block b;
      b.text = std::move(text);
      b.link_chars = count_chars(squeeze_spaces(link_text_));
      b.container = containers_.back();
      b.tag = tag_name(b.container);
      blocks.push_back(std::move(b));
    }
    current_ = Block{};
    link_text_.clear();
  }

  Strictness how_;
  std::vector<const HtmlNode*> containers_;
  Block current_;
  std::string link_text_;
  int in_link_ = 0;
};

int tag_weight(std::string_view tag) {
  if (tag == "div" || tag == "article" || tag == "main" || tag == "section") return 5;
  if (tag == "pre" || tag == "td" || tag == "blockquote") return 3;
  if (tag == "address" || tag == "ol" || tag == "ul" || tag == "dl" || tag == "dd" || tag == "dt" ||
      tag == "li" || tag == "form")
    return -3;
  if (tag == "h1" || tag == "h2" || tag == "h3" || tag == "h4" || tag == "h5" || tag == "h6" ||
      tag == "th")
    return -5;
  return 0;
}

struct NodeStats {
  double score = 0;
  bool scored = false;
  std::size_t chars = 0, link_chars = 0;
  [[nodiscard]] double link_density() const {
    return chars == 0 ? 0 : double(link_chars) / double(chars);
  }
};

bool is_heading(std::string_view tag) {
  return tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6';
}

bool inside(const HtmlNode* node, const std::unordered_set<const HtmlNode*>& roots) {
  for (const HtmlNode* n = node; n != nullptr; n = parent_element(n))
    if (roots.contains(n)) return true;
  return false;
}

std::string extract(const HtmlTree& tree, std::string_view headline, const Strictness& how) {
  BlockReader reader(how);
  reader.read(tree.root());
  if (reader.blocks.empty()) return {};

  std::unordered_map<const HtmlNode*, NodeStats> stats;
  for (const Block& b : reader.blocks) {
    const std::size_t chars = count_chars(b.text);
    for (const HtmlNode* n = b.container; n != nullptr; n = parent_element(n)) {
      NodeStats& s = stats[n];
      s.chars += chars;
      s.link_chars += b.link_chars;
    }
  }
  // Each paragraph of some length scores its ancestors, less with each level up.
  const auto touch = [&](const HtmlNode* n) -> NodeStats& {
    NodeStats& s = stats[n];
    if (!s.scored) {
      s.scored = true;
      s.score = tag_weight(tag_name(n)) + class_weight(n, how);
    }
    return s;
  };
  std::vector<const HtmlNode*> candidates;
  for (const Block& b : reader.blocks) {
    const std::size_t chars = count_chars(b.text);
    if (chars < 25 || is_heading(b.tag)) continue;
    double score = 1 + double(std::count(b.text.begin(), b.text.end(), ',')) +
                   std::min(double(chars / 100), 3.0);
    // Text loose in an element that also holds blocks is a paragraph of that element.
    const HtmlNode* first =
        reader.has_block_child.contains(b.container) ? b.container : parent_element(b.container);
    int level = 0;
    for (const HtmlNode* n = first; n != nullptr && level < 5; n = parent_element(n), ++level) {
      NodeStats& s = touch(n);
      if (s.score == tag_weight(tag_name(n)) + class_weight(n, how)) candidates.push_back(n);
      const double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      s.score += score / divider;
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  if (candidates.empty()) return {};
  const auto final_score = [&](const HtmlNode* n) {
    const NodeStats& s = stats[n];
    return s.score * (1 - s.link_density());
  };
  std::stable_sort(candidates.begin(), candidates.end(), [&](const HtmlNode* a, const HtmlNode* b) {
    return final_score(a) > final_score(b);
  });
  const HtmlNode* top = candidates.front();
  const double top_score = final_score(top);

  // Several strong candidates under one ancestor: the article is that ancestor.
  {
    std::vector<const HtmlNode*> close;
    for (std::size_t i = 1; i < std::min<std::size_t>(candidates.size(), 5); ++i)
      if (final_score(candidates[i]) >= 0.75 * top_score) close.push_back(candidates[i]);
    if (close.size() >= 3) {
      for (const HtmlNode* p = parent_element(top); p != nullptr && tag_name(p) != "body";
           p = parent_element(p)) {
        std::size_t holding = 0;
        for (const HtmlNode* c : close)
          if (inside(c, {p})) ++holding;
        if (holding >= 3) {
          top = p;
          break;
        }
      }
    }
  }
  // Climb while the parent scores better (its text is the article's, spread over children).
  {
    double last = final_score(top);
    for (const HtmlNode* p = parent_element(top); p != nullptr && tag_name(p) != "body";
         p = parent_element(p)) {
      if (!stats[p].scored) continue;
      const double s = final_score(p);
      if (s < last / 3) break;
      if (s > last) {
        top = p;
        break;
      }
      last = s;
    }
  }
  // A lone child says nothing its parent does not.
  while (const HtmlNode* p = parent_element(top)) {
    if (tag_name(p) == "body") break;
    std::size_t elements = 0;
    for (std::size_t i = 0; i < child_count(p); ++i) elements += is_element(child(p, i));
    if (elements != 1) break;
    top = p;
  }

  // The article: the top candidate and the siblings that read like more of it.
  std::unordered_set<const HtmlNode*> article{top};
  if (const HtmlNode* parent = parent_element(top)) {
    const double threshold = std::max(10.0, final_score(top) * 0.2);
    const auto top_class = attribute(top, "class");
    for (std::size_t i = 0; i < child_count(parent); ++i) {
      const HtmlNode* sib = child(parent, i);
      if (!is_element(sib) || sib == top) continue;
      const auto it = stats.find(sib);
      if (it == stats.end()) continue;
      double bonus = 0;
      if (const auto c = attribute(sib, "class"); top_class && c && !c->empty() && *c == *top_class)
        bonus = final_score(top) * 0.2;
      if (it->second.scored && final_score(sib) + bonus >= threshold) {
        article.insert(sib);
      } else if (tag_name(sib) == "p") {
        const NodeStats& s = it->second;
        if ((s.chars > 80 && s.link_density() < 0.25) ||
            (s.chars > 0 && s.chars <= 80 && s.link_chars == 0)) {
          article.insert(sib);
        }
      }
    }
  }

  std::string body;
  const std::string head = squeeze_spaces(headline);
  for (const Block& b : reader.blocks) {
    if (!inside(b.container, article)) continue;
    if (b.tag == "h1" || (!head.empty() && b.text == head)) continue;
    const std::size_t chars = count_chars(b.text);
    if (chars > 0 && double(b.link_chars) / double(chars) > 0.5) continue;
    if (!body.empty()) body += "\n\n";
    body += b.text;
  }
  return body;
}

}  // namespace

std::string article_body(const HtmlTree& tree, std::string_view headline) {
  // Less strict attempts while the text found is shorter than a short article, taken only
  // when they find much more: a strict attempt that lost the article to a wrapper's class
  // finds little or nothing, while on a brief the loose ones only add furniture.
  constexpr std::size_t kShortArticle = 500;
  std::string best;
  for (const Strictness how :
       {Strictness{true, true}, Strictness{false, true}, Strictness{false, false}}) {
    std::string body = extract(tree, headline, how);
    const std::size_t chars = count_chars(body);
    if (best.empty() || chars > 2 * count_chars(best)) best = std::move(body);
    if (count_chars(best) >= kShortArticle) break;
  }
  return best;
}

}  // namespace morgue
