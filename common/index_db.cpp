// Index opening and schema-version checks.
#include "common/index_db.h"

#include "common/schema.h"

namespace morgue {
namespace {

void check_version(const Xapian::Database& db, const std::filesystem::path& path) {
  const std::string found = db.get_metadata(std::string(schema::kVersionKey));
  const std::string expected = std::to_string(schema::kVersion);
  if (found.empty()) {
    throw IndexUnavailable(path.string() + " is a Xapian database but not a morgue index");
  }
  if (found != expected) {
    throw IndexUnavailable(path.string() + " has index schema version " + found +
                           ", this build reads version " + expected +
                           "; rebuild it with this morgue-index");
  }
}

}  // namespace

Xapian::Database open_index_for_reading(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw IndexUnavailable("no index at " + path.string() + " (create one with morgue-index)");
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(path.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexUnavailable("cannot open index " + path.string() + ": " + e.get_msg());
  }
  check_version(db, path);
  return db;
}

Xapian::WritableDatabase open_index_for_writing(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec)) {
    throw IndexUnavailable(path.string() + " exists and is not an index directory");
  }
  Xapian::WritableDatabase db;
  try {
    db = Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexUnavailable("cannot open index " + path.string() + " for writing: " + e.get_msg());
  }
  if (db.get_doccount() == 0 && db.get_metadata(std::string(schema::kVersionKey)).empty()) {
    db.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kVersion));
    db.commit();
  }
  check_version(db, path);
  return db;
}

}  // namespace morgue
