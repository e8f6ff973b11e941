// Text and JSON result rendering.
#include "searcher/present/output.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

#include "common/text/printable.h"

namespace morgue {
namespace {

constexpr const char* kHighlightOn = "\x1b[1;31m";
constexpr const char* kBoldOn = "\x1b[1m";
constexpr const char* kDimOn = "\x1b[2m";
constexpr const char* kOff = "\x1b[0m";

std::size_t code_points(std::string_view s, std::size_t byte_end) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte_end && i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Every piece of article or query text printed: control characters escaped (printable.h).
std::string safe(std::string_view text) { return printable(text); }

std::string highlighted(const Snippet& snippet, bool color) {
  if (!color) return safe(snippet.text);
  std::string out;
  std::size_t pos = 0;
  const std::string_view text = snippet.text;
  for (const auto& [begin, end] : snippet.highlights) {
    out += safe(text.substr(pos, begin - pos));
    out += kHighlightOn;
    out += safe(text.substr(begin, end - begin));
    out += kOff;
    pos = end;
  }
  out += safe(text.substr(pos));
  return out;
}

nlohmann::ordered_json optional_string(const std::optional<std::string>& s) {
  return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json(nullptr);
}

std::string facet_title(const FacetResult& f) {
  std::string title(facet_name(f.kind));
  if (f.kind == FacetKind::kDate) {
    title += f.granularity == DateGranularity::kYear    ? " (by year)"
             : f.granularity == DateGranularity::kMonth ? " (by month)"
                                                        : " (by day)";
  }
  const std::size_t shown = static_cast<std::size_t>(std::count_if(
      f.values.begin(), f.values.end(), [](const FacetValue& v) { return !v.missing; }));
  if (shown < f.distinct)
    title += ", " + std::to_string(shown) + " of " + std::to_string(f.distinct);
  return title;
}

}  // namespace

void render_text_hit(const Hit& hit, std::size_t number, std::ostream& out,
                     const TextOutputOptions& options, std::string_view tag) {
  const bool color = options.color;
  char score[32];
  std::snprintf(score, sizeof score, "%.3f", hit.score);
  out << '\n'
      << number << ". " << (tag.empty() ? "" : "[" + std::string(tag) + "] ")
      << (color ? kBoldOn : "") << safe(hit.display_title) << (color ? kOff : "") << '\n';
  out << "   " << (color ? kDimOn : "") << safe(hit.outlet.value_or("unknown outlet"))
      << (hit.section ? " / " + safe(*hit.section) : "") << " | "
      << hit.published.value_or("undated") << " | " << safe(hit.id) << " | score " << score
      << (color ? kOff : "") << '\n';
  if (!hit.snippet.text.empty()) out << "   " << highlighted(hit.snippet, color) << '\n';
  if (hit.similar > 0) {
    out << "   + " << hit.similar << " similar (same story):\n";
    for (const SimilarArticle& copy : hit.similar_articles) {
      out << "     " << (color ? kDimOn : "") << safe(copy.outlet.value_or("unknown outlet"))
          << " | " << copy.published.value_or("undated") << " | " << safe(copy.id)
          << (color ? kOff : "") << '\n';
    }
    if (hit.similar > hit.similar_articles.size()) {
      out << "     and " << hit.similar - hit.similar_articles.size() << " more\n";
    }
  }
}

void render_text(const SearchResult& result, std::ostream& out, const TextOutputOptions& options) {
  const bool color = options.color;
  if (result.like) out << "Articles like " << safe(*result.like) << ":\n";
  if (result.total == 0) {
    out << "No articles match.\n";
  } else {
    out << (result.total_exact ? "" : "about ") << result.total
        << (result.total == 1 ? " article matches" : " articles match");
    if (result.collapsed && result.results != result.total) {
      out << " (" << (result.results_exact ? "" : "about ") << result.results
          << " after folding copies of the same story)";
    }
    if (!result.hits.empty()) {
      out << "; showing " << result.hits.front().rank << "-" << result.hits.back().rank;
    } else if (result.limit > 0) {
      out << "; none past " << result.offset;
    }
    out << '\n';
  }
  if (result.suggestion) {
    out << "Did you mean: " << (color ? kBoldOn : "") << safe(*result.suggestion)
        << (color ? kOff : "") << " ?\n";
  }
  for (const Hit& hit : result.hits) render_text_hit(hit, hit.rank, out, options);
  if (!result.facets.empty() && result.collapsed && result.total > result.results) {
    out << "\nFacet counts are per article, copies folded above included.\n";
  }
  for (const FacetResult& f : result.facets) {
    out << '\n' << (color ? kBoldOn : "") << facet_title(f) << (color ? kOff : "") << '\n';
    if (f.values.empty()) out << "   (none)\n";
    for (const FacetValue& v : f.values) {
      char count[16];
      std::snprintf(count, sizeof count, "%7u", static_cast<unsigned>(v.count));
      out << count << "  " << (v.missing && color ? kDimOn : "") << safe(v.value)
          << (v.missing && color ? kOff : "") << '\n';
    }
  }
}

nlohmann::ordered_json hit_json(const Hit& hit) {
  nlohmann::ordered_json similar = nlohmann::ordered_json::array();
  for (const SimilarArticle& copy : hit.similar_articles) {
    similar.push_back({{"id", copy.id},
                       {"outlet", optional_string(copy.outlet)},
                       {"published", optional_string(copy.published)},
                       {"display_title", copy.display_title}});
  }
  nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
  for (const auto& [begin, end] : hit.snippet.highlights) {
    highlights.push_back(
        {code_points(hit.snippet.text, begin), code_points(hit.snippet.text, end)});
  }
  return {{"rank", hit.rank},
          {"id", hit.id},
          {"title", optional_string(hit.title)},
          {"display_title", hit.display_title},
          {"outlet", optional_string(hit.outlet)},
          {"published", optional_string(hit.published)},
          {"url", optional_string(hit.url)},
          {"section", optional_string(hit.section)},
          {"byline", optional_string(hit.byline)},
          {"score", hit.score},
          {"snippet", hit.snippet.text},
          {"highlights", std::move(highlights)},
          {"entities", hit.entities},
          {"cluster", hit.cluster},
          {"similar", hit.similar},
          {"similar_articles", std::move(similar)}};
}

void render_json(const SearchResult& result, std::ostream& out) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const Hit& hit : result.hits) hits.push_back(hit_json(hit));
  nlohmann::ordered_json doc = {{"query", result.query},
                                {"total", result.total},
                                {"total_exact", result.total_exact},
                                {"results", result.results},
                                {"results_exact", result.results_exact},
                                {"collapsed", result.collapsed},
                                {"like", optional_string(result.like)},
                                {"suggestion", optional_string(result.suggestion)},
                                {"offset", result.offset},
                                {"limit", result.limit},
                                {"hits", std::move(hits)}};
  if (!result.warnings.empty()) doc["warnings"] = result.warnings;
  if (!result.facets.empty()) {
    nlohmann::ordered_json facets = nlohmann::ordered_json::object();
    for (const FacetResult& f : result.facets) {
      nlohmann::ordered_json values = nlohmann::ordered_json::array();
      for (const FacetValue& v : f.values) {
        nlohmann::ordered_json value = {{"value", v.value}, {"count", v.count}};
        if (v.missing) value["missing"] = true;
        values.push_back(std::move(value));
      }
      facets[std::string(facet_name(f.kind))] = std::move(values);
    }
    doc["facets"] = std::move(facets);
    doc["facet_unit"] = "article";  // copies folded under a hit are counted too
  }
  out << doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace morgue
