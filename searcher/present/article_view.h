// One article as a reader opens it: `morgue-search --show ID`, and the server's article page.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "common/index/article.h"
#include "searcher/search.h"

namespace morgue {

/// Most copies an article view lists; ArticleView::copies counts them all.
inline constexpr std::size_t kMaxCopiesShown = 100;

/// An article with what the index knows about it.
struct ArticleView {
  Article article;  ///< id, title, outlet, date, URL and the cleaned body as indexed
  std::string display_title;
  EntityNames entities;    ///< people, organizations and places, by kind
  std::string cluster;     ///< its near-duplicate cluster (named by the story's first article)
  std::size_t copies = 0;  ///< the other articles of the cluster
  /// The first kMaxCopiesShown of them, in index order.
  std::vector<SimilarArticle> copies_listed;
};

/// The article with id `id` in `db`, or nullopt when there is none.
[[nodiscard]] std::optional<ArticleView> find_article(const Xapian::Database& db,
                                                      const std::string& id);

/// find_article() on the index at `db_path`, retrying when a writer moves it on. Throws
/// IndexUnavailable or Xapian::Error.
[[nodiscard]] std::optional<ArticleView> show_article(const std::string& db_path,
                                                      const std::string& id);

/// One JSON object and a newline (schemas/article-view.schema.json).
void render_article_json(const ArticleView& view, std::ostream& out);

/// The article for people: headline, a line of outlet, date and id, URL, entities, the body,
/// then its copies. Terminal controls in the text are escaped.
void render_article_text(const ArticleView& view, std::ostream& out);

}  // namespace morgue
