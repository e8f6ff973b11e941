// Reading Reuters-21578 (reut2-NNN.sgm): articles with their date and the PLACES, PEOPLE and
// ORGS annotations the entity evaluation scores against. Bench-only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/index/date.h"

namespace morgue::bench {

struct ReutersArticle {
  std::string newid;
  std::optional<Date> date;
  std::vector<std::string> places, people, orgs, topics;  ///< annotation codes
  std::string title;                                      ///< usually in capitals
  /// "HOUSTON, Feb 26 -": the story went out on the wire with it before the body. Kept
  /// apart: the benchmark corpora leave it out, the entity evaluation reads it.
  std::string dateline;
  std::string body;  ///< may be empty (some articles have only a title)
};

/// Parses one .sgm file. SGML entities are decoded; bytes that are not UTF-8 are kept as
/// U+FFFD (the collection has a few). Throws std::runtime_error when the file cannot be read.
[[nodiscard]] std::vector<ReutersArticle> read_reuters_sgm(const std::filesystem::path& file);

/// Every reut2-*.sgm in `dir`, in file order.
[[nodiscard]] std::vector<ReutersArticle> read_reuters_dir(const std::filesystem::path& dir);

/// The lines of one of the collection's string lists (all-places-strings.lc.txt, ...).
[[nodiscard]] std::vector<std::string> read_string_list(const std::filesystem::path& file);

}  // namespace morgue::bench
