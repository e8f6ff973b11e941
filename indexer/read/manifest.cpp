// Manifest loading.
#include "indexer/read/manifest.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "common/text/utf8.h"
#include "indexer/read/article_record.h"
#include "indexer/read/input_file.h"

namespace morgue {
namespace {

// A manifest line describes one file in a few fields; anything longer is not one.
constexpr std::size_t kMaxManifestLine = 1 << 20;

}  // namespace

std::string manifest_key(const std::filesystem::path& file) {
  return std::filesystem::absolute(file).lexically_normal().generic_string();
}

ManifestLine parse_manifest_line(std::string_view line) {
  ManifestLine out;
  const auto fail = [&](std::string why) {
    out.error = std::move(why);
    return out;
  };
  if (json_depth(line) > 16) return fail("manifest line nested too deeply; line ignored");
  const auto j = nlohmann::json::parse(repair_utf8(line).text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail("manifest line is not a JSON object; line ignored");
  const auto file = j.find("file");
  if (file == j.end() || !file->is_string() || file->get<std::string>().empty()) {
    return fail("manifest line has no \"file\" string; line ignored");
  }
  out.file = file->get<std::string>();  // named even when the line is in error
  for (const char* key : {"outlet", "published", "url", "title", "section"}) {
    const auto v = j.find(key);
    if (v != j.end() && !v->is_null() && !v->is_string()) {
      return fail(std::string("\"") + key + "\" must be a string; line ignored");
    }
  }
  out.entry.outlet = optional_string(j, "outlet");
  out.entry.url = optional_string(j, "url");
  out.entry.title = optional_string(j, "title");
  out.entry.section = optional_string(j, "section");
  if (const std::string published = optional_string(j, "published"); !published.empty()) {
    const auto stamp = parse_timestamp(published);
    if (stamp) {
      out.entry.published = stamp->day;
      out.entry.published_utc_minutes = stamp->utc_minutes;
    } else {
      out.warnings.push_back("unrecognised date \"" + published + "\"; article left undated");
    }
  }
  return out;
}

std::optional<std::string> outside_own_folder(std::string_view file) {
  const std::filesystem::path named(file);
  if (named.is_absolute() || named.has_root_name() || named.has_root_directory()) {
    return "\"file\" must be a path inside the manifest's folder, not absolute; line ignored";
  }
  for (const auto& part : named) {
    if (part == "..") {
      return "\"file\" must be a path inside the manifest's folder (no \"..\"); line ignored";
    }
  }
  return std::nullopt;
}

Manifest Manifest::load(const std::filesystem::path& path, Diagnostics& diag, bool confined) {
  std::string why;
  std::optional<InputFile> input = InputFile::open(path, why);
  if (!input) throw std::runtime_error("cannot read manifest " + path.string() + ": " + why);
  LineReader lines(std::move(*input), false, kMaxManifestLine);
  Manifest manifest;
  const std::filesystem::path dir = path.parent_path();
  std::string line;
  std::size_t line_no = 0;
  while (true) {
    LineStatus status;
    try {
      status = lines.next(line);
    } catch (const InputReadError& e) {
      // Half a manifest would rewrite the other half's articles without their metadata.
      throw std::runtime_error("cannot read manifest " + path.string() + ": " + e.what() +
                               " at line " + std::to_string(line_no + 1));
    }
    if (status == LineStatus::kEnd) break;
    ++line_no;
    const std::string where = path.string() + ":" + std::to_string(line_no);
    if (status == LineStatus::kTooLong) {
      diag.error(where, "manifest line longer than " + std::to_string(kMaxManifestLine) +
                            " bytes; line ignored");
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ManifestLine parsed = parse_manifest_line(line);
    for (const std::string& w : parsed.warnings) diag.warning(where, w);
    if (!parsed.error && confined) parsed.error = outside_own_folder(parsed.file);
    if (parsed.error) {
      diag.error(where, *parsed.error);
      // The file it names keeps the metadata it was indexed with, not none.
      if (!parsed.file.empty() && !outside_own_folder(parsed.file)) {
        manifest.broken_.insert(manifest_key(dir / parsed.file));
      }
      continue;
    }
    parsed.entry.location = where;
    manifest.entries_[manifest_key(dir / parsed.file)] = std::move(parsed.entry);
  }
  return manifest;
}

void Manifest::merge(Manifest&& other) {
  for (auto& [key, entry] : other.entries_) entries_[key] = std::move(entry);
  broken_.merge(other.broken_);
  withheld_dirs_.insert(withheld_dirs_.end(), other.withheld_dirs_.begin(),
                        other.withheld_dirs_.end());
}

void Manifest::withhold_folder(const std::filesystem::path& dir) {
  withheld_dirs_.push_back(manifest_key(dir));
}

std::optional<std::string> Manifest::withheld(const std::filesystem::path& file) const {
  const std::string key = manifest_key(file);
  for (const std::string& dir : withheld_dirs_) {
    if (key.size() > dir.size() && key.compare(0, dir.size(), dir) == 0 && key[dir.size()] == '/') {
      return "its folder's manifest could not be read";
    }
  }
  if (broken_.contains(key)) return "its manifest line is in error";
  return std::nullopt;
}

ManifestEntry* Manifest::find(const std::filesystem::path& file) {
  const auto it = entries_.find(manifest_key(file));
  if (it == entries_.end()) return nullptr;
  it->second.used = true;
  return &it->second;
}

void Manifest::report_unused(Diagnostics& diag) const {
  std::vector<std::pair<std::string, std::string>> unused;  // location, file
  for (const auto& [key, entry] : entries_) {
    if (!entry.used) unused.emplace_back(entry.location, key);
  }
  std::sort(unused.begin(), unused.end());
  for (const auto& [location, file] : unused) {
    diag.warning(location, "manifest names " + file + ", which was not read");
  }
}

}  // namespace morgue
