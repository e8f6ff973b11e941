// Reading annotated sentences and training the averaged perceptron.
#include "indexer/entities/ner_training.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "common/text/text_fold.h"
#include "common/text/word_list.h"

namespace morgue {
namespace {

// "B-PER" -> (begin, "PER"); "I-ORG" -> (inside, "ORG"); "O" -> nullopt.
std::optional<NerTag> tag_from(std::string_view tag, std::optional<schema::EntityKind> prev_kind) {
  if (tag.size() < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I')) return std::nullopt;
  std::string type(tag.substr(2));
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::optional<schema::EntityKind> kind;
  if (type == "PER" || type == "PERSON") kind = schema::EntityKind::kPerson;
  if (type == "ORG" || type == "ORGANISATION" || type == "ORGANIZATION" || type == "CORPORATION") {
    kind = schema::EntityKind::kOrganization;
  }
  if (type == "LOC" || type == "LOCATION" || type == "GPE") kind = schema::EntityKind::kPlace;
  if (!kind) return std::nullopt;
  // IOB1: I- begins a name unless it continues one of its kind.
  return ner_tag_of(*kind, tag[0] == 'B' || prev_kind != kind);
}

// SplitMix64: a portable generator, so the same seed orders sentences alike everywhere.
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// An averaged perceptron: the current weights (a model, which decoding reads), and for
// averaging each weight's running total and when it last changed (updated lazily).
class Perceptron {
 public:
  // One example seen: the averages count it.
  void tick() { ++step_; }
  // `by` added to the weight of `tag` of each of `features`.
  void add(const std::vector<std::uint64_t>& features, NerTag tag, float by) {
    for (const std::uint64_t f : features) {
      const NerModel::Weights* now = current_.find(f);
      NerModel::Weights w = now != nullptr ? *now : NerModel::Weights{};
      change(w, history_[f], static_cast<std::size_t>(tag), by);
      current_.set(f, w);
    }
  }
  [[nodiscard]] const NerModel& current() const { return current_; }
  [[nodiscard]] NerModel averaged(float prune_below,
                                  const std::unordered_map<std::uint64_t, std::size_t>& seen,
                                  std::size_t min_count) const {
    NerModel model;
    for (const auto& [f, h] : history_) {
      if (min_count > 1) {
        const auto it = seen.find(f);
        if (it == seen.end() || it->second < min_count) continue;
      }
      const NerModel::Weights& now = *current_.find(f);
      NerModel::Weights w{};
      bool any = false;
      for (std::size_t t = 0; t < kNerTags; ++t) {
        const double total = h.total[t] + static_cast<double>(step_ - h.stamp[t]) * now[t];
        w[t] = static_cast<float>(total / static_cast<double>(std::max<std::uint64_t>(1, step_)));
        if (std::fabs(w[t]) < prune_below) w[t] = 0;
        any = any || w[t] != 0;
      }
      if (any) model.set(f, w);
    }
    return model;
  }

 private:
  struct History {
    std::array<double, kNerTags> total{};
    std::array<std::uint64_t, kNerTags> stamp{};
  };
  void change(NerModel::Weights& w, History& h, std::size_t t, float by) const {
    h.total[t] += static_cast<double>(step_ - h.stamp[t]) * w[t];
    h.stamp[t] = step_;
    w[t] += by;
  }

  NerModel current_;
  std::unordered_map<std::uint64_t, History> history_;
  std::uint64_t step_ = 0;
};

// `example` as a headline is written: in capitals, or in title case (each word capitalised).
NerExample as_headline(const NerExample& example, bool capitals) {
  NerExample out = example;
  for (NerToken& t : out.tokens) {
    for (std::size_t i = 0; i < t.text.size(); ++i) {
      char& c = t.text[i];
      if ((capitals || i == 0) && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

}  // namespace

std::vector<NerExample> read_ner_examples(std::string_view text, std::string_view source) {
  std::vector<NerExample> out;
  NerExample sentence;
  std::string document;  // empty until a file names its documents: then one per sentence
  std::size_t line_number = 0, documents = 0;
  const auto finish = [&] {
    if (!sentence.tokens.empty()) {
      sentence.document =
          document.empty() ? std::string(source) + ":" + std::to_string(out.size()) : document;
      out.push_back(std::move(sentence));
    }
    sentence = {};
  };
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim_blanks(line).empty()) {
      finish();
      continue;
    }
    if (line.starts_with("# newdoc id = ")) {
      finish();
      document = std::string(line.substr(14));
      continue;
    }
    if (line.front() == '#') continue;
    std::string_view word, tag;
    const auto fields = tab_fields<3>(line);
    if (!fields[2].empty() && !fields[0].empty() &&
        std::all_of(fields[0].begin(), fields[0].end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      word = fields[1];  // Universal NER: id, token, tag
      tag = fields[2];
    } else if (line.find('\t') != std::string_view::npos) {
      word = fields[0];
      tag = trim_blanks(line.substr(line.rfind('\t') + 1));
    } else {
      const auto space = line.find(' ');
      word = line.substr(0, space);
      tag = space == std::string_view::npos ? std::string_view() : line.substr(line.rfind(' ') + 1);
    }
    if (word == "-DOCSTART-") {
      finish();
      document = std::string(source) + "#" + std::to_string(++documents);
      continue;
    }
    if (word.empty() && !tag.empty()) continue;  // a token of white space (tweets have them)
    if (word.empty() || tag.empty()) {
      throw std::runtime_error(std::string(source) + ":" + std::to_string(line_number) +
                               ": a token line is a word and its tag");
    }
    const std::optional<schema::EntityKind> prev_kind =
        sentence.tags.empty() ? std::nullopt : ner_tag_kind(sentence.tags.back());
    sentence.tokens.push_back({std::string(word)});
    sentence.tags.push_back(tag_from(tag, prev_kind).value_or(NerTag::kO));
  }
  finish();
  return out;
}

NerLowercaseWords ner_lowercase_words(const std::vector<NerExample>& examples) {
  struct Counts {
    std::size_t lower = 0, other = 0, named = 0;
  };
  std::unordered_map<std::string, Counts> counts;
  for (const NerExample& ex : examples) {
    for (std::size_t i = 1; i < ex.tokens.size(); ++i) {
      const std::string& text = ex.tokens[i].text;
      if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
          })) {
        continue;  // words of ASCII letters: the others are few, and read as written
      }
      Counts& c = counts[fold_word(text)];
      const bool lower = std::all_of(text.begin(), text.end(), [](char ch) { return ch >= 'a'; });
      ++(lower ? c.lower : c.other);
      c.named += ex.tags[i] != NerTag::kO;
    }
  }
  NerLowercaseWords out;
  for (const auto& [word, c] : counts) {
    const std::size_t all = c.lower + c.other;
    if (all >= 3 && c.lower * 20 >= all * 19 && c.named * 20 <= all) out.insert(word);
  }
  return out;
}

std::string lowercase_words_text(const NerLowercaseWords& words) {
  std::vector<std::string> sorted(words.begin(), words.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (const std::string& w : sorted) out += w + "\n";
  return out;
}

NerModel train_ner_model(const std::vector<NerExample>& examples, const NerTrainingOptions& options,
                         const NerLowercaseWords& lowercase, std::ostream* log) {
  std::vector<NerExample> data = examples;
  if (options.capitals_every > 0) {
    for (std::size_t i = 0; i < examples.size(); i += options.capitals_every) {
      data.push_back(as_headline(examples[i], true));
      const std::size_t other = i + options.capitals_every / 2;
      if (other < examples.size()) data.push_back(as_headline(examples[other], false));
    }
  }
  std::vector<std::size_t> order(data.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::uint64_t random = options.seed;
  Perceptron perceptron;
  std::vector<std::uint64_t> active;
  std::unordered_map<std::uint64_t, std::size_t> seen;  // in the first epoch
  for (std::size_t epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) {  // Fisher-Yates
      std::swap(order[i - 1], order[next_random(random) % i]);
    }
    std::size_t tokens = 0, right = 0;
    for (const std::size_t index : order) {
      const NerExample& ex = data[index];
      const NerFeatures features(ex.tokens, capitals_sentence(ex.tokens), lowercase);
      // Structured (Collins): the sentence's best tags under the weights so far; where they
      // differ from the truth, the truth's features gain and the guess's lose.
      const std::vector<NerTag> guess = ner_decode(perceptron.current(), features);
      perceptron.tick();
      const auto features_at = [&](std::size_t i, NerTag prev) {
        features.static_of(i, active);
        features.transition_of(i, prev, active);
        return active;
      };
      for (std::size_t i = 0; i < ex.tokens.size(); ++i) {
        const NerTag truth_before = i >= 1 ? ex.tags[i - 1] : NerTag::kO;
        const NerTag guess_before = i >= 1 ? guess[i - 1] : NerTag::kO;
        if (epoch == 0 && options.min_count > 1) {
          for (const std::uint64_t f : features_at(i, truth_before)) ++seen[f];
        }
        ++tokens;
        right += guess[i] == ex.tags[i];
        if (guess[i] == ex.tags[i] && guess_before == truth_before) continue;
        perceptron.add(features_at(i, truth_before), ex.tags[i], 1.0F);
        perceptron.add(features_at(i, guess_before), guess[i], -1.0F);
      }
    }
    if (log != nullptr) {
      *log << "epoch " << epoch + 1 << ": " << right << " of " << tokens
           << " tokens tagged right while training\n";
    }
  }
  return perceptron.averaged(options.prune_below, seen, options.min_count);
}

}  // namespace morgue
