// Article storage format and display helpers.
#include "common/article.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace morgue {

std::string encode_stored_article(const Article& a, const EntityNames& entities) {
  nlohmann::json j = {{"id", a.id}, {"body", a.body}};
  if (!entities.empty()) j["entities"] = entities;
  if (!a.title.empty()) j["title"] = a.title;
  if (!a.url.empty()) j["url"] = a.url;
  if (!a.outlet.empty()) j["outlet"] = a.outlet;
  if (a.published) j["published"] = a.published->iso();
  if (!a.source.empty()) j["source"] = a.source;
  return j.dump();
}

StoredArticle decode_stored_article(const std::string& data) {
  const nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("id")) {
    throw std::runtime_error("document data is not a morgue article record");
  }
  Article a;
  a.id = j.value("id", "");
  a.body = j.value("body", "");
  a.title = j.value("title", "");
  a.url = j.value("url", "");
  a.outlet = j.value("outlet", "");
  a.source = j.value("source", "");
  if (j.contains("published")) a.published = parse_date(j.value("published", ""));
  StoredArticle stored{std::move(a), {}};
  if (const auto e = j.find("entities"); e != j.end() && e->is_object()) {
    stored.entities = e->get<EntityNames>();
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
