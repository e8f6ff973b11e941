#include "indexer/update/article_preparer.h"

#include <system_error>

#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "indexer/document/vocabulary.h"

namespace morgue {
namespace {

// What a reader of the article sees is the same: a new analysis (aliases, a new version) or
// a moved SOURCE changes the document but is no news for alerts.
bool reads_the_same(const Article& stored, const Article& read) {
  return stored.title == read.title && stored.body == read.body && stored.url == read.url &&
         stored.outlet == read.outlet && stored.published == read.published;
}

// The runs a rewritten article keeps from the document it replaces.
void keep_runs_of(const Xapian::Document& old, const Article& old_article, const Article& read,
                  PreparedArticle& p) {
  p.first_run = schema::run_from_value(old.get_value(schema::slot(schema::Slot::kFirstRun)));
  if (reads_the_same(old_article, read)) {
    p.changed_run = schema::run_from_value(old.get_value(schema::slot(schema::Slot::kChangedRun)));
  }
}

}  // namespace

bool taken_by_another_source(const std::string& owner, const std::string& reader) {
  if (owner.empty() || reader.empty() || owner == reader) return false;
  const auto inside = [](const std::string& path, const std::string& dir) {
    return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
  };
  if (inside(owner, reader) || inside(reader, owner)) return false;
  std::error_code ec;
  return std::filesystem::exists(owner, ec);
}

ArticlePreparer::ArticlePreparer(const AnalyzerOptions& analyzer,
                                 const DocumentOptions& doc_options,
                                 const std::vector<std::filesystem::path>& shard_paths,
                                 const std::vector<bool>& empty_at_start, Diagnostics& diag,
                                 const std::vector<std::filesystem::path>& rebuilt_from)
    : diag_(diag),
      doc_options_(doc_options),
      analyzer_(analyzer),
      shard_paths_(shard_paths),
      empty_at_start_(empty_at_start),
      views_(shard_paths.size()),
      rebuilt_from_(rebuilt_from) {}

PreparedArticle ArticlePreparer::prepare(Submission& s) {
  PreparedArticle p;
  p.shard = s.shard;
  p.id = s.article.id;
  if (s.repeated) {
    p.change = PreparedArticle::Change::kRepeated;  // the writer compares with this run's
  } else if (!empty_at_start_[s.shard]) {           // else new: repeated ids are caught above
    classify(s, p);
    if (!p.to_write()) return p;
  }
  const FoldedArticle folded = fold_article(s.article);
  p.built = build_unclustered_document(s.article, folded, analyzer_, doc_options_);
  p.words = spelling_words(folded);
  if (!rebuilt_from_.empty() && !s.repeated) keep_runs(s, p);
  return p;
}

// A rebuild writes every article anew; what the live generation holds keeps the run that
// first indexed it, and the run that wrote its content when that is unchanged.
void ArticlePreparer::keep_runs(const Submission& s, PreparedArticle& p) {
  if (!rebuilt_view_) {
    rebuilt_view_.emplace();
    for (const auto& path : rebuilt_from_) rebuilt_view_->add_database(Xapian::Database(path));
  }
  const std::string id_term = schema::id_term(s.article.id);
  const auto post = rebuilt_view_->postlist_begin(id_term);
  if (post == rebuilt_view_->postlist_end(id_term)) return;
  const Xapian::Document old = rebuilt_view_->get_document(*post);
  keep_runs_of(old, decode_stored_article(old.get_data()).article, s.article, p);
}

// Added, updated or unchanged, against the shard as committed. Other articles' writes do
// not matter (their ids differ); a view left behind by the writer's commits is reopened.
void ArticlePreparer::classify(const Submission& s, PreparedArticle& p) {
  auto& view = views_[s.shard];
  if (!view) view.emplace(shard_paths_[s.shard].string());
  read_newest(*view, [&] {
    const std::string id_term = schema::id_term(s.article.id);
    const auto post = view->postlist_begin(id_term);
    if (post == view->postlist_end(id_term)) {
      p.change = PreparedArticle::Change::kAdded;
      return;
    }
    const Xapian::Document old = view->get_document(*post);
    // The first SOURCE keeps an id while it is there (taken_by_another_source()).
    const std::string owner = old.get_value(schema::slot(schema::Slot::kSource));
    if (taken_by_another_source(owner, s.article.source_root)) {
      p.change = PreparedArticle::Change::kTaken;
      diag_.error(s.article.source, "id \"" + s.article.id + "\" belongs to an article of " +
                                        owner + "; not replaced (give each source its own ids)");
      return;
    }
    if (old.get_value(schema::slot(schema::Slot::kContentHash)) ==
        content_hash(s.article, doc_options_.hash_salt)) {
      p.change = PreparedArticle::Change::kUnchanged;
      return;
    }
    p.change = PreparedArticle::Change::kUpdated;
    p.old_docid = *post;
    const Article old_article = decode_stored_article(old.get_data()).article;
    keep_runs_of(old, old_article, s.article, p);
    p.old_words = spelling_words(fold_article(old_article));
  });
}

}  // namespace morgue
