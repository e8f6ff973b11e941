// Snippet selection and highlighting.
#include "searcher/present/snippet.h"

#include <algorithm>
#include <bitset>
#include <string_view>
#include <unordered_map>

#include "common/analysis/snowball_stemmer.h"
#include "common/index/schema.h"
#include "common/text/text_fold.h"
#include "common/text/words.h"

namespace morgue {
namespace {

struct Token {
  std::size_t begin, end;  // bytes
  std::string key;         // folded, lower-cased
};

// Words as Xapian's TermGenerator sees them, closely enough for highlighting: runs of word
// characters, with an apostrophe kept between two of them ("Russia's").
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  for (const WordSpan& w : word_spans(text, U"'\u2019")) {
    tokens.push_back({w.begin, w.end, fold_word(text.substr(w.begin, w.end - w.begin))});
  }
  return tokens;
}

// Where a window showing a match at `match` should begin: the start of its sentence when
// that is less than a third of the window back, else a short lead-in before the match.
std::size_t window_start(std::string_view text, std::size_t match, std::size_t max_bytes) {
  const std::size_t reach = max_bytes / 3;
  const std::size_t floor = match > reach ? match - reach : 0;
  for (std::size_t i = match; i > floor; --i) {
    const char c = text[i - 1];
    if (c == '\n') return i;
    if ((c == ' ') && i >= 2 &&
        (text[i - 2] == '.' || text[i - 2] == '?' || text[i - 2] == '!' ||
         ((text[i - 2] == '"' || text[i - 2] == '\'') && i >= 3 && text[i - 3] == '.'))) {
      return i;
    }
  }
  if (floor == 0) return 0;
  constexpr std::size_t kLead = 40;
  return match > kLead ? match - kLead : 0;
}

struct Match {
  std::size_t begin, end;  // bytes
  std::string key;         // what matched, for variety scoring
  int weight;
};

}  // namespace

HighlightTerms HighlightQuery::for_document(const std::vector<std::string>& matching) const {
  HighlightTerms out;
  out.phrases = matchable_.phrases;
  for (const std::string& raw : matching) {
    const std::string term = without_title_prefix(raw);
    if (matchable_.phrase_only.contains(term) || matchable_.excluded.contains(term)) continue;
    const std::string stem(schema::kStemPrefix);
    if (term.starts_with(stem)) {
      out.stems.insert(term.substr(stem.size()));
    } else if (!term.empty() && !std::isupper(static_cast<unsigned char>(term[0]))) {
      out.words.insert(term);  // boolean filter terms (upper-case prefixes) never show
    }
  }
  return out;
}

HighlightTerms HighlightQuery::for_every_document() const {
  return for_document(std::vector<std::string>(matchable_.terms.begin(), matchable_.terms.end()));
}

Snippet make_snippet(std::string_view text, const HighlightTerms& terms,
                     const Xapian::Stem& stemmer, std::size_t max_bytes) {
  const std::vector<Token> tokens = tokenize(text);
  std::vector<Match> matches;
  std::vector<bool> in_phrase(tokens.size(), false);
  for (const auto& phrase : terms.phrases) {
    for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
      std::size_t k = 0;
      while (k < phrase.size() &&
             std::find(phrase[k].begin(), phrase[k].end(), tokens[i + k].key) != phrase[k].end()) {
        ++k;
      }
      if (k != phrase.size()) continue;
      matches.push_back({tokens[i].begin, tokens[i + k - 1].end, tokens[i].key, 3});
      for (std::size_t j = i; j < i + k; ++j) in_phrase[j] = true;
    }
  }
  // Stemming is most of the cost of a snippet: each distinct word is stemmed once, and not
  // at all when its first byte begins none of the stems and the stemmer keeps first bytes.
  std::unordered_map<std::string_view, bool> stem_matches;
  std::bitset<256> stem_starts;
  for (const std::string& stem : terms.stems) {
    if (!stem.empty()) stem_starts.set(static_cast<unsigned char>(stem[0]));
  }
  if (!terms.stems.empty() && !stems_keep_first_byte(stemmer)) stem_starts.set();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (in_phrase[i]) continue;
    const Token& t = tokens[i];
    bool match = terms.words.contains(t.key);
    if (!match && !t.key.empty() && stem_starts.test(static_cast<unsigned char>(t.key[0]))) {
      const auto [it, fresh] = stem_matches.try_emplace(t.key, false);
      if (fresh) it->second = terms.stems.contains(stemmer(t.key));
      match = it->second;
    }
    if (match) matches.push_back({t.begin, t.end, t.key, 1});
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.begin < b.begin; });

  // Best window: starting at the sentence (or a little before) some match is in, scoring
  // matches inside it, with a bonus for each distinct word so that "Orban ... Putin" beats
  // "Putin ... Putin".
  std::size_t best_start = 0;
  long best_score = -1;
  for (std::size_t m = 0; m < matches.size(); ++m) {
    const std::size_t start = window_start(text, matches[m].begin, max_bytes);
    long score = 0;
    std::unordered_set<std::string> distinct;
    for (std::size_t k = m; k < matches.size() && matches[k].end <= start + max_bytes; ++k) {
      score += matches[k].weight;
      if (distinct.insert(matches[k].key).second) score += 2 * matches[k].weight;
    }
    if (score > best_score) {
      best_score = score;
      best_start = start;
    }
  }

  // Snap the window to token boundaries.
  std::size_t begin = 0, end = std::min(text.size(), best_start + max_bytes);
  if (best_start > 0) {
    const auto first = std::find_if(tokens.begin(), tokens.end(),
                                    [&](const Token& t) { return t.begin >= best_start; });
    begin = first == tokens.end() ? best_start : first->begin;
    end = std::min(text.size(), begin + max_bytes);
  }
  if (end < text.size()) {
    const auto last = std::find_if(tokens.rbegin(), tokens.rend(), [&](const Token& t) {
      return t.end <= end && t.begin >= begin;
    });
    if (last != tokens.rend()) end = last->end;
  }
  // Include punctuation that closes the last word's sentence.
  while (end < text.size() && end - begin < max_bytes + 3 &&
         (text[end] == '.' || text[end] == '"' || text[end] == ',' || text[end] == ')'))
    ++end;

  Snippet out;
  if (begin > 0) out.text = "…";
  std::size_t h = 0;
  bool last_space = false;
  std::pair<std::size_t, std::size_t> open{0, 0};
  bool in_highlight = false;
  for (std::size_t i = begin; i < end; ++i) {
    while (h < matches.size() && matches[h].end <= i && !in_highlight) ++h;
    if (!in_highlight && h < matches.size() && matches[h].begin == i && matches[h].end <= end) {
      open.first = out.text.size();
      in_highlight = true;
    }
    const char c = text[i];
    const bool space = c == '\n' || c == ' ' || c == '\t' || c == '\r';
    if (space) {
      if (!last_space) out.text.push_back(' ');
    } else {
      out.text.push_back(c);
    }
    last_space = space;
    if (in_highlight && i + 1 == matches[h].end) {
      out.highlights.emplace_back(open.first, out.text.size());
      in_highlight = false;
      ++h;
    }
  }
  while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
  if (end < text.size()) out.text += "…";
  return out;
}

}  // namespace morgue
