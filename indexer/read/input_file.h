// Opening and reading input files the way a nightly run must: only regular files (a FIFO
// would block the run forever while it holds the lock, a device never ends), lines of bounded
// length, and every read error reported instead of read as the end of the file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace morgue {

/// A read that failed part-way (EIO, a corrupt gzip stream): what was read before it may be
/// used, but the file was not read whole.
class InputReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An input file open for reading. Move-only; closes on destruction.
class InputFile {
 public:
  /// Opens `path` without blocking and checks that it is a regular file. On failure returns
  /// nullopt and sets `why` ("not a regular file (FIFO)", "cannot open: Permission denied").
  [[nodiscard]] static std::optional<InputFile> open(const std::filesystem::path& path,
                                                     std::string& why);
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  /// The file's size when opened.
  [[nodiscard]] std::uintmax_t size() const { return size_; }

  /// Up to `max_bytes` of the whole file. Throws InputReadError on a read error.
  [[nodiscard]] std::string read_all(std::size_t max_bytes);

  /// Gives up the descriptor (to zlib); the caller closes it.
  int release();

 private:
  InputFile(int fd, std::uintmax_t size) : fd_(fd), size_(size) {}
  int fd_ = -1;
  std::uintmax_t size_ = 0;
};

/// `data` decompressed by zlib, `window_bits` as inflateInit2() takes them (15 + 32: gzip or
/// zlib, told apart by the header; 15: zlib; -15: raw deflate), at most `max_bytes` of it.
/// `whole`: every byte belongs to the compressed data, streams that follow one another (gzip
/// members) read on, anything else after the last an error; otherwise reading stops at the
/// end of the first stream and what follows is ignored. Throws InputReadError, naming the
/// compressed byte offset, when the data is corrupt or cut short, or decompresses to more.
[[nodiscard]] std::string inflate_bytes(std::string_view data, std::size_t max_bytes,
                                        int window_bits, bool whole);

/// What LineReader::next() found.
enum class LineStatus {
  kLine,     ///< a line, in `line`, without its '\n'
  kTooLong,  ///< a line longer than the cap; skipped to its end, `line` holds its first bytes
  kEnd,      ///< the end of the file
};

/// Reads a plain or gzip-compressed file line by line, holding at most `max_line` bytes of a
/// line in memory, so that a huge record, a file with no newline or a gzip bomb cannot grow
/// the run without bound. Not thread-safe.
class LineReader {
 public:
  LineReader(InputFile file, bool gzipped, std::size_t max_line);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// The next line. Throws InputReadError when the file cannot be read on (an I/O error, a
  /// corrupt gzip stream).
  LineStatus next(std::string& line);

  /// Bytes of (uncompressed) input consumed so far.
  [[nodiscard]] std::uintmax_t offset() const { return offset_; }

 private:
  /// Refills buf_; false at the end of the input.
  bool fill();

  struct Gz;
  std::unique_ptr<Gz> gz_;
  int fd_ = -1;
  std::size_t max_line_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::uintmax_t offset_ = 0;
};

}  // namespace morgue
