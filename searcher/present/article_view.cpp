#include "searcher/present/article_view.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/text/printable.h"
#include "searcher/present/listed_copies.h"

namespace morgue {
namespace {

nlohmann::ordered_json optional_text(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

nlohmann::ordered_json optional_text(const std::optional<std::string>& s) {
  return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::optional<ArticleView> find_article(const Xapian::Database& db, const std::string& id) {
  const std::string id_term = schema::id_term(id);
  const auto post = db.postlist_begin(id_term);
  if (post == db.postlist_end(id_term)) return std::nullopt;
  const Xapian::docid self = *post;
  const Xapian::Document doc = db.get_document(self);
  StoredArticle stored = decode_stored_article(doc.get_data());
  ArticleView view;
  view.article = std::move(stored.article);
  view.entities = std::move(stored.entities);
  view.display_title = display_title(view.article);
  view.cluster = doc.get_value(schema::slot(schema::Slot::kCluster));
  if (!view.cluster.empty()) {
    const std::string term = schema::cluster_term(view.cluster);
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      if (*p == self) continue;
      ++view.copies;
      if (view.copies_listed.size() < kMaxCopiesShown) {
        view.copies_listed.push_back(listed_copy(db.get_document(*p)));
      }
    }
  }
  return view;
}

std::optional<ArticleView> show_article(const std::string& db_path, const std::string& id) {
  Xapian::Database db = open_index_for_reading(db_path);
  return read_newest(db, [&] { return find_article(db, id); });
}

void render_article_json(const ArticleView& view, std::ostream& out) {
  const Article& a = view.article;
  nlohmann::ordered_json copies = nlohmann::ordered_json::array();
  for (const SimilarArticle& copy : view.copies_listed) {
    copies.push_back({{"id", copy.id},
                      {"outlet", optional_text(copy.outlet)},
                      {"published", optional_text(copy.published)},
                      {"display_title", copy.display_title}});
  }
  const nlohmann::ordered_json doc = {
      {"id", a.id},
      {"title", optional_text(a.title)},
      {"display_title", view.display_title},
      {"outlet", optional_text(a.outlet)},
      {"published", a.published ? nlohmann::ordered_json(a.published->iso()) : nullptr},
      {"url", optional_text(a.url)},
      {"section", optional_text(a.section)},
      {"byline", optional_text(a.byline)},
      {"language", optional_text(a.language)},
      {"entities", view.entities},
      {"cluster", view.cluster},
      {"copies", view.copies},
      {"copies_listed", std::move(copies)},
      {"body", a.body}};
  out << doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

void render_article_text(const ArticleView& view, std::ostream& out) {
  const Article& a = view.article;
  out << printable(view.display_title) << '\n';
  out << (a.outlet.empty() ? "(outlet unknown)" : printable(a.outlet))
      << (a.section.empty() ? "" : " / " + printable(a.section)) << " | "
      << (a.published ? a.published->iso() : "undated") << " | " << printable(a.id) << '\n';
  if (!a.byline.empty()) out << "By " << printable(a.byline) << '\n';
  if (!a.url.empty()) out << printable(a.url) << '\n';
  for (const auto& [kind, names] : view.entities) {
    out << kind << ":";
    for (std::size_t i = 0; i < names.size(); ++i) out << (i ? ", " : " ") << printable(names[i]);
    out << '\n';
  }
  out << '\n' << printable(a.body, /*keep_layout=*/true) << '\n';
  if (view.copies > 0) {
    out << '\n'
        << view.copies << " other cop" << (view.copies == 1 ? "y" : "ies") << " of this story:\n";
    for (const SimilarArticle& copy : view.copies_listed) {
      out << "  " << printable(copy.id) << " | " << printable(copy.outlet.value_or("?")) << " | "
          << copy.published.value_or("undated") << " | " << printable(copy.display_title) << '\n';
    }
    if (view.copies > view.copies_listed.size()) {
      out << "  ... and " << view.copies - view.copies_listed.size() << " more\n";
    }
  }
}

}  // namespace morgue
