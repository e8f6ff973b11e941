// Article -> Xapian::Document: the one place that decides what an indexed article holds.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/analysis/analyzer.h"
#include "common/entities/entity_aliases.h"
#include "common/entities/gazetteer.h"
#include "common/index/article.h"
#include "indexer/copies/near_duplicates.h"
#include "indexer/entities/entity_extractor.h"
#include "indexer/entities/ner_tagger.h"

namespace morgue {

/// Settings for build_document().
struct DocumentOptions {
  /// User aliases applied to extracted entities; nullptr for none. Borrowed.
  const EntityAliases* aliases = nullptr;
  /// Names known to the entity extractor. Borrowed; default the built-in gazetteer.
  const Gazetteer* gazetteer = &Gazetteer::builtin();
  /// The entity tagger's model (ner_tagger.h); nullptr: the rules alone. Borrowed; default the
  /// built-in model.
  const NerModel* tagger = &NerModel::builtin();
  /// Mixed into content_hash(): anything besides the article that changes the document
  /// (the alias file), so a change re-indexes the articles it affects. Default "".
  std::string hash_salt;
};

/// Bumped when extraction or analysis changes what a document holds, so that the next run
/// re-indexes articles whose text did not change.
inline constexpr int kAnalysisVersion = 22;

/// Hash of every input that affects the indexed document, as schema slot kContentHash stores
/// it (16 hex digits). Equal hashes mean re-indexing would change nothing.
[[nodiscard]] std::string content_hash(const Article& article, std::string_view salt = "");

/// The entities of `article` as they are indexed: extracted from title and body, the country
/// of each known city or region as of the article's date added (no mentions of its own), user
/// aliases applied, merged by key, each kind ordered by mentions (most first).
[[nodiscard]] std::vector<ExtractedEntity> article_entities(const Article& article,
                                                            const DocumentOptions& options = {});

/// Builds the document for `article`: stored data, free-text terms (via `analyzer`), boolean
/// filter terms, entities and value slots as schema.h lays them out, in a near-duplicate
/// cluster of its own. The caller writes it with replace_document(schema::id_term(article.id),
/// doc).
[[nodiscard]] Xapian::Document build_document(const Article& article, Analyzer& analyzer,
                                              const DocumentOptions& options = {});

/// build_document() in two steps, for a pipeline that analyses articles in parallel and
/// finds copies on one thread (ClusterAssigner, or find_cluster()): everything but the
/// cluster, and the article's near-duplicate key. Finish with set_cluster().
struct UnclusteredDocument {
  Xapian::Document doc;
  NearDuplicateKey key;
};
/// `folded` is fold_article(article), which the caller shares with the other readers of the
/// words (spelling_words()).
[[nodiscard]] UnclusteredDocument build_unclustered_document(const Article& article,
                                                             const FoldedArticle& folded,
                                                             Analyzer& analyzer,
                                                             const DocumentOptions& options = {});

/// Puts `doc` in near-duplicate cluster `cluster` (slot and term; the cluster is named by its
/// first article's id). Once per document.
void set_cluster(Xapian::Document& doc, const std::string& cluster);

/// Stamps `doc` with the indexing runs that alerts select by (schema.h kRunPrefix): run
/// `changed` wrote its content; run `first` first indexed its id (0: before runs were
/// numbered, left unstamped). Once per document.
void set_runs(Xapian::Document& doc, std::uint64_t changed, std::uint64_t first);

}  // namespace morgue
