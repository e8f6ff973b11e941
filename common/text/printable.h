// Text made safe to print on a terminal: what an article, a file name or an id holds must not
// reach it as control sequences (clearing the screen, retitling the window, writing the
// clipboard through OSC 52).
#pragma once

#include <string>
#include <string_view>

namespace morgue {

/// `text` with every C0 control character and DEL written as \xHH, every C1 control (U+0080 to
/// U+009F, which some terminals obey like ESC) as \u00HH, and every byte that is not valid
/// UTF-8 as \xHH. Tabs and newlines are kept when `keep_layout`, else escaped like the rest.
[[nodiscard]] std::string printable(std::string_view text, bool keep_layout = false);

}  // namespace morgue
