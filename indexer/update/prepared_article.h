// What travels through the indexer's pipeline (index_builder.cpp): an article on its way to
// its shard, and what an analysis thread made of it.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/index/article.h"
#include "indexer/document/document_builder.h"

namespace morgue {

/// An article as read, with the shard it goes to.
struct Submission {
  Article article;
  std::size_t shard = 0;
  bool repeated = false;  ///< its id was read before in this run
};

/// An article analysed and classified against its shard as committed.
struct PreparedArticle {
  /// kRepeated: the id was read before in this run; the writer compares with what it wrote.
  /// kTaken: the id belongs to an article of another SOURCE that is still there; not written.
  enum class Change { kAdded, kUpdated, kUnchanged, kRepeated, kTaken };
  Change change = Change::kAdded;
  std::size_t shard = 0;
  std::string id;
  Xapian::docid old_docid = 0;         ///< kUpdated: the document it replaces
  std::vector<std::string> old_words;  ///< kUpdated: its spelling words, to take back
  UnclusteredDocument built;           ///< not for kUnchanged or kTaken
  std::vector<std::string> words;      ///< spelling words
  std::string cluster;                 ///< set by the cluster step
  /// The run that first indexed the id, when an earlier one did (kUpdated, and a rebuild's
  /// articles the live generation holds); 0: before runs were numbered. nullopt: this run.
  std::optional<std::uint64_t> first_run;
  /// A rebuild's article the live generation holds with the same content: the run that wrote
  /// it, kept, so that alerts do not take a rebuild for news. nullopt: this run.
  std::optional<std::uint64_t> changed_run;

  /// Whether the writer has anything to write for it.
  [[nodiscard]] bool to_write() const {
    return change != Change::kUnchanged && change != Change::kTaken;
  }
};

}  // namespace morgue
