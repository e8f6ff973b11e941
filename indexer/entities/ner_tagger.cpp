// The tagger's features, model and decoding; tokens and sentences of raw text.
#include "indexer/entities/ner_tagger.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "common/text/text_fold.h"
#include "common/text/utf8.h"
#include "common/text/word_list.h"
#include "embedded/entity_words.h"
#include "embedded/ner_model.h"

namespace morgue {
namespace {

using schema::EntityKind;

constexpr std::array<std::string_view, kNerTags> kTagNames = {"O",     "B-PER", "I-PER", "B-ORG",
                                                              "I-ORG", "B-LOC", "I-LOC"};
constexpr std::string_view kHeader = "morgue-ner-model 1";

// FNV-1a, 64 bits: a feature's name to its key.
class FeatureHash {
 public:
  constexpr FeatureHash& add(std::string_view s) {
    for (const char c : s) {
      h_ ^= static_cast<unsigned char>(c);
      h_ *= 1099511628211ULL;
    }
    h_ ^= 0xff;  // a separator, so that ("ab", "c") and ("a", "bc") differ
    h_ *= 1099511628211ULL;
    return *this;
  }
  [[nodiscard]] constexpr std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 14695981039346656037ULL;
};

// A feature's name, hashed when the program is compiled: a word's forty features hash only
// their values.
struct FeatureName {
  consteval FeatureName(const char* name) : hash(FeatureHash().add(name)) {}  // NOLINT: implicit
  FeatureHash hash;
};

std::uint64_t feature(FeatureName name, std::string_view value = {}, std::string_view more = {}) {
  return name.hash.add(value).add(more).value();
}

// What the features read of a token, computed once a sentence.
struct TokenView {
  std::string cased;  // as written; in a capitals sentence, capitalised normally ("Rome")
  std::string lower;  // folded, lower case
  std::string shape;  // X for a capital, x lower case, d digit, other characters as they are;
                      // runs of one class written once ("Xx", "X.X.", "d,d")
  bool capitalized = false;
  bool has_letter = false;
  bool first_name = false;  // a given name the gazetteer knows, capitalised
  bool title = false;       // a title or role ("President", "Gen.")
  bool org_suffix = false;  // a word ending an organization's name ("Corp", "Ministry")
  bool given = false;       // a given name of the US census lists
  char surname = 0;         // a surname of the US census list: '1' among the first thousand,
                            // '2' the first ten thousand, '3' further down; 0 none
};

// "NORTHBROOK" -> "Northbrook": the first letter kept, the others lowered (ASCII and Latin;
// others as written).
std::string capitalised_normally(std::string_view word) {
  std::string out;
  bool first = true;
  for (std::size_t i = 0; i < word.size();) {
    UChar32 c = 0;
    const std::size_t start = i;
    U8_NEXT(word.data(), i, word.size(), c);
    if (c < 0) {
      out.append(word.substr(start, i - start));
      continue;
    }
    const UChar32 mapped = first ? c : u_tolower(c);
    if (u_isalpha(c) != 0) first = false;
    char buf[4];
    std::size_t n = 0;
    UBool error = false;
    U8_APPEND(buf, n, 4, mapped, error);
    if (error) {
      out.append(word.substr(start, i - start));
    } else {
      out.append(buf, n);
    }
  }
  return out;
}

// The word lists the features consult.
struct Lexicon {
  std::unordered_set<std::string> title_heads = word_set(embedded::title_heads_txt());
  std::unordered_set<std::string> org_suffixes = word_set(embedded::org_suffixes_txt());
  std::unordered_set<std::string> given_names = word_set(embedded::census_given_names_txt());
  std::unordered_map<std::string, std::uint32_t> surname_ranks =
      ranks(embedded::census_surnames_txt());

  // Words one a line, most frequent first, to their rank (1 the first).
  static std::unordered_map<std::string, std::uint32_t> ranks(std::string_view text) {
    std::unordered_map<std::string, std::uint32_t> out;
    std::uint32_t rank = 0;
    for_each_data_line(text,
                       [&](std::string_view line) { out.emplace(trim_blanks(line), ++rank); });
    return out;
  }
};

const Lexicon& lexicon() {
  static const Lexicon instance;
  return instance;
}

// A letter written as a capital (upper or title case): what a word's shape marks X.
bool is_capital_letter(UChar32 c) {
  if (c >= 0 && c < 0x80) return c >= 'A' && c <= 'Z';  // most of English text, without ICU
  return c >= 0 && u_isalpha(c) != 0 && (u_isupper(c) != 0 || u_istitle(c) != 0);
}

// Whether `c` is a letter (ASCII without ICU).
bool is_letter(UChar32 c) {
  if (c >= 0 && c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return c >= 0 && u_isalpha(c) != 0;
}

// Whether token `i` of `n` is a word in lower case with no capital beside it, in a sentence
// not written in capitals: no name of news takes it in. `letter(k)` and `capital(k)` say
// whether token k has a letter and a capital letter.
template <typename Letter, typename Capital>
bool outside_any_name(std::size_t i, std::size_t n, bool caps, Letter letter, Capital capital) {
  return !caps && letter(i) && !capital(i) && (i == 0 || !capital(i - 1)) &&
         (i + 1 == n || !capital(i + 1));
}

TokenView view_of(const NerToken& token, bool caps, const NerLowercaseWords& lowercase) {
  TokenView v;
  v.lower = fold_word(token.text);
  if (!caps) {
    v.cased = token.text;
  } else if (ner_reads_lowercase(lowercase, v.lower)) {
    v.cased = v.lower;  // "OPENS" -> "opens": a word English writes in lower case
  } else {
    v.cased = capitalised_normally(token.text);
  }
  char last = 0;
  bool first_letter = true;
  for (std::size_t i = 0; i < v.cased.size();) {
    UChar32 c = 0;
    U8_NEXT(v.cased.data(), i, v.cased.size(), c);
    char cls = '?';
    if (is_letter(c)) {
      v.has_letter = true;
      const bool upper = is_capital_letter(c);
      if (first_letter) v.capitalized = upper;
      first_letter = false;
      cls = upper ? 'X' : 'x';
    } else if ((c >= '0' && c <= '9') || (c >= 0x80 && u_isdigit(c) != 0)) {
      cls = 'd';
    } else if (c >= 0 && c < 0x80) {
      cls = static_cast<char>(c);
    }
    if (cls != last) v.shape.push_back(cls);
    last = cls;
  }
  if (v.has_letter) {
    const Lexicon& words = lexicon();
    std::string bare = v.lower;
    while (!bare.empty() && bare.back() == '.') bare.pop_back();
    v.title = words.title_heads.contains(bare);
    v.org_suffix = words.org_suffixes.contains(v.lower);
    v.given = words.given_names.contains(v.lower);
    if (const auto it = words.surname_ranks.find(v.lower); it != words.surname_ranks.end()) {
      v.surname = it->second <= 1000 ? '1' : it->second <= 10000 ? '2' : '3';
    }
  }
  return v;
}

std::string_view kind_name(EntityKind kind) { return schema::entity_kind_name(kind); }

// The known names (gazetteer) a sentence holds, per token: the kind of the longest known
// name of two to four tokens covering it, and whether it begins there; the kind the token
// alone names. Only spans that begin and end with a capitalised word are looked up. Sets
// the views' given names (TokenView::first_name) too: one lookup of the gazetteer a word.
struct KnownSpans {
  std::vector<std::optional<EntityKind>> alone, covered;
  std::vector<bool> begins;
};

KnownSpans known_spans(const std::vector<NerToken>& tokens, std::vector<TokenView>& views,
                       bool caps) {
  const Gazetteer& gazetteer = Gazetteer::builtin();
  const auto lookup = [&](std::string_view phrase) {
    return caps ? gazetteer.find_in_any_case(phrase) : gazetteer.find(phrase);
  };
  const std::size_t n = tokens.size();
  KnownSpans out{std::vector<std::optional<EntityKind>>(n),
                 std::vector<std::optional<EntityKind>>(n), std::vector<bool>(n, false)};
  std::vector<std::size_t> length(n, 0);
  // In a sentence in capitals any word may be a name's ("NEW YORK": "new" is read in lower case).
  const auto may_name = [&](std::size_t k) {
    return caps ? views[k].has_letter : views[k].capitalized;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!may_name(i)) continue;
    const Gazetteer::Word word = gazetteer.word(tokens[i].text, caps);
    if (word.entity != nullptr) out.alone[i] = word.entity->kind;
    views[i].first_name = views[i].capitalized && word.first_name;
    if (!word.begins_name) continue;  // most words begin no longer name
    std::string phrase = tokens[i].text;
    for (std::size_t len = 2; len <= 4 && i + len <= n; ++len) {
      const std::string& next = tokens[i + len - 1].text;
      phrase += (next == "." || next == "," ? "" : " ") + next;
      if (!may_name(i + len - 1)) continue;
      const KnownEntity* e = lookup(phrase);
      if (e == nullptr) continue;
      for (std::size_t k = i; k < i + len; ++k) {
        if (len <= length[k]) continue;
        length[k] = len;
        out.covered[k] = e->kind;
        out.begins[k] = k == i;
      }
    }
  }
  return out;
}

// The features of one token that do not depend on the tags before it, over precomputed
// views: NerFeatures::static_of()'s body.
void token_features(const std::vector<TokenView>& views, const KnownSpans& known, std::size_t i,
                    bool caps, std::vector<std::uint64_t>& out) {
  out.clear();
  const TokenView& v = views[i];
  // A field of the token k places away, or the sentence's edge.
  const auto at = [&](std::ptrdiff_t k, std::string TokenView::*field) -> std::string_view {
    const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + k;
    if (j < 0) return "<s>";
    if (j >= static_cast<std::ptrdiff_t>(views.size())) return "</s>";
    return views[static_cast<std::size_t>(j)].*field;
  };
  const auto word_at = [&](std::ptrdiff_t k) { return at(k, &TokenView::lower); };
  const auto shape_at = [&](std::ptrdiff_t k) { return at(k, &TokenView::shape); };
  out.push_back(feature("bias"));
  out.push_back(feature("w", v.lower));
  out.push_back(feature("W", v.cased));
  out.push_back(feature("s", v.shape));
  const std::string_view lower = v.lower;
  for (std::size_t n = 1; n <= 3 && n < lower.size(); ++n) {
    out.push_back(feature("p", lower.substr(0, n)));
  }
  for (std::size_t n = 1; n <= 4 && n < lower.size(); ++n) {
    out.push_back(feature("x", lower.substr(lower.size() - n)));
  }
  out.push_back(feature("w-1", word_at(-1)));
  out.push_back(feature("w+1", word_at(1)));
  out.push_back(feature("w-2", word_at(-2)));
  out.push_back(feature("w+2", word_at(2)));
  out.push_back(feature("s-1", shape_at(-1)));
  out.push_back(feature("s+1", shape_at(1)));
  out.push_back(feature("s-1s", shape_at(-1), v.shape));
  out.push_back(feature("ss+1", v.shape, shape_at(1)));
  out.push_back(feature("w-1w", word_at(-1), v.lower));
  out.push_back(feature("ww+1", v.lower, word_at(1)));
  if (i == 0) out.push_back(feature("first", v.shape));
  if (caps) out.push_back(feature("caps", v.has_letter ? "w" : "-"));
  if (known.alone[i]) out.push_back(feature("g", kind_name(*known.alone[i])));
  if (known.covered[i]) {
    const std::string_view kind = kind_name(*known.covered[i]);
    out.push_back(known.begins[i] ? feature("gB", kind) : feature("gI", kind));
  }
  const auto flag = [&](std::ptrdiff_t k, bool TokenView::*member) {
    const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + k;
    return j >= 0 && j < static_cast<std::ptrdiff_t>(views.size()) &&
           views[static_cast<std::size_t>(j)].*member;
  };
  if (v.first_name) out.push_back(feature("fn"));
  if (flag(-1, &TokenView::first_name)) out.push_back(feature("fn-1", v.shape));
  if (flag(-1, &TokenView::title)) out.push_back(feature("tt-1", v.shape));
  if (flag(-2, &TokenView::title)) out.push_back(feature("tt-2"));
  if (v.title) out.push_back(feature("tt"));
  if (v.org_suffix) out.push_back(feature("os"));
  const std::string_view cap = v.capitalized ? "C" : "c";
  if (v.given) out.push_back(feature("gn", cap));
  if (v.surname != 0) out.push_back(feature("sn", std::string_view(&v.surname, 1), cap));
  if (flag(-1, &TokenView::given)) out.push_back(feature("gn-1", cap));
  if (flag(1, &TokenView::given)) out.push_back(feature("gn+1", cap));
  const auto surname_at = [&](std::ptrdiff_t k) {
    const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + k;
    return j >= 0 && j < static_cast<std::ptrdiff_t>(views.size()) &&
           views[static_cast<std::size_t>(j)].surname != 0 &&
           views[static_cast<std::size_t>(j)].capitalized;
  };
  if (surname_at(1)) out.push_back(feature("sn+1", cap));
  if (surname_at(-1)) out.push_back(feature("sn-1", cap));
  if (flag(1, &TokenView::org_suffix)) out.push_back(feature("os+1"));
  if (flag(2, &TokenView::org_suffix)) out.push_back(feature("os+2"));
}

// The feature of the tag before a token alone (the same for every token).
std::uint64_t previous_tag_feature(NerTag prev) {
  return feature("t-1", kTagNames[static_cast<std::size_t>(prev)]);
}

void add_weights(const NerModel& model, const std::vector<std::uint64_t>& features,
                 NerModel::Weights& score) {
  for (const std::uint64_t f : features) {
    if (const NerModel::Weights* w = model.find(f)) {
      for (std::size_t t = 0; t < kNerTags; ++t) score[t] += (*w)[t];
    }
  }
}

std::vector<TokenView> views_of(const std::vector<NerToken>& tokens, bool caps,
                                const NerLowercaseWords& lowercase) {
  std::vector<TokenView> views;
  views.reserve(tokens.size());
  for (const NerToken& t : tokens) views.push_back(view_of(t, caps, lowercase));
  return views;
}

}  // namespace

struct NerFeatures::Sentence {
  std::vector<TokenView> views;
  KnownSpans known;
};

bool ner_reads_lowercase(const NerLowercaseWords& lowercase, std::string_view folded) {
  const std::string word(folded);
  if (lowercase.contains(word)) return true;
  if (word.size() < 4 || word.back() != 's') return false;
  if (lowercase.contains(word.substr(0, word.size() - 1))) return true;
  // Not a short word's: "Andes" is no "and" with -es.
  return word.size() >= 6 && word.ends_with("es") &&
         lowercase.contains(word.substr(0, word.size() - 2));
}

bool ner_census_given_name(std::string_view word) {
  return lexicon().given_names.contains(fold_word(word));
}

std::uint32_t ner_census_surname_rank(std::string_view word) {
  const auto it = lexicon().surname_ranks.find(fold_word(word));
  return it == lexicon().surname_ranks.end() ? 0 : it->second;
}

const NerLowercaseWords& ner_builtin_lowercase_words() {
  static const NerLowercaseWords words = word_set(embedded::ner_lowercase_words());
  return words;
}

NerFeatures::NerFeatures(const std::vector<NerToken>& tokens, bool caps,
                         const NerLowercaseWords& lowercase)
    : caps_(caps) {
  std::vector<TokenView> views = views_of(tokens, caps, lowercase);
  KnownSpans known = known_spans(tokens, views, caps);
  sentence_ = std::make_unique<Sentence>(Sentence{std::move(views), std::move(known)});
}

NerFeatures::~NerFeatures() = default;

std::size_t NerFeatures::size() const { return sentence_->views.size(); }

void NerFeatures::static_of(std::size_t i, std::vector<std::uint64_t>& out) const {
  token_features(sentence_->views, sentence_->known, i, caps_, out);
}

void NerFeatures::transition_of(std::size_t i, NerTag prev, std::vector<std::uint64_t>& out) const {
  out.push_back(previous_tag_feature(prev));
  word_transition_of(i, prev, out);
}

void NerFeatures::word_transition_of(std::size_t i, NerTag prev,
                                     std::vector<std::uint64_t>& out) const {
  // "t-1w" and "t-1s" with each tag's name, hashed when the program is compiled.
  static constexpr auto kAfter = [](const char* name) {
    std::array<FeatureHash, kNerTags> hashes{};
    for (std::size_t t = 0; t < kNerTags; ++t) {
      hashes[t] = FeatureHash().add(name).add(kTagNames[t]);
    }
    return hashes;
  };
  static constexpr std::array<FeatureHash, kNerTags> kWord = kAfter("t-1w"),
                                                     kShape = kAfter("t-1s");
  const TokenView& v = sentence_->views[i];
  const auto p = static_cast<std::size_t>(prev);
  out.push_back(FeatureHash(kWord[p]).add(v.lower).value());
  out.push_back(FeatureHash(kShape[p]).add(v.shape).value());
}

bool NerFeatures::lowercase_outside(std::size_t i) const {
  const std::vector<TokenView>& views = sentence_->views;
  return outside_any_name(
      i, views.size(), caps_, [&](std::size_t k) { return views[k].has_letter; },
      [&](std::size_t k) { return views[k].shape.find('X') != std::string::npos; });
}

bool ner_may_follow(NerTag prev, NerTag tag) {
  const auto kind = ner_tag_kind(tag);
  return !kind || tag == ner_tag_of(*kind, true) || ner_tag_kind(prev) == kind;
}

std::vector<NerTag> ner_decode(const NerModel& model, const NerFeatures& features,
                               NerDecoding decoding) {
  const std::size_t n = features.size();
  if (n == 0) return {};
  constexpr float kNever = -std::numeric_limits<float>::infinity();
  // best[i][t]: the best score of tags 0..i ending in t; from[i][t]: the tag before it.
  std::vector<std::array<float, kNerTags>> best(n);
  std::vector<std::array<std::uint8_t, kNerTags>> from(n);
  std::vector<std::uint64_t> active, moving;
  // The tag before's own weights, the same at every token: looked up once.
  std::array<NerModel::Weights, kNerTags> after{};
  for (std::size_t p = 0; p < kNerTags; ++p) {
    add_weights(model, {previous_tag_feature(static_cast<NerTag>(p))}, after[p]);
  }
  constexpr auto kO = static_cast<std::size_t>(NerTag::kO);
  for (std::size_t i = 0; i < n; ++i) {
    best[i].fill(kNever);
    if (decoding == NerDecoding::kLowercaseOutside && features.lowercase_outside(i)) {
      // O alone: its own features add the same to every path through it, so only the
      // tag before's features decide (which tag before leads here best).
      for (std::size_t p = 0; p < kNerTags; ++p) {
        const float before = i == 0 ? (p == 0 ? 0.0F : kNever) : best[i - 1][p];
        if (before == kNever) continue;
        NerModel::Weights score{};
        moving.clear();
        features.word_transition_of(i, static_cast<NerTag>(p), moving);
        add_weights(model, moving, score);
        const float total = before + after[p][kO] + score[kO];
        if (total > best[i][kO]) {
          best[i][kO] = total;
          from[i][kO] = static_cast<std::uint8_t>(p);
        }
      }
      continue;
    }
    NerModel::Weights alone{};
    features.static_of(i, active);
    add_weights(model, active, alone);
    for (std::size_t p = 0; p < kNerTags; ++p) {
      const float before = i == 0 ? (p == 0 ? 0.0F : kNever) : best[i - 1][p];
      if (before == kNever) continue;
      const NerTag prev = static_cast<NerTag>(p);
      NerModel::Weights score = alone;
      for (std::size_t t = 0; t < kNerTags; ++t) score[t] += after[p][t];
      moving.clear();
      features.word_transition_of(i, prev, moving);
      add_weights(model, moving, score);
      for (std::size_t t = 0; t < kNerTags; ++t) {
        // Only a tag that may follow: an I- tag continues a name of its kind. Ties go to
        // the earlier tag before (O first): deterministic.
        if (!ner_may_follow(prev, static_cast<NerTag>(t))) continue;
        if (before + score[t] > best[i][t]) {
          best[i][t] = before + score[t];
          from[i][t] = static_cast<std::uint8_t>(p);
        }
      }
    }
  }
  std::size_t last = 0;
  for (std::size_t t = 1; t < kNerTags; ++t) {
    if (best[n - 1][t] > best[n - 1][last]) last = t;
  }
  std::vector<NerTag> tags(n);
  for (std::size_t i = n; i-- > 0;) {
    tags[i] = static_cast<NerTag>(last);
    last = from[i][last];
  }
  return tags;
}

std::optional<schema::EntityKind> ner_tag_kind(NerTag tag) {
  switch (tag) {
    case NerTag::kBPer:
    case NerTag::kIPer:
      return EntityKind::kPerson;
    case NerTag::kBOrg:
    case NerTag::kIOrg:
      return EntityKind::kOrganization;
    case NerTag::kBLoc:
    case NerTag::kILoc:
      return EntityKind::kPlace;
    case NerTag::kO:
      break;
  }
  return std::nullopt;
}

NerTag ner_tag_of(schema::EntityKind kind, bool begin) {
  switch (kind) {
    case EntityKind::kPerson:
      return begin ? NerTag::kBPer : NerTag::kIPer;
    case EntityKind::kOrganization:
      return begin ? NerTag::kBOrg : NerTag::kIOrg;
    case EntityKind::kPlace:
      break;
  }
  return begin ? NerTag::kBLoc : NerTag::kILoc;
}

const NerModel& NerModel::builtin() {
  static const NerModel model = from_text(embedded::ner_model());
  return model;
}

NerModel NerModel::from_text(std::string_view text) {
  NerModel model;
  std::size_t line_number = 0;
  bool header = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_number;
    const auto fail = [&](const char* what) {
      throw std::runtime_error("tagger model line " + std::to_string(line_number) + ": " + what);
    };
    if (!header) {
      if (line != kHeader) fail("not a morgue-ner-model 1 file");
      header = true;
      continue;
    }
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find(' ');
    if (space == std::string_view::npos) fail("a line is a hex feature hash and tag:weight pairs");
    std::uint64_t hash = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + space, hash, 16);
    if (ec != std::errc() || end != line.data() + static_cast<std::ptrdiff_t>(space)) {
      fail("a line is a hex feature hash and tag:weight pairs");
    }
    Weights weights{};
    line.remove_prefix(space + 1);
    while (!line.empty()) {
      const auto next = line.find(' ');
      const std::string_view pair = line.substr(0, next);
      line.remove_prefix(next == std::string_view::npos ? line.size() : next + 1);
      const auto colon = pair.find(':');
      unsigned tag = 0;
      long milli = 0;
      if (colon == std::string_view::npos ||
          std::from_chars(pair.data(), pair.data() + colon, tag).ec != std::errc() ||
          tag >= kNerTags ||
          std::from_chars(pair.data() + colon + 1, pair.data() + pair.size(), milli).ec !=
              std::errc()) {
        fail("a weight is tag:thousandths");
      }
      weights[tag] = static_cast<float>(milli) / 1000.0F;
    }
    model.set(hash, weights);
  }
  if (!header) throw std::runtime_error("tagger model: empty");
  return model;
}

std::string NerModel::to_text() const {
  std::vector<const Slot*> used;
  used.reserve(size_);
  for (const Slot& slot : slots_) {
    if (slot.key != 0) used.push_back(&slot);
  }
  std::sort(used.begin(), used.end(), [](const Slot* a, const Slot* b) { return a->key < b->key; });
  std::string out(kHeader);
  out += '\n';
  char buf[32];
  for (const Slot* slot : used) {
    std::string line;
    for (std::size_t t = 0; t < kNerTags; ++t) {
      const long milli = std::lround(slot->weights[t] * 1000.0F);
      if (milli == 0) continue;
      std::snprintf(buf, sizeof buf, " %zu:%ld", t, milli);
      line += buf;
    }
    if (line.empty()) continue;
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(slot->key));
    out += buf;
    out += line;
    out += '\n';
  }
  return out;
}

std::size_t NerModel::slot_of(std::uint64_t key) const {
  // The keys are hashes already; a multiply spreads their bits over the table's size.
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
  while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

void NerModel::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  for (const Slot& slot : old) {
    if (slot.key != 0) slots_[slot_of(slot.key)] = slot;
  }
}

const NerModel::Weights* NerModel::find(std::uint64_t feature) const {
  if (slots_.empty()) return nullptr;
  const std::uint64_t key = feature == 0 ? 1 : feature;
  const Slot& slot = slots_[slot_of(key)];
  return slot.key == key ? &slot.weights : nullptr;
}

void NerModel::set(std::uint64_t feature, const Weights& weights) {
  const std::uint64_t key = feature == 0 ? 1 : feature;
  if (2 * (size_ + 1) > slots_.size()) grow();
  Slot& slot = slots_[slot_of(key)];
  if (slot.key == 0) {
    slot.key = key;
    ++size_;
  }
  slot.weights = weights;
}

bool capitals_sentence(const std::vector<NerToken>& tokens) {
  static const std::unordered_set<std::string> kSmallWords = {
      "a",    "an", "and", "as", "at",   "but", "by", "for", "from", "in",
      "into", "of", "on",  "or", "over", "the", "to", "vs",  "with"};
  std::size_t capital_words = 0, words = 0;
  bool lower = false, title_case = true;
  for (const NerToken& t : tokens) {
    std::size_t capitals = 0;
    bool first = true, first_upper = false, any_lower = false;
    for (std::size_t i = 0; i < t.text.size();) {
      UChar32 c = 0;
      U8_NEXT(t.text.data(), i, t.text.size(), c);
      if (!is_letter(c)) continue;
      const bool upper = is_capital_letter(c);
      if (first) first_upper = upper;
      first = false;
      any_lower = any_lower || u_islower(c) != 0;
      capitals += upper;
    }
    if (first) continue;  // no letter
    ++words;
    lower = lower || any_lower;
    if (capitals >= 2) ++capital_words;
    if (title_case && !first_upper && !kSmallWords.contains(t.text)) title_case = false;
    // A word in lower case and one not capitalised: neither in capitals nor in title case
    // (most sentences, by their second or third word).
    if (lower && !title_case) return false;
  }
  // In capitals ("BAKER SAYS DOLLAR STABLE"), or in title case ("Putin Delivers Stark Warning
  // to the West"), where a capital says nothing of a name.
  return (!lower && capital_words >= 2) || (lower && title_case && words >= 4);
}

std::vector<NerTag> ner_tag(const NerModel& model, const std::vector<NerToken>& tokens,
                            const NerLowercaseWords& lowercase) {
  return ner_decode(model, NerFeatures(tokens, capitals_sentence(tokens), lowercase),
                    NerDecoding::kLowercaseOutside);
}

namespace {

bool word_char(UChar32 c) {
  if (c >= 0 && c < 0x80) {  // most of English text, without ICU
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }
  return c >= 0 && (u_isalnum(c) != 0 || u_charType(c) == U_NON_SPACING_MARK);
}

bool white_space(UChar32 c) {
  if (c >= 0 && c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');  // as ICU's White_Space
  return u_isUWhiteSpace(c) != 0;
}

// Abbreviations whose period does not end a sentence.
bool abbreviation(std::string_view word) {
  static const std::unordered_set<std::string> kWords = {
      "mr",  "mrs", "ms",  "dr",  "prof", "gen", "col",  "lt",  "sgt", "capt", "cmdr", "adm", "gov",
      "sen", "rep", "rev", "st",  "mt",   "ft",  "jr",   "sr",  "co",  "corp", "inc",  "ltd", "no",
      "vs",  "jan", "feb", "mar", "apr",  "aug", "sept", "sep", "oct", "nov",  "dec"};
  return kWords.contains(fold_word(word));
}

}  // namespace

std::vector<NerSentence> ner_sentences(std::string_view text) {
  std::vector<NerSentence> sentences(1);
  const auto close = [&] {
    if (!sentences.back().tokens.empty()) sentences.emplace_back();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, text.size(), c);
    if (c == '\n') {
      close();
      continue;
    }
    if (c < 0 || white_space(c)) continue;
    NerSentence& s = sentences.back();
    if (!word_char(c)) {
      s.tokens.push_back({std::string(text.substr(start, i - start))});
      s.ranges.emplace_back(start, i);
      // . ? ! end a sentence before a space (not after an abbreviation or an initial).
      if ((c == '.' || c == '?' || c == '!') && (i >= text.size() || text[i] == ' ')) {
        const std::string& before =
            s.tokens.size() >= 2 ? s.tokens[s.tokens.size() - 2].text : std::string();
        const bool initial = before.size() == 1 && before[0] >= 'A' && before[0] <= 'Z';
        if (c != '.' || (!abbreviation(before) && !initial)) close();
      }
      continue;
    }
    // A word: word characters, joined by a single ' ’ - or . between two of them ("U.S.",
    // "Ocasio-Cortez", "O'Neill"); a possessive 's split off; "U.S." keeps its last period.
    std::size_t end = i;
    while (end < text.size()) {
      std::size_t k = end;
      UChar32 d = 0;
      U8_NEXT(text.data(), k, text.size(), d);
      if (word_char(d)) {
        end = k;
        continue;
      }
      if (d == '\'' || d == 0x2019 || d == '-' || d == '.') {
        std::size_t m = k;
        UChar32 e = 0;
        if (m < text.size()) U8_NEXT(text.data(), m, text.size(), e);
        if (m <= text.size() && word_char(e)) {
          end = k;
          continue;
        }
      }
      break;
    }
    std::string_view word = text.substr(start, end - start);
    // "U.S." and "D.C.": single letters with periods keep the final one.
    if (end < text.size() && text[end] == '.' && word.size() >= 3 && word[word.size() - 2] == '.') {
      ++end;
      word = text.substr(start, end - start);
    }
    std::size_t possessive = std::string_view::npos;
    for (const std::string_view suffix : {std::string_view("'s"), std::string_view("\u2019s")}) {
      if (word.size() > suffix.size() && word.ends_with(suffix))
        possessive = word.size() - suffix.size();
    }
    if (possessive != std::string_view::npos) {
      s.tokens.push_back({std::string(word.substr(0, possessive))});
      s.ranges.emplace_back(start, start + possessive);
      s.tokens.push_back({std::string(word.substr(possessive))});
      s.ranges.emplace_back(start + possessive, end);
    } else {
      s.tokens.push_back({std::string(word)});
      s.ranges.emplace_back(start, end);
    }
    i = end;
  }
  if (sentences.back().tokens.empty()) sentences.pop_back();
  return sentences;
}

std::vector<NerMention> ner_mentions(const std::vector<NerTag>& tags) {
  std::vector<NerMention> out;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const auto kind = ner_tag_kind(tags[i]);
    if (!kind) continue;
    if (tags[i] == ner_tag_of(*kind, true)) {
      out.push_back({*kind, i, i + 1});
    } else {
      out.back().end = i + 1;  // an I- tag continues the name before it
    }
  }
  return out;
}

namespace {

// Whether a word has a letter, and a capital one anywhere ("eBay", "U.S."), as its view
// (view_of()) reads it.
struct Letters {
  bool any = false, capital = false;
};
Letters letters_of(std::string_view word) {
  Letters out;
  for (std::size_t i = 0; i < word.size() && !out.capital;) {
    UChar32 c = 0;
    U8_NEXT(word.data(), i, word.size(), c);
    out.any = out.any || is_letter(c);
    out.capital = is_capital_letter(c);
  }
  return out;
}

// Whether a sentence may name anything: a word after the first is capitalised, or the first
// is and English does not write it in lower case. The tagger is not asked of the others
// (about a quarter of its time on Reuters); the names it found there were lower-case words,
// which no rule after it takes ("sterling").
bool may_name_anything(const std::vector<NerToken>& tokens) {
  if (tokens.empty()) return false;
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (starts_with_capital(tokens[i].text)) return true;
  }
  // Only the first word is capitalised: a name when English does not write it in lower case.
  return starts_with_capital(tokens[0].text) &&
         !ner_reads_lowercase(ner_builtin_lowercase_words(), fold_word(tokens[0].text));
}

}  // namespace

std::vector<NerSpan> ner_spans(std::string_view text, const NerModel& model) {
  return ner_spans(text, model, [](const NerSentence&) { return std::vector<bool>(); });
}

std::vector<NerSpan> ner_spans(
    std::string_view text, const NerModel& model,
    const std::function<std::vector<bool>(const NerSentence&)>& settled) {
  std::vector<NerSpan> spans;
  for (const NerSentence& s : ner_sentences(text)) {
    if (!may_name_anything(s.tokens)) continue;
    const std::size_t n = s.tokens.size();
    const std::vector<bool> done = settled(s);
    std::vector<Letters> letters(n);
    bool open_anywhere = false;
    for (std::size_t i = 0; i < n; ++i) {
      letters[i] = letters_of(s.tokens[i].text);
      open_anywhere = open_anywhere || (letters[i].capital && (done.size() != n || !done[i]));
    }
    if (!open_anywhere) continue;  // every capital settled: no stretch to tag
    const bool caps = capitals_sentence(s.tokens);
    // As NerFeatures::lowercase_outside() reads the sentence.
    const auto outside = [&](std::size_t i) {
      return outside_any_name(
          i, n, caps, [&](std::size_t k) { return letters[k].any; },
          [&](std::size_t k) { return letters[k].capital; });
    };
    for (std::size_t a = 0; a < n;) {
      if (outside(a)) {
        ++a;
        continue;
      }
      std::size_t b = a;
      bool open = false;
      while (b < n && !outside(b)) {
        open = open || (letters[b].capital && (done.size() != n || !done[b]));
        ++b;
      }
      if (open) {
        const std::size_t lo = a >= 2 ? a - 2 : 0, hi = std::min(n, b + 2);
        const std::vector<NerToken> part(s.tokens.begin() + static_cast<std::ptrdiff_t>(lo),
                                         s.tokens.begin() + static_cast<std::ptrdiff_t>(hi));
        const std::vector<NerTag> tags =
            ner_decode(model, NerFeatures(part, caps), NerDecoding::kLowercaseOutside);
        for (const NerMention& m : ner_mentions(tags)) {
          if (m.begin + lo < a || m.end + lo > b) continue;  // the words around the stretch
          spans.push_back({m.kind, s.ranges[m.begin + lo].first, s.ranges[m.end + lo - 1].second});
        }
      }
      a = b;
    }
  }
  return spans;
}

}  // namespace morgue
