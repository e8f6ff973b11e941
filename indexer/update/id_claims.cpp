#include "indexer/update/id_claims.h"

#include <system_error>

#include "common/index/schema.h"
#include "common/text/hash.h"
#include "common/text/url.h"

namespace morgue {

std::string qualified_id(std::string_view id, std::string_view file) {
  const std::filesystem::path p(file);
  const std::string folder = p.parent_path().filename().string();
  return (folder.empty() ? "" : folder + "/") + p.filename().string() + "#" + std::string(id);
}

IdClaims::IdClaims(const std::vector<std::filesystem::path>& shards) {
  for (const auto& path : shards) {
    if (!index_) index_.emplace();
    index_->add_database(Xapian::Database(path.string()));
  }
}

bool IdClaims::indexed(const std::string& id) const {
  return index_ && index_->get_termfreq(schema::id_term(id)) > 0;
}

bool IdClaims::held_elsewhere(const Article& a) const {
  if (!index_) return false;
  const std::string term = schema::id_term(a.id);
  const auto post = index_->postlist_begin(term);
  if (post == index_->postlist_end(term)) return false;
  const Xapian::Document doc = index_->get_document(*post);
  std::error_code ec;
  const std::string owner_file = doc.get_value(schema::slot(schema::Slot::kSourceFile));
  if (!owner_file.empty()) {
    return owner_file != a.source_file && std::filesystem::exists(owner_file, ec);
  }
  // Written before files were recorded: by its SOURCE, as the writer's check does.
  const std::string owner_root = doc.get_value(schema::slot(schema::Slot::kSource));
  return !owner_root.empty() && owner_root != a.source_root &&
         std::filesystem::exists(owner_root, ec);
}

std::uint32_t IdClaims::file_number(const std::string& file) {
  const auto [it, added] =
      file_numbers_.try_emplace(file, static_cast<std::uint32_t>(file_numbers_.size()));
  return it->second;
}

std::string IdClaims::claim(const Article& a) {
  if (a.source_file.empty() || is_web_url(a.id)) return a.id;
  const std::uint32_t file = file_number(a.source_file);
  const std::string qualified = qualified_id(a.id, a.source_file);
  // Known by its qualified id already: it keeps that address, whoever holds the plain one.
  if (indexed(qualified)) {
    ++qualified_;
    return qualified;
  }
  const auto [first, added] = first_file_.try_emplace(fnv1a64(a.id), file);
  const bool read_elsewhere = !added && first->second != file;
  if (read_elsewhere || (added && held_elsewhere(a))) {
    if (added) first_file_.erase(first);  // the plain id stays free for its holder
    ++qualified_;
    return qualified;
  }
  return a.id;
}

std::string IdClaims::kept(const std::string& id, const std::string& file) const {
  if (file.empty() || is_web_url(id)) return id;
  const std::string qualified = qualified_id(id, file);
  return indexed(qualified) ? qualified : id;
}

}  // namespace morgue
