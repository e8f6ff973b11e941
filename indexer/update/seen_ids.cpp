// Compact record of the ids read in one run.
#include "indexer/update/seen_ids.h"

#include <algorithm>

#include "common/text/hash.h"

namespace morgue {

SeenIds::Place SeenIds::place(std::string_view where) {
  // "file:LINE" -> file and line; anything else is a file of its own. where() rebuilds the
  // same text either way.
  std::uint32_t line = 0;
  std::string_view file = where;
  if (const auto colon = where.rfind(':'); colon != std::string_view::npos) {
    const std::string_view digits = where.substr(colon + 1);
    if (!digits.empty() && digits.size() <= 9 && digits[0] != '0' &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      line = static_cast<std::uint32_t>(std::stoul(std::string(digits)));
      file = where.substr(0, colon);
    }
  }
  const auto [it, fresh] =
      file_numbers_.try_emplace(std::string(file), static_cast<std::uint32_t>(files_.size()));
  if (fresh) files_.emplace_back(file);
  return {it->second, line};
}

std::string SeenIds::where(Place p) const {
  std::string out = files_[p.file];
  if (p.line != 0) out += ":" + std::to_string(p.line);
  return out;
}

std::optional<std::string> SeenIds::insert(std::string_view id, std::string_view where_read) {
  const Place here = place(where_read);
  const auto [it, fresh] = ids_.try_emplace(fnv1a64(id), here);
  if (fresh) return std::nullopt;
  std::string before = where(it->second);
  it->second = here;
  return before;
}

bool SeenIds::contains(std::string_view id) const { return ids_.contains(fnv1a64(id)); }

}  // namespace morgue
