// The plain words of a query text: those the query parser turns into ordinary terms, as
// opposed to phrase words, field values, operators and wildcards. Name handling and
// did-you-mean look at these and leave the rest of the syntax alone.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

/// A plain word's byte range in the query text.
struct QueryWord {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The plain words of folded query text (fold_query_text()): outside "phrases", not a field
/// name or the value after one (title:word, person:"A B"), not AND/OR/NOT/XOR/NEAR/ADJ, not
/// ending in a wildcard. +word and -word count (their sign is not part of the word).
[[nodiscard]] std::vector<QueryWord> plain_words(std::string_view query);

/// `query` with each of `words` replaced by the matching entry of `replacements` (same
/// length as `words`, spans in order and non-overlapping).
[[nodiscard]] std::string replace_words(std::string_view query, const std::vector<QueryWord>& words,
                                        const std::vector<std::string>& replacements);

/// The top-level items of `query` when every one of them is negated (`-putin`,
/// `-outlet:"USA TODAY"`, `NOT lavrov`, `-(a OR b)`), each without its sign or NOT, so that the
/// query can mean "every article except these"; nullopt when any item is positive or items
/// are joined by OR, XOR, NEAR or ADJ.
[[nodiscard]] std::optional<std::vector<std::string>> negated_items(std::string_view query);

/// True when the word at [begin, end) of query text is written like a name: its first letter
/// a capital, not all of it in capitals (an acronym, or a query typed in capitals), and not
/// the first word of a sentence (the start of the query, or after . ? ! or :), where a capital
/// says nothing about the word.
[[nodiscard]] bool name_cased(std::string_view query, std::size_t begin, std::size_t end);

/// True for a positional operator token as the query parser reads it: NEAR or ADJ, with or
/// without a window ("NEAR/5").
[[nodiscard]] bool is_positional_operator(std::string_view token);

/// `query` with each top-level NEAR/ADJ chain in brackets ("c a NEAR b d" -> "c (a NEAR b) d"):
/// Xapian's grammar takes a chain beside other words for a syntax error and falls back to
/// reading NEAR as a word, so the query found nothing.
[[nodiscard]] std::string group_near_chains(std::string_view query);

/// The field names written as `name:` outside phrases that are not in `known`, in order of
/// appearance, each once ("author:x" -> {"author"}).
[[nodiscard]] std::vector<std::string> unknown_fields(std::string_view query,
                                                      const std::vector<std::string_view>& known);

}  // namespace morgue
