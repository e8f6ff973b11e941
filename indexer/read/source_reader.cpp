// Source reading: directory walking, plain text and JSONL records.
#include "indexer/read/source_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "common/text/utf8.h"
#include "indexer/read/article_record.h"
#include "indexer/read/article_text.h"
#include "indexer/read/text_decode.h"

namespace fs = std::filesystem;

namespace morgue {
namespace {

constexpr std::string_view kManifestName = "manifest.jsonl";

bool ends_with_icase(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(), [](char a, char b) {
    return a == std::tolower(static_cast<unsigned char>(b));
  });
}

// Reads lines from a plain or gzip-compressed file.
class LineReader {
 public:
  explicit LineReader(const fs::path& file, bool gzipped) {
    if (gzipped) {
      gz_ = gzopen(file.c_str(), "rb");
      ok_ = gz_ != nullptr;
    } else {
      in_.open(file, std::ios::binary);
      ok_ = static_cast<bool>(in_);
    }
  }
  ~LineReader() {
    if (gz_ != nullptr) gzclose(gz_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool ok() const { return ok_; }

  // Next line without its '\n'; false at end of input. Throws on a corrupt gzip stream.
  bool next(std::string& line) {
    if (gz_ == nullptr) return static_cast<bool>(std::getline(in_, line));
    line.clear();
    char buf[8192];
    while (true) {
      if (gzgets(gz_, buf, sizeof buf) == nullptr) {
        int err = Z_OK;
        const char* msg = gzerror(gz_, &err);
        if (err != Z_OK && err != Z_STREAM_END) throw std::runtime_error(msg);
        return !line.empty();
      }
      line.append(buf);
      if (!line.empty() && line.back() == '\n') {
        line.pop_back();
        return true;
      }
    }
  }

 private:
  std::ifstream in_;
  gzFile gz_ = nullptr;
  bool ok_ = false;
};

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
  incomplete_ = false;
  read_untagged(source, [&](Article&& a) {
    a.source_root = root_key;
    sink(std::move(a));
  });
  return !incomplete_;
}

void SourceReader::unreadable(const std::string& where, std::string id,
                              const std::string& message) {
  ++stats_.rejected;
  diag_.error(where, message);
  kept_ids_.push_back(std::move(id));
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
    switch (source_kind(source)) {
      case SourceKind::kText:
        read_text_file(source, root, sink);
        return;
      case SourceKind::kJsonl:
      case SourceKind::kJsonlGz:
        read_jsonl_file(source, root, sink);
        return;
      case SourceKind::kOther:
        io_failure(source.string(), "not a directory, .txt, .jsonl or .jsonl.gz file");
        return;
    }
  }

  // A directory: the manifests of every folder in it first (a scraper keeps one per folder,
  // articles/2022-02/manifest.jsonl), then every article file in sorted order, so ids and
  // messages come out the same on every run.
  const auto load_manifest = [&](const fs::path& manifest) {
    try {
      manifest_.merge(Manifest::load(manifest, diag_));
    } catch (const std::exception& e) {
      diag_.error(manifest.string(), e.what());
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
  for (const fs::path& file : files) {
    if (source_kind(file) == SourceKind::kText) {
      read_text_file(file, source, sink);
    } else {
      read_jsonl_file(file, source, sink);
    }
  }
}

void SourceReader::finish() { manifest_.report_unused(diag_); }

void SourceReader::read_text_file(const fs::path& file, const fs::path& root,
                                  const ArticleSink& sink) {
  const std::string where = file.string();
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) {
    io_failure(where, "cannot read: " + ec.message() + "; skipped");
    return;
  }
  if (size > options_.max_file_bytes) {
    io_failure(where, "file is " + std::to_string(size) + " bytes, over the limit of " +
                          std::to_string(options_.max_file_bytes) + "; skipped");
    return;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    io_failure(where, "cannot open for reading; skipped");
    return;
  }
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  ++stats_.files_read;

  DecodedText decoded = decode_text_bytes(bytes);
  if (decoded.rejected) {
    unreadable(where, relative_id(file, root), *decoded.rejected + "; skipped");
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
               bytes.empty() ? "empty file; skipped" : "no article text; skipped");
    return;
  }

  Article a;
  a.id = relative_id(file, root);
  a.source = where;
  a.title = std::move(text.title);
  a.body = std::move(text.body);
  if (meta != nullptr) {
    a.outlet = meta->outlet;
    a.published = meta->published;
    a.published_utc_minutes = meta->published_utc_minutes;
    a.url = meta->url;
    if (!meta->title.empty()) a.title = meta->title;
  }
  if (auto cut = cap_article_size(a, options_.max_article_bytes)) diag_.warning(where, *cut);
  ++stats_.articles;
  sink(std::move(a));
}

void SourceReader::read_jsonl_file(const fs::path& file, const fs::path& root,
                                   const ArticleSink& sink) {
  LineReader lines(file, source_kind(file) == SourceKind::kJsonlGz);
  if (!lines.ok()) {
    io_failure(file.string(), "cannot open for reading; skipped");
    return;
  }
  ++stats_.files_read;
  std::error_code size_ec;
  const std::uintmax_t size = fs::file_size(file, size_ec);
  if (!size_ec) {
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
  }
  const std::string rel = relative_id(file, root);
  std::string line;
  std::size_t line_no = 0;
  while (true) {
    try {
      if (!lines.next(line)) break;
    } catch (const std::exception& e) {
      io_failure(file.string() + ":" + std::to_string(line_no + 1),
                 std::string("corrupt compressed data: ") + e.what() + "; rest of file skipped");
      break;
    }
    ++line_no;
    const std::string where = file.string() + ":" + std::to_string(line_no);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ArticleRecord record = parse_article_record(line, rel + ":" + std::to_string(line_no));
    for (const std::string& w : record.warnings) diag_.warning(where, w);
    if (record.error) {
      // Which article the line held is unknown (a feed cut mid-line by its writer, a
      // corrupted record): none of the SOURCE's articles is taken as gone this run.
      io_failure(where, *record.error + "; record skipped");
      continue;
    }
    Article a = std::move(*record.article);
    a.source = where;
    if (auto cut = cap_article_size(a, options_.max_article_bytes)) diag_.warning(where, *cut);
    ++stats_.articles;
    sink(std::move(a));
  }
}

}  // namespace morgue
