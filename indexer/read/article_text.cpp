// Headline detection and chrome removal. The rules are deliberately narrow: a false
// positive deletes a journalist's sentence, a false negative only indexes some noise.
#include "indexer/read/article_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <regex>

#include "common/text/text_fold.h"
#include "common/text/utf8.h"

namespace morgue {
namespace {

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  // U+00A0 (no-break space) is common padding in scraped pages.
  while (s.starts_with("\xC2\xA0")) s.remove_prefix(2);
  while (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
  return s;
}

std::size_t count_words(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Whole-line prompts that sites print around every story. Compared after folding and
// lower-casing; the line must consist of nothing but these phrases.
constexpr std::array<std::string_view, 16> kPromptPhrases{
    "we're not around right now. but you can send us an email and we'll get back to you, asap.",
    "log in with your credentials",
    "forgot your details?",
    "forgot your password?",
    "related images",
    "view larger image",
    "advertisement",
    "story continues below advertisement",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "share this article",
    "click here to subscribe",
    "already a subscriber? log in",
    "skip to main content",
    "image",
    "photo",
};

// True when `folded` is made only of prompt phrases (e.g. "RELATED IMAGESview larger image").
bool is_prompt(std::string_view folded) {
  while (!folded.empty()) {
    bool matched = false;
    for (const std::string_view p : kPromptPhrases) {
      if (folded.starts_with(p)) {
        folded.remove_prefix(p.size());
        folded = trim(folded);
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

bool ends_like_sentence(std::string_view s) {
  while (!s.empty() && (s.back() == '"' || s.back() == '\'' || s.back() == ')')) s.remove_suffix(1);
  return s.ends_with('.') && !s.ends_with("...");
}

const std::regex& bullet_pattern() {
  // U+2022 bullet, U+25AA small square, U+25CF black circle, U+00B7 middle dot.
  static const std::regex re("^(\xE2\x80\xA2|\xE2\x96\xAA|\xE2\x97\x8F|\xC2\xB7)\\s*(.*)$");
  return re;
}

const std::regex& glued_label_pattern() {
  // "More:What are ...", "State of play:Will Russia ...": a short label glued to the title
  // of another story, which only happens when a link widget is flattened into text.
  static const std::regex re("^[A-Z][A-Za-z]+( [A-Za-z]+){0,3}:[A-Z\"'\xE2]");
  return re;
}

const std::regex& video_widget_pattern() {
  // "16 hours agoDuration 2:02The diplomatic tensions ... 2:02": a video card whose
  // description is a real sentence. Strip the widget parts, keep the sentence.
  static const std::regex re(
      "^(\\d+ (seconds?|minutes?|hours?|days?|weeks?|months?) ago)?\\s*Duration\\s*"
      "\\d{1,2}:\\d{2}(:\\d{2})?\\s*(.*?)(\\s+\\d{1,2}:\\d{2}(:\\d{2})?)?$");
  return re;
}

// What the chrome rules make of one line: nullopt to keep it as is, otherwise the text to
// keep instead (possibly empty) and the rule's name.
struct ChromeVerdict {
  std::string keep;
  std::string rule;
};

bool starts_with_bullet(std::string_view s) {
  return s.starts_with("\xE2\x80\xA2") || s.starts_with("\xE2\x96\xAA") ||
         s.starts_with("\xE2\x97\x8F") || s.starts_with("\xC2\xB7");
}

// A colon within the first 40 bytes directly followed by a non-space: the only lines the
// glued-label regex can match.
bool has_glued_colon(std::string_view s) {
  const std::size_t colon = s.find(':');
  return colon != std::string_view::npos && colon < 40 && colon + 1 < s.size() &&
         s[colon + 1] != ' ';
}

std::optional<ChromeVerdict> classify_chrome(std::string_view line) {
  // Cheap tests first: std::regex is slow and this runs on every line of every article.
  if (line.size() < 120 && is_prompt(trim(fold_word(line)))) return ChromeVerdict{"", "prompt"};
  std::smatch m;
  if (starts_with_bullet(line)) {
    const std::string s(line);
    // Related-story links are titles, not sentences; a bulleted sentence is kept.
    if (std::regex_match(s, m, bullet_pattern()) && !ends_like_sentence(trim(m[2].str())))
      return ChromeVerdict{"", "related-link"};
    return std::nullopt;
  }
  if (has_glued_colon(line) && std::regex_search(std::string(line), glued_label_pattern()))
    return ChromeVerdict{"", "related-link"};
  if (line.find("Duration") != std::string_view::npos) {
    const std::string s(line);
    if (std::regex_match(s, m, video_widget_pattern()))
      return ChromeVerdict{std::string(trim(m[4].str())), "video-widget"};
  }
  return std::nullopt;
}

// Newswire archives hard-wrap their text at a fixed width (Reuters at 60-odd columns): every
// line a paragraph would cut names in two ("Treasury Secretary James" / "Baker said") and
// show a story as a column of one-line paragraphs. A text whose lines all fit in
// kMaxWrapWidth characters, most of them filled to within 80% of the longest, is taken to be
// wrapped at the longest line's width.
constexpr std::size_t kMaxWrapWidth = 100;

// Characters (UTF-8 code points) of `s`.
std::size_t width_of(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A kept line and what the unwrapping needs to know of it as it was in the text.
struct KeptLine {
  std::string text;        // trimmed; empty for a blank line
  std::size_t width = 0;   // of the line as written, indentation included
  bool indented = false;   // began with white space: a new paragraph in wire copy
  bool as_written = true;  // false: a chrome rule rewrote it
};

// Ends like a sentence or a clause: a full stop, question or exclamation mark, colon or
// semicolon, possibly inside closing quotes or brackets.
bool ends_clause(std::string_view s) {
  while (!s.empty() && (s.back() == '"' || s.back() == '\'' || s.back() == ')')) s.remove_suffix(1);
  return !s.empty() && (s.back() == '.' || s.back() == '?' || s.back() == '!' || s.back() == ':' ||
                        s.back() == ';');
}

// Whether `next` continues `line`'s paragraph in a text wrapped at `wrap`: the break was the
// wrapper's, as `next`'s first word would not have fitted on `line`, or the text marks its
// paragraphs by indenting them and `line` stops mid-sentence (wire copy whose first line
// lost its dateline: "U.S. Trade Representative Clayton" / "Yeutter said"). A line in
// capitals (a headline, a table) or indented (a paragraph) starts anew.
bool continues(const KeptLine& line, const KeptLine& next, std::size_t wrap,
               bool indented_paragraphs) {
  if (!line.as_written || !next.as_written || next.indented) return false;
  const std::string_view first_word =
      std::string_view(next.text).substr(0, next.text.find_first_of(" \t"));
  const bool wrapper_broke = line.width + 1 + width_of(first_word) > wrap ||
                             (indented_paragraphs && !ends_clause(line.text));
  return wrapper_broke && has_lowercase(line.text) && has_lowercase(next.text);
}

}  // namespace

bool looks_like_headline(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.size() > 200) return false;
  const std::size_t words = count_words(line);
  if (words < 2 || words > 30) return false;
  const auto first = static_cast<unsigned char>(line.front());
  const bool starts_well = std::isupper(first) || std::isdigit(first) || first == '"' ||
                           first == '\'' || first >= 0x80;  // curly quote or accented capital
  if (!starts_well) return false;
  const std::string folded = fold_text(line);
  return !ends_like_sentence(folded);
}

ScrapedText split_scraped_text(std::string_view text, const ScrapedTextOptions& options) {
  ScrapedText out;
  std::vector<KeptLine> kept;
  std::size_t wrap = 0;  // the longest line's width
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_no;
    std::string_view raw = text.substr(start, end - start);
    if (raw.ends_with('\r')) raw.remove_suffix(1);
    const std::size_t width = width_of(raw);
    wrap = std::max(wrap, width);
    const std::string_view line = trim(raw);
    start = end + 1;
    if (line.empty()) {
      kept.emplace_back();
      continue;
    }
    KeptLine k{std::string(line), width, line.data() != raw.data()};
    if (options.remove_chrome) {
      if (auto verdict = classify_chrome(line)) {
        out.removed.push_back({line_no, std::string(line), verdict->rule});
        if (!verdict->keep.empty()) {
          k.text = std::move(verdict->keep);
          k.as_written = false;
          kept.push_back(std::move(k));
        }
        continue;
      }
    }
    kept.push_back(std::move(k));
  }

  auto it = std::find_if(kept.begin(), kept.end(), [](const auto& l) { return !l.text.empty(); });
  if (options.detect_headline && it != kept.end() && looks_like_headline(it->text)) {
    out.title = it->text;
    ++it;
  }
  // Paragraphs: each non-empty line is one, unless the text is hard-wrapped and the line
  // continues the one before; blank-line runs collapse.
  // Wrapped text fills most of its lines: a few short paragraphs are not taken for it.
  const std::size_t lines =
      std::count_if(kept.begin(), kept.end(), [](const auto& l) { return !l.text.empty(); });
  const std::size_t full = std::count_if(kept.begin(), kept.end(), [&](const auto& l) {
    return !l.text.empty() && l.width * 5 >= wrap * 4;  // within 80% of the width
  });
  const bool wrapped = wrap <= kMaxWrapWidth && full >= 3 && full * 2 >= lines;
  const bool indented_paragraphs =
      std::any_of(it, kept.end(), [](const auto& l) { return !l.text.empty() && l.indented; });
  const KeptLine* previous = nullptr;
  for (; it != kept.end(); ++it) {
    if (it->text.empty()) {
      previous = nullptr;
      continue;
    }
    if (previous != nullptr && wrapped && continues(*previous, *it, wrap, indented_paragraphs)) {
      out.body += ' ';
    } else if (!out.body.empty()) {
      out.body.append("\n\n");
    }
    out.body.append(it->text);
    previous = &*it;
  }
  return out;
}

}  // namespace morgue
