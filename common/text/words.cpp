// Word spans.
#include "common/text/words.h"

#include <xapian.h>

namespace morgue {

std::vector<WordSpan> word_spans(std::string_view text, std::u32string_view joiners) {
  std::vector<WordSpan> out;
  const char* base = text.data();
  Xapian::Utf8Iterator it(text.data(), text.size()), end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    WordSpan w;
    w.begin = static_cast<std::size_t>(it.raw() - base);
    w.end = w.begin;
    while (it != end) {
      if (Xapian::Unicode::is_wordchar(*it)) {
        ++it;
        w.end = static_cast<std::size_t>(it.raw() - base);
        continue;
      }
      if (joiners.find(static_cast<char32_t>(*it)) == std::u32string_view::npos) break;
      Xapian::Utf8Iterator next = it;
      ++next;
      if (next == end || !Xapian::Unicode::is_wordchar(*next)) break;
      it = next;
    }
    out.push_back(w);
  }
  return out;
}

std::size_t glued_at(std::string_view word) {
  for (std::size_t i = 1; i < word.size(); ++i) {
    if (word[i - 1] >= 'a' && word[i - 1] <= 'z' && word[i] >= 'A' && word[i] <= 'Z') return i;
  }
  return std::string_view::npos;
}

}  // namespace morgue
