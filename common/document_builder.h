// Article -> Xapian::Document: the one place that decides what an indexed article holds.
#pragma once

#include <xapian.h>

#include <string>

#include "common/analyzer.h"
#include "common/article.h"

namespace morgue {

/// Hash of every field that affects the indexed document, as schema slot kContentHash
/// stores it (16 hex digits). Equal hashes mean re-indexing would change nothing.
[[nodiscard]] std::string content_hash(const Article& article);

/// Builds the document for `article`: stored data, free-text terms (via `analyzer`),
/// boolean filter terms and value slots as schema.h lays them out. The caller writes it
/// with replace_document(schema::id_term(article.id), doc).
[[nodiscard]] Xapian::Document build_document(const Article& article, Analyzer& analyzer);

}  // namespace morgue
