// The article ids one run has read, kept compactly: the run needs them to notice an id read
// twice and, at the end, the indexed articles its sources no longer yield. A 64-bit hash per
// id and where it was read (a file, interned, and a line): about 50 bytes per article
// instead of two strings. Two distinct ids share a hash with probability n^2 / 2^65 (1e-7
// at two million); the harm would be one needless duplicate warning and an article kept that
// should have gone, never one lost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace morgue {

class SeenIds {
 public:
  /// Records that `id` was read at `where` ("file.jsonl:12" or a path). Returns where it was
  /// read before in this run, if it was (the new place replaces it).
  std::optional<std::string> insert(std::string_view id, std::string_view where);
  [[nodiscard]] bool contains(std::string_view id) const;
  [[nodiscard]] std::size_t size() const { return ids_.size(); }

 private:
  struct Place {
    std::uint32_t file;
    std::uint32_t line;  // 0: the whole file
  };
  Place place(std::string_view where);
  [[nodiscard]] std::string where(Place p) const;

  std::unordered_map<std::uint64_t, Place> ids_;
  std::vector<std::string> files_;
  std::unordered_map<std::string, std::uint32_t> file_numbers_;
};

}  // namespace morgue
