// Article storage format and display helpers.
#include "common/index/article.h"

#include <simdjson.h>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

namespace morgue {

std::string encode_stored_article(const Article& a, const EntityNames& entities) {
  nlohmann::json j = {{"id", a.id}, {"body", a.body}};
  if (!entities.empty()) j["entities"] = entities;
  if (!a.title.empty()) j["title"] = a.title;
  if (!a.url.empty()) j["url"] = a.url;
  if (!a.outlet.empty()) j["outlet"] = a.outlet;
  if (a.published) j["published"] = a.published->iso();
  if (!a.source.empty()) j["source"] = a.source;
  if (!a.byline.empty()) j["byline"] = a.byline;
  if (!a.section.empty()) j["section"] = a.section;
  if (!a.language.empty()) j["language"] = a.language;
  // Text fields are valid UTF-8 by the time they are stored; never let one that is not stop
  // a run.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// A string field of a stored record; a field of another type is not ours.
std::string string_field(simdjson::dom::element value, std::string_view key) {
  std::string_view text;
  if (value.get(text) != simdjson::SUCCESS) {
    throw std::runtime_error("document data: \"" + std::string(key) + "\" is not a string");
  }
  return std::string(text);
}

}  // namespace

// simdjson rather than nlohmann: the searcher decodes every hit and every listed copy, and
// decoding showed up in profiles of one-word searches on large indexes.
StoredArticle decode_stored_article(const std::string& data) {
  thread_local simdjson::dom::parser parser;  // keeps its buffers between records
  simdjson::dom::object record;
  if (parser.parse(data.data(), data.size(), /*realloc_if_needed=*/true).get(record) !=
          simdjson::SUCCESS ||
      record["id"].error() != simdjson::SUCCESS) {
    throw std::runtime_error("document data is not a morgue article record");
  }
  static constexpr std::pair<std::string_view, std::string Article::*> kStringFields[] = {
      {"id", &Article::id},
      {"body", &Article::body},
      {"title", &Article::title},
      {"url", &Article::url},
      {"outlet", &Article::outlet},
      {"source", &Article::source},
      {"byline", &Article::byline},
      {"section", &Article::section},
      {"language", &Article::language}};
  StoredArticle stored;
  Article& a = stored.article;
  for (const auto field : record) {
    const std::string_view key = field.key;
    const auto text = std::find_if(std::begin(kStringFields), std::end(kStringFields),
                                   [&](const auto& f) { return f.first == key; });
    if (text != std::end(kStringFields)) {
      a.*(text->second) = string_field(field.value, key);
    } else if (key == "published") {
      a.published = parse_date(string_field(field.value, key));
    } else if (key == "entities") {
      simdjson::dom::object kinds;
      if (field.value.get(kinds) != simdjson::SUCCESS) continue;
      for (const auto kind : kinds) {
        simdjson::dom::array names;
        if (kind.value.get(names) != simdjson::SUCCESS) {
          throw std::runtime_error("document data: entities are not lists of names");
        }
        auto& out = stored.entities[std::string(kind.key)];
        for (const auto name : names) out.push_back(string_field(name, kind.key));
      }
    }
  }
  return stored;
}

std::string display_title(const Article& article, std::size_t max_chars) {
  if (!article.title.empty()) return article.title;
  std::string_view body = article.body;
  const auto first_line_end = body.find('\n');
  if (first_line_end != std::string_view::npos) body = body.substr(0, first_line_end);
  if (body.size() <= max_chars) return std::string(body);
  std::size_t cut = body.rfind(' ', max_chars);
  if (cut == std::string_view::npos || cut < max_chars / 2) {
    cut = max_chars;
    // Never split a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out(body.substr(0, cut));
  while (!out.empty() && (out.back() == ',' || out.back() == ' ')) out.pop_back();
  return out + "…";
}

}  // namespace morgue
