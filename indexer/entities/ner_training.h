// Training the tagger of ner_tagger.h: annotated sentences read from IOB/BIO files (CoNLL and
// Universal NER columns), an averaged perceptron trained on them. Used by morgue-train-tagger
// (bench/) to rebuild data/ner-model/ner.model; never run by the indexer or the tests' suite
// beyond its unit tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/entities/ner_tagger.h"

namespace morgue {

/// One annotated sentence.
struct NerExample {
  std::vector<NerToken> tokens;
  std::vector<NerTag> tags;
  std::string document;  ///< the document it belongs to (for document-level scoring)
};

/// Reads annotated sentences: one token a line, a blank line between sentences. A line of
/// three tab-separated fields or more whose first is a number is Universal NER's (id, token,
/// tag); otherwise the token is the first field and the tag the last (CoNLL), separated by
/// tabs or spaces. Tags are IOB1 or BIO, types in any case; PER/PERSON,
/// ORG/ORGANISATION/ORGANIZATION/CORPORATION and LOC/LOCATION/GPE are kept, any other type
/// (MISC, GROUP, PRODUCT) is O. "# newdoc id = X" and "-DOCSTART-" begin a
/// document; other '#' lines are comments. Throws std::runtime_error naming `source` and the
/// line of a malformed line.
[[nodiscard]] std::vector<NerExample> read_ner_examples(std::string_view text,
                                                        std::string_view source);

struct NerTrainingOptions {
  std::size_t epochs = 10;
  std::uint64_t seed = 1;  ///< the order of the sentences in each epoch
  /// Every this many sentences one is also trained on in capitals and one in title case
  /// (headlines and datelines are written so); 0: never.
  std::size_t capitals_every = 10;
  /// Averaged weights below this (absolute) are dropped from the model.
  float prune_below = 0.001F;
  /// Features seen fewer times than this in the first epoch are dropped from the model: they
  /// say little, and a smaller table is looked up faster.
  std::size_t min_count = 2;
};

/// The words `examples` write in lower case: seen at least three times inside sentences
/// (not first), in lower case nineteen times in twenty or more, and within a name at most one
/// time in twenty ("may", not "US"). The tagger reads a sentence in capitals by them
/// (NerFeatures); data/ner-model/lowercase-words.txt is this list for the model's sources.
[[nodiscard]] NerLowercaseWords ner_lowercase_words(const std::vector<NerExample>& examples);

/// The list as a file: one word a line, sorted.
[[nodiscard]] std::string lowercase_words_text(const NerLowercaseWords& words);

/// An averaged perceptron trained on `examples`, its sentences in capitals read by `lowercase`
/// (which the model must be used with), deterministically (same examples and options, same
/// model). `log`, when given, receives one line an epoch.
[[nodiscard]] NerModel train_ner_model(const std::vector<NerExample>& examples,
                                       const NerTrainingOptions& options,
                                       const NerLowercaseWords& lowercase,
                                       std::ostream* log = nullptr);

}  // namespace morgue
