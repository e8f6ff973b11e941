#include "searcher/alert/alert_output.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "common/text/printable.h"
#include "common/text/url.h"

namespace morgue {
namespace {

std::string count_line(const AlertOutcome& o) {
  std::size_t fresh = 0;
  for (const AlertHit& h : o.hits) fresh += h.change == AlertChange::kNew ? 1 : 0;
  const std::size_t updated = o.hits.size() - fresh;
  std::string line = std::to_string(o.hits.size()) + (o.hits.size() == 1 ? " story" : " stories");
  if (o.articles != o.hits.size()) line += " (" + std::to_string(o.articles) + " articles)";
  line += ": " + std::to_string(fresh) + " new, " + std::to_string(updated) + " updated";
  return line;
}

}  // namespace

std::string article_link(const std::string& link_base, const std::string& id) {
  std::string link = link_base;
  while (!link.empty() && link.back() == '/') link.pop_back();
  return link + "/articles/" + url_encode(id);
}

void render_alert_text(const AlertReport& report, std::ostream& out,
                       const AlertOutputOptions& options) {
  bool first = true;
  for (const AlertOutcome& o : report.outcomes) {
    if (o.hits.empty()) continue;
    out << (first ? "" : "\n") << "== " << printable(o.name) << ": " << count_line(o)
        << " (query: " << printable(o.query) << ")\n";
    first = false;
    std::size_t number = 0;
    for (const AlertHit& h : o.hits) {
      render_text_hit(h.hit, ++number, out, options.text,
                      h.change == AlertChange::kNew ? "new" : "updated");
      if (!options.link_base.empty()) {
        out << "   " << printable(article_link(options.link_base, h.hit.id)) << '\n';
      }
    }
  }
}

void render_alert_json(const AlertReport& report, std::ostream& out,
                       const AlertOutputOptions& options) {
  const auto line = [&](const nlohmann::ordered_json& j) {
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  };
  for (const AlertOutcome& o : report.outcomes) {
    if (o.error) {
      nlohmann::ordered_json j = {{"alert", nullptr}, {"line", o.line}, {"error", *o.error}};
      if (!o.name.empty()) j["alert"] = o.name;  // a line that gave no name has none
      line(j);
      continue;
    }
    for (const AlertHit& h : o.hits) {
      nlohmann::ordered_json j = {{"alert", o.name}, {"change", alert_change_name(h.change)}};
      const nlohmann::ordered_json hit = hit_json(h.hit);  // named: items() borrows it
      for (const auto& [key, value] : hit.items()) j[key] = value;
      if (!options.link_base.empty()) j["link"] = article_link(options.link_base, h.hit.id);
      line(j);
    }
  }
}

}  // namespace morgue
