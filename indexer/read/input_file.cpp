// Input files: regular files only, bounded lines, read errors reported.
#include "indexer/read/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace morgue {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

std::string file_type(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

// read(2) until it returns something other than EINTR.
ssize_t read_some(int fd, char* buf, std::size_t n) {
  while (true) {
    const ssize_t got = ::read(fd, buf, n);
    if (got >= 0 || errno != EINTR) return got;
  }
}

}  // namespace

std::optional<InputFile> InputFile::open(const std::filesystem::path& path, std::string& why) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    why = std::string("cannot read: ") + std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    why = std::string("cannot read: ") + std::strerror(errno);
    ::close(fd);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    why = "is " + file_type(st.st_mode) + ", not a regular file";
    ::close(fd);
    return std::nullopt;
  }
  // Regular files ignore O_NONBLOCK; clear it all the same so reads are ordinary.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return InputFile(fd, static_cast<std::uintmax_t>(st.st_size));
}

InputFile::InputFile(InputFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
  }
  return *this;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

int InputFile::release() { return std::exchange(fd_, -1); }

std::string InputFile::read_all(std::size_t max_bytes) {
  std::string out;
  out.resize(std::min<std::uintmax_t>(size_, max_bytes));
  std::size_t have = 0;
  while (have < max_bytes) {
    if (have == out.size()) out.resize(std::min(max_bytes, out.size() + kChunk));
    const ssize_t got = read_some(fd_, out.data() + have, out.size() - have);
    if (got < 0) {
      throw InputReadError("read error at byte offset " + std::to_string(have) + ": " +
                           std::strerror(errno));
    }
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
  }
  out.resize(have);
  return out;
}

struct LineReader::Gz {
  gzFile file = nullptr;
  ~Gz() {
    if (file != nullptr) gzclose(file);
  }
};

LineReader::LineReader(InputFile file, bool gzipped, std::size_t max_line)
    : max_line_(max_line == 0 ? 1 : max_line) {
  if (gzipped) {
    const int fd = file.release();
    gz_ = std::make_unique<Gz>();
    gz_->file = gzdopen(fd, "rb");
    if (gz_->file == nullptr) {
      ::close(fd);
      throw InputReadError("cannot start reading gzip data");
    }
    gzbuffer(gz_->file, kChunk);
  } else {
    fd_ = file.release();
  }
}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool LineReader::fill() {
  if (eof_) return false;
  buf_.erase(0, pos_);
  pos_ = 0;
  const std::size_t old = buf_.size();
  buf_.resize(old + kChunk);
  long got;
  if (gz_) {
    got = gzread(gz_->file, buf_.data() + old, static_cast<unsigned>(kChunk));
    if (got < 0) {
      int err = Z_OK;
      const char* msg = gzerror(gz_->file, &err);
      buf_.resize(old);
      throw InputReadError(err == Z_ERRNO ? std::string("read error: ") + std::strerror(errno)
                                          : std::string("corrupt compressed data: ") + msg);
    }
  } else {
    got = read_some(fd_, buf_.data() + old, kChunk);
    if (got < 0) {
      const int e = errno;
      buf_.resize(old);
      throw InputReadError(std::string("read error: ") + std::strerror(e));
    }
  }
  buf_.resize(old + static_cast<std::size_t>(got));
  if (got == 0) {
    // zlib reads a stream cut short as its end; it says so only through gzerror().
    if (gz_) {
      int err = Z_OK;
      const char* msg = gzerror(gz_->file, &err);
      if (err != Z_OK && err != Z_STREAM_END) {
        throw InputReadError(std::string("corrupt compressed data: ") + msg);
      }
    }
    eof_ = true;
    return false;
  }
  return true;
}

LineStatus LineReader::next(std::string& line) {
  line.clear();
  bool too_long = false;
  while (true) {
    const std::size_t nl = buf_.find('\n', pos_);
    const std::size_t end = nl == std::string::npos ? buf_.size() : nl;
    if (!too_long) {
      const std::size_t room = max_line_ - line.size();
      const std::size_t take = std::min(room, end - pos_);
      line.append(buf_, pos_, take);
      if (take < end - pos_) too_long = true;
    }
    offset_ += end - pos_;
    pos_ = end;
    if (nl != std::string::npos) {
      ++pos_;
      ++offset_;
      return too_long ? LineStatus::kTooLong : LineStatus::kLine;
    }
    if (!fill()) {
      if (too_long) return LineStatus::kTooLong;
      return line.empty() ? LineStatus::kEnd : LineStatus::kLine;
    }
  }
}

std::string inflate_bytes(std::string_view data, std::size_t max_bytes, int window_bits,
                          bool whole) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) throw InputReadError("cannot start decompressing");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&z);
      throw InputReadError("decompresses to more than " + std::to_string(max_bytes) + " bytes");
    }
    if (rc == Z_STREAM_END && whole && z.avail_in > 0) {
      inflateReset(&z);  // another gzip member follows
      continue;
    }
    if (rc != Z_OK) break;
  }
  const uLong consumed = z.total_in;
  inflateEnd(&z);
  if (rc != Z_STREAM_END) {
    throw InputReadError(
        std::string(rc == Z_BUF_ERROR ? "gzip data cut short" : "corrupt gzip data") +
        " at compressed byte offset " + std::to_string(consumed));
  }
  return out;
}

}  // namespace morgue
