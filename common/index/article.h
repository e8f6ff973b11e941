// The article model: what the indexer stores and the searcher shows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/index/date.h"

namespace morgue {

/// One news article after reading and cleaning. Empty strings mean "not known".
struct Article {
  std::string id;  ///< stable unique id (JSONL `id`, else path below the source root)
  std::string url;
  std::string outlet;             ///< display form, e.g. "USA TODAY"
  std::optional<Date> published;  ///< the day as written (its own zone); nullopt = undated
  /// The publication instant, minutes since the epoch (UTC), when the source gave a time.
  std::optional<long> published_utc_minutes;
  std::string title;     ///< headline; empty when the source has none
  std::string byline;    ///< the authors as the source names them ("Meg James, Ryan Faughnder")
  std::string section;   ///< where the outlet filed it ("Politics", "Sport"); a facet
  std::string language;  ///< as the source declares it ("en", "pt-BR")
  std::string body;      ///< article text, paragraphs separated by blank lines
  std::string source;    ///< where it came from, for messages: "dir/file.txt", "f.jsonl:12"
  /// The SOURCE argument it was read from (absolute, normalised): a later run over the same
  /// SOURCE deletes the articles it no longer yields.
  std::string source_root;
  /// The file it was read from (absolute, the SOURCE's symbolic links resolved), when read
  /// from a file: whose its id is when two feeds use the same one
  /// (indexer/update/id_claims.h). Not in the document data.
  std::string source_file;
};

/// Entity names found in an article, by kind name ("person", "org", "place"), most
/// mentioned first.
using EntityNames = std::map<std::string, std::vector<std::string>>;

/// Serialises the fields the searcher needs into a Xapian document's data (JSON), with the
/// article's entity names alongside.
[[nodiscard]] std::string encode_stored_article(const Article& article,
                                                const EntityNames& entities = {});

/// An article as stored, with the entity names found in it.
struct StoredArticle {
  Article article;
  EntityNames entities;
};

/// Inverse of encode_stored_article(). Throws std::runtime_error on data it did not write.
[[nodiscard]] StoredArticle decode_stored_article(const std::string& data);

/// The title to show: the headline, or the first words of the body (at most `max_chars`
/// bytes, cut at a word boundary, with "…") when there is none.
[[nodiscard]] std::string display_title(const Article& article, std::size_t max_chars = 80);

}  // namespace morgue
