// ASCII case for the protocol and markup words web data is full of (HTML tag and attribute
// values, charset labels, HTTP and WARC header names), which are ASCII by definition: text
// for people is folded with Unicode's rules (text_fold.h).
#pragma once

#include <string>
#include <string_view>

namespace morgue {

/// `text` with A-Z made a-z; every other byte as it is.
[[nodiscard]] std::string ascii_lower(std::string_view text);

}  // namespace morgue
