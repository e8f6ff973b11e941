// The sidecar manifest a crawler keeps beside scraped files: one JSON object per line with
// `file` and, where known, `outlet`, `published`, `url`, `title`, `section`
// (schemas/manifest-line.schema.json).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/index/date.h"
#include "indexer/read/diagnostics.h"

namespace morgue {

/// Metadata for one file. Empty strings / nullopt mean the manifest did not say.
struct ManifestEntry {
  std::string outlet;
  std::optional<Date> published;
  std::optional<long> published_utc_minutes;  ///< when the manifest gave a time
  std::string url;
  std::string title;
  std::string section;
  std::string location;  ///< "manifest.jsonl:3", for messages
  bool used = false;     ///< set when a file read matched this entry
};

/// One parsed manifest line: the file it describes and its metadata, or why it is ignored.
struct ManifestLine {
  std::string file;  ///< relative to the manifest's directory
  ManifestEntry entry;
  std::optional<std::string> error;   ///< the line is ignored
  std::vector<std::string> warnings;  ///< kept, with something assumed
};

/// Parses one line of a manifest. A pure function of the line; never throws on bad input.
[[nodiscard]] ManifestLine parse_manifest_line(std::string_view line);

/// Entries keyed by the absolute, lexically normalised path of the file they describe.
class Manifest {
 public:
  /// Reads `path`; `file` values are relative to the manifest's directory. Bad lines are
  /// reported to `diag` (file:line) and skipped (the file a bad line names is withheld()); an
  /// unrecognised date is reported and the entry kept without it. `confined` (a manifest found in a
  /// source tree): a line naming a file outside the manifest's own folder ("../other-source/x.txt",
  /// an absolute path) is an error and ignored, so that one source cannot rewrite another's
  /// metadata; a manifest given with --manifest may name files anywhere. Throws std::runtime_error
  /// when `path` cannot be read whole (not a regular file, an I/O error part-way).
  static Manifest load(const std::filesystem::path& path, Diagnostics& diag, bool confined = true);

  /// Adds every entry of `other`; an entry for a file already present is replaced.
  void merge(Manifest&& other);

  /// The entry for `file` (any form of the path), or nullptr. Marks it used.
  ManifestEntry* find(const std::filesystem::path& file);

  /// Reports (as warnings) entries no file read has matched: files the manifest names that
  /// do not exist or were not among the sources.
  void report_unused(Diagnostics& diag) const;

  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  /// Marks the folder `dir` of a manifest that could not be read: its files' metadata is
  /// unknown this run.
  void withhold_folder(const std::filesystem::path& dir);

  /// Why `file`'s metadata is unknown this run (a line naming it was in error, or its
  /// folder's manifest could not be read), so that its article stays as it was indexed;
  /// nullopt when the manifests say what they know of it.
  [[nodiscard]] std::optional<std::string> withheld(const std::filesystem::path& file) const;

 private:
  std::unordered_map<std::string, ManifestEntry> entries_;
  std::unordered_set<std::string> broken_;  ///< manifest_key()s named by lines in error
  std::vector<std::string> withheld_dirs_;  ///< manifest_key()s of unread manifests' folders
};

/// Why a manifest found in a source tree may not describe `file` (relative to the manifest's
/// folder): an absolute path or a ".." component, which could name another source's files;
/// nullopt when it may.
[[nodiscard]] std::optional<std::string> outside_own_folder(std::string_view file);

/// Key used by Manifest: absolute, lexically normal, generic form.
[[nodiscard]] std::string manifest_key(const std::filesystem::path& file);

}  // namespace morgue
