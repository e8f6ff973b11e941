// UTF-8 validation and repair.
#include "common/text/utf8.h"

#include <xapian.h>

namespace morgue {

std::size_t valid_sequence_length(std::string_view s, std::size_t i, std::size_t* bad_len) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  *bad_len = 1;
  if (b0 < 0x80) return 1;
  std::size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) lo = 0xA0;  // no overlongs
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) lo = 0x90;  // no overlongs
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  for (std::size_t k = 1; k < need; ++k) {
    if (i + k >= s.size()) {
      *bad_len = k;
      return 0;
    }
    const unsigned char b = byte(i + k);
    const unsigned char min = k == 1 ? lo : 0x80;
    const unsigned char max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) {
      *bad_len = k;
      return 0;
    }
  }
  return need;
}

Utf8Repair repair_utf8(std::string_view bytes) {
  Utf8Repair out;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    out.had_bom = true;
  }
  out.text.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t bad_len;
    const std::size_t len = valid_sequence_length(bytes, i, &bad_len);
    if (len > 0) {
      out.text.append(bytes.substr(i, len));
      i += len;
      continue;
    }
    if (!out.first_invalid) out.first_invalid = i + (out.had_bom ? 3 : 0);
    ++out.invalid_sequences;
    out.text.append("\xEF\xBF\xBD");
    i += bad_len;
  }
  return out;
}

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t bad_len;
    const std::size_t len = valid_sequence_length(bytes, i, &bad_len);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool has_lowercase(std::string_view text) {
  for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end; ++it) {
    if (Xapian::Unicode::get_category(*it) == Xapian::Unicode::LOWERCASE_LETTER) return true;
  }
  return false;
}

bool starts_with_capital(std::string_view word) {
  const Xapian::Utf8Iterator it(word.data(), word.size());
  if (it == Xapian::Utf8Iterator()) return false;
  const auto category = Xapian::Unicode::get_category(*it);
  return category == Xapian::Unicode::UPPERCASE_LETTER ||
         category == Xapian::Unicode::TITLECASE_LETTER;
}

}  // namespace morgue
