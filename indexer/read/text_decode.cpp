// Byte-to-UTF-8 decoding with ICU converters.
#include "indexer/read/text_decode.h"

#include <unicode/unistr.h>

#include <algorithm>

#include "common/text/utf8.h"

namespace morgue {
namespace {

std::string convert(std::string_view bytes, const char* codepage) {
  const icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), codepage);
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool has_multibyte_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    if (b0 >= 0xC2 && b0 <= 0xF4 && (b1 & 0xC0) == 0x80) return true;
  }
  return false;
}

// BOM-less UTF-16 of mostly-Latin text has a NUL in every other byte. Returns "UTF-16LE",
// "UTF-16BE" or nullptr, judging by the first 4 KiB.
const char* sniff_utf16(std::string_view bytes) {
  const std::size_t n = std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t{1};
  if (n < 4) return nullptr;
  std::size_t even_nul = 0, odd_nul = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    even_nul += bytes[i] == '\0';
    odd_nul += bytes[i + 1] == '\0';
  }
  const std::size_t pairs = n / 2;
  if (odd_nul * 10 >= pairs * 9 && even_nul * 10 <= pairs) return "UTF-16LE";
  if (even_nul * 10 >= pairs * 9 && odd_nul * 10 <= pairs) return "UTF-16BE";
  return nullptr;
}

}  // namespace

DecodedText decode_text_bytes(std::string_view bytes) {
  DecodedText out;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    const bool le = bytes[0] == '\xFF';
    out.encoding = le ? "utf-16le" : "utf-16be";
    out.text = convert(bytes.substr(2), le ? "UTF-16LE" : "UTF-16BE");
    out.warning =
        std::string("decoded as ") + (le ? "UTF-16LE" : "UTF-16BE") + " (byte order mark)";
    return out;
  }
  if (const char* utf16 = sniff_utf16(bytes)) {
    out.encoding = std::string_view(utf16) == "UTF-16LE" ? "utf-16le" : "utf-16be";
    out.text = convert(bytes, utf16);
    out.warning =
        std::string("decoded as ") + utf16 + " (no byte order mark; guessed from NUL bytes)";
    return out;
  }
  // Text files may carry a stray NUL (scrapers, bad conversions); binary files are full of
  // them. More than 1 in 1000 bytes, or 4 in a row, is binary.
  const auto nuls = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\0'));
  std::string without_nuls;
  std::optional<std::string> nul_warning;
  if (nuls > 0) {
    const auto first = bytes.find('\0');
    if (nuls * 1000 > bytes.size() ||
        bytes.find(std::string_view("\0\0\0\0", 4)) != std::string_view::npos) {
      out.rejected =
          "binary data (NUL byte at offset " + std::to_string(first) + "), not a text file";
      return out;
    }
    without_nuls.reserve(bytes.size());
    for (const char c : bytes) {
      if (c != '\0') without_nuls += c;
    }
    nul_warning = std::to_string(nuls) + " NUL byte(s) removed (first at offset " +
                  std::to_string(first) + ")";
    bytes = without_nuls;
  }
  const auto with_nul_warning = [&](std::string w) {
    return nul_warning ? *nul_warning + "; " + w : w;
  };
  Utf8Repair repaired = repair_utf8(bytes);
  if (repaired.invalid_sequences == 0) {
    out.encoding = "utf-8";
    out.text = std::move(repaired.text);
    out.warning = nul_warning;
    return out;
  }
  if (!has_multibyte_utf8(bytes)) {
    out.encoding = "windows-1252";
    out.text = convert(bytes, "windows-1252");
    out.warning =
        with_nul_warning("not UTF-8 (first bad byte at offset " +
                         std::to_string(*repaired.first_invalid) + "); decoded as Windows-1252");
    return out;
  }
  out.encoding = "utf-8";
  out.text = std::move(repaired.text);
  out.warning = with_nul_warning(
      "invalid UTF-8 at byte offset " + std::to_string(*repaired.first_invalid) + " (" +
      std::to_string(repaired.invalid_sequences) + " sequence(s) replaced with U+FFFD)");
  return out;
}

}  // namespace morgue
