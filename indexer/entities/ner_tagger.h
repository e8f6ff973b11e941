// A trained sequence tagger for the people, organizations and places a text names: an
// averaged perceptron over the classic token features (the word and its lower case, shape,
// prefixes and suffixes, the words around it, its place in the sentence, the tag before
// it, and membership of the gazetteer, the given names and the title words as features),
// decoded by Viterbi over the tag before each word, BIO tags. Deterministic; the model is plain
// text, trained by ner_training.h from the sources named in data/ner-model/README.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/entities/gazetteer.h"
#include "common/index/schema.h"

namespace morgue {

/// A token's tag: outside, or the beginning or inside of a person, organization or place.
enum class NerTag : std::uint8_t { kO, kBPer, kIPer, kBOrg, kIOrg, kBLoc, kILoc };
inline constexpr std::size_t kNerTags = 7;

/// The kind a B- or I- tag names; nullopt for O.
[[nodiscard]] std::optional<schema::EntityKind> ner_tag_kind(NerTag tag);
/// The B- (`begin`) or I- tag of `kind`.
[[nodiscard]] NerTag ner_tag_of(schema::EntityKind kind, bool begin);

/// The weights of a tagger: per feature (a 64-bit hash of its name), one per tag.
class NerModel {
 public:
  using Weights = std::array<float, kNerTags>;

  /// The model compiled into the library (data/ner-model/ner.model), read on first use.
  static const NerModel& builtin();

  /// Reads the text form (to_text()); throws std::runtime_error naming the line of anything
  /// else.
  static NerModel from_text(std::string_view text);
  /// The text form: a header line, then per feature its hash in hex and its non-zero weights
  /// as tag:weight (weights in thousandths), in hash order so that one model has one text.
  [[nodiscard]] std::string to_text() const;

  [[nodiscard]] const Weights* find(std::uint64_t feature) const;
  void set(std::uint64_t feature, const Weights& weights);
  [[nodiscard]] std::size_t features() const { return size_; }

 private:
  // Open addressing, linear probing, a power-of-two table at most half full: one cache line
  // a lookup rather than a node list's pointer chase (the tagger looks up some forty features
  // a word). Key 0 marks an empty slot; a feature hashing to 0 is stored as 1.
  struct Slot {
    std::uint64_t key = 0;
    Weights weights{};
  };
  [[nodiscard]] std::size_t slot_of(std::uint64_t key) const;
  void grow();
  std::vector<Slot> slots_;  // a key and its weights side by side: one cache line a lookup
  std::size_t size_ = 0;
};

/// A token of a sentence as the features see it.
struct NerToken {
  std::string text;  ///< as written ("Putin", "U.S.", ",")
};

/// Words that English text writes in lower case ("opens", "hospital", "in"), folded: in a
/// sentence in capitals they are read in lower case, other words as names are capitalised.
using NerLowercaseWords = std::unordered_set<std::string>;
/// The list compiled into the library (data/ner-model/lowercase-words.txt), made from the
/// model's training sentences (ner_lowercase_words() in ner_training.h).
[[nodiscard]] const NerLowercaseWords& ner_builtin_lowercase_words();
/// Whether `word` (any case) is a given name of the US census lists the features read
/// (data/census-names/given-names.txt): "Rocco", "Kristin", "Carole".
[[nodiscard]] bool ner_census_given_name(std::string_view word);

/// The rank of `word` (any case) among the US census surnames (1 the most common: "Smith"),
/// 0 for none of them.
[[nodiscard]] std::uint32_t ner_census_surname_rank(std::string_view word);

/// Whether a sentence in capitals writes `folded` in lower case: it is in `lowercase`, or it
/// is one of those with an s or es ("arrives", "talks": headlines' verbs and plurals).
[[nodiscard]] bool ner_reads_lowercase(const NerLowercaseWords& lowercase, std::string_view folded);

/// The features of one sentence's tokens (their views and the known names among them are
/// read once). `caps` says the sentence is written in capitals (a headline, a dateline): its
/// words are then read as `lowercase` says English writes them, in lower case or capitalised.
class NerFeatures {
 public:
  NerFeatures(const std::vector<NerToken>& tokens, bool caps,
              const NerLowercaseWords& lowercase = ner_builtin_lowercase_words());
  ~NerFeatures();
  NerFeatures(const NerFeatures&) = delete;
  NerFeatures& operator=(const NerFeatures&) = delete;

  /// The sentence's tokens.
  [[nodiscard]] std::size_t size() const;
  /// The hashed features of token `i` that do not depend on the tags before it, into `out`.
  void static_of(std::size_t i, std::vector<std::uint64_t>& out) const;
  /// Those that depend on the tag before it, `prev`, appended to `out`.
  void transition_of(std::size_t i, NerTag prev, std::vector<std::uint64_t>& out) const;
  /// transition_of() but for the feature of `prev` alone, which is every token's (decoding
  /// looks it up once a sentence).
  void word_transition_of(std::size_t i, NerTag prev, std::vector<std::uint64_t>& out) const;
  /// Whether token `i` is a word in lower case (no capital in it) with none beside it either,
  /// in a sentence not written in capitals: no name of news takes it in ("the", "said",
  /// "prices"; "of" in "Bank of England" has capitals beside it).
  [[nodiscard]] bool lowercase_outside(std::size_t i) const;

 private:
  struct Sentence;
  std::unique_ptr<Sentence> sentence_;
  bool caps_;
};

/// Whether `tag` may follow `prev`: an I- tag only continues a name of its kind.
[[nodiscard]] bool ner_may_follow(NerTag prev, NerTag tag);

/// The best-scoring tags of a sentence's tokens under `model` (Viterbi over the tag before
/// each, only tags that may follow), ties to the earlier tag (O first): deterministic.
/// How ner_decode() reads words: every word by its features (training), or the words
/// NerFeatures::lowercase_outside() as outside any name, by their transition features alone
/// (tagging: about half of a news sentence's words, three times fewer weights looked up).
enum class NerDecoding { kEveryWord, kLowercaseOutside };
[[nodiscard]] std::vector<NerTag> ner_decode(const NerModel& model, const NerFeatures& features,
                                             NerDecoding decoding = NerDecoding::kEveryWord);

/// Whether a sentence is written so that a capital says nothing of a name: in capitals (no
/// lower-case letter, two words of two capitals or more: "BAKER SAYS DOLLAR STABLE"), or in
/// title case (four words or more, each capitalised but for small words like "of" and "the":
/// a headline). Its words are then read as if capitalised normally.
[[nodiscard]] bool capitals_sentence(const std::vector<NerToken>& tokens);

/// The tag of each of `tokens` (one sentence) under `model` (ner_decode()).
[[nodiscard]] std::vector<NerTag> ner_tag(
    const NerModel& model, const std::vector<NerToken>& tokens,
    const NerLowercaseWords& lowercase = ner_builtin_lowercase_words());

/// A name in a tagged sentence: tokens [begin, end).
struct NerMention {
  schema::EntityKind kind;
  std::size_t begin = 0, end = 0;
};

/// The names of well-formed BIO tags (an I- tag only after a tag of its kind, as ner_tag()
/// and read_ner_examples() give them), in order.
[[nodiscard]] std::vector<NerMention> ner_mentions(const std::vector<NerTag>& tags);

/// A named span a tagger found in text.
struct NerSpan {
  schema::EntityKind kind;
  std::size_t begin = 0, end = 0;  ///< bytes in the text
};

/// Splits `text` into sentences and tokens (a possessive 's a token of its own, "U.S." one
/// token) and tags them: the spans of the people, organizations and places it names, in text
/// order.
[[nodiscard]] std::vector<NerSpan> ner_spans(std::string_view text,
                                             const NerModel& model = NerModel::builtin());

/// The sentences of `text` as tokens with their byte ranges, as ner_spans() reads it.
struct NerSentence {
  std::vector<NerToken> tokens;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;  ///< per token, bytes in the text
};
[[nodiscard]] std::vector<NerSentence> ner_sentences(std::string_view text);

/// ner_spans() that tags only the stretches of a sentence with a capitalised word (a word
/// with a capital anywhere: "eBay") that `settled` does not call settled (one flag a token).
/// A stretch ends at a word in lower case with none beside it (NerFeatures::
/// lowercase_outside()), where every path of the tags goes through O: a stretch tagged with
/// two words on either side gets the tags the whole sentence would give it, and a stretch
/// whose capitalised words are all settled is not tagged. With nothing settled this is
/// ner_spans().
[[nodiscard]] std::vector<NerSpan> ner_spans(
    std::string_view text, const NerModel& model,
    const std::function<std::vector<bool>(const NerSentence&)>& settled);

}  // namespace morgue
