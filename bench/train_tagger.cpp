// morgue-train-tagger: trains the entity tagger (indexer/entities/ner_tagger.h) on annotated
// sentence files and writes its model; optionally tags held-out files and prints token
// accuracy and strict mention P/R/F1 per kind. indexer/entities/data/ner-model/train.sh runs
// it on the named sources.
//
//   morgue-train-tagger --out MODEL [--epochs N] [--seed S] [--prune W] [--min-count N]
//                       [--capitals-every N] [--lowercase-out FILE]
//                       [--test FILE]... [--errors] TRAIN_FILE...
//
// --errors lists each test mention missed and each one found wrongly (kind and words).
// --lowercase-out writes the words the sentences write in lower case (ner_lowercase_words()),
// which the tagger reads headlines in capitals by: data/ner-model/lowercase-words.txt.
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "indexer/entities/ner_training.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using Mention =
    std::tuple<std::size_t, std::size_t, std::size_t, int>;  // sentence, begin, end, kind

std::set<Mention> mentions(const std::vector<morgue::NerTag>& tags, std::size_t sentence) {
  std::set<Mention> out;
  for (const morgue::NerMention& m : morgue::ner_mentions(tags)) {
    out.insert({sentence, m.begin, m.end, static_cast<int>(m.kind)});
  }
  return out;
}

// "PER Shane Warne": a mention's kind and words.
std::string mention_text(const morgue::NerExample& sentence, const Mention& m) {
  std::string out(
      morgue::schema::entity_kind_name(static_cast<morgue::schema::EntityKind>(std::get<3>(m))));
  for (std::size_t k = std::get<1>(m); k < std::get<2>(m); ++k) {
    out += " " + sentence.tokens[k].text;
  }
  return out;
}

void evaluate(const morgue::NerModel& model, const morgue::NerLowercaseWords& lowercase,
              const std::vector<morgue::NerExample>& test, const std::string& name, bool errors) {
  std::size_t tokens = 0, right = 0;
  std::set<Mention> gold, guessed;
  for (std::size_t s = 0; s < test.size(); ++s) {
    const std::vector<morgue::NerTag> tags = morgue::ner_tag(model, test[s].tokens, lowercase);
    for (std::size_t i = 0; i < tags.size(); ++i) right += tags[i] == test[s].tags[i];
    tokens += tags.size();
    const auto g = mentions(test[s].tags, s), p = mentions(tags, s);
    if (errors) {
      for (const Mention& m : g) {
        if (!p.contains(m)) std::cout << "missed " << mention_text(test[s], m) << "\n";
      }
      for (const Mention& m : p) {
        if (!g.contains(m)) std::cout << "false " << mention_text(test[s], m) << "\n";
      }
    }
    gold.insert(g.begin(), g.end());
    guessed.insert(p.begin(), p.end());
  }
  std::cout << name << ": " << test.size() << " sentences, token accuracy "
            << double(right) / double(std::max<std::size_t>(1, tokens)) << "\n";
  for (const auto kind : morgue::schema::kEntityKinds) {
    std::size_t g = 0, p = 0, c = 0;
    for (const Mention& m : gold) g += std::get<3>(m) == static_cast<int>(kind);
    for (const Mention& m : guessed) {
      if (std::get<3>(m) != static_cast<int>(kind)) continue;
      ++p;
      c += gold.contains(m);
    }
    const double pr = p ? double(c) / double(p) : 0, rc = g ? double(c) / double(g) : 0;
    std::printf("  %-13s mentions gold %5zu predicted %5zu correct %5zu  P %.3f R %.3f F1 %.3f\n",
                std::string(morgue::schema::entity_kind_name(kind)).c_str(), g, p, c, pr, rc,
                pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  std::vector<std::string> train, test;
  morgue::NerTrainingOptions options;
  bool errors = false;
  std::string lowercase_out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--out" && has_value) {
      out = argv[++i];
    } else if (arg == "--epochs" && has_value) {
      options.epochs = std::stoul(argv[++i]);
    } else if (arg == "--seed" && has_value) {
      options.seed = std::stoull(argv[++i]);
    } else if (arg == "--min-count" && has_value) {
      options.min_count = std::stoul(argv[++i]);
    } else if (arg == "--lowercase-out" && has_value) {
      lowercase_out = argv[++i];
    } else if (arg == "--capitals-every" && has_value) {
      options.capitals_every = std::stoul(argv[++i]);
    } else if (arg == "--prune" && has_value) {
      options.prune_below = std::stof(argv[++i]);
    } else if (arg == "--test" && has_value) {
      test.emplace_back(argv[++i]);
    } else if (arg == "--errors") {
      errors = true;
    } else if (!arg.starts_with("-")) {
      train.push_back(arg);
    } else {
      std::cerr << "usage: morgue-train-tagger --out MODEL [--epochs N] [--seed S] [--prune W] "
                   "[--min-count N] [--capitals-every N] [--lowercase-out FILE] [--test FILE]... "
                   "[--errors] TRAIN_FILE...\n";
      return 2;
    }
  }
  if (out.empty() || train.empty()) {
    std::cerr << "morgue-train-tagger: --out and at least one training file are needed\n";
    return 2;
  }
  try {
    std::vector<morgue::NerExample> examples;
    for (const std::string& path : train) {
      auto more = morgue::read_ner_examples(read_file(path), path);
      std::cerr << path << ": " << more.size() << " sentences\n";
      examples.insert(examples.end(), more.begin(), more.end());
    }
    const morgue::NerLowercaseWords lowercase = morgue::ner_lowercase_words(examples);
    const morgue::NerModel model =
        morgue::train_ner_model(examples, options, lowercase, &std::cerr);
    std::ofstream(out, std::ios::binary) << model.to_text();
    if (!lowercase_out.empty()) {
      std::ofstream(lowercase_out, std::ios::binary) << morgue::lowercase_words_text(lowercase);
      std::cerr << lowercase_out << ": " << lowercase.size() << " words written in lower case\n";
    }
    std::cerr << out << ": " << model.features() << " features\n";
    for (const std::string& path : test) {
      evaluate(model, lowercase, morgue::read_ner_examples(read_file(path), path), path, errors);
    }
  } catch (const std::exception& e) {
    std::cerr << "morgue-train-tagger: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
