#include "indexer/read/warc_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <span>

#include "common/text/ascii.h"
#include "common/text/word_list.h"

namespace morgue {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 16;
constexpr std::size_t kMaxHeader = std::size_t{1} << 16;

std::optional<std::uintmax_t> parse_number(std::string_view s, int base = 10) {
  s = trim_blanks(s);
  std::uintmax_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  return v;
}

// Calls fn(name in lower case, value trimmed) for each "Name: value" line of a header block,
// after its first line (the WARC version, the HTTP status).
template <typename Fn>
void for_each_field(std::string_view header, Fn&& fn) {
  std::size_t line_start = header.find("\r\n");
  while (line_start != std::string_view::npos && line_start < header.size()) {
    line_start += 2;
    std::size_t line_end = header.find("\r\n", line_start);
    if (line_end == std::string_view::npos) line_end = header.size();
    const std::string_view line = header.substr(line_start, line_end - line_start);
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos)
      fn(ascii_lower(trim_blanks(line.substr(0, colon))), trim_blanks(line.substr(colon + 1)));
    line_start = line_end;
  }
}

}  // namespace

struct WarcReader::Gz {
  gzFile file = nullptr;
  ~Gz() {
    if (file != nullptr) gzclose(file);
  }
};

WarcReader::WarcReader(InputFile file, std::size_t max_block) : max_block_(max_block) {
  // zlib reads a file that is not gzipped as it is: one reader for .warc and .warc.gz.
  const int fd = file.release();
  gz_ = std::make_unique<Gz>();
  gz_->file = gzdopen(fd, "rb");
  if (gz_->file == nullptr) {
    ::close(fd);
    throw InputReadError("cannot start reading the file");
  }
  gzbuffer(gz_->file, kChunk);
}

WarcReader::~WarcReader() = default;

bool WarcReader::want(std::size_t n) {
  while (buf_.size() - pos_ < n) {
    if (eof_) return false;
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    const std::size_t old = buf_.size();
    buf_.resize(old + kChunk);
    const int got = gzread(gz_->file, buf_.data() + old, static_cast<unsigned>(kChunk));
    if (got < 0) {
      int err = Z_OK;
      const char* msg = gzerror(gz_->file, &err);
      buf_.resize(old);
      throw InputReadError(err == Z_ERRNO ? std::string("read error: ") + std::strerror(errno)
                                          : std::string("corrupt gzip data: ") + msg);
    }
    buf_.resize(old + static_cast<std::size_t>(got));
    if (got == 0) {
      int err = Z_OK;
      const char* msg = gzerror(gz_->file, &err);
      // zlib takes a gzip member cut short for the end; only gzerror() tells.
      if (err != Z_OK && err != Z_STREAM_END) {
        throw InputReadError(std::string("gzip data cut short or corrupt: ") + msg);
      }
      eof_ = true;
    }
  }
  return true;
}

bool WarcReader::skip(std::uintmax_t n) {
  while (n > 0) {
    if (pos_ == buf_.size() && !want(1)) return false;
    const std::size_t take =
        static_cast<std::size_t>(std::min<std::uintmax_t>(n, buf_.size() - pos_));
    pos_ += take;
    offset_ += take;
    n -= take;
  }
  return true;
}

bool WarcReader::next(WarcRecord& record) {
  record = WarcRecord{};
  // Records are separated by CRLF CRLF; tolerate any run of line ends between them.
  while (want(1) && (buf_[pos_] == '\r' || buf_[pos_] == '\n')) {
    ++pos_;
    ++offset_;
  }
  if (!want(1)) return false;
  record.offset = offset_;
  const std::string at = " at byte offset " + std::to_string(record.offset);
  // The header: up to the blank line.
  std::size_t end = std::string::npos;
  while (true) {
    end = buf_.find("\r\n\r\n", pos_);
    if (end != std::string::npos) break;
    if (buf_.size() - pos_ > kMaxHeader)
      throw InputReadError("WARC header longer than 64 KiB" + at);
    if (!want(buf_.size() - pos_ + 1))
      throw InputReadError("WARC record cut short in its header" + at);
  }
  const std::string_view header(buf_.data() + pos_, end - pos_);
  if (!header.starts_with("WARC/")) throw InputReadError("not a WARC record" + at);
  bool have_length = false;
  for_each_field(header, [&](const std::string& name, std::string_view value) {
    if (name == "warc-type")
      record.type = value;
    else if (name == "warc-target-uri")
      record.target_uri = value;
    else if (name == "warc-date")
      record.date = value;
    else if (name == "content-type")
      record.content_type = value;
    else if (name == "content-length") {
      const auto n = parse_number(value);
      if (!n) throw InputReadError("WARC record with a bad Content-Length" + at);
      record.length = *n;
      have_length = true;
    }
  });
  if (!have_length) throw InputReadError("WARC record with no Content-Length" + at);
  // Angle brackets around the URI are WARC 1.0's draft form ("<http://...>").
  if (record.target_uri.size() >= 2 && record.target_uri.front() == '<' &&
      record.target_uri.back() == '>')
    record.target_uri = record.target_uri.substr(1, record.target_uri.size() - 2);
  const std::size_t header_bytes = end + 4 - pos_;
  pos_ += header_bytes;
  offset_ += header_bytes;
  if (record.length > max_block_) {
    record.block_skipped = true;
    if (!skip(record.length)) throw InputReadError("WARC record cut short" + at);
    return true;
  }
  if (!want(static_cast<std::size_t>(record.length)))
    throw InputReadError("WARC record cut short (" + std::to_string(buf_.size() - pos_) + " of " +
                         std::to_string(record.length) + " bytes)" + at);
  record.block.assign(buf_, pos_, static_cast<std::size_t>(record.length));
  pos_ += static_cast<std::size_t>(record.length);
  offset_ += record.length;
  return true;
}

namespace {

// Undoes chunked transfer coding; nullopt when the chunks do not add up.
std::optional<std::string> dechunk(std::string_view body, std::size_t max_body) {
  std::string out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t eol = body.find("\r\n", pos);
    if (eol == std::string_view::npos) return std::nullopt;
    std::string_view size_text = body.substr(pos, eol - pos);
    size_text = size_text.substr(0, size_text.find(';'));  // chunk extensions
    const auto size = parse_number(size_text, 16);
    if (!size) return std::nullopt;
    pos = eol + 2;
    if (*size == 0) break;
    if (*size > body.size() - pos || out.size() + *size > max_body) return std::nullopt;
    out.append(body.substr(pos, static_cast<std::size_t>(*size)));
    pos += static_cast<std::size_t>(*size) + 2;
  }
  return out;
}

// Inflates an HTTP body, gzip or "deflate" (a zlib stream, or raw deflate as some servers
// send it); nullopt when it does not decompress or is over `max_body`. What follows the
// compressed stream is ignored, as browsers ignore it.
std::optional<std::string> inflate_body(std::string_view data, std::size_t max_body, bool gzip) {
  // Arrays, not initializer lists: a list chosen by ?: would be a copy whose elements die
  // before the loop runs (ASan: stack-use-after-scope).
  static constexpr int kGzip[] = {15 + 32};
  static constexpr int kDeflate[] = {15, -15};
  const std::span<const int> windows =
      gzip ? std::span<const int>(kGzip) : std::span<const int>(kDeflate);
  for (const int window : windows) {
    try {
      return inflate_bytes(data, max_body, window, false);
    } catch (const InputReadError&) {
      // the next window, or no body
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<HttpResponse> parse_http_response(std::string_view block, std::size_t max_body,
                                                std::string& error) {
  const std::size_t header_end = block.find("\r\n\r\n");
  if (!block.starts_with("HTTP/") || header_end == std::string_view::npos) {
    error = "not an HTTP response";
    return std::nullopt;
  }
  HttpResponse r;
  const std::string_view header = block.substr(0, header_end);
  const std::size_t space = header.find(' ');
  if (space == std::string_view::npos) {
    error = "HTTP status line without a status";
    return std::nullopt;
  }
  r.status = static_cast<int>(parse_number(header.substr(space + 1, 3)).value_or(0));
  std::string transfer_encoding, content_encoding;
  for_each_field(header, [&](const std::string& name, std::string_view value) {
    if (name == "content-type")
      r.content_type = value;
    else if (name == "transfer-encoding")
      transfer_encoding = ascii_lower(value);
    else if (name == "content-encoding")
      content_encoding = ascii_lower(value);
  });
  std::string_view body = block.substr(header_end + 4);
  std::string owned;
  if (transfer_encoding.find("chunked") != std::string::npos) {
    auto plain = dechunk(body, max_body);
    if (!plain) {
      error = "chunked HTTP body that does not add up";
      return std::nullopt;
    }
    owned = std::move(*plain);
    body = owned;
  }
  if (content_encoding == "gzip" || content_encoding == "x-gzip" || content_encoding == "deflate") {
    auto plain = inflate_body(body, max_body, content_encoding != "deflate");
    if (!plain) {
      error = "HTTP body in " + content_encoding + " that does not decompress (or over " +
              std::to_string(max_body) + " bytes)";
      return std::nullopt;
    }
    r.body = std::move(*plain);
  } else if (content_encoding.empty() || content_encoding == "identity") {
    r.body = owned.empty() ? std::string(body) : std::move(owned);
  } else {
    error = "HTTP body in " + content_encoding + " encoding, which morgue does not decode";
    return std::nullopt;
  }
  return r;
}

}  // namespace morgue
