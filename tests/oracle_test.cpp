// Differential oracle: a generated newsroom corpus is indexed by the real morgue-index, then
// random queries are answered twice, by morgue::search() and by a brute-force scan of the
// articles as the generator wrote them (its own tokenizer over the same folding and stemming
// rules; entity keys and clusters as the index stored them). Hit sets, totals, folded counts,
// facet counts and date order must agree exactly.
//
// Names are answered from the text alone, by the rule docs/searching.md states ("Names"),
// never from morgue's tables: which spellings are variants of one name is the generator's
// own list (kVariants, spellings the rule must join; kPeople also holds names it must keep
// apart, Reagan and Regan), and whether a word is written like a name is read off the text by
// this file's own reading of the rule (capitalised, not first in its sentence, in a line with
// lower case).
//
// MORGUE_ORACLE_SEED picks the corpus and queries (default 17), MORGUE_ORACLE_QUERIES how many
// (default 2000; the long mode runs more), MORGUE_ORACLE_ARTICLES the corpus size (240),
// MORGUE_ORACLE_SHARDS the index's shards (1). A failure prints the seed and the query.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "common/analysis/analyzer.h"
#include "common/analysis/snowball_stemmer.h"
#include "common/entities/entity_key.h"
#include "common/entities/gazetteer.h"
#include "common/index/date.h"
#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/entities/surname_joins.h"
#include "common/text/text_fold.h"
#include "searcher/facets/facets.h"
#include "searcher/facets/person_surnames.h"
#include "searcher/search.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace {

using morgue::Date;
namespace schema = morgue::schema;
using Ids = std::set<std::string>;

unsigned env_number(const char* name, unsigned fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? static_cast<unsigned>(std::strtoul(v, nullptr, 10))
                                    : fallback;
}

// ---- the corpus ---------------------------------------------------------------------------

struct Person {
  std::vector<std::string> given_and_surnames;  // spellings of the full name
};

const std::vector<std::vector<std::string>> kPeople = {
    {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodimir Zelenskiy"},
    {"Sergei Lavrov", "Sergey Lavrov"},
    {"Viktor Orbán", "Viktor Orban"},
    {"James Baker"},
    {"Ronald Reagan"},
    {"Donald Regan"},  // not Reagan: one letter apart, another person
    {"Philip Hammond", "Phillip Hammond", "Filip Hammond"},
    {"Maxim Oreshkin", "Maksim Oreshkin"},
    {"Jean-Claude Juncker"}};
// Spellings of one name as the variant rule states it (docs/searching.md): transliteration
// (y/i, ph/f, x/ks), doubled letters, accents. Any other word is only itself.
const std::vector<std::set<std::string>> kVariants = {{"zelensky", "zelenskyy", "zelenskiy"},
                                                      {"volodymyr", "volodimir"},
                                                      {"sergei", "sergey"},
                                                      {"philip", "phillip", "filip"},
                                                      {"maxim", "maksim"}};
const std::vector<std::string> kWords = {
    "talks",     "talk",     "talked",  "sanctions", "sanction", "energy",   "pipeline",
    "pipelines", "security", "demands", "troops",    "border",   "election", "elections",
    "market",    "markets",  "vote",    "voted",     "voting",   "harvest",  "coffee",
    "oil",       "prices",   "price",   "grain",     "winter",   "bridge",   "summit"};
const std::vector<std::string> kPlaces = {"Kyiv", "Moscow", "Budapest", "Geneva", "Ottawa"};
// Spellings of one outlet differ in case and a leading "The"; "" is no outlet.
const std::vector<std::string> kOutlets = {
    "CBC News",     "cbc news", "The Globe and Mail", "Globe and Mail", "USA TODAY",
    "Toronto Star", ""};

struct GenArticle {
  std::string id;
  std::string title;
  std::string body;
  std::string outlet;
  std::optional<Date> day;
  std::optional<long> utc_minutes;
};

std::string surname_of(const std::string& full) { return full.substr(full.rfind(' ') + 1); }

class CorpusWriter {
 public:
  explicit CorpusWriter(std::mt19937& rng) : rng_(rng) {}

  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  std::string sentence() {
    const auto& person = pick(kPeople);
    const std::string full = pick(person);
    const std::string w1 = pick(kWords), w2 = pick(kWords), w3 = pick(kWords);
    switch (std::uniform_int_distribution<int>(0, 10)(rng_)) {
      case 10:  // a title's full stop ends no sentence: the name is written like one
        return "They met Mr. " + surname_of(full) + " on " + w1 + ".";
      case 9:  // first in its sentence: says nothing of the word
        return surname_of(full) + " said " + w1 + " " + w2 + " mattered.";
      case 8:  // a possessive full name at a sentence's start, after a question
        return "Why now? " + full + "'s " + w1 + " plan was late.";
      case 7:  // a full name in the possessive: a phrase of the name must find it
        return "Minister " + full + "'s visit to " + pick(kPlaces) + " was about " + w1 + ".";
      case 0:
        return "President " + full + " said the " + w1 + " " + w2 + " would " + w3 + ".";
      case 1:
        return surname_of(full) + "'s remarks on " + w1 + " and " + w2 + " came late.";
      case 2:
        return "Secretary " + surname_of(full) + " spoke about " + w1 + " in " + pick(kPlaces) +
               ".";
      case 3:
        return "Foreign Minister " + full + " met officials in " + pick(kPlaces) + ".";
      case 4:
        return "The " + w1 + " " + w2 + " report said " + w3 + " fell.";
      case 5:
        return "Officials at NATO discussed " + w1 + " and " + w2 + ".";
      default:
        return "Analysts expect " + w1 + " " + w2 + " to " + w3 + " again.";
    }
  }

  GenArticle article(const std::string& id) {
    GenArticle a;
    a.id = id;
    if (chance(0.8)) {
      std::string t = pick(kWords) + " " + pick(kWords) + " " + surname_of(pick(pick(kPeople)));
      t[0] = static_cast<char>(t[0] - 'a' + 'A');
      if (chance(0.2)) {
        for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      a.title = t;
    }
    // A dateline in capitals (its words are not written like names), below a headline: an
    // untitled text file's first line would be read as one.
    if (!a.title.empty() && chance(0.2)) {
      std::string place = pick(kPlaces) + ", FEB 3 - " + surname_of(pick(pick(kPeople)));
      for (char& c : place) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      a.body += place + "\n";
    }
    const int sentences = std::uniform_int_distribution<int>(2, 5)(rng_);
    for (int i = 0; i < sentences; ++i) a.body += (i ? " " : "") + sentence();
    if (chance(0.15)) {  // page chrome: names in lower case
      std::string tag = surname_of(pick(pick(kPeople)));
      for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      a.body += "\nTags: " + tag + ", " + pick(kWords);
    }
    a.outlet = pick(kOutlets);
    if (chance(0.8)) {
      const Date first{2022, 1, 25};
      const long day = first.days_since_epoch() + std::uniform_int_distribution<int>(0, 16)(rng_);
      a.day = Date::from_days_since_epoch(day);
      if (chance(0.5)) {
        const int hour = std::uniform_int_distribution<int>(0, 23)(rng_);
        const int offset = pick(std::vector<int>{-5, 0, 1, 3});
        char stamp[64];
        std::snprintf(stamp, sizeof stamp, "%sT%02d:30:00%+03d:00", a.day->iso().c_str(), hour,
                      offset);
        stamp_ = stamp;
        a.utc_minutes = day * 1440 + hour * 60 + 30 - offset * 60;
      } else {
        stamp_ = a.day->iso();
      }
    } else {
      stamp_.clear();
    }
    return a;
  }
  const std::string& stamp() const { return stamp_; }  // the last article's "published"

 private:
  std::mt19937& rng_;
  std::string stamp_;
};

std::string manifest_line(const std::string& file, const GenArticle& a, const std::string& stamp) {
  nlohmann::json j{{"file", file}};
  if (!a.outlet.empty()) j["outlet"] = a.outlet;
  if (!stamp.empty()) j["published"] = stamp;
  return j.dump() + "\n";
}

// Writes ~count articles: text files in month folders, each folder with its own manifest,
// and a JSONL feed; a share are copies of an earlier story under another outlet.
std::vector<GenArticle> write_corpus(const morgue::test::TempDir& dir, std::mt19937& rng,
                                     int count) {
  CorpusWriter w(rng);
  std::vector<GenArticle> out;
  std::map<std::string, std::string> manifests;
  std::string feed;
  for (int i = 0; i < count; ++i) {
    const bool text_file = w.chance(0.5);
    char name[32];
    std::snprintf(name, sizeof name, text_file ? "a%03d.txt" : "f%03d", i);
    const std::string folder = w.chance(0.5) ? "2022-01" : "2022-02";
    GenArticle a = w.article(text_file ? folder + "/" + name : name);
    if (!out.empty() && w.chance(0.15)) {
      const GenArticle& story =
          out[std::uniform_int_distribution<std::size_t>(0, out.size() - 1)(rng)];
      a.title = story.title;
      a.body = story.body;  // wire copy, republished
    }
    const std::string stamp = w.stamp();
    if (text_file) {
      // A text file's first line is its headline; untitled stories start with a sentence.
      dir.write("src/articles/" + a.id, (a.title.empty() ? "" : a.title + "\n\n") + a.body + "\n");
      if (w.chance(0.9)) {
        manifests[folder] += manifest_line(name, a, stamp);
      } else {
        a.outlet.clear();  // not in the manifest: no metadata
        a.day.reset();
        a.utc_minutes.reset();
      }
    } else {
      nlohmann::json j{{"id", a.id}, {"body", a.body}};
      if (!a.title.empty()) j["title"] = a.title;
      if (!a.outlet.empty()) j["outlet"] = a.outlet;
      if (!stamp.empty()) j["published"] = stamp;
      feed += j.dump() + "\n";
    }
    out.push_back(std::move(a));
  }
  for (const auto& [folder, lines] : manifests) {
    dir.write("src/articles/" + folder + "/manifest.jsonl", lines);
  }
  dir.write("src/feed.jsonl", feed);
  return out;
}

// ---- the reference ------------------------------------------------------------------------

// One article as the reference sees it: its words by position, and the fields of the index.
struct RefArticle {
  const GenArticle* gen = nullptr;
  std::vector<std::pair<std::string, Xapian::termpos>> words;  // folded, lower case
  std::set<std::string> stems;
  std::set<std::string> written_as_names;  // body words written like names, possessive dropped
  std::map<schema::EntityKind, std::vector<std::string>> entity_keys;
  std::string cluster;
};

// Words as Xapian's term generator splits folded text: letters and digits, with an
// apostrophe inside a word kept ("lavrov's").
std::vector<std::string> split_words(const std::string& folded) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    const bool inner_apostrophe = c == '\'' && !cur.empty() && i + 1 < folded.size() &&
                                  std::isalnum(static_cast<unsigned char>(folded[i + 1]));
    if (std::isalnum(static_cast<unsigned char>(c)) || inner_apostrophe) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The words `body` (folded, case kept) writes like a name, as the rule states it: a capital
// first; not the first word of its sentence (the body's first word, one after ! or ?, after a
// blank line or a line in capitals, or after a full stop that is not a title's or an
// initial's); in a line that has a lower-case letter. Lower-cased, possessive dropped.
std::set<std::string> written_as_names(const std::string& body) {
  static const std::set<std::string> kTitles = {"mr",  "mrs", "ms", "dr",  "st",   "sen", "gen",
                                                "gov", "rep", "lt", "col", "capt", "prof"};
  std::set<std::string> out;
  const auto line_has_lower = [&](std::size_t at) {
    const std::size_t begin =
        body.rfind('\n', at) == std::string::npos ? 0 : body.rfind('\n', at) + 1;
    const std::size_t end = std::min(body.find('\n', begin), body.size());
    return std::any_of(body.begin() + static_cast<long>(begin),
                       body.begin() + static_cast<long>(end),
                       [](char ch) { return ch >= 'a' && ch <= 'z'; });
  };
  std::size_t i = 0;
  std::string previous;  // the word before, lower case; empty at the start
  bool sentence_start = true;
  while (i < body.size()) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (!std::isalnum(c)) {
      if (body[i] == '!' || body[i] == '?') sentence_start = true;
      if (body[i] == '\n' && i + 1 < body.size() && body[i + 1] == '\n') sentence_start = true;
      if (body[i] == '\n' && !line_has_lower(i > 0 ? i - 1 : 0)) sentence_start = true;
      if (body[i] == '.') {
        const bool right_after_word =
            i > 0 && std::isalnum(static_cast<unsigned char>(body[i - 1]));
        if (!right_after_word || !(previous.size() == 1 || kTitles.contains(previous))) {
          sentence_start = true;
        }
      }
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < body.size() && (std::isalnum(static_cast<unsigned char>(body[end])) ||
                                 (body[end] == '\'' && end + 1 < body.size() &&
                                  std::isalnum(static_cast<unsigned char>(body[end + 1]))))) {
      ++end;
    }
    std::string word = body.substr(i, end - i);
    std::string lower = word;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (word[0] >= 'A' && word[0] <= 'Z' && !sentence_start && line_has_lower(i)) {
      std::string bare = lower.ends_with("'s") ? lower.substr(0, lower.size() - 2) : lower;
      if (bare.size() >= 2) out.insert(bare);
    }
    previous = lower;
    sentence_start = false;
    i = end;
  }
  return out;
}

// The generator's spellings of one name that `word` belongs to, or {word}.
std::set<std::string> variant_group(const std::string& word) {
  for (const auto& group : kVariants) {
    if (group.contains(word)) return group;
  }
  return {word};
}

class Reference {
 public:
  Reference(const std::vector<GenArticle>& corpus, const Xapian::Database& db)
      : stemmer_(morgue::make_stemmer()) {
    std::map<std::string, Xapian::docid> docids;
    for (auto it = db.valuestream_begin(schema::slot(schema::Slot::kId));
         it != db.valuestream_end(schema::slot(schema::Slot::kId)); ++it) {
      docids[*it] = it.get_docid();
    }
    for (const GenArticle& g : corpus) {
      RefArticle r;
      r.gen = &g;
      Xapian::termpos pos = 0;
      const auto add = [&](const std::string& text) {
        for (std::string& w : split_words(morgue::fold_text(text))) {
          r.stems.insert(stemmer_(w));
          r.words.emplace_back(std::move(w), ++pos);
        }
      };
      if (!g.title.empty()) {  // the title is indexed twice, 100 positions apart, then the body
        add(g.title);
        pos += 100;
        add(g.title);
        pos += 100;
      }
      add(g.body);
      r.written_as_names = written_as_names(morgue::fold_text(g.body));
      const auto doc = db.get_document(docids.at(g.id));
      for (const auto kind : schema::kEntityKinds) {
        const std::string packed = doc.get_value(schema::entity_slot(kind));
        std::size_t start = 0;
        while (start < packed.size()) {
          const std::size_t end = std::min(packed.find('\t', start), packed.size());
          r.entity_keys[kind].push_back(packed.substr(start, end - start));
          start = end + 1;
        }
      }
      r.cluster = doc.get_value(schema::slot(schema::Slot::kCluster));
      articles_.push_back(std::move(r));
    }
    for (const RefArticle& a : articles_) {
      std::set<std::string> distinct;
      for (const auto& w : a.words) distinct.insert(w.first);
      for (const std::string& w : distinct) ++word_docs_[w];
      for (const std::string& w : a.written_as_names) ++name_docs_[w];
    }
    // Bare surnames and the person each stands for: whether the context supports a join is
    // the indexer's analysis (like the entity keys this reads from the values), recorded in
    // the index; the reference holds it to the rule's necessary part, that the full name is
    // the only one the archive has with that surname.
    bare_owner_ = morgue::read_surname_joins(db);
    std::set<std::string> bare;
    std::map<std::string, std::set<std::string>> full_by_surname;
    for (const RefArticle& a : articles_) {
      const auto it = a.entity_keys.find(schema::EntityKind::kPerson);
      if (it == a.entity_keys.end()) continue;
      for (const std::string& key : it->second) {
        const auto space = key.rfind(' ');
        if (space == std::string::npos) {
          bare.insert(key);
        } else {
          full_by_surname[key.substr(space + 1)].insert(key);
        }
      }
    }
    for (const auto& [b, full] : bare_owner_) {
      CAPTURE(b);
      CHECK(bare.contains(b));
      const auto it = full_by_surname.find(b);
      CHECK((it != full_by_surname.end() && it->second == std::set<std::string>{full}));
    }
    full_by_surname_ = std::move(full_by_surname);
  }

  const std::vector<RefArticle>& articles() const { return articles_; }
  // The name rule (docs/searching.md): the forms a typed word matches when it reads as a
  // name, or nullopt. Capitalised: itself, its possessive, and each variant spelling the
  // archive writes like a name, with theirs. In lower case the same, when articles write it
  // like a name at least half as often as they hold it (and some spelling is written so).
  // A possessive, a stop word or a single letter is no name.
  std::optional<std::set<std::string>> name_forms(const std::string& typed) const {
    const std::string word = morgue::fold_word(typed);
    if (word.size() < 2 || word.ends_with("'s") || morgue::english_stopper()(word)) {
      return std::nullopt;
    }
    std::set<std::string> spellings;
    for (const std::string& s : variant_group(word)) {
      if (count(name_docs_, s) > 0) spellings.insert(s);
    }
    if (!std::isupper(static_cast<unsigned char>(typed[0])) &&
        (spellings.empty() || 2 * count(name_docs_, word) < count(word_docs_, word))) {
      return std::nullopt;
    }
    spellings.insert(word);
    std::set<std::string> forms;
    for (const std::string& s : spellings) {
      forms.insert(s);
      forms.insert(s + "'s");
    }
    return forms;
  }

  // A plain query word as typed: a name matches its forms; any other word by its stem in lower
  // case, as written when capitalised (a possessive).
  bool word_matches(const RefArticle& a, const std::string& typed) const {
    const std::string word = morgue::fold_word(typed);
    if (const auto forms = name_forms(typed)) {
      return std::any_of(a.words.begin(), a.words.end(),
                         [&](const auto& w) { return forms->contains(w.first); });
    }
    if (std::isupper(static_cast<unsigned char>(typed[0]))) {
      return std::any_of(a.words.begin(), a.words.end(),
                         [&](const auto& w) { return w.first == word; });
    }
    return a.stems.contains(stemmer_(word));
  }

  // Positions of a typed word in a phrase or NEAR: a name's forms; any other word as written,
  // and in a phrase its possessive too.
  std::vector<Xapian::termpos> positions(const RefArticle& a, const std::string& typed,
                                         bool in_phrase) const {
    const std::string word = morgue::fold_word(typed);
    std::set<std::string> forms;
    if (const auto name = name_forms(typed)) {
      forms = *name;
    } else {
      forms.insert(word);
      if (in_phrase && !word.ends_with("'s")) forms.insert(word + "'s");
    }
    std::vector<Xapian::termpos> out;
    for (const auto& [w, p] : a.words) {
      if (forms.contains(w)) out.push_back(p);
    }
    return out;
  }

  bool phrase_matches(const RefArticle& a, const std::vector<std::string>& words) const {
    const auto first = positions(a, words[0], true);
    return std::any_of(first.begin(), first.end(), [&](Xapian::termpos p) {
      for (std::size_t i = 1; i < words.size(); ++i) {
        const auto next = positions(a, words[i], true);
        if (std::find(next.begin(), next.end(), p + i) == next.end()) return false;
      }
      return true;
    });
  }

  // x NEAR/window y: within `window` positions of each other; `ordered` (ADJ): y after x.
  bool near_matches(const RefArticle& a, const std::string& x, const std::string& y,
                    Xapian::termpos window, bool ordered) const {
    for (const auto p : positions(a, x, false)) {
      for (const auto q : positions(a, y, false)) {
        if (p == q || (ordered && q < p)) continue;
        if ((p > q ? p - q : q - p) <= window) return true;
      }
    }
    return false;
  }

  // person:NAME: a surname alone matches the bare mentions and everyone known in full by it;
  // a full name also the bare mentions the index can only mean that person by.
  bool person_matches(const RefArticle& a, const std::string& name) const {
    const std::string key = morgue::entity_key(schema::EntityKind::kPerson, name);
    const auto it = a.entity_keys.find(schema::EntityKind::kPerson);
    if (it == a.entity_keys.end()) return false;
    const bool one_word = key.find(' ') == std::string::npos;
    for (const std::string& k : it->second) {
      if (k == key) return true;
      if (one_word && k.size() > key.size() && k.ends_with(" " + key)) return true;
      if (!one_word) {
        const auto owner = bare_owner_.find(k);
        if (owner != bare_owner_.end() && owner->second == key) return true;
      }
    }
    return false;
  }

  bool entity_matches(const RefArticle& a, schema::EntityKind kind, const std::string& name) const {
    const auto it = a.entity_keys.find(kind);
    if (it == a.entity_keys.end()) return false;
    // A name the gazetteer knows is filed under its canonical form (NATO: the organization).
    const morgue::KnownEntity* known = morgue::Gazetteer::builtin().find(name);
    const std::string key =
        morgue::entity_key(kind, known != nullptr && known->kind == kind ? known->canonical : name);
    return std::find(it->second.begin(), it->second.end(), key) != it->second.end();
  }

  // The person key an article's mention counts under in the facet.
  std::string person_facet_key(const std::string& key) const {
    const auto it = bare_owner_.find(key);
    return it == bare_owner_.end() ? key : it->second;
  }

 private:
  Xapian::Stem stemmer_;
  std::vector<RefArticle> articles_;
  static Xapian::doccount count(const std::map<std::string, Xapian::doccount>& m,
                                const std::string& word) {
    const auto it = m.find(word);
    return it == m.end() ? 0 : it->second;
  }
  std::map<std::string, Xapian::doccount> name_docs_;  // word: articles writing it like a name
  std::map<std::string, Xapian::doccount> word_docs_;  // word: articles holding it at all
  std::map<std::string, std::string> bare_owner_;
  std::map<std::string, std::set<std::string>> full_by_surname_;
};

// ---- queries ------------------------------------------------------------------------------

// A generated query: its text and the reference's predicate for it.
struct Clause {
  std::string text;
  std::function<bool(const RefArticle&)> matches;
  std::string field = {};  // "outlet" or "date": several of one field are OR-ed
};

// `a b`: both, except that several outlet: or date: filters mean any of them.
Clause both(const Clause& a, const Clause& b) {
  auto fa = a.matches, fb = b.matches;
  if (!a.field.empty() && a.field == b.field) {
    return {a.text + " " + b.text, [fa, fb](const RefArticle& x) { return fa(x) || fb(x); },
            a.field};
  }
  return {a.text + " " + b.text, [fa, fb](const RefArticle& x) { return fa(x) && fb(x); }};
}

class QueryMaker {
 public:
  QueryMaker(std::mt19937& rng, const Reference& ref) : rng_(rng), ref_(ref), w_(rng) {}

  // A name's word as a user might type it: any spelling (some the corpus never writes), the
  // given name or the surname, capitalised, in lower case or in capitals.
  std::string typed_name_word() {
    const std::string full = w_.pick(w_.pick(kPeople));
    std::string word = w_.chance(0.7) ? surname_of(full) : full.substr(0, full.find(' '));
    if (word.find('-') != std::string::npos) word = surname_of(full);  // Jean-Claude: word()
    if (w_.chance(0.2)) {  // a spelling of the rule's, written or not
      const auto group = variant_group(morgue::fold_word(word));
      word = *std::next(group.begin(), std::uniform_int_distribution<long>(
                                           0, static_cast<long>(group.size()) - 1)(rng_));
      word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    }
    const int shape = std::uniform_int_distribution<int>(0, 3)(rng_);
    if (shape == 0) return morgue::fold_word(word);
    if (shape == 1) {
      for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return word;
  }

  Clause word() {
    std::string typed;
    switch (std::uniform_int_distribution<int>(0, 6)(rng_)) {
      case 0:
      case 1:
        typed = w_.pick(kWords);
        break;
      case 2:
        typed = typed_name_word();
        break;
      case 3:
        typed = w_.chance(0.5) ? w_.pick(kPlaces) : morgue::fold_word(w_.pick(kPlaces));
        break;
      case 4: {  // a capitalised ordinary word: matched as written and its possessive
        typed = w_.pick(kWords);
        typed[0] = static_cast<char>(typed[0] - 'a' + 'A');
        break;
      }
      case 5: {  // a possessive typed: by its stem in lower case, as written capitalised
        typed = surname_of(w_.pick(w_.pick(kPeople))) + "'s";
        if (w_.chance(0.5)) typed = morgue::fold_word(typed);
        break;
      }
      default: {  // a hyphenated name: a phrase of its parts
        const std::vector<std::string> parts = {"Jean", "Claude"};
        const bool lower = w_.chance(0.3);
        const std::string text = lower ? "jean-claude" : "Jean-Claude";
        const Reference& ref = ref_;
        const std::vector<std::string> words =
            lower ? std::vector<std::string>{"jean", "claude"} : parts;
        return {text, [&ref, words](const RefArticle& x) { return ref.phrase_matches(x, words); }};
      }
    }
    const Reference& ref = ref_;
    return {typed, [&ref, typed](const RefArticle& a) { return ref.word_matches(a, typed); }};
  }

  Clause phrase() {
    if (w_.chance(0.3)) {  // a full name as a phrase: "Sergei Lavrov" finds "Sergey Lavrov's"
      // Given name then surname of one person, each typed its own way.
      const std::string full = w_.pick(w_.pick(kPeople));
      std::vector<std::string> words = {full.substr(0, full.find(' ')), surname_of(full)};
      for (std::string& w : words) {
        if (w.find('-') != std::string::npos) w = "Claude";
        if (w_.chance(0.4)) w = morgue::fold_word(w);
      }
      std::string text = "\"";
      for (const auto& w : words) text += (text.size() > 1 ? " " : "") + w;
      text += "\"";
      const Reference& ref = ref_;
      return {text, [&ref, words](const RefArticle& x) { return ref.phrase_matches(x, words); }};
    }
    // Two or three words of an article as it writes them (case kept), or in lower case.
    const RefArticle& a = w_.pick(ref_.articles());
    std::vector<std::string> body;
    {
      const std::string folded = morgue::fold_text(a.gen->body);
      std::string cur;
      for (std::size_t i = 0; i <= folded.size(); ++i) {
        const char c = i < folded.size() ? folded[i] : ' ';
        const bool inner_apostrophe = c == '\'' && !cur.empty() && i + 1 < folded.size() &&
                                      std::isalnum(static_cast<unsigned char>(folded[i + 1]));
        if (std::isalnum(static_cast<unsigned char>(c)) || inner_apostrophe) {
          cur += c;
        } else if (!cur.empty()) {
          body.push_back(std::move(cur));
          cur.clear();
        }
      }
    }
    const std::size_t n = std::uniform_int_distribution<std::size_t>(2, 3)(rng_);
    const std::size_t start = std::uniform_int_distribution<std::size_t>(0, body.size() - n)(rng_);
    std::vector<std::string> words(body.begin() + static_cast<long>(start),
                                   body.begin() + static_cast<long>(start + n));
    if (w_.chance(0.5)) {
      for (std::string& w : words) w = morgue::fold_word(w);
    }
    std::string text = "\"";
    for (const auto& w : words) text += (text.size() > 1 ? " " : "") + w;
    text += "\"";
    const Reference& ref = ref_;
    return {text, [&ref, words](const RefArticle& x) { return ref.phrase_matches(x, words); }};
  }

  Clause near() {
    const std::string x = w_.chance(0.5) ? typed_name_word() : w_.pick(kWords);
    // A place, a word, or another name: two names NEAR each other once found nothing at all.
    const int kind = std::uniform_int_distribution<int>(0, 2)(rng_);
    std::string y = kind == 0 ? w_.pick(kPlaces) : kind == 1 ? w_.pick(kWords) : typed_name_word();
    if (morgue::fold_word(x) == morgue::fold_word(y)) y = "summit";
    // NEAR (either order) or ADJ (this order), within 10 words or a window typed.
    const bool ordered = w_.chance(0.3);
    const Xapian::termpos window = w_.chance(0.3) ? 5 : 10;
    const std::string op =
        std::string(ordered ? "ADJ" : "NEAR") + (window == 10 ? "" : "/" + std::to_string(window));
    const Reference& ref = ref_;
    return {x + " " + op + " " + y, [&ref, x, y, window, ordered](const RefArticle& a) {
              return ref.near_matches(a, x, y, window, ordered);
            }};
  }

  Clause filter() {
    const Reference& ref = ref_;
    switch (std::uniform_int_distribution<int>(0, 7)(rng_)) {
      case 0: {
        const std::string outlet = w_.pick(kOutlets);
        if (outlet.empty()) {
          return {"outlet:unknown", [](const RefArticle& a) { return a.gen->outlet.empty(); },
                  "outlet"};
        }
        const std::string key = schema::outlet_key(outlet);
        return {"outlet:\"" + outlet + "\"",
                [key](const RefArticle& a) {
                  return !a.gen->outlet.empty() && schema::outlet_key(a.gen->outlet) == key;
                },
                "outlet"};
      }
      case 1:
        return {"date:undated", [](const RefArticle& a) { return !a.gen->day; }, "date"};
      case 2: {  // a month, or a day
        const Date d = Date::from_days_since_epoch(Date{2022, 1, 25}.days_since_epoch() +
                                                   std::uniform_int_distribution<int>(0, 16)(rng_));
        if (w_.chance(0.3)) {
          return {"date:" + d.iso().substr(0, 7),
                  [d](const RefArticle& a) {
                    return a.gen->day && a.gen->day->year == d.year && a.gen->day->month == d.month;
                  },
                  "date"};
        }
        return {"date:" + d.iso(), [d](const RefArticle& a) { return a.gen->day == d; }, "date"};
      }
      case 3: {  // a range, either end may be open
        const long base = Date{2022, 1, 25}.days_since_epoch();
        long from = base + std::uniform_int_distribution<int>(-3, 16)(rng_);
        long to = from + std::uniform_int_distribution<int>(0, 10)(rng_);
        const bool open_from = w_.chance(0.25), open_to = !open_from && w_.chance(0.25);
        const Date f = Date::from_days_since_epoch(from), t = Date::from_days_since_epoch(to);
        const std::string text =
            "date:" + (open_from ? "" : f.iso()) + ".." + (open_to ? "" : t.iso());
        return {text,
                [f, t, open_from, open_to](const RefArticle& a) {
                  return a.gen->day && (open_from || *a.gen->day >= f) &&
                         (open_to || *a.gen->day <= t);
                },
                "date"};
      }
      case 4:
      case 5: {
        const std::string full = w_.pick(w_.pick(kPeople));
        const std::string name = w_.chance(0.5) ? surname_of(full) : full;
        return {"person:\"" + name + "\"",
                [&ref, name](const RefArticle& a) { return ref.person_matches(a, name); }};
      }
      case 6: {
        const std::string place = w_.pick(kPlaces);
        return {"place:" + place, [&ref, place](const RefArticle& a) {
                  return ref.entity_matches(a, schema::EntityKind::kPlace, place);
                }};
      }
      default:
        return {"org:NATO", [&ref](const RefArticle& a) {
                  return ref.entity_matches(a, schema::EntityKind::kOrganization, "NATO");
                }};
    }
  }

  Clause item() {
    switch (std::uniform_int_distribution<int>(0, 5)(rng_)) {
      case 0:
        return phrase();
      case 1:
        return near();
      case 2:
        return filter();
      default:
        return word();
    }
  }

  // A whole query: one to three items, AND-ed, OR-ed or negated; or exclusions alone.
  Clause query() {
    const int shape = std::uniform_int_distribution<int>(0, 6)(rng_);
    Clause a = item();
    if (shape == 0) return a;
    if (shape == 1) {  // exclusions alone: every article except
      Clause b = item();
      const bool two = w_.chance(0.5);
      auto fa = a.matches, fb = b.matches;
      return {"-" + a.text + (two ? " NOT " + b.text : ""),
              [fa, fb, two](const RefArticle& x) { return !fa(x) && !(two && fb(x)); }};
    }
    Clause b = item();
    auto fa = a.matches, fb = b.matches;
    if (shape == 2) {
      return {"(" + a.text + " OR " + b.text + ")",
              [fa, fb](const RefArticle& x) { return fa(x) || fb(x); }};
    }
    if (shape == 3) {
      return {a.text + " -" + b.text, [fa, fb](const RefArticle& x) { return fa(x) && !fb(x); }};
    }
    if (shape == 4) {
      const Clause c = filter();
      if (!b.field.empty() && b.field == c.field) return both(a, both(b, c));
      if (!a.field.empty() && a.field == c.field) return both(both(a, c), b);
      return both(both(a, b), c);
    }
    return both(a, b);
  }

 private:
  std::mt19937& rng_;
  const Reference& ref_;
  CorpusWriter w_;
};

}  // namespace

namespace {

// The chronological key of an article: its day, then its instant; undated is none.
std::optional<std::string> chrono_key(const GenArticle& g) {
  if (!g.day) return std::nullopt;
  return g.day->compact() + (g.utc_minutes ? morgue::utc_minutes_compact(*g.utc_minutes) : "");
}

struct Diff {
  std::string what;
  std::string detail;
};

std::string describe(const Ids& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
  return "{" + out + "}";
}

// Differences between morgue's answers to `q` and the reference's.
std::vector<Diff> compare(const Reference& ref, const Xapian::Database& db,
                          const std::filesystem::path& index, const Clause& q, std::mt19937& rng,
                          unsigned n) {
  std::vector<Diff> diffs;
  std::vector<const RefArticle*> expected;
  Ids expected_ids;
  for (const RefArticle& a : ref.articles()) {
    if (q.matches(a)) {
      expected.push_back(&a);
      expected_ids.insert(a.gen->id);
    }
  }
  morgue::SearchOptions o;
  o.db = index;
  o.query = q.text;
  o.collapse = false;
  o.limit = 100000;
  o.suggest_below = 0;
  const int sort = std::uniform_int_distribution<int>(0, 2)(rng);
  o.sort = sort == 0   ? morgue::SortOrder::kRelevance
           : sort == 1 ? morgue::SortOrder::kDate
                       : morgue::SortOrder::kOldest;
  morgue::SearchResult all;
  try {
    all = morgue::search(o);
  } catch (const std::exception& e) {
    return {{"error", e.what()}};
  }
  Ids got;
  for (const auto& h : all.hits) got.insert(h.id);
  if (got != expected_ids) {
    Ids missing, extra;
    std::set_difference(expected_ids.begin(), expected_ids.end(), got.begin(), got.end(),
                        std::inserter(missing, missing.end()));
    std::set_difference(got.begin(), got.end(), expected_ids.begin(), expected_ids.end(),
                        std::inserter(extra, extra.end()));
    diffs.push_back({"hit set", "missing " + describe(missing) + ", extra " + describe(extra)});
  }
  if (all.total != expected.size() || !all.total_exact) {
    diffs.push_back({"total", std::to_string(all.total) + (all.total_exact ? "" : " (about)") +
                                  " for " + std::to_string(expected.size())});
  }
  if (o.sort != morgue::SortOrder::kRelevance) {
    // Dated articles in date order (ties in any order), then the undated.
    std::map<std::string, const RefArticle*> by_id;
    for (const RefArticle* a : expected) by_id[a->gen->id] = a;
    std::vector<std::optional<std::string>> keys;
    for (const auto& h : all.hits) {
      if (by_id.contains(h.id)) keys.push_back(chrono_key(*by_id[h.id]->gen));
    }
    const bool newest = o.sort == morgue::SortOrder::kDate;
    for (std::size_t i = 1; i < keys.size(); ++i) {
      const auto &a = keys[i - 1], &b = keys[i];
      const bool ok = !b || (a && (newest ? *a >= *b : *a <= *b));
      if (!ok) {
        diffs.push_back({"date order", "hit " + std::to_string(i + 1) + " out of order"});
        break;
      }
    }
    // A page of the same order is that slice of it.
    const std::size_t offset = std::uniform_int_distribution<std::size_t>(0, expected.size())(rng);
    o.offset = offset;
    o.limit = std::uniform_int_distribution<std::size_t>(0, 7)(rng);
    const auto page = morgue::search(o);
    std::vector<std::optional<std::string>> page_keys, slice;
    for (const auto& h : page.hits) {
      if (by_id.contains(h.id)) page_keys.push_back(chrono_key(*by_id[h.id]->gen));
    }
    for (std::size_t i = offset; i < std::min(keys.size(), offset + o.limit); ++i) {
      slice.push_back(keys[i]);
    }
    if (page_keys != slice) diffs.push_back({"paging", "offset " + std::to_string(offset)});
    o.offset = 0;
  }
  if (n % 3 == 0) {  // folded: one result per near-duplicate cluster
    std::set<std::string> clusters;
    for (const RefArticle* a : expected) clusters.insert(a->cluster);
    o.collapse = true;
    o.limit = 0;
    const auto folded = morgue::search(o);
    if (folded.results != clusters.size() || !folded.results_exact ||
        folded.total != expected.size() || !folded.total_exact) {
      diffs.push_back({"folded count", std::to_string(folded.results) + " results, " +
                                           std::to_string(folded.total) + " total for " +
                                           std::to_string(clusters.size()) + " stories, " +
                                           std::to_string(expected.size()) + " articles"});
    }
  }
  if (n % 4 == 0) {  // facets, over every match
    o.collapse = n % 8 == 0;
    o.limit = 3;
    o.facets = morgue::parse_facet_spec("outlet:1000,person:1000,date:day");
    const auto faceted = morgue::search(o);
    if (faceted.total != expected.size()) diffs.push_back({"facet total", ""});
    // Outlets by key, shown by their most used spelling (ties: the one with capitals).
    std::map<std::string, std::map<std::string, long>> outlet_spellings;
    long unknown = 0;
    std::map<std::string, long> people, days;
    for (const RefArticle* a : expected) {
      if (a->gen->outlet.empty()) {
        ++unknown;
      } else {
        ++outlet_spellings[schema::outlet_key(a->gen->outlet)][a->gen->outlet];
      }
      std::set<std::string> keys;
      if (const auto it = a->entity_keys.find(schema::EntityKind::kPerson);
          it != a->entity_keys.end()) {
        for (const auto& k : it->second) keys.insert(ref.person_facet_key(k));
      }
      for (const auto& k : keys)
        ++people[morgue::entity_display_name(db, schema::EntityKind::kPerson, k)];
      if (a->gen->day) ++days[a->gen->day->iso()];
    }
    std::map<std::string, long> outlets;
    for (const auto& [key, spellings] : outlet_spellings) {
      std::string best;
      long best_n = 0, total = 0;
      const auto capital = [](const std::string& s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      };
      for (const auto& [spelling, count] : spellings) {
        total += count;
        if (best.empty() || count > best_n ||
            (count == best_n && capital(spelling) && !capital(best))) {
          best = spelling;
          best_n = count;
        }
      }
      outlets[best] += total;
    }
    if (unknown > 0) outlets["unknown"] = unknown;
    if (days.size() >= 2) {  // filled between the first and the last
      const auto first = *morgue::parse_date(days.begin()->first);
      const auto last = *morgue::parse_date(days.rbegin()->first);
      for (long d = first.days_since_epoch(); d <= last.days_since_epoch(); ++d) {
        days.try_emplace(Date::from_days_since_epoch(d).iso(), 0);
      }
    }
    std::vector<std::pair<std::string, long>> day_list(days.begin(), days.end());
    const long undated = static_cast<long>(expected.size()) -
                         std::count_if(expected.begin(), expected.end(),
                                       [](const RefArticle* a) { return a->gen->day.has_value(); });
    if (undated > 0) day_list.emplace_back("undated", undated);
    const auto as_map = [](const morgue::FacetResult& f) {
      std::map<std::string, long> m;
      for (const auto& v : f.values) m[v.value] += v.count;
      return m;
    };
    std::vector<std::pair<std::string, long>> got_days;
    for (const auto& v : faceted.facets.at(2).values) got_days.emplace_back(v.value, v.count);
    if (as_map(faceted.facets.at(0)) != outlets) diffs.push_back({"outlet facet", ""});
    if (as_map(faceted.facets.at(1)) != people) diffs.push_back({"person facet", ""});
    if (got_days != day_list) diffs.push_back({"date facet", ""});
  }
  return diffs;
}

}  // namespace

TEST_CASE("oracle: morgue-search agrees with a brute-force scan of the same articles") {
  const unsigned seed = env_number("MORGUE_ORACLE_SEED", 17);
  const unsigned queries = env_number("MORGUE_ORACLE_QUERIES", 2000);
  const int articles = static_cast<int>(env_number("MORGUE_ORACLE_ARTICLES", 240));
  std::mt19937 rng(seed);
  morgue::test::TempDir dir;
  const std::vector<GenArticle> corpus = write_corpus(dir, rng, articles);
  const std::string shards = std::to_string(env_number("MORGUE_ORACLE_SHARDS", 1));
  const auto indexed = morgue::test::run({morgue::test::index_bin(), "--db", (dir / "db").string(),
                                          "--shards", shards, (dir / "src/articles").string(),
                                          (dir / "src/feed.jsonl").string()});
  INFO("morgue-index: " << indexed.err);
  REQUIRE(indexed.status == 0);
  const Xapian::Database db = morgue::open_index_for_reading(dir / "db");
  REQUIRE(db.get_doccount() == corpus.size());
  const Reference ref(corpus, db);
  QueryMaker maker(rng, ref);
  std::map<std::string, unsigned> by_class;
  unsigned failed = 0;
  for (unsigned n = 0; n < queries; ++n) {
    const Clause q = maker.query();
    const auto diffs = compare(ref, db, dir / "db", q, rng, n);
    if (diffs.empty()) continue;
    ++failed;
    for (const auto& d : diffs) ++by_class[d.what];
    if (failed <= 15) {
      std::string text;
      for (const auto& d : diffs) text += "\n  " + d.what + ": " + d.detail;
      MESSAGE("seed " << seed << " query #" << n << " [" << q.text << "]" << text);
    }
  }
  std::string summary;
  for (const auto& [what, count] : by_class) summary += " " + what + "=" + std::to_string(count);
  MESSAGE("oracle: seed " << seed << ", " << queries << " queries over " << corpus.size()
                          << " articles, " << failed << " with differences" << summary);
  CHECK(failed == 0);
}
