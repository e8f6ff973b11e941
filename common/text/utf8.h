// UTF-8 validation and repair for scraped input (bad bytes become U+FFFD, and we say where),
// and the character tests the text readers share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace morgue {

/// Outcome of repair_utf8(): the repaired text plus what was wrong with the input.
struct Utf8Repair {
  std::string text;                          ///< valid UTF-8
  std::size_t invalid_sequences = 0;         ///< each replaced by one U+FFFD
  std::optional<std::size_t> first_invalid;  ///< byte offset of the first bad sequence
  bool had_bom = false;                      ///< a leading UTF-8 BOM was removed
};

/// Returns `bytes` as valid UTF-8: a leading BOM is dropped and every maximal invalid
/// subsequence (per Unicode's "best practice for U+FFFD substitution") becomes U+FFFD.
/// Overlong forms, surrogates and code points above U+10FFFF count as invalid.
[[nodiscard]] Utf8Repair repair_utf8(std::string_view bytes);

/// Length of the well-formed UTF-8 sequence starting at s[i] (i < s.size()), or 0 when it is
/// not one. On 0, *bad_len is the length of its maximal invalid subpart (at least 1).
[[nodiscard]] std::size_t valid_sequence_length(std::string_view s, std::size_t i,
                                                std::size_t* bad_len);

/// True when `bytes` is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view bytes);

/// Appends the UTF-8 encoding of code point `cp` (assumed valid) to `out`.
void append_utf8(std::string& out, char32_t cp);

/// True when `text` holds a lower-case letter (any script): lines without one are headlines
/// or tables in capitals.
[[nodiscard]] bool has_lowercase(std::string_view text);

/// True when `word` starts with a capital (an upper- or title-case letter, any script): what
/// writes a word like a name.
[[nodiscard]] bool starts_with_capital(std::string_view word);

}  // namespace morgue
