// The query line to a Xapian::Query (search.h's query language): words, phrases and
// operators through Xapian's QueryParser, field filters (filters.h), names read by the name
// rule (name_rule.h) and expanded to their forms, negation alone, the proximity boost.
#include "searcher/query/query_parser.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "common/analysis/analyzer.h"
#include "common/entities/entity_aliases.h"
#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "common/text/words.h"
#include "searcher/query/filters.h"
#include "searcher/query/name_rule.h"
#include "searcher/query/query_words.h"

namespace morgue {
namespace {

// Trailing wildcards in a query's text: a '*' after a word character.
Xapian::termcount count_wildcards(std::string_view text) {
  Xapian::termcount n = 0;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const auto before = static_cast<unsigned char>(text[i - 1]);
    if (text[i] == '*' && (std::isalnum(before) || before >= 0x80)) ++n;
  }
  return n;
}

// The query field a word read as a name is rewritten to, and what it expands to: its forms
// (spellings and possessives) as one term (OP_SYNONYM: one idf, so a rare spelling does not
// outrank the common one), unstemmed. As an operand of NEAR or ADJ the group is an OP_OR (Xapian's
// positional operators take an OR of terms, not a synonym), through a field of its own.
constexpr std::string_view kNameField = "morguename";
constexpr std::string_view kNearNameField = "morguenamenear";
class NameVariants : public Xapian::FieldProcessor {
 public:
  explicit NameVariants(Xapian::Query::op op) : op_(op) {}
  void add(const std::string& term, std::vector<std::string> spellings) {
    spellings_[term] = std::move(spellings);
  }
  Xapian::Query operator()(const std::string& term) override {
    const auto it = spellings_.find(term);
    if (it == spellings_.end()) return Xapian::Query(term);  // typed by hand: as written
    return Xapian::Query(op_, it->second.begin(), it->second.end());
  }

 private:
  Xapian::Query::op op_;
  std::map<std::string, std::vector<std::string>> spellings_;
};

// A character of a plain word in query text: a letter or digit (any script) or an apostrophe.
bool plain_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         static_cast<unsigned char>(c) >= 0x80 || c == '\'';
}

// The terms a name's spelling stands for in text: the word and its possessive.
void add_with_possessive(std::vector<std::string>& terms, const std::string& spelling) {
  terms.push_back(spelling);
  if (!spelling.ends_with("'s")) terms.push_back(spelling + "'s");
}

// OP_NEAR over the plain words of a query of two to eight of them and nothing else (no
// phrase, field or operator), within twice as many positions as words; nullopt otherwise.
std::optional<Xapian::Query> proximity_query(const std::string& folded) {
  const std::vector<QueryWord> words = plain_words(folded);
  if (words.size() < 2 || words.size() > 8) return std::nullopt;
  // Syntax (phrase, group, field, sign, wildcard) or operator words: leave the query alone.
  if (folded.find_first_of("\"():*+-") != std::string::npos ||
      word_spans(folded, U"'").size() != words.size()) {
    return std::nullopt;
  }
  std::vector<Xapian::Query> terms;
  for (const QueryWord& w : words) {
    const std::string term =
        Analyzer::word_term(std::string_view(folded).substr(w.begin, w.end - w.begin));
    if (!english_stopper()(term)) terms.emplace_back(term);
  }
  if (terms.size() < 2) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(2 * terms.size()));
}

// Weight of the exact spelling of a name on top of the variants' group.
constexpr double kExactNameBoost = 1.0;

// Refuses a query whose words, or whose longest phrase or NEAR/ADJ chain, are over the limits
// (kMaxQueryWords, kMaxPositionalWords): counted on the text, before Xapian builds anything.
void check_query_size(std::string_view folded) {
  std::size_t words = 0, run = 0, longest = 0;
  bool quoted = false, chained = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    const char c = folded[i];
    if (c == '"') {
      quoted = !quoted;
      run = 0;  // a phrase starts or ends
      ++i;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && static_cast<unsigned char>(c) < 0x80) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < folded.size() && folded[end] != ' ' && folded[end] != '\t' && folded[end] != '"' &&
           folded[end] != '(' && folded[end] != ')') {
      ++end;
    }
    const std::string_view word = folded.substr(i, end - i);
    i = end;
    if (is_positional_operator(word)) {
      chained = true;
      continue;
    }
    ++words;
    // A phrase's words, or words joined by NEAR/ADJ, make one positional run.
    run = quoted || chained ? run + 1 : 1;
    if (quoted || chained) longest = std::max(longest, run);
    chained = false;
  }
  if (words > kMaxQueryWords) {
    throw QueryError("the query has " + std::to_string(words) + " words, over the limit of " +
                     std::to_string(kMaxQueryWords));
  }
  if (longest > kMaxPositionalWords) {
    throw QueryError("a phrase or NEAR chain of " + std::to_string(longest) +
                     " words is over the limit of " + std::to_string(kMaxPositionalWords));
  }
}

// True when the word before or after [begin, end) in `text` is NEAR or ADJ, read as Xapian's
// parser reads it: punctuation around it does not count ("pi @NEAR orban" is a NEAR), nor a
// "/5" window after it. A synonym there would make the parser build OP_NEAR over it, which
// throws inside the parser and terminates the process (found by fuzzing).
bool near_operand(std::string_view text, std::size_t begin, std::size_t end) {
  const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  // The word before: skip what is no word, and a "/N" window.
  std::size_t i = begin;
  while (i > 0 && !alnum(text[i - 1])) --i;
  std::size_t word_end = i;
  while (i > 0 && alnum(text[i - 1])) --i;
  std::string_view before = text.substr(i, word_end - i);
  if (!before.empty() &&
      std::all_of(before.begin(), before.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      i > 0 && text[i - 1] == '/') {
    word_end = --i;
    while (i > 0 && alnum(text[i - 1])) --i;
    before = text.substr(i, word_end - i);
  }
  if (is_positional_operator(before)) return true;
  std::size_t k = end;
  while (k < text.size() && !alnum(text[k])) ++k;
  const std::size_t start = k;
  while (k < text.size() && alnum(text[k])) ++k;
  return is_positional_operator(text.substr(start, k - start));
}

// A word standing alone (spaces or brackets around it, or a sign that itself follows a
// space), not glued to another by punctuation the parser reads as a phrase ("zelensky-kyiv",
// "pi-orban"): only such a word can become a field query.
bool standalone(std::string_view text, std::size_t begin, std::size_t end) {
  const auto space_or_open = [&](std::size_t i) {
    return text[i] == ' ' || text[i] == '\t' || text[i] == '(';
  };
  bool left = begin == 0 || space_or_open(begin - 1);
  if (!left && (text[begin - 1] == '+' || text[begin - 1] == '-')) {
    left = begin == 1 || space_or_open(begin - 2);
  }
  const bool right =
      end == text.size() || text[end] == ' ' || text[end] == '\t' || text[end] == ')';
  return left && right;
}

// Rewrites the plain words of `folded` that read as names (name_rule.h) to a kNameField query
// expanded by `variants` (OP_SYNONYM of their forms), or kNearNameField by `near_variants`
// beside NEAR/ADJ (OP_OR: the forms have positions). Returns the words with other spellings outside
// NEAR/ADJ, for the exact-spelling boost. Terms rather than Xapian's synonym table, which stub
// databases of shards and remote servers do not merge.
std::vector<std::string> expand_names(std::string& folded, const Xapian::Database& db,
                                      NameVariants& variants, NameVariants& near_variants,
                                      ParsedQuery& parsed) {
  std::vector<std::string> with_variants;
  const std::vector<QueryWord> words = plain_words(folded);
  std::vector<std::string> replacements;
  bool changed = false;
  for (const QueryWord& w : words) {
    const std::string_view word = std::string_view(folded).substr(w.begin, w.end - w.begin);
    replacements.emplace_back(word);
    parsed.names_something = parsed.names_something || name_cased(folded, w.begin, w.end);
    const bool near = near_operand(folded, w.begin, w.end);
    // Only a word standing alone becomes a field query; one glued to another by punctuation
    // is a phrase the parser builds from its words as written.
    std::optional<NameReading> name;
    if (standalone(folded, w.begin, w.end)) name = read_as_name(word, db);
    parsed.words.push_back({std::string(word), w, name, {}, false, near, false});
    if (!name) continue;
    parsed.names_something = parsed.names_something || name->written_like_name;
    (near ? near_variants : variants).add(name->term, name->forms);
    if (name->other_spellings && !near) with_variants.push_back(name->term);
    replacements.back() = std::string(near ? kNearNameField : kNameField) + ":" + name->term;
    changed = true;
  }
  if (changed) folded = replace_words(folded, words, replacements);
  return with_variants;
}

// The field a NEAR/ADJ chain is rewritten to when Xapian's parser cannot build it: two or more
// operands that are names (kNearNameField groups) make its grammar give up and return an
// empty query, so that "Blair NEAR Brown" found nothing. Such a chain is built here, as the
// parser builds one ("a NEAR/n b": OP_NEAR, ADJ: OP_PHRASE, a window of n plus the operands
// less one; n is 10 unless given), and stands in the text as one field word.
constexpr std::string_view kChainField = "morguechain";
class PrebuiltQueries : public Xapian::FieldProcessor {
 public:
  std::string add(Xapian::Query query) {
    queries_.push_back(std::move(query));
    return std::string(kChainField) + ":" + std::to_string(queries_.size() - 1);
  }
  Xapian::Query operator()(const std::string& number) override {
    const std::size_t n = std::strtoul(number.c_str(), nullptr, 10);
    return n < queries_.size() ? queries_[n] : Xapian::Query(number);
  }

 private:
  std::vector<Xapian::Query> queries_;
};

// One whitespace- or bracket-separated token of query text, outside phrases.
struct ChainToken {
  std::size_t begin = 0, end = 0;
  bool breaks = false;  // a bracket or a phrase: no chain runs across it
};

std::vector<ChainToken> chain_tokens(std::string_view text) {
  std::vector<ChainToken> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({i, i + 1, true});
      ++i;
    } else if (c == '"') {
      const std::size_t close = text.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? text.size() : close + 1;
      out.push_back({i, end, true});
      i = end;
    } else {
      std::size_t end = i;
      while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '(' &&
             text[end] != ')' && text[end] != '"') {
        ++end;
      }
      out.push_back({i, end, false});
      i = end;
    }
  }
  return out;
}

// `text` with each span replaced (spans in order, not overlapping).
void replace_spans(std::string& text,
                   const std::vector<std::pair<ChainToken, std::string>>& replacements) {
  for (auto r = replacements.rbegin(); r != replacements.rend(); ++r) {
    text.replace(r->first.begin, r->first.end - r->first.begin, r->second);
  }
}

// The window a positional operator token asks for ("NEAR" 10, "NEAR/5" 5).
Xapian::termcount operator_distance(std::string_view op) {
  const auto slash = op.find('/');
  if (slash == std::string_view::npos) return 10;
  return static_cast<Xapian::termcount>(
      std::strtoul(std::string(op.substr(slash + 1)).c_str(), nullptr, 10));
}

// Rewrites each NEAR/ADJ chain of `folded` with two or more name operands (kNearNameField
// words, expanded by `names`) into a kChainField word for `prebuilt`. Other operands must be
// plain words (their unstemmed term, as the parser takes them); a chain with anything else,
// or mixed operators, is left to the parser.
void prebuild_name_chains(std::string& folded, NameVariants& names, PrebuiltQueries& prebuilt) {
  const std::string name_prefix = std::string(kNearNameField) + ":";
  const std::vector<ChainToken> tokens = chain_tokens(folded);
  const auto text = [&](const ChainToken& t) {
    return std::string_view(folded).substr(t.begin, t.end - t.begin);
  };
  const auto plain = [](std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), plain_char);
  };
  std::vector<std::pair<ChainToken, std::string>> replacements;  // span, new text
  std::size_t i = 0;
  while (i < tokens.size()) {
    // A chain: operand (op operand)+, one operator throughout.
    std::size_t end = i;
    std::string_view op;
    while (end + 2 < tokens.size() && !tokens[end].breaks && !tokens[end + 1].breaks &&
           !tokens[end + 2].breaks && is_positional_operator(text(tokens[end + 1])) &&
           (op.empty() || text(tokens[end + 1]) == op)) {
      op = text(tokens[end + 1]);
      end += 2;
    }
    if (end == i) {
      ++i;
      continue;
    }
    std::vector<Xapian::Query> operands;
    std::size_t name_operands = 0;
    bool buildable = true;
    // A sign on the first word stands for the chain ("-a NEAR b" excludes the chain).
    std::string sign;
    for (std::size_t k = i; k <= end && buildable; k += 2) {
      std::string_view word = text(tokens[k]);
      if (k == i && word.size() > 1 && (word[0] == '-' || word[0] == '+')) {
        sign.assign(1, word[0]);
        word.remove_prefix(1);
      }
      if (word.rfind(name_prefix, 0) == 0) {
        operands.push_back(names(std::string(word.substr(name_prefix.size()))));
        ++name_operands;
      } else if (plain(word)) {
        operands.emplace_back(Analyzer::word_term(word));
      } else {
        buildable = false;
      }
    }
    // A chain that is itself beside another NEAR or ADJ ("a NEAR b ADJ c": mixed operators)
    // would become that operator's operand, which throws inside Xapian's parser (found by
    // fuzzing): left to the parser, which reads it as it can.
    buildable = buildable && !near_operand(folded, tokens[i].begin, tokens[end].end);
    if (buildable && name_operands >= 2) {
      const bool ordered = op.rfind("ADJ", 0) == 0;
      const Xapian::termcount window =
          operator_distance(op) + static_cast<Xapian::termcount>(operands.size()) - 1;
      const Xapian::Query chain(ordered ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR,
                                operands.begin(), operands.end(), window);
      replacements.push_back(
          {{tokens[i].begin, tokens[end].end, false}, sign + prebuilt.add(chain)});
    }
    i = end + 1;
  }
  replace_spans(folded, replacements);
}

// Rewrites each "quoted phrase" of plain words in which some word stands for more than itself
// into a kChainField word for `prebuilt`: OP_PHRASE whose positions are, for a word read as a
// name (name_rule.h), its forms, and for any other word the word or its possessive,
// unstemmed, as Xapian's parser builds a phrase. Without it "Paul Volcker" missed "Paul
// Volcker's testimony" and "Volodymyr Zelensky" missed "Volodymyr Zelenskyy". A phrase after
// a field (title:"...", person:"..."), beside NEAR/ADJ, or with other characters is left to
// the parser.
void prebuild_phrases(std::string& folded, const Xapian::Database& db, PrebuiltQueries& prebuilt,
                      std::vector<ReadWord>& read) {
  const std::vector<ChainToken> tokens = chain_tokens(folded);
  std::vector<std::pair<ChainToken, std::string>> replacements;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    ChainToken t = tokens[i];
    // A quoted phrase, or words joined by hyphens ("Jean-Claude", "-Ocasio-Cortez"), which
    // the parser reads as a phrase too.
    const bool quoted = folded[t.begin] == '"';
    if (quoted && (t.end - t.begin < 2 || folded[t.end - 1] != '"')) continue;
    if (!quoted && !t.breaks && (folded[t.begin] == '-' || folded[t.begin] == '+')) ++t.begin;
    if (!quoted && (t.breaks || t.end - t.begin < 3 ||
                    std::string_view(folded).substr(t.begin, t.end - t.begin).find('-') ==
                        std::string_view::npos)) {
      continue;
    }
    if (t.begin > 0 && folded[t.begin - 1] != ' ' && folded[t.begin - 1] != '\t' &&
        folded[t.begin - 1] != '(' && folded[t.begin - 1] != '-' && folded[t.begin - 1] != '+') {
      continue;  // a field's value
    }
    // Beside NEAR or ADJ as Xapian's parser reads them (punctuation between does not count:
    // "pi-orban\x05NEAR"): a phrase there would make the parser build OP_NEAR over it, which
    // throws inside the parser (found by fuzzing).
    if (near_operand(folded, t.begin, t.end)) continue;
    const std::string_view inside =
        quoted ? std::string_view(folded).substr(t.begin + 1, t.end - t.begin - 2)
               : std::string_view(folded).substr(t.begin, t.end - t.begin);
    const char separator = quoted ? ' ' : '-';
    std::vector<std::string_view> words;
    bool plain = true;
    std::size_t k = 0;
    while (k < inside.size() && plain) {
      while (k < inside.size() && inside[k] == separator) ++k;
      std::size_t end = k;
      while (end < inside.size() && inside[end] != separator) {
        plain = plain && plain_char(inside[end]);
        ++end;
      }
      if (end > k) words.push_back(inside.substr(k, end - k));
      k = end;
    }
    if (!plain || words.size() < 2) continue;
    std::vector<Xapian::Query> positions;
    bool more_than_itself = false;
    for (const std::string_view typed : words) {
      const std::string w = Analyzer::word_term(typed);
      std::vector<std::string> forms;
      std::optional<NameReading> name = read_as_name(typed, db);
      if (name) {
        forms = name->forms;
      } else {
        add_with_possessive(forms, w);
      }
      read.push_back({std::string(typed), std::nullopt, std::move(name), {}, true, false, false});
      std::erase_if(forms, [&](const std::string& f) { return f != w && db.get_termfreq(f) == 0; });
      more_than_itself = more_than_itself || forms.size() > 1;
      positions.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
    }
    if (!more_than_itself) continue;  // the parser builds the same phrase
    replacements.push_back(
        {{t.begin, t.end, false},
         prebuilt.add(Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(),
                                    static_cast<Xapian::termcount>(positions.size())))});
  }
  replace_spans(folded, replacements);
}

// The terms found while collecting what a hit can match, by where they stand.
struct CollectedTerms {
  std::unordered_set<std::string> in_phrases;  // positive, inside a phrase
  std::unordered_set<std::string> excluded;    // in what the query excludes
  std::unordered_set<std::string> filters;     // in a positive filter (boolean terms)
};

// Collects what a hit can have matched from `q` into `out`: `positive` false inside what the
// query excludes (AND_NOT's right side); a filter's right side (boolean terms, the date range)
// is no text, and only its terms are noted.
void collect_matchable(const Xapian::Query& q, bool positive, bool in_phrase, bool in_filter,
                       MatchableWords& out, CollectedTerms& seen) {
  const auto type = q.get_type();
  if (type == Xapian::Query::LEAF_TERM) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
      const std::string term = without_title_prefix(*t);
      if (!positive) {
        seen.excluded.insert(term);
      } else if (in_filter) {
        seen.filters.insert(term);
      } else {
        (in_phrase ? seen.in_phrases : out.terms).insert(term);
      }
    }
    return;
  }
  const bool phrase = type == Xapian::Query::OP_PHRASE;
  if (phrase && positive && !in_filter) {
    // A position is a term, or an OR of the words that may stand there.
    PhraseWords words;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
      const Xapian::Query position = q.get_subquery(i);
      std::vector<std::string> alternatives;
      for (auto t = position.get_terms_begin(); t != position.get_terms_end(); ++t) {
        alternatives.push_back(without_title_prefix(*t));
      }
      if (!alternatives.empty()) words.push_back(std::move(alternatives));
    }
    if (!words.empty()) out.phrases.push_back(std::move(words));
  }
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    const bool part_positive = positive && !(type == Xapian::Query::OP_AND_NOT && i > 0);
    const bool part_filter = in_filter || (type == Xapian::Query::OP_FILTER && i > 0);
    collect_matchable(q.get_subquery(i), part_positive, in_phrase || phrase, part_filter, out,
                      seen);
  }
}

// The words of an entity filter's value as a phrase to mark, each as written or with its
// possessive ("Viktor Orbán" -> viktor, orban|orban's).
PhraseWords value_words(std::string_view value) {
  PhraseWords words;
  for (const WordSpan& w : word_spans(value, U"'")) {
    const std::string term = Analyzer::word_term(value.substr(w.begin, w.end - w.begin));
    std::vector<std::string> forms;
    add_with_possessive(forms, term);
    words.push_back(std::move(forms));
  }
  return words;
}

// What a hit of `query` can have matched (ParsedQuery::matchable): its words and phrases, and
// the names its positive entity filters ask for (`named`: value and filter), each as a phrase.
MatchableWords matchable_words(const Xapian::Query& query,
                               const std::vector<std::pair<std::string, Xapian::Query>>& named) {
  MatchableWords out;
  CollectedTerms seen;
  collect_matchable(query, true, false, false, out, seen);
  for (const std::string& t : seen.in_phrases) {
    if (!out.terms.contains(t)) out.phrase_only.insert(t);
  }
  for (const std::string& t : seen.excluded) {
    if (!out.terms.contains(t) && !seen.in_phrases.contains(t)) out.excluded.insert(t);
  }
  for (const auto& [value, filter] : named) {
    const bool positive = std::any_of(
        filter.get_terms_begin(), filter.get_terms_end(),
        [&](const std::string& t) { return seen.filters.contains(t) || out.terms.contains(t); });
    PhraseWords words = value_words(value);
    if (!positive || words.empty()) continue;
    for (const auto& position : words) {
      for (const std::string& w : position) {
        if (!out.terms.contains(w)) out.phrase_only.insert(w);
      }
    }
    out.phrases.push_back(std::move(words));
  }
  return out;
}

// The fields a query may name; any other `name:` is read as words.
constexpr std::string_view kFieldNames[] = {"title",  "date", "outlet", "section",
                                            "person", "org",  "place",  "entity"};

// The query text as Xapian reads it, names expanded, boosts added, into `parsed`;
// read_query() adds the --from/--to range.
void parse_text(const SearchOptions& options, const Xapian::Database& db,
                const Xapian::Stem& stemmer, ParsedQuery& parsed) {
  std::string folded = fold_query_text(options.query);
  if (folded.find_first_not_of(" \t\r\n") == std::string::npos) {
    parsed.query = Xapian::Query::MatchAll;
    return;
  }
  std::vector<std::string>& warnings = parsed.warnings;
  std::string fields;
  for (const std::string_view name : kFieldNames) {
    fields += (fields.empty() ? "" : ", ") + std::string(name);
  }
  for (const std::string& field :
       unknown_fields(folded, {std::begin(kFieldNames), std::end(kFieldNames)})) {
    warnings.push_back("'" + field + ":' is not a field (" + fields + "); read as words");
  }
  parsed.text = folded;  // as typed, before names are expanded
  const std::string& as_typed = parsed.text;
  NameVariants variants(Xapian::Query::OP_SYNONYM), near_variants(Xapian::Query::OP_OR);
  PrebuiltQueries chains;
  const std::vector<std::string> variant_names =
      expand_names(folded, db, variants, near_variants, parsed);
  const EntityAliases aliases =
      EntityAliases::from_json(db.get_metadata(std::string(kAliasesMetadataKey)));
  Xapian::QueryParser parser;
  std::string filter_error;
  std::vector<std::string> unknown_outlets;
  std::vector<std::pair<std::string, Xapian::Query>> named;  // entity filters: value, filter
  add_filter_fields(parser, db, aliases, &filter_error, &unknown_outlets, &named);
  parser.set_database(db);
  parser.set_stemmer(stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_stopper(&english_stopper());
  parser.set_default_op(options.match_any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
  parser.add_prefix("title", std::string(schema::kTitlePrefix));
  parser.add_prefix(std::string(kNameField), &variants);
  parser.add_prefix(std::string(kNearNameField), &near_variants);
  parser.add_prefix(std::string(kChainField), &chains);
  // One budget for the whole query, in equal shares: 26 wildcards may not expand to 26 times
  // what one may.
  const Xapian::termcount wildcards = std::max<Xapian::termcount>(1, count_wildcards(folded));
  parser.set_max_expansion(std::max<Xapian::termcount>(1, options.max_wildcard_terms / wildcards),
                           Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::QueryParser::FLAG_WILDCARD);
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
  const auto parse = [&](const std::string& text) {
    try {
      return parser.parse_query(text, flags);
    } catch (const Xapian::QueryParserError& e) {
      throw QueryError("cannot parse query: " + e.get_msg());
    }
  };
  for (ReadWord& w : parsed.words) {
    const std::string term = Analyzer::word_term(w.typed);
    if (!english_stopper()(term)) w.stem = stemmer(term);
  }
  check_query_size(folded);
  // After the size check: each becomes one word.
  prebuild_name_chains(folded, near_variants, chains);
  prebuild_phrases(folded, db, chains, parsed.words);
  folded = group_near_chains(folded);
  Xapian::Query query;
  if (const auto negated = negated_items(folded)) {
    // Nothing but exclusions: every article except those (Xapian would drop the sign of a
    // lone -word and keep what it names).
    std::vector<Xapian::Query> excluded;
    for (const std::string& item : *negated) excluded.push_back(parse(item));
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                          Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
  } else {
    query = parse(folded);
  }
  if (!filter_error.empty()) throw QueryError(filter_error);
  // "outlet:BBC" finds nothing when the outlet is "BBC News": say which outlets hold it.
  for (const std::string& outlet : unknown_outlets) {
    const std::vector<std::string> like = outlet_suggestions(db, outlet);
    std::string said = "outlet:" + outlet + " names no outlet in the index";
    for (std::size_t i = 0; i < like.size(); ++i) {
      said += (i == 0 ? "; outlets whose name holds it: " : ", ") + like[i];
    }
    if (std::find(warnings.begin(), warnings.end(), said) == warnings.end()) {
      warnings.push_back(std::move(said));
    }
  }
  const double proximity =
      options.proximity_boost.value_or(options.match_any ? kAnyProximityBoost : 0);
  if (proximity > 0) {
    if (auto near = proximity_query(as_typed); near) {
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, *near, proximity));
    }
  }
  if (!variant_names.empty()) {
    // Every spelling matches; the one asked for ranks first.
    std::vector<std::string> exact_terms;
    for (const std::string& name : variant_names) add_with_possessive(exact_terms, name);
    const Xapian::Query exact(Xapian::Query::OP_OR, exact_terms.begin(), exact_terms.end());
    query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, exact, kExactNameBoost));
  }
  parsed.matchable = matchable_words(query, named);
  // A word is excluded when the query holds its terms only in what it excludes: "a NOT b c"
  // excludes b and c, as Xapian's grammar reads it.
  for (ReadWord& w : parsed.words) {
    std::vector<std::string> terms;
    if (w.name) {
      terms = w.name->forms;
    } else {
      terms = {Analyzer::word_term(w.typed), std::string(schema::kStemPrefix) + w.stem};
    }
    const MatchableWords& m = parsed.matchable;
    w.excluded = std::any_of(terms.begin(), terms.end(),
                             [&](const std::string& t) { return m.excluded.contains(t); }) &&
                 std::none_of(terms.begin(), terms.end(), [&](const std::string& t) {
                   return m.terms.contains(t) || m.phrase_only.contains(t);
                 });
  }
  parsed.positional = is_positional(query);
  parsed.wildcard = has_wildcard(query);
  parsed.query = std::move(query);
}

}  // namespace

ParsedQuery read_query(const SearchOptions& options, const Xapian::Database& db,
                       const Xapian::Stem& stemmer) {
  ParsedQuery parsed;
  parse_text(options, db, stemmer, parsed);
  if (options.from && options.to && *options.from > *options.to) {
    throw QueryError(
        reversed_range_message("--from " + options.from->iso() + " --to " + options.to->iso()));
  }
  if (options.from || options.to) {
    parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, parsed.query,
                                 date_range_query(db, options.from, options.to));
  }
  return parsed;
}

Xapian::Query parse_query(const SearchOptions& options, const Xapian::Database& db,
                          const Xapian::Stem& stemmer, std::vector<std::string>* warnings) {
  ParsedQuery parsed = read_query(options, db, stemmer);
  if (warnings != nullptr) {
    warnings->insert(warnings->end(), parsed.warnings.begin(), parsed.warnings.end());
  }
  return std::move(parsed.query);
}

bool has_wildcard(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (has_wildcard(query.get_subquery(i))) return true;
  }
  return false;
}

bool is_positional(const Xapian::Query& query) {
  const auto type = query.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  if (type == Xapian::Query::OP_SCALE_WEIGHT) return false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (is_positional(query.get_subquery(i))) return true;
  }
  return false;
}

}  // namespace morgue
