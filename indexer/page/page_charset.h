// The bytes of a saved web page as UTF-8, their character set decided as browsers decide it:
// a byte-order mark, else the HTTP Content-Type header, else a <meta> charset near the top,
// else UTF-8 when the bytes are UTF-8 and Windows-1252 when they are not.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace morgue {

/// Outcome of decode_page_bytes().
struct DecodedPage {
  std::string html;                     ///< valid UTF-8 (empty when `rejected`)
  std::string charset;                  ///< what was decoded: "utf-8", "windows-1252", "shift_jis"
  std::optional<std::string> warning;   ///< what was repaired or assumed, for the user
  std::optional<std::string> rejected;  ///< why the bytes are no page at all (binary)
};

/// The charset a Content-Type value names ("text/html; charset=ISO-8859-1" ->
/// "ISO-8859-1"), or "".
[[nodiscard]] std::string content_type_charset(std::string_view content_type);

/// The charset a <meta charset> or <meta http-equiv="Content-Type"> in the first 4 KiB of
/// `bytes` names, or "".
[[nodiscard]] std::string meta_charset(std::string_view bytes);

/// Decodes a page. `content_type` is the HTTP header it was served with, when known. A
/// declared charset nobody knows is reported in `warning` and the bytes read as if it were
/// absent, as browsers read them.
[[nodiscard]] DecodedPage decode_page_bytes(std::string_view bytes,
                                            std::string_view content_type = {});

}  // namespace morgue
