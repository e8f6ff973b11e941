// Reading article sources: directories (walked recursively), plain-text files and JSONL
// (optionally gzipped) files of article records, with manifest metadata applied.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/index/article.h"
#include "indexer/read/diagnostics.h"
#include "indexer/read/input_file.h"
#include "indexer/read/manifest.h"

namespace morgue {

/// Settings for SourceReader.
struct ReadOptions {
  /// Extra manifest (--manifest); `file` entries are relative to its directory. Default none.
  std::optional<std::filesystem::path> manifest;
  /// Files larger than this are rejected with a message. Default 64 MiB.
  std::size_t max_file_bytes = std::size_t{64} << 20;
  /// Longest JSONL record line; a longer one is an error (memory stays bounded). Default 16 MiB.
  std::size_t max_record_bytes = std::size_t{16} << 20;
  /// Article text indexed and stored per article; the rest is cut with a warning. Default 4 MiB.
  std::size_t max_article_bytes = std::size_t{4} << 20;
  /// Follow symbolic links (to files and directories) while walking a directory; without it
  /// they are reported and skipped, so a link cannot pull in files from outside the tree.
  /// Default false.
  bool follow_symlinks = false;
  /// Report each removed chrome line as a note. Default false.
  bool verbose = false;
  /// Sizes of the JSONL feeds and crawls a previous run read, by source_key(): a file now smaller
  /// was cut short or is being rewritten, and its SOURCE is not taken as read whole (see read()).
  std::map<std::string, std::uintmax_t> previous_sizes;
  /// Take a smaller file as read whole all the same (--allow-mass-delete). Default false.
  bool accept_smaller_files = false;
};

/// What reading found, besides the articles themselves.
struct ReadStats {
  std::size_t files_read = 0;            ///< article files opened
  std::size_t articles = 0;              ///< articles handed to the sink
  std::size_t rejected = 0;              ///< files or records skipped (each reported as an error)
  std::size_t ignored_files = 0;         ///< files in source directories that are not articles
  std::size_t chrome_lines = 0;          ///< page-chrome lines removed from plain-text articles
  std::size_t pages = 0;                 ///< articles read from saved pages and crawl records
  std::size_t crawl_records_passed = 0;  ///< crawl records that are no page (requests, images,
                                         ///< redirects, errors): counted, not reported
};

/// Receives each article read; may throw to abort reading.
using ArticleSink = std::function<void(Article&&)>;

/// Reads sources and hands articles to a sink. Problems with input go to the Diagnostics
/// (file:line: error: ...) and reading goes on. Not thread-safe.
class SourceReader {
 public:
  /// Loads options.manifest now; throws std::runtime_error when it cannot be read.
  SourceReader(ReadOptions options, Diagnostics& diag);

  /// Reads one SOURCE: a directory, a .txt file, a .jsonl / .jsonl.gz feed, a saved page
  /// (.html, .htm, .html.gz) or a crawl (.warc, .warc.gz). A page's id is its canonical URL
  /// where it names one, else its path; a crawl's pages are its response (and resource)
  /// records with an HTML payload, each's id its canonical URL, else its target URI. A directory's
  /// own manifest.jsonl supplies metadata for the files below it. Ids are paths relative to
  /// the directory (or, for a file given directly, its file name); JSONL records carry theirs.
  /// Returns false when some of it could not be read (missing, unlistable, a file that could
  /// not be opened, a corrupt gzip stream, a JSONL line that is no record, a JSONL file smaller
  /// than a previous run read it: a feed cut at a gzip member's end reads as a whole one, and
  /// only its size tells; the next run, finding it the same size, decides): the caller must
  /// then not take articles it did not see as deleted. A text file rejected for its content
  /// (empty, NUL-only, binary) leaves its id in kept_ids() instead: that one article stays.
  [[nodiscard]] bool read(const std::filesystem::path& source, const ArticleSink& sink);

  /// Warns about manifest entries that matched no file. Call after the last read().
  void finish();

  [[nodiscard]] const ReadStats& stats() const { return stats_; }

  /// Ids of articles whose file was there but could not be read this run: not evidence that
  /// the article is gone, so a caller keeps them.
  [[nodiscard]] const std::vector<std::string>& kept_ids() const { return kept_ids_; }
  /// The file of each of kept_ids() (as Article::source_file names it), in the same order.
  [[nodiscard]] const std::vector<std::string>& kept_files() const { return kept_files_; }

  /// The size of every JSONL feed and crawl read this run, by source_key(), for the next run's
  /// ReadOptions::previous_sizes.
  [[nodiscard]] const std::map<std::string, std::uintmax_t>& file_sizes() const { return sizes_; }

 private:
  void read_untagged(const std::filesystem::path& source, const ArticleSink& sink);
  /// Reports an input that could not be read, counts it as rejected, and marks the SOURCE
  /// being read as incomplete.
  void io_failure(const std::string& where, const std::string& message);
  /// Reports a file that is there but yields no article, keeping its id (kept_ids()).
  void unreadable(const std::string& where, std::string id, const std::string& message,
                  const std::filesystem::path& file = {});
  /// Opens a file that grows between runs (a JSONL feed, a crawl) and records its size; one
  /// smaller than a previous run read it keeps the SOURCE's articles this run (read()).
  /// nullopt, reported, when it cannot be opened.
  std::optional<InputFile> open_growing_file(const std::filesystem::path& file);
  /// Reads one article file of a kind source_kind() knows, by its kind.
  void read_file(const std::filesystem::path& file, const std::filesystem::path& root,
                 const ArticleSink& sink);
  /// The bytes of an article file (a .txt, a saved page), decompressed when `gzipped`;
  /// nullopt when it cannot be read, reported. `id_is_path`: the article's id is its path (a
  /// .txt), so a read error keeps that one article; a page's id may be its canonical URL,
  /// unknown unread, so a read error keeps every article of the SOURCE this run instead.
  std::optional<std::string> read_article_bytes(const std::filesystem::path& file,
                                                const std::filesystem::path& root, bool gzipped,
                                                bool id_is_path);
  void read_text_file(const std::filesystem::path& file, const std::filesystem::path& root,
                      const ArticleSink& sink);
  void read_jsonl_file(const std::filesystem::path& file, const std::filesystem::path& root,
                       const ArticleSink& sink);
  void read_html_file(const std::filesystem::path& file, const std::filesystem::path& root,
                      const ArticleSink& sink);
  void read_warc_file(const std::filesystem::path& file, const ArticleSink& sink);

  ReadOptions options_;
  Diagnostics& diag_;
  Manifest manifest_;
  ReadStats stats_;
  std::vector<std::string> kept_ids_;
  std::vector<std::string> kept_files_;
  std::map<std::string, std::uintmax_t> sizes_;
  bool incomplete_ = false;  ///< the SOURCE being read had an I/O failure
  /// The key of a file of the SOURCE being read (Article::source_file): the SOURCE's key and
  /// the file's path below it.
  [[nodiscard]] std::string file_key(const std::filesystem::path& file) const;
  std::filesystem::path source_;  ///< the SOURCE being read, as given
  std::string source_key_;        ///< its source_key()
};

/// The key a SOURCE argument is known by in the index: its absolute path with symbolic links
/// resolved, lexically normal, no trailing slash, so that it does not depend on how the path
/// was typed.
[[nodiscard]] std::string source_key(const std::filesystem::path& source);

/// The kind of article file a path names, by its extension.
enum class SourceKind { kText, kJsonl, kJsonlGz, kHtml, kHtmlGz, kWarc, kOther };
[[nodiscard]] SourceKind source_kind(const std::filesystem::path& file);

}  // namespace morgue
