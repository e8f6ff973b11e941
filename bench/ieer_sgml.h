// Reading the NIST 1999 IE-ER newswire test data (AP and New York Times stories of March and
// April 1998, as NLTK distributes it: files of <DOC>s with inline <b_enamex type="PERSON">
// ... <e_enamex> marks): each story's headline and text, and the names marked in them, for
// the entity evaluation. Bench-only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/index/date.h"
#include "common/index/schema.h"

namespace morgue::bench {

struct IeerName {
  schema::EntityKind kind;
  std::string text;       ///< as written, a line break inside it read as a space
  bool optional = false;  ///< status="opt": the annotators would accept it, or its absence
};

struct IeerStory {
  std::string docno;  ///< "APW19980314.0391"
  std::optional<Date> date;
  std::string headline;  ///< may be in capitals, or empty
  /// The story's text without markup: a paragraph (an indented line in the source) per
  /// block, blocks apart by a blank line, wrapped lines joined. The editors' "STORY CAN END
  /// HERE" notes are left out.
  std::string text;
  std::vector<IeerName> names;  ///< PERSON, ORGANIZATION and LOCATION marks, in order
};

/// Parses one file. Throws std::runtime_error when it cannot be read.
[[nodiscard]] std::vector<IeerStory> read_ieer_file(const std::filesystem::path& file);

/// Every file in `dir` but its README, in name order.
[[nodiscard]] std::vector<IeerStory> read_ieer_dir(const std::filesystem::path& dir);

}  // namespace morgue::bench
