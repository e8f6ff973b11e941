// Turning a scraped plain-text page into title + body: headline detection and removal of
// the page chrome scrapers pick up (login prompts, related-story links, video widgets).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

/// A line (or part of one) taken out of the text, and the rule that took it.
struct RemovedChrome {
  std::size_t line = 0;  ///< 1-based line number in the input
  std::string text;      ///< what was removed
  std::string rule;      ///< "prompt", "related-link", "video-widget", ...
};

/// Result of split_scraped_text().
struct ScrapedText {
  std::string title;  ///< empty when the first line is not a headline
  std::string body;   ///< remaining lines, paragraphs separated by one blank line (lines of
                      ///< a hard-wrapped text joined back into their paragraphs)
  std::vector<RemovedChrome> removed;
};

/// Settings for split_scraped_text().
struct ScrapedTextOptions {
  bool detect_headline = true;  ///< false: every line is body (the title came from metadata)
  bool remove_chrome = true;    ///< false: keep every line
};

/// True when `line` reads as a headline rather than a body sentence: 2 to 30 words, at most
/// 200 bytes, starts with an upper-case letter, digit or quote, and does not end like a
/// sentence (a full stop, possibly inside closing quotes). Headlines may end in '?' or '!'.
[[nodiscard]] bool looks_like_headline(std::string_view line);

/// Splits scraped text. Chrome is removed conservatively: only lines matching a known
/// widget pattern go, and a line that carries a real sentence after a widget prefix keeps
/// the sentence. The first remaining line becomes the title when looks_like_headline().
[[nodiscard]] ScrapedText split_scraped_text(std::string_view text,
                                             const ScrapedTextOptions& options = {});

}  // namespace morgue
