// Source reading: directory walking, plain text and JSONL records.
#include "indexer/read/source_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "common/text/ascii.h"
#include "common/text/url.h"
#include "common/text/utf8.h"
#include "indexer/page/saved_page.h"
#include "indexer/read/article_record.h"
#include "indexer/read/article_text.h"
#include "indexer/read/input_file.h"
#include "indexer/read/text_decode.h"
#include "indexer/read/warc_reader.h"

namespace fs = std::filesystem;

namespace morgue {
namespace {

constexpr std::string_view kManifestName = "manifest.jsonl";
// Bad records in a row after which a file is taken for something other than a feed.
constexpr std::size_t kMaxErrorsInARow = 100;

bool ends_with_icase(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(), [](char a, char b) {
    return a == std::tolower(static_cast<unsigned char>(b));
  });
}

// A file's id: its path below the SOURCE. Bytes of a name that are not UTF-8 (a Latin-1
// "café.txt") are written %XX, so that the id is text, stays the same on every run and
// differs from other names'.
std::string relative_id(const fs::path& file, const fs::path& root) {
  const std::string raw = file.lexically_relative(root).generic_string();
  if (is_valid_utf8(raw)) return raw;
  std::string out;
  std::size_t i = 0;
  while (i < raw.size()) {
    // A valid UTF-8 sequence as it is, else one byte escaped.
    std::size_t bad_len;
    const std::size_t len = valid_sequence_length(raw, i, &bad_len);
    if (len > 0) {
      out.append(raw, i, len);
      i += len;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(raw[i]));
      out += hex;
      ++i;
    }
  }
  return out;
}

}  // namespace

SourceKind source_kind(const fs::path& file) {
  const std::string name = file.filename().string();
  if (ends_with_icase(name, ".txt")) return SourceKind::kText;
  if (ends_with_icase(name, ".jsonl")) return SourceKind::kJsonl;
  if (ends_with_icase(name, ".jsonl.gz")) return SourceKind::kJsonlGz;
  if (ends_with_icase(name, ".html") || ends_with_icase(name, ".htm")) return SourceKind::kHtml;
  if (ends_with_icase(name, ".html.gz") || ends_with_icase(name, ".htm.gz"))
    return SourceKind::kHtmlGz;
  if (ends_with_icase(name, ".warc") || ends_with_icase(name, ".warc.gz")) return SourceKind::kWarc;
  return SourceKind::kOther;
}

SourceReader::SourceReader(ReadOptions options, Diagnostics& diag)
    : options_(std::move(options)), diag_(diag) {
  if (options_.manifest) manifest_ = Manifest::load(*options_.manifest, diag_, false);
}

std::string source_key(const fs::path& source) {
  // However the path was typed (srv/articles/, ./srv/articles, through a symbolic link, from
  // another working directory), one SOURCE has one key: else every article would be rewritten.
  std::error_code ec;
  fs::path path = fs::weakly_canonical(fs::absolute(source), ec);
  if (ec) path = fs::absolute(source);
  std::string key = path.lexically_normal().generic_string();
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  return key;
}

bool SourceReader::read(const fs::path& source, const ArticleSink& sink) {
  const std::string root_key = source_key(source);
  source_ = source;
  source_key_ = root_key;
  incomplete_ = false;
  read_untagged(source, [&](Article&& a) {
    a.source_root = root_key;
    sink(std::move(a));
  });
  return !incomplete_;
}

void SourceReader::unreadable(const std::string& where, std::string id, const std::string& message,
                              const fs::path& file) {
  ++stats_.rejected;
  diag_.error(where, message);
  kept_ids_.push_back(std::move(id));
  kept_files_.push_back(file.empty() ? std::string() : file_key(file));
}

void SourceReader::io_failure(const std::string& where, const std::string& message) {
  ++stats_.rejected;
  incomplete_ = true;
  diag_.error(where, message);
}

void SourceReader::read_untagged(const fs::path& source, const ArticleSink& sink) {
  std::error_code ec;
  const fs::file_status status = fs::status(source, ec);
  if (ec || !fs::exists(status)) {
    io_failure(source.string(), "no such file or directory");
    return;
  }
  if (!fs::is_directory(status)) {
    const fs::path root = source.has_parent_path() ? source.parent_path() : fs::path(".");
    if (source_kind(source) == SourceKind::kOther) {
      io_failure(source.string(),
                 "not a directory, .txt, .jsonl(.gz), .html(.gz) or .warc(.gz) file");
    } else {
      read_file(source, root, sink);
    }
    return;
  }

  // A directory: the manifests of every folder in it first (a scraper keeps one per folder,
  // articles/2022-02/manifest.jsonl), then every article file in sorted order, so ids and
  // messages come out the same on every run.
  const auto load_manifest = [&](const fs::path& manifest) {
    try {
      manifest_.merge(Manifest::load(manifest, diag_));
    } catch (const std::exception& e) {
      // Without their metadata its folder's articles would be rewritten with no outlet and
      // no date: they are kept as they are until the manifest can be read.
      ++stats_.rejected;
      diag_.error(manifest.string(),
                  std::string(e.what()) + "; the articles of its folder are kept as they were");
      manifest_.withhold_folder(manifest.parent_path());
    }
  };
  std::vector<fs::path> files;
  // No skip_permission_denied: an unreadable directory is reported (and keeps its articles),
  // never passed over in silence.
  auto walk_options = fs::directory_options::none;
  if (options_.follow_symlinks) walk_options |= fs::directory_options::follow_directory_symlink;
  fs::recursive_directory_iterator it(source, walk_options, ec), end;
  if (ec) {
    io_failure(source.string(), "cannot read directory: " + ec.message());
    return;
  }
  std::set<fs::path> visited;  // real directories walked, to stop symlink loops
  visited.insert(fs::weakly_canonical(source, ec));
  std::size_t walk_errors = 0;
  while (it != end) {
    const fs::path p = it->path();
    std::error_code type_ec;
    const bool link = it->is_symlink(type_ec);
    const bool directory = it->is_directory(type_ec);
    if (link && !options_.follow_symlinks) {
      // A link may lead anywhere, outside the tree included: only on request.
      diag_.warning(p.string(), "symbolic link not followed (use --follow-symlinks)");
      ++stats_.ignored_files;
    } else if (directory) {
      std::error_code open_ec;
      const fs::directory_iterator probe(p, open_ec);
      if (open_ec) {
        // Reported and left out, never entered: entering it would fail and end the walk of
        // its parent, hiding the later siblings.
        io_failure(p.string(), "cannot read directory: " + open_ec.message());
        it.disable_recursion_pending();
      } else if (!visited.insert(fs::weakly_canonical(p, type_ec)).second) {
        diag_.warning(p.string(),
                      "directory already walked (symbolic link loop); not entered again");
        it.disable_recursion_pending();
      }
    } else if (p.filename() == kManifestName) {
      load_manifest(p);  // describes the files of its own folder, read after the walk
    } else if (source_kind(p) == SourceKind::kOther) {
      ++stats_.ignored_files;
    } else {
      files.push_back(p);
    }
    it.increment(ec);
    if (ec) {
      io_failure(p.string(), "while walking the directory: " + ec.message());
      ec.clear();
      // Leave the directory that failed; give up after many failures rather than spin.
      if (++walk_errors > 100 || it == end) break;
      it.pop(ec);
      if (ec) break;
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) read_file(file, source, sink);
}

void SourceReader::read_file(const fs::path& file, const fs::path& root, const ArticleSink& sink) {
  switch (source_kind(file)) {
    case SourceKind::kText:
      read_text_file(file, root, sink);
      return;
    case SourceKind::kHtml:
    case SourceKind::kHtmlGz:
      read_html_file(file, root, sink);
      return;
    case SourceKind::kWarc:
      read_warc_file(file, sink);
      return;
    case SourceKind::kJsonl:
    case SourceKind::kJsonlGz:
      read_jsonl_file(file, root, sink);
      return;
    case SourceKind::kOther:
      return;  // never listed
  }
}

void SourceReader::finish() { manifest_.report_unused(diag_); }

std::string SourceReader::file_key(const fs::path& file) const {
  // The SOURCE's key (symbolic links resolved, as source_key() makes it) and the file's path
  // below it: one file has one key however the SOURCE was typed, at one realpath per SOURCE.
  const fs::path below = file.lexically_relative(source_);
  if (below.empty() || below == ".") return source_key_;
  return (fs::path(source_key_) / below).lexically_normal().generic_string();
}

std::optional<std::string> SourceReader::read_article_bytes(const fs::path& file,
                                                            const fs::path& root, bool gzipped,
                                                            bool id_is_path) {
  const std::string where = file.string();
  const std::string path_id = relative_id(file, root);
  if (const auto why = manifest_.withheld(file)) {
    unreadable(where, path_id, *why + "; the article is kept as it was", file);
    return std::nullopt;
  }
  std::string why;
  std::optional<InputFile> input = InputFile::open(file, why);
  if (!input) {
    unreadable(where, path_id, why + "; skipped", file);
    return std::nullopt;
  }
  if (input->size() > options_.max_file_bytes) {
    io_failure(where, "file is " + std::to_string(input->size()) + " bytes, over the limit of " +
                          std::to_string(options_.max_file_bytes) + "; skipped");
    return std::nullopt;
  }
  std::string bytes;
  try {
    // One byte past the limit tells a file that grew since it was opened.
    bytes = input->read_all(options_.max_file_bytes + 1);
    if (gzipped) bytes = inflate_bytes(bytes, options_.max_file_bytes, 15 + 32, true);
  } catch (const InputReadError& e) {
    if (id_is_path) {
      unreadable(where, path_id, std::string(e.what()) + "; the article is kept as it was", file);
    } else {
      // The page's id may be its canonical URL, unknown without its text: nothing of this
      // SOURCE is taken as gone this run.
      io_failure(where, std::string(e.what()) +
                            "; skipped, and no article of this source is taken as deleted this "
                            "run");
    }
    return std::nullopt;
  }
  if (bytes.size() > options_.max_file_bytes) {
    io_failure(where, "file grew past the limit of " + std::to_string(options_.max_file_bytes) +
                          " bytes while being read; skipped");
    return std::nullopt;
  }
  ++stats_.files_read;
  return bytes;
}

void SourceReader::read_text_file(const fs::path& file, const fs::path& root,
                                  const ArticleSink& sink) {
  const std::string where = file.string();
  const std::optional<std::string> read = read_article_bytes(file, root, false, true);
  if (!read) return;
  const std::string& bytes = *read;

  DecodedText decoded = decode_text_bytes(bytes);
  if (decoded.rejected) {
    unreadable(where, relative_id(file, root), *decoded.rejected + "; skipped", file);
    return;
  }
  if (decoded.warning) diag_.warning(where, *decoded.warning);

  ManifestEntry* meta = manifest_.find(file);
  ScrapedText text =
      split_scraped_text(decoded.text, {.detect_headline = meta == nullptr || meta->title.empty()});
  stats_.chrome_lines += text.removed.size();
  if (options_.verbose) {
    for (const RemovedChrome& r : text.removed) {
      diag_.note(where + ":" + std::to_string(r.line),
                 "removed page chrome (" + r.rule + "): " + r.text);
    }
  }
  if (text.body.empty() && text.title.empty()) {
    unreadable(where, relative_id(file, root),
               bytes.empty() ? "empty file; skipped" : "no article text; skipped", file);
    return;
  }

  Article a;
  a.id = relative_id(file, root);
  a.source = where;
  a.source_file = file_key(file);
  a.title = std::move(text.title);
  a.body = std::move(text.body);
  if (meta != nullptr) {
    a.outlet = meta->outlet;
    a.published = meta->published;
    a.published_utc_minutes = meta->published_utc_minutes;
    a.url = meta->url;
    a.section = meta->section;
    if (!meta->title.empty()) a.title = meta->title;
  }
  if (auto cut = cap_article_size(a, options_.max_article_bytes)) diag_.warning(where, *cut);
  ++stats_.articles;
  sink(std::move(a));
}

std::optional<InputFile> SourceReader::open_growing_file(const fs::path& file) {
  std::string why;
  std::optional<InputFile> input = InputFile::open(file, why);
  if (!input) {
    io_failure(file.string(), why + "; skipped");
    return std::nullopt;
  }
  ++stats_.files_read;
  const std::uintmax_t size = input->size();
  const std::string key = source_key(file);
  sizes_[key] = size;
  const auto before = options_.previous_sizes.find(key);
  if (before != options_.previous_sizes.end() && size < before->second &&
      !options_.accept_smaller_files) {
    diag_.warning(file.string(), "is " + std::to_string(size) + " bytes, smaller than the " +
                                     std::to_string(before->second) +
                                     " read at the last run (cut short?): articles it no "
                                     "longer yields are kept this run");
    incomplete_ = true;
  }
  return input;
}

void SourceReader::read_jsonl_file(const fs::path& file, const fs::path& root,
                                   const ArticleSink& sink) {
  std::optional<InputFile> input = open_growing_file(file);
  if (!input) return;
  std::optional<LineReader> lines;
  try {
    lines.emplace(std::move(*input), source_kind(file) == SourceKind::kJsonlGz,
                  options_.max_record_bytes);
  } catch (const InputReadError& e) {
    io_failure(file.string(), std::string(e.what()) + "; skipped");
    return;
  }
  const std::string rel = relative_id(file, root);
  const std::string absolute = file_key(file);
  std::string line;
  std::size_t line_no = 0, errors_in_a_row = 0;
  while (true) {
    LineStatus status;
    try {
      status = lines->next(line);
    } catch (const InputReadError& e) {
      // Only a file read to its end may tell which articles are gone: io_failure() keeps the
      // SOURCE's articles this run.
      io_failure(file.string() + ":" + std::to_string(line_no + 1),
                 std::string(e.what()) + " at byte offset " + std::to_string(lines->offset()) +
                     "; rest of file skipped");
      break;
    }
    if (status == LineStatus::kEnd) break;
    ++line_no;
    const std::string where = file.string() + ":" + std::to_string(line_no);
    if (status == LineStatus::kLine && line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    std::optional<std::string> error;
    ArticleRecord record;
    if (status == LineStatus::kTooLong) {
      error = "record longer than " + std::to_string(options_.max_record_bytes) +
              " bytes (--max-record-size)";
    } else {
      record = parse_article_record(line, rel + ":" + std::to_string(line_no));
      for (const std::string& w : record.warnings) diag_.warning(where, w);
      error = record.error;
    }
    if (error) {
      // Which article the line held is unknown (a feed cut mid-line by its writer, a
      // corrupted record): none of the SOURCE's articles is taken as gone this run.
      io_failure(where, *error + "; record skipped");
      if (++errors_in_a_row >= kMaxErrorsInARow) {
        io_failure(file.string(), std::to_string(errors_in_a_row) +
                                      " bad records in a row (not a JSONL feed?); rest of file "
                                      "skipped");
        break;
      }
      continue;
    }
    errors_in_a_row = 0;
    Article a = std::move(*record.article);
    a.source = where;
    a.source_file = absolute;
    if (auto cut = cap_article_size(a, options_.max_article_bytes)) diag_.warning(where, *cut);
    ++stats_.articles;
    sink(std::move(a));
  }
}

void SourceReader::read_html_file(const fs::path& file, const fs::path& root,
                                  const ArticleSink& sink) {
  const std::string where = file.string();
  const std::string path_id = relative_id(file, root);
  const std::optional<std::string> bytes =
      read_article_bytes(file, root, source_kind(file) == SourceKind::kHtmlGz, false);
  if (!bytes) return;
  ManifestEntry* meta = manifest_.find(file);
  const std::string origin_url = meta != nullptr ? meta->url : std::string();
  PageOrigin origin;
  origin.url = origin_url;
  SavedPage page = read_saved_page(*bytes, origin);
  for (const std::string& w : page.warnings) diag_.warning(where, w);
  const std::string id = !page.canonical_url.empty() ? page.canonical_url : path_id;
  if (!page.article) {
    if (page.canonical_url.empty() && page.error->starts_with("not read as a page")) {
      io_failure(where, *page.error +
                            "; skipped, and no article of this source is taken as "
                            "deleted this run");
    } else {
      unreadable(where, id, *page.error + "; skipped", file);
    }
    return;
  }
  Article a = std::move(*page.article);
  a.id = id;
  a.source = where;
  a.source_file = file_key(file);
  if (meta != nullptr) {  // a manifest line wins over what the page says
    if (!meta->outlet.empty()) a.outlet = meta->outlet;
    if (meta->published) {
      a.published = meta->published;
      a.published_utc_minutes = meta->published_utc_minutes;
    }
    if (!meta->url.empty()) a.url = meta->url;
    if (!meta->title.empty()) a.title = meta->title;
    if (!meta->section.empty()) a.section = meta->section;
  }
  if (auto cut = cap_article_size(a, options_.max_article_bytes)) diag_.warning(where, *cut);
  ++stats_.articles;
  ++stats_.pages;
  sink(std::move(a));
}

void SourceReader::read_warc_file(const fs::path& file, const ArticleSink& sink) {
  // A crawl cut at a gzip member's end reads as a whole one, like a feed: only its size tells.
  std::optional<InputFile> input = open_growing_file(file);
  if (!input) return;
  std::optional<WarcReader> records;
  try {
    records.emplace(std::move(*input), options_.max_file_bytes);
  } catch (const InputReadError& e) {
    io_failure(file.string(), std::string(e.what()) + "; skipped");
    return;
  }
  WarcRecord record;
  while (true) {
    try {
      if (!records->next(record)) break;
    } catch (const InputReadError& e) {
      // Which pages the rest held is unknown: none of the SOURCE's articles is taken as gone.
      io_failure(file.string(), std::string(e.what()) + "; rest of file skipped");
      break;
    }
    const std::string where = file.string() + "@" + std::to_string(record.offset);
    const bool response = record.type == "response";
    const bool resource = record.type == "resource";
    if (!response && !resource) {
      ++stats_.crawl_records_passed;
      continue;
    }
    if (record.block_skipped) {
      // Over the size limit: a video or an archive, rarely a page.
      ++stats_.crawl_records_passed;
      if (options_.verbose)
        diag_.note(where, "record of " + std::to_string(record.length) + " bytes passed over");
      continue;
    }
    std::string content_type = record.content_type;
    std::string payload;
    if (response) {
      if (ascii_lower(record.content_type).find("application/http") == std::string::npos) {
        ++stats_.crawl_records_passed;
        continue;
      }
      std::string error;
      auto http = parse_http_response(record.block, options_.max_file_bytes, error);
      if (!http) {
        io_failure(where, error + "; record skipped");
        continue;
      }
      if (http->status < 200 || http->status >= 300) {
        ++stats_.crawl_records_passed;  // redirects, errors: no article
        continue;
      }
      content_type = http->content_type;
      payload = std::move(http->body);
    } else {
      payload = std::move(record.block);
    }
    const std::string type = ascii_lower(content_type);
    if (type.find("text/html") == std::string::npos &&
        type.find("application/xhtml") == std::string::npos) {
      ++stats_.crawl_records_passed;
      continue;
    }
    const auto fetched = parse_timestamp(record.date);
    SavedPage page = read_saved_page(
        payload, {.url = record.target_uri, .content_type = content_type, .fetched = fetched});
    for (const std::string& w : page.warnings) diag_.warning(where, w);
    std::string id = !page.canonical_url.empty() ? page.canonical_url : record.target_uri;
    if (id.empty()) id = file.filename().string() + "@" + std::to_string(record.offset);
    if (!page.article) {
      unreadable(where, id, *page.error + "; record skipped", file);
      continue;
    }
    Article a = std::move(*page.article);
    a.id = std::move(id);
    a.source = where;
    a.source_file = file_key(file);
    if (auto cut = cap_article_size(a, options_.max_article_bytes)) diag_.warning(where, *cut);
    ++stats_.articles;
    ++stats_.pages;
    sink(std::move(a));
  }
}

}  // namespace morgue
