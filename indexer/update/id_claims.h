// Whose an article id is when two feeds use the same one: two scrapers that both number
// their records 1..N, two folders that both hold "a.txt". The first feed to hold an id keeps
// it; another feed's record is indexed as "<folder>/<file>#<id>" (qualified_id()), and keeps
// that address on later runs, so --show, --like and /articles/ links stay valid.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/index/article.h"

namespace morgue {

/// `id` qualified by the file it was read from: its folder's name and its own
/// ("/data/ap/feed.jsonl", "17" -> "ap/feed.jsonl#17").
[[nodiscard]] std::string qualified_id(std::string_view id, std::string_view file);

/// Decides the id each article of a run is indexed under. Ids that are web URLs (a page's
/// canonical URL) name the article itself wherever it was read: never qualified. Not
/// thread-safe: the reading thread calls it in reading order.
class IdClaims {
 public:
  /// `shards`: the index as the run starts (none for a new index), to find who holds an id.
  explicit IdClaims(const std::vector<std::filesystem::path>& shards);

  /// The id `a` (its id, source_file and source_root set by the reader) is indexed under:
  /// its own, unless another file read this run holds it, or the index gives it to an
  /// article of another file that is still there, or the index already knows `a` by its
  /// qualified id; then qualified_id(). Records it as read.
  [[nodiscard]] std::string claim(const Article& a);

  /// The id under which the index knows an article of `file` that is there but could not be
  /// read this run (kept, not deleted): its qualified id when the index holds that, else `id`.
  [[nodiscard]] std::string kept(const std::string& id, const std::string& file) const;

  /// Articles given a qualified id this run.
  [[nodiscard]] std::size_t qualified() const { return qualified_; }

 private:
  [[nodiscard]] bool indexed(const std::string& id) const;
  /// Whether the index gives `id` to an article of another file (or SOURCE) that is still
  /// there.
  [[nodiscard]] bool held_elsewhere(const Article& a) const;
  std::uint32_t file_number(const std::string& file);

  std::optional<Xapian::Database> index_;
  std::unordered_map<std::uint64_t, std::uint32_t> first_file_;  // id hash -> file number
  std::unordered_map<std::string, std::uint32_t> file_numbers_;
  std::size_t qualified_ = 0;
};

}  // namespace morgue
