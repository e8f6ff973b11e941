// Decoding the bytes of a scraped file into UTF-8: BOMs, UTF-16, legacy Windows-1252,
// binary files, and repair of stray invalid bytes, each reported rather than guessed silently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace morgue {

/// Outcome of decode_text_bytes().
struct DecodedText {
  std::string text;                     ///< valid UTF-8 (empty when `rejected`)
  std::string encoding;                 ///< "utf-8", "utf-16le", "utf-16be", "windows-1252"
  std::optional<std::string> warning;   ///< what was repaired or assumed, for the user
  std::optional<std::string> rejected;  ///< why the bytes are not text at all
};

/// Decodes `bytes`: a UTF-16 BOM (or, without one, a NUL in every other byte) selects
/// UTF-16; many NUL bytes otherwise mean a binary file (rejected), a stray few are removed
/// with a warning; bytes that are not UTF-8 and contain no multi-byte UTF-8 sequence at all are
/// read as Windows-1252 (with a warning); otherwise invalid UTF-8 sequences become U+FFFD,
/// reported with the byte offset of the first.
[[nodiscard]] DecodedText decode_text_bytes(std::string_view bytes);

}  // namespace morgue
