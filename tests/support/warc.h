// Writing WARC records for tests: what wget --warc-file and Heritrix write, a record at a
// time, each gzipped as its own member or not.
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace morgue::test {

/// One gzip member holding `data`.
inline std::string gzip_member(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

/// A WARC/1.1 record of `type` with `block`.
inline std::string warc_record(std::string_view type, std::string_view uri, std::string_view date,
                               std::string_view content_type, std::string_view block) {
  std::string r = "WARC/1.1\r\nWARC-Type: " + std::string(type) + "\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  r += "WARC-Date: " + std::string(date) + "\r\n";
  r +=
      "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-" + std::to_string(block.size()) + ">\r\n";
  r += "Content-Type: " + std::string(content_type) + "\r\n";
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

/// A response record for `html` served from `uri` with status `status`.
inline std::string warc_response(std::string_view uri, std::string_view date, std::string_view html,
                                 int status = 200,
                                 std::string_view content_type = "text/html; charset=utf-8") {
  const std::string http =
      "HTTP/1.1 " + std::to_string(status) + " OK\r\nContent-Type: " + std::string(content_type) +
      "\r\nContent-Length: " + std::to_string(html.size()) + "\r\n\r\n" + std::string(html);
  return warc_record("response", uri, date, "application/http; msgtype=response", http);
}

}  // namespace morgue::test
