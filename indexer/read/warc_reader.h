// Reading web crawls as they are stored: WARC files (ISO 28500; wget --warc-file, Heritrix,
// Browsertrix, Common Crawl), plain or gzipped record by record, streamed without unpacking
// them to disk, and the HTTP responses their response records hold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/read/input_file.h"

namespace morgue {

/// One WARC record: its header fields and its block.
struct WarcRecord {
  std::uintmax_t offset = 0;  ///< where it starts in the (uncompressed) stream, in bytes
  std::string type;           ///< WARC-Type: "response", "resource", "request", "warcinfo", ...
  std::string target_uri;     ///< WARC-Target-URI
  std::string date;           ///< WARC-Date
  std::string content_type;   ///< the record's Content-Type ("application/http; msgtype=response")
  std::uintmax_t length = 0;  ///< Content-Length: the block's size
  std::string block;          ///< the block; empty when over the cap (`block_skipped`)
  bool block_skipped = false;
};

/// Reads the records of a WARC file in order, holding one block of at most `max_block` bytes
/// at a time (a longer one is passed over unread). Gzipped files (.warc.gz, a member per
/// record or one for the whole) are decompressed as they are read. Not thread-safe.
class WarcReader {
 public:
  WarcReader(InputFile file, std::size_t max_block);
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  /// The next record; false at the end of the file. Throws InputReadError, naming the byte
  /// offset, when the file cannot be read on: a header that is no WARC header, a record cut
  /// short, a gzip member cut short or corrupt, an I/O error.
  bool next(WarcRecord& record);

 private:
  /// At least `n` bytes buffered from pos_; false when the stream ends first.
  bool want(std::size_t n);
  /// Passes over `n` bytes; false when the stream ends first.
  bool skip(std::uintmax_t n);

  struct Gz;
  std::unique_ptr<Gz> gz_;
  std::size_t max_block_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uintmax_t offset_ = 0;  ///< stream offset of buf_[pos_]
  bool eof_ = false;
};

/// An HTTP response as a response record holds it.
struct HttpResponse {
  int status = 0;
  std::string content_type;  ///< the Content-Type header ("text/html; charset=utf-8")
  std::string body;          ///< de-chunked and decompressed (gzip, deflate)
};

/// Parses the HTTP response in a response record's block, its body at most `max_body` bytes
/// once decompressed. nullopt, with `error` set, when it is not one or cannot be decoded.
[[nodiscard]] std::optional<HttpResponse> parse_http_response(std::string_view block,
                                                              std::size_t max_body,
                                                              std::string& error);

}  // namespace morgue
