// Rendering an alert run: grouped text for a mail or a terminal, JSON lines for scripts
// (schemas/alert-line.schema.json).
#pragma once

#include <iosfwd>
#include <string>

#include "searcher/alert/alerts.h"
#include "searcher/present/output.h"

namespace morgue {

/// Settings for the alert output.
struct AlertOutputOptions {
  TextOutputOptions text;
  /// The server's address ("https://morgue.example"): each hit gets its link,
  /// LINK_BASE/articles/ID. Empty: the id alone.
  std::string link_base;
};

/// Per search that reported: a heading with its name, query and counts, then its hits,
/// each marked new or updated. Searches that reported nothing are left out.
void render_alert_text(const AlertReport& report, std::ostream& out,
                       const AlertOutputOptions& options);

/// One JSON object per line: per hit `alert`, `change` and the hit's fields as
/// morgue-search --json gives them (and `link`); per search in error `alert`, `line` and
/// `error`.
void render_alert_json(const AlertReport& report, std::ostream& out,
                       const AlertOutputOptions& options);

/// LINK_BASE/articles/ID, the id escaped for a URL path.
[[nodiscard]] std::string article_link(const std::string& link_base, const std::string& id);

}  // namespace morgue
