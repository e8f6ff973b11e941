// Escaping control characters for terminal output.
#include "common/text/printable.h"

#include <cstdio>

#include "common/text/utf8.h"

namespace morgue {
namespace {

void escape(std::string& out, const char* format, unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof buf, format, value);
  out += buf;
}

}  // namespace

std::string printable(std::string_view text, bool keep_layout) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const bool layout = keep_layout && (byte == '\n' || byte == '\t');
      if ((byte < 0x20 || byte == 0x7F) && !layout) {
        escape(out, "\\x%02X", byte);
      } else {
        out += static_cast<char>(byte);
      }
      ++i;
      continue;
    }
    std::size_t bad_len;
    const std::size_t n = valid_sequence_length(text, i, &bad_len);
    if (n == 0) {
      escape(out, "\\x%02X", byte);
      ++i;
    } else if (n == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      escape(out, "\\u%04X", static_cast<unsigned char>(text[i + 1]));  // U+0080..U+009F
      i += 2;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace morgue
