// JSONL article records.
#include "indexer/read/article_record.h"

#include <nlohmann/json.hpp>

#include "common/text/utf8.h"
#include "indexer/read/article_text.h"

namespace morgue {

std::size_t json_depth(std::string_view json) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : json) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{')
      deepest = std::max(deepest, ++depth);
    else if ((c == ']' || c == '}') && depth > 0)
      --depth;
  }
  return deepest;
}

std::string optional_string(const nlohmann::json& object, const char* key) {
  const auto v = object.find(key);
  return v != object.end() && v->is_string() ? v->get<std::string>() : std::string();
}

ArticleRecord parse_article_record(std::string_view line, std::string_view fallback_id,
                                   const RecordLimits& limits) {
  ArticleRecord out;
  const auto reject = [&](std::string why) {
    out.error = std::move(why);
    return out;
  };
  // nlohmann's parser is iterative, but the value it builds is destroyed recursively:
  // refuse absurd nesting before building anything.
  if (json_depth(line) > limits.max_depth) {
    return reject("JSON nested deeper than " + std::to_string(limits.max_depth) + " levels");
  }
  Utf8Repair repaired = repair_utf8(line);
  if (repaired.invalid_sequences > 0) {
    out.warnings.push_back("invalid UTF-8 at byte offset " +
                           std::to_string(*repaired.first_invalid) + " (repaired)");
  }
  const auto j = nlohmann::json::parse(repaired.text, nullptr, false);
  if (j.is_discarded()) return reject("not valid JSON");
  if (!j.is_object()) return reject("not a JSON object");
  for (const char* key :
       {"url", "outlet", "published", "title", "body", "section", "byline", "language"}) {
    const auto v = j.find(key);
    if (v != j.end() && !v->is_null() && !v->is_string()) {
      return reject("\"" + std::string(key) + "\" must be a string");
    }
  }
  const auto body = j.find("body");
  if (body == j.end() || !body->is_string()) return reject("missing required \"body\"");

  Article a;
  const auto id = j.find("id");
  if (id != j.end() && id->is_string() && !id->get<std::string>().empty()) {
    a.id = id->get<std::string>();
  } else if (id != j.end() && id->is_number_integer()) {
    a.id = id->dump();
  } else if (id != j.end() && !id->is_null()) {
    return reject("\"id\" must be a non-empty string or an integer");
  } else {
    a.id = std::string(fallback_id);
    out.warnings.push_back("record has no \"id\"; using \"" + a.id + "\" (changes if lines move)");
  }
  a.url = optional_string(j, "url");
  a.outlet = optional_string(j, "outlet");
  a.title = optional_string(j, "title");
  a.section = optional_string(j, "section");
  a.byline = optional_string(j, "byline");
  a.language = optional_string(j, "language");
  if (const std::string published = optional_string(j, "published"); !published.empty()) {
    if (const auto stamp = parse_timestamp(published)) {
      a.published = stamp->day;
      a.published_utc_minutes = stamp->utc_minutes;
    }
    if (!a.published)
      out.warnings.push_back("unrecognised date \"" + published + "\"; article left undated");
  }
  ScrapedText text = split_scraped_text(body->get<std::string>(), {.detect_headline = false});
  a.body = std::move(text.body);
  if (a.body.empty() && a.title.empty()) return reject("empty \"body\" and no \"title\"");
  out.article = std::move(a);
  return out;
}

namespace {

// The longest prefix of `s` of at most `max` bytes that ends on a UTF-8 boundary, and after
// a space when one is within the last 200 bytes.
std::size_t cut_point(const std::string& s, std::size_t max) {
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  const auto space = s.rfind(' ', cut);
  if (space != std::string::npos && cut - space < 200) cut = space;
  return cut;
}

}  // namespace

std::optional<std::string> cap_article_size(Article& a, std::size_t max_bytes) {
  constexpr std::size_t kMaxTitle = 1024;
  std::string what;
  if (a.body.size() > max_bytes) {
    what = "article body is " + std::to_string(a.body.size()) + " bytes; only the first " +
           std::to_string(max_bytes) + " are indexed and stored";
    a.body.resize(cut_point(a.body, max_bytes));
  }
  if (a.title.size() > kMaxTitle) {
    if (!what.empty()) what += "; ";
    what += "title cut to " + std::to_string(kMaxTitle) + " bytes";
    a.title.resize(cut_point(a.title, kMaxTitle));
  }
  if (what.empty()) return std::nullopt;
  return what;
}

}  // namespace morgue
