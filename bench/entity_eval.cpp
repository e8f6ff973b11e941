// morgue-bench-entities: precision and recall of morgue's entity extraction, the rules alone
// and the rules with the trained tagger side by side, against annotated news morgue never
// trained or tuned on (Universal NER sentences grouped by document: English-PUD; the NIST
// 1999 IE-ER newswire stories, whole articles), the Reuters-21578 PLACES/PEOPLE/ORGS
// annotations and a hand-labelled seed set.
//
//   morgue-bench-entities [--shared DIR] [--uner FILE]... [--ieer DIR]... [--model FILE]
//                         [--verbose]
//
// --ieer takes the directory of NLTK's ieer corpus (APW_19980314 ...); names its annotators
// marked optional (status="opt") are neither required nor counted wrong, and a name in
// capitals (a dateline's "NAIROBI") is keyed as written normally.
//
// Annotated news is scored per document, as sets: a document's gold people,
// organizations and places are its annotated names (a surname alone counts as the full name
// the document gives it), each as its entity key (a name the gazetteer knows by its canonical
// name); morgue's are the entities of the document's text as the indexer extracts them. A third
// row, "model", scores the tagger's own spans before the extractor's rules read them: what the
// trained model alone knows. Each row has its mention-level twin ("tagger@m"): an entity's
// mentions in a document against the gold's, counted, their places in the text not compared.
// English-PUD's news and Wikipedia documents are also scored apart (":news", ":wiki").
//
// Reuters annotates articles with codes from fixed lists ("usa", "james-baker", "imf"); our
// entities are mapped onto those codes (people by surname, places by name, organizations by
// name or initials). Precision is over predictions that map into Reuters' lists (Reuters
// cannot confirm a city or a company it never codes); how many fall outside is reported.
// Reuters' codes are topic tags chosen by editors, not every mention, so these figures are a
// lower bound on real precision; the seed set is labelled mention by mention.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "bench/ieer_sgml.h"
#include "bench/reuters_sgml.h"
#include "common/entities/entity_key.h"
#include "common/entities/gazetteer.h"
#include "common/text/text_fold.h"
#include "indexer/document/document_builder.h"
#include "indexer/entities/ner_training.h"
#include "indexer/read/article_text.h"
#include "indexer/read/source_reader.h"

namespace fs = std::filesystem;
using morgue::schema::EntityKind;

namespace {

struct Score {
  std::size_t gold = 0, predicted = 0, correct = 0, out_of_vocabulary = 0;
  void print(const std::string& corpus, const std::string& method, EntityKind kind,
             std::size_t docs) const {
    const double p = predicted ? double(correct) / double(predicted) : 0;
    const double r = gold ? double(correct) / double(gold) : 0;
    const double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    std::printf("%-19s %-9s %-7s %7zu %7zu %9zu %8zu %9.3f %7.3f %6.3f %8zu\n", corpus.c_str(),
                method.c_str(), std::string(morgue::schema::entity_kind_name(kind)).c_str(), docs,
                gold, predicted, correct, p, r, f, out_of_vocabulary);
  }
};

void header() {
  std::printf("%-19s %-9s %-7s %7s %7s %9s %8s %9s %7s %6s %8s\n", "corpus", "method", "kind",
              "docs", "gold", "predicted", "correct", "precision", "recall", "F1", "outside");
}

// How entities are found: the rules alone, or with the tagger.
struct Method {
  std::string name;
  morgue::DocumentOptions options;
};

std::string code_form(std::string_view name) {
  std::string out;
  for (const char c : morgue::fold_word(name)) {
    if (c == ' ')
      out += '-';
    else if (c != '.' && c != '\'')
      out += c;
  }
  return out;
}

std::string last_segment(const std::string& code) { return code.substr(code.rfind('-') + 1); }

// Reuters codes an organization name could have: "worldbank", "world-bank", initials "imf".
std::set<std::string> org_codes(const std::string& name) {
  std::set<std::string> out;
  std::string joined, initials;
  const std::string folded = morgue::fold_word(name);
  std::istringstream words(folded);
  std::string w;
  while (words >> w) {
    joined += w;
    if (w != "of" && w != "for" && w != "and" && w != "on" && w != "the" && w != "in")
      initials += w[0];
  }
  out.insert(joined);
  out.insert(code_form(name));
  if (initials.size() >= 2) out.insert(initials);
  return out;
}

// Place names whose Reuters code is not their folded, hyphenated name (1987 usage).
std::string place_code(const std::string& canonical) {
  static const std::map<std::string, std::string> kCodes{
      {"united-states", "usa"},        {"united-kingdom", "uk"},
      {"soviet-union", "ussr"},        {"russia", "ussr"},
      {"united-arab-emirates", "uae"}, {"democratic-republic-of-the-congo", "zaire"}};
  const std::string code = code_form(canonical);
  const auto it = kCodes.find(code);
  return it == kCodes.end() ? code : it->second;
}

void evaluate_reuters(const fs::path& dir, const Method& method, bool verbose) {
  const auto articles = morgue::bench::read_reuters_dir(dir);
  std::set<std::string> place_vocab, org_vocab, surname_vocab;
  for (const auto& c : morgue::bench::read_string_list(dir / "all-places-strings.lc.txt"))
    place_vocab.insert(c);
  for (const auto& c : morgue::bench::read_string_list(dir / "all-orgs-strings.lc.txt"))
    org_vocab.insert(c);
  for (const auto& c : morgue::bench::read_string_list(dir / "all-people-strings.lc.txt"))
    surname_vocab.insert(last_segment(c));

  std::map<EntityKind, Score> scores;
  std::size_t docs = 0;
  for (const auto& r : articles) {
    if (r.body.empty()) continue;
    ++docs;
    morgue::Article a;
    a.title = r.title;
    a.published = r.date;  // a city's country is the one of the story's day
    // The story as it went out on the wire, its dateline first (Reuters' editors coded the
    // dateline's country), read as morgue-index reads a record's body: chrome rules, wrapped
    // lines joined.
    const std::string wire = r.dateline.empty() ? r.body : r.dateline + ' ' + r.body;
    a.body = morgue::split_scraped_text(wire, {.detect_headline = false}).body;
    std::set<std::string> pred_places, pred_orgs, pred_people;
    for (const auto& e : morgue::article_entities(a, method.options)) {
      if (e.kind == EntityKind::kPlace) {
        const std::string code = place_code(e.display);
        if (place_vocab.contains(code))
          pred_places.insert(code);
        else
          ++scores[e.kind].out_of_vocabulary;
      } else if (e.kind == EntityKind::kOrganization) {
        bool in = false;
        for (const auto& code : org_codes(e.display)) {
          if (org_vocab.contains(code)) {
            pred_orgs.insert(code);
            in = true;
            break;
          }
        }
        if (!in) ++scores[e.kind].out_of_vocabulary;
      } else {
        const std::string surname = morgue::surname_key(e.display);
        std::string plain = morgue::fold_word(e.display);
        plain = plain.substr(plain.rfind(' ') == std::string::npos ? 0 : plain.rfind(' ') + 1);
        if (surname_vocab.contains(plain))
          pred_people.insert(plain);
        else
          ++scores[e.kind].out_of_vocabulary;
      }
    }
    const auto score = [&](EntityKind kind, const std::set<std::string>& pred,
                           std::set<std::string> gold) {
      Score& s = scores[kind];
      s.gold += gold.size();
      s.predicted += pred.size();
      for (const auto& p : pred) s.correct += gold.contains(p);
      if (verbose) {
        for (const auto& p : pred)
          if (!gold.contains(p)) std::cerr << r.newid << " false " << p << '\n';
        for (const auto& g : gold)
          if (!pred.contains(g)) std::cerr << r.newid << " missed " << g << '\n';
      }
    };
    std::set<std::string> gold_people;
    for (const auto& c : r.people) gold_people.insert(last_segment(c));
    score(EntityKind::kPerson, pred_people, gold_people);
    score(EntityKind::kOrganization, pred_orgs, {r.orgs.begin(), r.orgs.end()});
    score(EntityKind::kPlace, pred_places, {r.places.begin(), r.places.end()});
  }
  for (const auto kind : morgue::schema::kEntityKinds) {
    scores[kind].print("reuters", method.name, kind, docs);
  }
}

std::string gold_key(EntityKind kind, const std::string& name) {
  if (kind != EntityKind::kPerson) {
    if (const auto* known = morgue::Gazetteer::builtin().find(name); known && known->kind == kind)
      return morgue::entity_key(kind, known->canonical);
  }
  return morgue::entity_key(kind, name);
}

void evaluate_seeds(const fs::path& seeds, const fs::path& gold_file, const Method& method,
                    bool verbose) {
  std::map<std::string, std::set<std::pair<EntityKind, std::string>>> gold;
  std::ifstream in(gold_file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string file, kind, name;
    std::getline(fields, file, '\t');
    std::getline(fields, kind, '\t');
    std::getline(fields, name);
    const auto k = kind == "person" ? EntityKind::kPerson
                   : kind == "org"  ? EntityKind::kOrganization
                                    : EntityKind::kPlace;
    gold[file].insert({k, gold_key(k, name)});
  }
  morgue::Diagnostics diag(nullptr);
  morgue::SourceReader reader({}, diag);
  std::map<EntityKind, Score> scores;
  std::size_t docs = 0;
  (void)reader.read(seeds, [&](morgue::Article&& a) {
    ++docs;
    std::set<std::pair<EntityKind, std::string>> pred;
    for (const auto& e : morgue::article_entities(a, method.options)) {
      // Labelled mention by mention: a country implied by its city is no mention.
      if (e.mentions > 0) pred.insert({e.kind, e.key});
    }
    const auto& g = gold[a.id];
    for (const auto& p : pred) {
      ++scores[p.first].predicted;
      if (g.contains(p))
        ++scores[p.first].correct;
      else if (verbose)
        std::cerr << a.id << " false " << p.second << '\n';
    }
    for (const auto& x : g) {
      ++scores[x.first].gold;
      if (verbose && !pred.contains(x)) std::cerr << a.id << " missed " << x.second << '\n';
    }
  });
  for (const auto kind : morgue::schema::kEntityKinds) {
    scores[kind].print("seeds", method.name, kind, docs);
  }
}

// A Universal NER file's documents: their text (the sentences' "# text" lines, a paragraph
// each... joined as one paragraph) and their gold names.
struct UnerDocument {
  std::string id, text;
  std::vector<std::pair<EntityKind, std::string>> names;  // as annotated, in order
};

// The text of `tokens` where they next occur in `text` from `cursor` on, one after another
// with nothing but spaces between them (the cursor then moves past them); else the tokens
// joined by spaces.
std::string as_written(const std::string& text, const std::vector<std::string>& tokens,
                       std::size_t& cursor) {
  const auto word_char = [&](std::size_t k) {
    const auto c = static_cast<unsigned char>(text[k]);
    return std::isalnum(c) != 0 || c >= 0x80;
  };
  for (std::size_t at = text.find(tokens.front(), cursor); at != std::string::npos;
       at = text.find(tokens.front(), at + 1)) {
    if (at > 0 && word_char(at - 1) && word_char(at)) continue;  // inside a word
    std::size_t end = at + tokens.front().size();
    bool whole = true;
    for (std::size_t k = 1; k < tokens.size() && whole; ++k) {
      while (end < text.size() && text[end] == ' ') ++end;
      whole = text.compare(end, tokens[k].size(), tokens[k]) == 0;
      end += tokens[k].size();
    }
    if (!whole || (end < text.size() && word_char(end - 1) && word_char(end))) continue;
    cursor = end;
    return text.substr(at, end - at);
  }
  std::string joined = tokens.front();
  for (std::size_t k = 1; k < tokens.size(); ++k) joined += " " + tokens[k];
  return joined;
}

std::vector<UnerDocument> read_uner(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream whole;
  whole << in.rdbuf();
  const std::string data = whole.str();
  std::vector<UnerDocument> docs;
  std::istringstream lines(data);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("# newdoc id = ")) {
      docs.push_back({line.substr(14), "", {}});
    } else if (line.starts_with("# text = ")) {
      if (docs.empty()) docs.push_back({file.filename().string(), "", {}});
      docs.back().text += (docs.back().text.empty() ? "" : " ") + line.substr(9);
    }
  }
  // The names, from the tokens, spelled as the text writes them ("Gordon-Levitt" is three
  // tokens, "Gordon - Levitt" no spelling of it).
  std::size_t d = 0, cursor = 0;
  for (const morgue::NerExample& ex : morgue::read_ner_examples(data, file.string())) {
    while (d < docs.size() && docs[d].id != ex.document) {
      ++d;
      cursor = 0;
    }
    if (d == docs.size()) throw std::runtime_error("document " + ex.document + " has no text");
    for (const morgue::NerMention& m : morgue::ner_mentions(ex.tags)) {
      std::vector<std::string> tokens;
      for (std::size_t k = m.begin; k < m.end; ++k) tokens.push_back(ex.tokens[k].text);
      docs[d].names.emplace_back(m.kind, as_written(docs[d].text, tokens, cursor));
    }
  }
  return docs;
}

using EntityCounts = std::map<std::pair<EntityKind, std::string>, std::size_t>;
using Names = std::vector<std::pair<EntityKind, std::string>>;

// A name's gold key; a name in capitals ("NAIROBI" in a dateline) also as written normally.
std::string gold_key_any_case(EntityKind kind, const std::string& name) {
  const bool capitals = std::none_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0;
  });
  if (!capitals || name.size() < 4 || kind == EntityKind::kPerson) return gold_key(kind, name);
  const std::string as_is = gold_key(kind, name);
  if (morgue::Gazetteer::builtin().find(name) != nullptr) return as_is;
  std::string titled;
  bool first = true;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    titled += static_cast<char>(first ? u : std::tolower(u));
    first = std::isalpha(u) == 0;
  }
  return gold_key(kind, titled);
}

// A document's gold entities as keys, with their mentions: a person's single word that ends
// a full name annotated in the document is that person.
EntityCounts gold_entities(const Names& names) {
  EntityCounts out;
  for (const auto& [kind, name] : names) {
    std::string full = name;
    if (kind == EntityKind::kPerson && name.find(' ') == std::string::npos) {
      for (const auto& [k, other] : names) {
        if (k == kind && other.size() > name.size() && other.ends_with(" " + name)) full = other;
      }
    }
    ++out[{kind, gold_key_any_case(kind, full)}];
  }
  return out;
}

// English-PUD names its documents by their source: n01001 a news story, w01001 a Wikipedia
// article. Other files have one part, the whole.
std::string part_of(const std::string& id) {
  if (id.size() >= 2 && std::isdigit(static_cast<unsigned char>(id[1])) != 0) {
    if (id[0] == 'n') return "news";
    if (id[0] == 'w') return "wiki";
  }
  return "";
}

// Scores of a set of documents, per kind: their entities as sets (document level), and their
// mentions (mention level: an entity's mentions in a document against the gold's, counted,
// their places in the text not compared).
struct Scores {
  std::size_t docs = 0;
  std::map<EntityKind, Score> entities, mentions;
  void add(const EntityCounts& pred, const EntityCounts& gold) {
    ++docs;
    for (const auto& [id, n] : pred) {
      const auto g = gold.find(id);
      ++entities[id.first].predicted;
      entities[id.first].correct += g != gold.end();
      mentions[id.first].predicted += n;
      mentions[id.first].correct += g == gold.end() ? 0 : std::min(n, g->second);
    }
    for (const auto& [id, n] : gold) {
      ++entities[id.first].gold;
      mentions[id.first].gold += n;
    }
  }
  void print(const std::string& corpus, const std::string& method) {
    for (const auto kind : morgue::schema::kEntityKinds) {
      entities[kind].print(corpus, method, kind, docs);
    }
    for (const auto kind : morgue::schema::kEntityKinds) {
      mentions[kind].print(corpus, method + "@m", kind, docs);
    }
  }
};

// An annotated document: its text as morgue reads an article, its gold names, and names the
// annotators marked optional (neither required nor wrong).
struct GoldDocument {
  morgue::Article article;
  Names names, optional;
};

void evaluate_documents(const std::string& corpus, const std::vector<GoldDocument>& docs,
                        const Method& method, bool verbose) {
  Scores all;
  std::map<std::string, Scores> parts;
  for (const GoldDocument& doc : docs) {
    const morgue::Article& a = doc.article;
    EntityCounts pred;
    if (method.name == "model") {
      const std::string text = a.title.empty() ? a.body : a.title + "\n\n" + a.body;
      for (const auto& sp : morgue::ner_spans(text, *method.options.tagger))
        ++pred[{sp.kind, gold_key(sp.kind, text.substr(sp.begin, sp.end - sp.begin))}];
    } else {
      for (const auto& e : morgue::article_entities(a, method.options)) {
        if (e.mentions > 0) pred[{e.kind, e.key}] += e.mentions;
      }
    }
    const EntityCounts gold = gold_entities(doc.names);
    if (!doc.optional.empty()) {
      Names both = doc.names;
      both.insert(both.end(), doc.optional.begin(), doc.optional.end());
      for (const auto& [id, n] : gold_entities(both)) {
        if (!gold.contains(id)) pred.erase(id);
      }
    }
    all.add(pred, gold);
    parts[part_of(a.id)].add(pred, gold);
    if (!verbose) continue;
    for (const auto& [id, n] : pred) {
      if (gold.contains(id)) continue;
      std::cerr << a.id << " " << method.name << " false "
                << morgue::schema::entity_kind_name(id.first) << " " << id.second << '\n';
    }
    for (const auto& [id, n] : gold) {
      if (pred.contains(id)) continue;
      std::cerr << a.id << " " << method.name << " missed "
                << morgue::schema::entity_kind_name(id.first) << " " << id.second << '\n';
    }
  }
  all.print(corpus, method.name);
  if (parts.size() < 2) return;
  for (auto& [name, part] : parts) {
    part.print(corpus + ":" + (name.empty() ? "other" : name), method.name);
  }
}

std::vector<GoldDocument> uner_documents(const fs::path& file) {
  std::vector<GoldDocument> out;
  for (UnerDocument& doc : read_uner(file)) {
    GoldDocument g;
    g.article.id = std::move(doc.id);
    g.article.body = std::move(doc.text);
    g.names = std::move(doc.names);
    out.push_back(std::move(g));
  }
  return out;
}

// The NIST IE-ER stories as morgue-index reads an article: headline, and body as paragraphs.
std::vector<GoldDocument> ieer_documents(const fs::path& dir) {
  std::vector<GoldDocument> out;
  for (morgue::bench::IeerStory& story : morgue::bench::read_ieer_dir(dir)) {
    GoldDocument g;
    g.article.id = std::move(story.docno);
    g.article.title = std::move(story.headline);
    g.article.body = std::move(story.text);
    g.article.published = story.date;
    for (auto& name : story.names) {
      (name.optional ? g.optional : g.names).emplace_back(name.kind, std::move(name.text));
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = fs::path(MORGUE_SOURCE_DIR) / ".." / "shared";
  bool verbose = false;
  std::vector<fs::path> uner, ieer;
  std::optional<morgue::NerModel> model;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--shared" && i + 1 < argc) {
        shared = argv[++i];
      } else if (arg == "--uner" && i + 1 < argc) {
        uner.emplace_back(argv[++i]);
      } else if (arg == "--ieer" && i + 1 < argc) {
        ieer.emplace_back(argv[++i]);
      } else if (arg == "--model" && i + 1 < argc) {
        std::ifstream in(argv[++i]);
        std::stringstream text;
        text << in.rdbuf();
        model = morgue::NerModel::from_text(text.str());
      } else if (arg == "--verbose") {
        verbose = true;
      } else {
        std::cerr << "usage: morgue-bench-entities [--shared DIR] [--uner FILE]... [--ieer DIR]... "
                     "[--model FILE] [--verbose]\n";
        return 2;
      }
    }
    std::vector<Method> methods(2);
    // The tagger's own spans, before the extractor's rules read them: what the model knows.
    Method raw{"model", {}};
    raw.options.tagger = model ? &*model : &morgue::NerModel::builtin();
    methods[0].name = "rules";
    methods[0].options.tagger = nullptr;
    methods[1].name = "tagger";
    if (model) methods[1].options.tagger = &*model;
    header();
    for (const fs::path& file : uner) {
      const auto docs = uner_documents(file);
      for (const Method& m : methods) evaluate_documents(file.stem().string(), docs, m, verbose);
      evaluate_documents(file.stem().string(), docs, raw, verbose);
    }
    for (const fs::path& dir : ieer) {
      const auto docs = ieer_documents(dir);
      for (const Method& m : methods) evaluate_documents("ieer", docs, m, verbose);
      evaluate_documents("ieer", docs, raw, verbose);
    }
    const fs::path seeds = shared / "corpus" / "seeds";
    if (fs::is_directory(seeds)) {
      for (const Method& m : methods) {
        evaluate_seeds(seeds, fs::path(MORGUE_SOURCE_DIR) / "bench/data/seed-entities.tsv", m,
                       verbose);
      }
    } else {
      std::cerr << "morgue-bench-entities: " << seeds << " not found; seed set skipped\n";
    }
    const fs::path reuters = shared / "corpus" / "reuters21578";
    if (fs::is_directory(reuters)) {
      for (const Method& m : methods) evaluate_reuters(reuters, m, verbose);
    } else {
      std::cerr << "morgue-bench-entities: " << reuters << " not found; Reuters skipped\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "morgue-bench-entities: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
