// Rule-and-gazetteer entity extraction.
#include "indexer/entities/entity_extractor.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/entities/entity_key.h"
#include "common/text/ascii.h"
#include "common/text/text_fold.h"
#include "common/text/utf8.h"
#include "common/text/word_list.h"
#include "common/text/words.h"
#include "embedded/entity_words.h"
#include "indexer/entities/dateline.h"
#include "indexer/entities/ner_tagger.h"

namespace morgue {
namespace {

using schema::EntityKind;

struct Token {
  std::size_t begin = 0, end = 0;  // bytes in the line
  std::string text;                // as written, possessive 's removed
  bool capitalized = false;
  bool possessive = false;   // was followed by 's / ’s
  bool space_before = true;  // only white space separates it from the previous token
  std::string sep_before;    // the separator text itself
};

// The word lists of data/, compiled in; each file says what its words are for.
struct WordLists {
  using WordSet = std::unordered_set<std::string>;
  WordSet title_heads = word_set(embedded::title_heads_txt());
  // Words any firm's name could use after its owner's: "Wendy's International Inc", "Smith's
  // Food and Drug Centers Inc" name one firm, where "Exxon's Imperial Oil Ltd" names two.
  WordSet generic_firm_words = word_set(embedded::generic_firm_words_txt());
  WordSet org_suffixes = word_set(embedded::org_suffixes_txt());
  // Lower-case words that may join capitalised words into one name or organization.
  WordSet joiners = word_set(embedded::joiners_txt());
  // Joiners that can sit inside a person's name.
  WordSet name_particles = word_set(embedded::name_particles_txt());
  // Capitalised words that start sentences but never names.
  WordSet run_stopwords = word_set(embedded::run_stopwords_txt());
  WordSet calendar_words = word_set(embedded::calendar_words_txt());
  // Upper-case words that are not organizations.
  WordSet acronym_stopwords = word_set(embedded::acronym_stopwords_txt());
  WordSet reporting_verbs = word_set(embedded::reporting_verbs_txt());
};

const WordLists& lists() {
  static const WordLists instance;
  return instance;
}

// "Gen." -> "gen", "Spokesman" -> "spokesman"
std::string word_key(std::string_view s) {
  while (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return fold_word(s);
}

bool is_upper(unsigned ch) {
  const auto cat = Xapian::Unicode::get_category(ch);
  return cat == Xapian::Unicode::UPPERCASE_LETTER || cat == Xapian::Unicode::TITLECASE_LETTER;
}

bool is_all_caps_word(std::string_view s) {
  bool letter = false;
  for (const char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letter = true;
  }
  return letter;
}

// Only white space, Unicode's included: scraped text is full of no-break spaces.
bool is_blank(std::string_view s) {
  for (Xapian::Utf8Iterator it(s.data(), s.size()), end; it != end; ++it) {
    if (!Xapian::Unicode::is_whitespace(*it)) return false;
  }
  return true;
}

// A name's word after a particle and a hyphen, written with the particle in lower case
// ("al-Jadaan", "el-Sisi", "bin-Laden"): a capitalised word of the name.
bool particle_prefixed(std::string_view word) {
  const auto hyphen = word.find('-');
  if (hyphen == std::string_view::npos || hyphen == 0 || hyphen + 1 >= word.size()) return false;
  if (!lists().name_particles.contains(std::string(word.substr(0, hyphen)))) return false;
  Xapian::Utf8Iterator after(word.data() + hyphen + 1, word.size() - hyphen - 1);
  return is_upper(*after);
}

// Tokens of one line: words with inner apostrophes, hyphens, ampersands and dots
// ("U.S.", "Co-operation", "AT&T"), abbreviations keeping their final dot ("Gen.", "U.S.").
std::vector<Token> tokenize_line(std::string_view line) {
  std::vector<Token> tokens;
  std::size_t prev_end = 0;
  for (const WordSpan& w : word_spans(line, U"'\u2019-&.")) {
    Token t;
    t.begin = w.begin;
    std::size_t stop = w.end;
    Xapian::Utf8Iterator first(line.data() + w.begin, w.end - w.begin);
    t.capitalized = is_upper(*first) || particle_prefixed(line.substr(w.begin, w.end - w.begin));
    std::string text(line.substr(t.begin, stop - t.begin));
    // Keep the final dot of initials-style abbreviations ("U.S.") and title abbreviations.
    if (stop < line.size() && line[stop] == '.' &&
        (text.find('.') != std::string::npos || lists().title_heads.contains(ascii_lower(text)) ||
         (text.size() == 1 && t.capitalized))) {
      text += '.';
      ++stop;
    }
    for (const std::string_view suffix : {"'s", "\xE2\x80\x99s", "'S"}) {
      if (text.size() > suffix.size() && text.ends_with(suffix)) {
        text.resize(text.size() - suffix.size());
        t.possessive = true;
        break;
      }
    }
    t.end = stop;
    t.text = std::move(text);
    t.sep_before = std::string(line.substr(prev_end, t.begin - prev_end));
    t.space_before = is_blank(t.sep_before);
    prev_end = stop;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

// A maximal run of capitalised tokens (with joiners between them) in one line.
struct Run {
  std::size_t first = 0, last = 0;  // token indexes, inclusive
};

// The words of a name, split at blanks (a stream's >> without a stream's cost).
std::vector<std::string> words_of_name(std::string_view name) {
  std::vector<std::string> words;
  const auto blank = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  for (std::size_t i = 0; i < name.size();) {
    if (blank(name[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < name.size() && !blank(name[end])) ++end;
    words.emplace_back(name.substr(i, end - i));
    i = end;
  }
  return words;
}

// Titles that go with a given name alone ("Prince Charles", "Pope Benedict", "King Abdullah").
bool royal_title(std::string_view folded) {
  for (const std::string_view t : {"prince", "princess", "king", "queen", "pope", "sheikh", "emir",
                                   "sultan", "emperor", "empress", "duke", "duchess"}) {
    if (folded == t) return true;
  }
  return false;
}

class Extractor {
 public:
  explicit Extractor(const Gazetteer& g) : g_(g) {}

  void line(std::string_view text) {
    if (!has_lowercase(text)) {
      capitals_line(text);
      return;
    }
    line_ = text;
    tokens_ = tokenize_line(text);
    for (const Token& t : tokens_) {
      if (!t.capitalized) lower_words_.insert(fold_word(t.text));
    }
    // A dateline's words are its place and state, never runs of their own ("ST. LOUIS, Mo."
    // made organizations ST, LOUIS and MO); its agency is read as any words are.
    Dateline dateline;
    if (const std::optional<Dateline> d = read_dateline(text)) {
      dateline = *d;
      add_dateline(dateline);
    }
    for (const Run& run : runs()) {
      const std::size_t at = tokens_[run.first].begin;
      if (at >= dateline.length || (at >= dateline.agency_begin && at < dateline.agency_end)) {
        analyse(run);
      }
    }
    read_definitions(text);
  }

  std::vector<ExtractedEntity> finish();

  // A line in capitals (a headline): a capital says nothing there, so no runs are read; the
  // places and organizations the gazetteer knows are named, longest first, each phrase read
  // capitalised normally ("NEW YORK" as New York, "U.S." as written), so that no acronym is
  // a word ("US" is us, "WHO" who); nor is a single word English writes in lower case
  // ("NICE"). The tagger reads the rest.
  void capitals_line(std::string_view text) {
    line_ = text;
    tokens_ = tokenize_line(text);
    const auto name = [](const KnownEntity* known) {
      return known != nullptr && known->kind != EntityKind::kPerson;
    };
    for (std::size_t i = 0; i < tokens_.size();) {
      std::size_t next = i + 1;
      const Gazetteer::Word word = g_.word(title_case(tokens_[i].text));
      // Longer names only after a word that may begin one (most words begin none).
      const std::size_t max_end =
          word.begins_name ? std::min(tokens_.size() - 1, i + g_.max_words() - 1) : i;
      for (std::size_t j = max_end; j > i; --j) {
        const std::string phrase = span_text(i, j);
        const KnownEntity* known = g_.find(title_case(phrase));
        if (!name(known)) continue;
        add_known(*known, phrase);
        next = j + 1;
        break;
      }
      if (next == i + 1 && name(word.entity) &&
          !ner_reads_lowercase(ner_builtin_lowercase_words(), word_key(tokens_[i].text))) {
        add_known(*word.entity, tokens_[i].text);
      }
      i = next;
    }
  }

  // "the Federation of Widget Makers (FWM)": an acronym the text defines in brackets after
  // the name whose capitalised words' initials it spells. finish() counts its mentions as the
  // name's.
  void read_definitions(std::string_view text);
  void join_defined_acronyms();
  void join_qualified_bodies();
  std::vector<std::pair<std::string, std::string>> defined_;  // acronym, name

  // A name the tagger found (ner_tagger.h); finish() adds those the rules did not name.
  void tagged(EntityKind kind, std::string name);
  // Per token of a sentence, whether it needs no tagger: it lies in a name the rules found
  // here, or it is a month, a weekday, a title or an opening word English writes in lower
  // case ("The", "It", after a quote too). Where every capitalised word of a stretch is so,
  // the tagger would add nothing the rules do not name.
  std::vector<bool> settled_by_rules(const std::vector<NerToken>& tokens) const;

 private:
  std::vector<Run> runs() const;
  void analyse(Run run);
  void analyse_plain(std::size_t first, std::size_t last, bool cue_before);
  bool title_split(const Run& run);
  bool dateline(const Run& run);
  bool firm_goes_on(const Run& run, std::size_t next) const;
  bool is_title_head(std::size_t i) const {
    return lists().title_heads.contains(word_key(tokens_[i].text));
  }
  // Tokens first..last are capitalised words or name particles ("de", "van"), as a name is.
  bool name_words(std::size_t first, std::size_t last) const {
    for (std::size_t i = first; i <= last; ++i) {
      if (!tokens_[i].capitalized && !lists().name_particles.contains(word_key(tokens_[i].text)))
        return false;
    }
    return true;
  }
  // A known name starts at token i ("New York", "New Zealand"): a stopword may begin it.
  bool starts_known_name(std::size_t i) const {
    for (std::size_t j = i + 1; j < tokens_.size() && j < i + g_.max_words(); ++j) {
      if (!tokens_[j].capitalized || !tokens_[j].space_before) return false;
      if (g_.find(span_text(i, j)) != nullptr) return true;
    }
    return false;
  }
  // "First Boston Corp", "New England Electric Co": "first" and "new" begin the name of a
  // company when capitals up to its legal form follow.
  bool starts_company(std::size_t i) const {
    const std::string lower = word_key(tokens_[i].text);
    if (lower != "first" && lower != "new") return false;
    std::size_t j = i + 1;
    while (j < tokens_.size() && tokens_[j].capitalized && tokens_[j].space_before &&
           !tokens_[j - 1].possessive) {
      ++j;
    }
    return j > i + 2 && is_legal_form(word_key(tokens_[j - 1].text));
  }
  // Tokens first..last are a body a country's name may qualify: capitalised words (and
  // "of", "for", "and" inside) ending in an organization's word, no known name of their own
  // ("Supreme Court", "Ministry of Defence"; not "Federal Reserve"), after `known`, a country.
  bool country_body(const KnownEntity& known, std::size_t first, std::size_t last) const {
    if (known.kind != EntityKind::kPlace || !known.within.empty()) return false;
    if (!tokens_[first].capitalized || !lists().org_suffixes.contains(word_key(tokens_[last].text)))
      return false;
    for (std::size_t k = first; k <= last; ++k) {
      const std::string w = word_key(tokens_[k].text);
      if (!tokens_[k].capitalized && w != "of" && w != "for" && w != "and") return false;
      if (tokens_[k].possessive && k < last) return false;
    }
    return g_.find(span_text(first, last)) == nullptr;
  }
  bool cue_before(std::size_t first) const;
  // The title word cue_before() saw ("secretary" of "Secretary Baker"), or empty.
  std::string title_before(std::size_t first) const;
  bool cue_after(std::size_t last) const;
  std::string span_text(std::size_t first, std::size_t last) const;

  // A known name's mention. `written`, the text's spelling, is kept when it is the canonical
  // name spelled another way ("World Trade Organisation"), not an alias ("WTO"): the facets
  // show the spelling the archive uses most.
  void add_known(const KnownEntity& e, std::string_view written = {}) {
    const std::string key = entity_key(e.kind, e.canonical);
    Entry& entry = entries_[{e.kind, key}];
    entry.display = e.canonical;
    const bool variant =
        !written.empty() && has_lowercase(written) && entity_key(e.kind, written) == key;
    ++entry.spellings[variant ? std::string(written) : e.canonical];
    ++entry.mentions;
    note_named(written.empty() ? std::string_view(e.canonical) : written);
  }
  void add_place(const std::string& name) {
    Entry& entry = entries_[{EntityKind::kPlace, entity_key(EntityKind::kPlace, name)}];
    ++entry.spellings[name];
    ++entry.mentions;
    note_named(name);
  }
  // The city a dateline names (a place whether or not the gazetteer knows it) and the US
  // state or the country after it.
  void add_dateline(const Dateline& d) {
    if (const KnownEntity* known = g_.find_in_any_case(d.city)) {
      if (known->kind == EntityKind::kPlace) add_known(*known);
    } else {
      add_place(title_case(d.city));
    }
    if (!d.state.empty()) {
      // Only as the US state the gazetteer knows: "Ga." is no country Georgia.
      const KnownEntity* state = g_.find(d.state);
      if (state != nullptr && state->kind == EntityKind::kPlace &&
          state->within == "United States") {
        add_known(*state);
      }
    } else if (!d.region.empty()) {
      const KnownEntity* region = g_.find_in_any_case(d.region);
      if (region != nullptr && region->kind == EntityKind::kPlace) add_known(*region);
    }
  }
  void add_org(const std::string& name) {
    Entry& entry = entries_[{EntityKind::kOrganization, organization_key(name)}];
    ++entry.spellings[name];
    ++entry.mentions;
    note_named(name);
  }
  // `title`: the title word the name follows here ("secretary"), or empty.
  void add_person(const std::string& name, bool cued, const std::string& title = {}) {
    if (name.find(' ') == std::string::npos) {
      // "As Commander in Chief I ordered": a pronoun after a title is no surname.
      if (lists().run_stopwords.contains(word_key(name))) return;
      bare_.push_back({name, cued, title});
      return;
    }
    Entry& entry = entries_[{EntityKind::kPerson, entity_key(name)}];
    ++entry.spellings[name];
    ++entry.mentions;
    if (!title.empty()) entry.titles.insert(title);
    note_named(name);
  }
  // The names the rules found, folded word by word as written: what settled_by_rules() matches.
  void note_named(std::string_view name) {
    const std::vector<std::string> words = words_of_name(name);
    if (words.empty()) return;
    std::string folded;
    for (const std::string& w : words) folded += (folded.empty() ? "" : " ") + fold_word(w);
    longest_named_ = std::max(longest_named_, words.size());
    named_.insert(std::move(folded));
  }

  struct Entry {
    std::string display;
    std::map<std::string, std::size_t> spellings;
    std::size_t mentions = 0;
    std::set<std::string> titles;  // people: the title words their names follow here
  };
  struct Bare {
    std::string word;
    bool cued;
    std::string title;
  };
  struct Tagged {
    EntityKind kind;
    std::string name;
  };
  void add_tagged();
  std::unordered_set<std::string> named_;  // note_named()
  std::size_t longest_named_ = 0;          // words
  // A given name of the gazetteer's or of the census lists ("Rocco", "Kristin").
  bool given_name(std::string_view word) const {
    return g_.is_first_name(word) || ner_census_given_name(word);
  }
  // A title's word that is a common surname too: King, Bishop, Pope, Prince, Duke, Major.
  static bool surname_too(std::string_view word) {
    const std::uint32_t rank = ner_census_surname_rank(word);
    return rank != 0 && rank <= 10000;
  }
  std::vector<Tagged> tagged_;
  // The words the text writes in lower case somewhere ("metal", "pig"): capitalised
  // elsewhere, alone, they begin a sentence or a headline rather than name someone.
  std::unordered_set<std::string> lower_words_;

  const Gazetteer& g_;
  std::string_view line_;
  std::vector<Token> tokens_;
  std::map<std::pair<EntityKind, std::string>, Entry> entries_;
  std::vector<Bare> bare_;
};

std::vector<Run> Extractor::runs() const {
  std::vector<Run> out;
  std::optional<Run> current;
  const auto close = [&] {
    if (current) {
      // Trailing joiners are not part of a name.
      while (current->last > current->first && !tokens_[current->last].capitalized) --current->last;
      out.push_back(*current);
    }
    current.reset();
  };
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    const bool breaks = !t.space_before || (i > 0 && tokens_[i - 1].possessive &&
                                            !(current && firm_goes_on(*current, i)));
    const std::string lower = word_key(t.text);
    // "told Maria Lopez I would": the pronoun before a word in lower case ends a full name
    // ("Henry I and", "Thutmose I, his daughter": a monarch's number).
    if (t.text == "I" && current && current->last == i - 1 && current->last > current->first &&
        i + 1 < tokens_.size() && tokens_[i + 1].space_before && !tokens_[i + 1].capitalized) {
      close();
      continue;
    }
    // "Martin Luther King, Jr.": a generation after a comma goes on with the name.
    if (current && current->last + 1 == i && t.capitalized && t.sep_before == ", " &&
        (lower == "jr" || lower == "sr")) {
      current->last = i;
      continue;
    }
    if (t.capitalized && !lists().calendar_words.contains(lower)) {
      if (breaks) close();
      if (!current) {
        // Sentence-initial and other function words never start a name.
        // (Unless written in capitals: "WHO" is an organization, "Who" a question.)
        if (lists().run_stopwords.contains(lower) &&
            !(is_all_caps_word(t.text) && t.text.size() > 1) && !starts_known_name(i) &&
            !starts_company(i))
          continue;
        current = Run{i, i};
      }
      current->last = i;
      continue;
    }
    const bool can_join = current && !breaks && lists().joiners.contains(lower) &&
                          i + 1 < tokens_.size() && tokens_[i + 1].capitalized &&
                          tokens_[i + 1].space_before;
    if (can_join) {
      current->last = i;
      continue;
    }
    close();
  }
  close();
  return out;
}

// A possessive ends a name ("Britain's Hanson Trust Plc", "Exxon's Imperial Oil Ltd") except
// inside a company's: the legal form alone follows ("McDonald's Corp"), or the rest of a known
// name whose short form it is ("Moody's Investors Service Inc").
bool Extractor::firm_goes_on(const Run& run, std::size_t next) const {
  if (run.last + 1 != next || !tokens_[next].capitalized) return false;
  const std::string owner = span_text(run.first, run.last);
  const bool form_alone = is_legal_form(word_key(tokens_[next].text)) &&
                          (next + 1 == tokens_.size() || !tokens_[next + 1].capitalized ||
                           !tokens_[next + 1].space_before);
  if (form_alone) {
    const KnownEntity* known = g_.find(owner);
    return !lists().org_suffixes.contains(word_key(tokens_[run.last].text)) &&
           (known == nullptr || known->kind != EntityKind::kPlace);
  }
  // Only words any firm could use up to the form, and no place owning them.
  std::size_t end = next;
  while (end < tokens_.size() && end - next < 6 && !is_legal_form(word_key(tokens_[end].text))) {
    const std::string w = word_key(tokens_[end].text);
    const bool generic = tokens_[end].capitalized && lists().generic_firm_words.contains(w);
    if (!generic && !(w == "and" && end > next)) break;
    ++end;
  }
  if (end > next && end < tokens_.size() && is_legal_form(word_key(tokens_[end].text))) {
    const KnownEntity* owner_known = g_.find(owner);
    return owner_known == nullptr || owner_known->kind != EntityKind::kPlace;
  }
  const std::string short_form = owner + "'s";
  const KnownEntity* known = g_.find(short_form);
  if (known == nullptr || known->kind != EntityKind::kOrganization ||
      !known->canonical.starts_with(short_form + ' ')) {
    return false;
  }
  const std::string_view rest_text =
      std::string_view(known->canonical).substr(short_form.size() + 1);
  const std::vector<WordSpan> rest = word_spans(rest_text, U"'");
  for (std::size_t k = 0; k < rest.size(); ++k) {
    const std::size_t i = next + k;
    const std::string_view word = rest_text.substr(rest[k].begin, rest[k].end - rest[k].begin);
    if (i >= tokens_.size() || (k > 0 && !tokens_[i].space_before) ||
        word_key(tokens_[i].text) != word_key(word)) {
      return false;
    }
  }
  return !rest.empty();
}

std::string Extractor::span_text(std::size_t first, std::size_t last) const {
  // Token texts joined by single ASCII spaces, whatever separated them in the text; the
  // possessive 's is dropped at the end and kept inside ("McDonald's Corp").
  std::string s = tokens_[first].text;
  for (std::size_t i = first + 1; i <= last; ++i) {
    if (tokens_[i - 1].possessive) s += "'s";
    s += ' ' + tokens_[i].text;
  }
  return s;
}

bool Extractor::cue_before(std::size_t first) const {
  if (first == 0) return false;
  const Token& prev = tokens_[first - 1];
  const std::string_view sep = tokens_[first].sep_before;
  const bool close_enough =
      tokens_[first].space_before || (sep.starts_with(",") && is_blank(sep.substr(1)));
  return close_enough && !prev.capitalized && lists().title_heads.contains(word_key(prev.text));
}

std::string Extractor::title_before(std::size_t first) const {
  return cue_before(first) ? word_key(tokens_[first - 1].text) : std::string();
}

bool Extractor::cue_after(std::size_t last) const {
  if (last + 1 >= tokens_.size()) return false;
  const Token& next = tokens_[last + 1];
  const std::string key = word_key(next.text);
  if (next.space_before && !next.capitalized && lists().reporting_verbs.contains(key)) return true;
  const std::string_view sep = next.sep_before;
  const bool comma = sep.starts_with(",") && is_blank(sep.substr(1));
  if (!comma) return false;
  if (lists().title_heads.contains(key)) return true;
  // ", the prime minister" / ", a spokesman"
  return (key == "the" || key == "a") && last + 2 < tokens_.size() &&
         lists().title_heads.contains(word_key(tokens_[last + 2].text));
}

bool Extractor::title_split(const Run& run) {
  // A title's word that is a common surname too, ending a run begun by a given name, is the
  // surname ("Stephen King", "Martin Luther King Jr."); "West German Finance Minister Gerhard
  // Stoltenberg" and "Roman Emperor" have a title.
  const bool given_first = given_name(tokens_[run.first].text) && !is_title_head(run.first);
  const auto ends_name = [&](std::size_t i) {
    for (std::size_t k = i + 1; k <= run.last; ++k) {
      if (!is_name_suffix(word_key(tokens_[k].text))) return false;
    }
    return true;
  };
  std::optional<std::size_t> head;
  for (std::size_t i = run.first; i <= run.last && !head; ++i) {
    if (!tokens_[i].capitalized || !is_title_head(i)) continue;
    if (!(given_first && i > run.first && ends_name(i) && surname_too(tokens_[i].text))) head = i;
  }
  if (!head) return false;
  if (*head > run.first) analyse_plain(run.first, *head - 1, false);
  // "Secretary General", "Chief Executive Officer": the title may take several words.
  std::size_t person_first = *head + 1;
  while (person_first <= run.last && tokens_[person_first].capitalized &&
         is_title_head(person_first))
    ++person_first;
  if (person_first > run.last) return true;
  // "Secretary of State Antony Blinken", "Minister for Europe Jane Roe": the title goes on
  // with of/for + words; the name starts at a given name, else it is the last two words.
  if (!tokens_[person_first].capitalized) {
    std::size_t start = run.last > person_first ? run.last - 1 : run.last;
    bool given = false;
    for (std::size_t i = person_first; i <= run.last; ++i) {
      if (tokens_[i].capitalized && g_.is_first_name(tokens_[i].text)) {
        start = i;
        given = true;
        break;
      }
      if (!tokens_[i].capitalized && word_key(tokens_[i].text) == "and") break;
    }
    std::size_t words = 0, first_word = run.last;  // capitalized words besides titles
    for (std::size_t i = person_first; i <= run.last; ++i) {
      if (tokens_[i].capitalized && !is_title_head(i) && words++ == 0) first_word = i;
    }
    // "Secretary of War", "Emperor of Russia", "Commander in Chief": the office alone, no
    // one named after it (a name takes two words here, or a given name).
    if (!given && words < 2) {
      if (words == 1) analyse_plain(first_word, run.last, false);
      return true;
    }
    person_first = start;
  }
  std::size_t person_last = person_first;
  while (person_last < run.last && person_last < person_first + 3 &&
         (tokens_[person_last + 1].capitalized ||
          lists().name_particles.contains(word_key(tokens_[person_last + 1].text)))) {
    ++person_last;
  }
  // "General Agreement of Tariffs and Trade": a title word starting the name of a thing.
  if (person_last == person_first && person_last + 2 <= run.last &&
      !tokens_[person_last + 1].capitalized && tokens_[person_last + 2].capitalized &&
      !lists().name_particles.contains(word_key(tokens_[person_last + 1].text))) {
    const std::string joiner = word_key(tokens_[person_last + 1].text);
    if (joiner == "of" || joiner == "on" || joiner == "for") {
      analyse_plain(*head, run.last, false);
      return true;
    }
  }
  if (const KnownEntity* known = g_.find(span_text(person_first, person_last))) {
    add_known(*known, span_text(person_first, person_last));  // a country is not a person
  } else if (lists().org_suffixes.contains(word_key(tokens_[person_last].text))) {
    // "General Electric", "Justice Department": the title word starts an organization.
    add_org(span_text(*head, person_last));
  } else if (person_first == person_last && royal_title(word_key(tokens_[person_first - 1].text))) {
    // "Prince Charles"
    add_person(span_text(person_first - 1, person_last), /*cued=*/true,
               word_key(tokens_[person_first - 1].text));
  } else {
    add_person(span_text(person_first, person_last), /*cued=*/true, word_key(tokens_[*head].text));
  }
  // The rest of the run ("... and Russian Foreign Minister Sergey Lavrov") on its own.
  std::size_t rest = person_last + 1;
  while (rest <= run.last && !tokens_[rest].capitalized) ++rest;
  if (rest <= run.last) analyse(Run{rest, run.last});
  return true;
}

// A wire dateline opens a paragraph with a place in capitals and then a comma, an agency in
// brackets or a dash: "LONDON, March 3 -", "KYIV, Ukraine (AP) -", "WASHINGTON (Reuters) -".
// There the capitals are no acronym ("ROME" would be one) and the place is read in any case.
bool Extractor::dateline(const Run& run) {
  if (run.first != 0) return false;
  for (std::size_t k = run.first; k <= run.last; ++k) {
    if (!is_all_caps_word(tokens_[k].text)) return false;
  }
  std::string_view after = line_.substr(tokens_[run.last].end);
  while (after.starts_with(' ')) after.remove_prefix(1);
  if (!after.starts_with(',') && !after.starts_with('(') && !after.starts_with('-') &&
      !after.starts_with("\u2013") && !after.starts_with("\u2014")) {
    return false;
  }
  const KnownEntity* known = g_.find_in_any_case(span_text(run.first, run.last));
  if (known == nullptr || known->kind != EntityKind::kPlace) return false;
  add_known(*known);
  return true;
}

void Extractor::analyse(Run run) {
  if (dateline(run)) return;
  const std::string whole = span_text(run.first, run.last);
  if (const KnownEntity* known = g_.find(whole)) {
    add_known(*known, whole);
    return;
  }
  // A name ending in a legal form is one company, the places and people in it included:
  // "Gulf Canada Ltd", "New York Times Co", "Texas Commerce Bancshares Inc". (With a title
  // word in the run the title rules decide: "Chairman Roger Smith", "General Electric Co".)
  if (run.last > run.first && is_legal_form(word_key(tokens_[run.last].text))) {
    // "Foreign Ministry and Acme Corp", "Acme BV and Acme Nederland BV": two bodies (but
    // "Merrill Lynch and Co Inc" is one). Forms alone after the "and" ("Baring Brothers and
    // Co Ltd", "Unilever Plc and NV") add nothing to the name before it (the same key).
    const auto forms_only = [&](std::size_t from) {
      for (std::size_t k = from; k <= run.last; ++k) {
        if (!is_legal_form(word_key(tokens_[k].text))) return false;
      }
      return true;
    };
    for (std::size_t k = run.first + 1; k < run.last; ++k) {
      const std::string before = word_key(tokens_[k - 1].text);
      if (!tokens_[k].capitalized && word_key(tokens_[k].text) == "and" &&
          (lists().org_suffixes.contains(before) || is_legal_form(before))) {
        analyse(Run{run.first, k - 1});
        if (!forms_only(k + 1)) analyse(Run{k + 1, run.last});
        return;
      }
    }
    bool titled = false;
    for (std::size_t k = run.first; k <= run.last && !titled; ++k) titled = is_title_head(k);
    if (!titled) {
      // "Shares of Gulf States Utilities Co": one common word and "of" before the name (but
      // "Bank of Tokyo Ltd" is a name).
      std::size_t first = run.first;
      if (run.first + 2 < run.last && word_key(tokens_[run.first + 1].text) == "of" &&
          !lists().org_suffixes.contains(word_key(tokens_[run.first].text))) {
        first = run.first + 2;
      }
      // A known company named with its form: its canonical name ("Dow Jones and Co Inc").
      std::size_t end = run.last;
      while (end > first && is_legal_form(word_key(tokens_[end].text))) --end;
      while (end > first && !tokens_[end].capitalized && word_key(tokens_[end].text) == "and") {
        --end;
      }
      const KnownEntity* known = g_.find(span_text(first, end));
      if (known != nullptr && known->kind == EntityKind::kOrganization) {
        add_known(*known, span_text(first, end));
      } else {
        add_org(span_text(first, run.last));
      }
      return;
    }
  }
  // "Viktor Orbán and Vladimir Putin", "Putin and Vladimir Putin's aides": two names joined
  // by a joiner, known by a given name on either side. ("National Security and Defense
  // Council" has none and stays one.)
  for (std::size_t k = run.first + 1; k < run.last; ++k) {
    if (tokens_[k].capitalized || lists().name_particles.contains(word_key(tokens_[k].text)))
      continue;
    const bool right_is_name = g_.is_first_name(tokens_[k + 1].text);
    const bool left_is_name = g_.is_first_name(tokens_[run.first].text) && k - run.first <= 4;
    // "James Capel and Co", "Samuel Montagu and Co Ltd": a firm named after its founders.
    const bool right_is_firm = word_key(tokens_[k].text) == "and" && run.last - k <= 2 &&
                               lists().org_suffixes.contains(word_key(tokens_[k + 1].text));
    if ((right_is_name || left_is_name) && !right_is_firm) {
      analyse(Run{run.first, k - 1});
      analyse(Run{k + 1, run.last});
      return;
    }
  }
  if (title_split(run)) return;
  analyse_plain(run.first, run.last, cue_before(run.first));
}

void Extractor::analyse_plain(std::size_t first, std::size_t last, bool cued) {
  // A given name first: a person, whatever else the words might be.
  const std::size_t words = last - first + 1;
  if (name_words(first, last) && words >= 2 && words <= 4 &&
      g_.is_first_name(tokens_[first].text) &&
      !lists().org_suffixes.contains(word_key(tokens_[last].text))) {
    add_person(span_text(first, last), cued, cued ? title_before(first) : std::string());
    return;
  }
  // Known names inside the run, longest first; what lies between is looked at on its own.
  std::size_t i = first;
  std::size_t rest_first = first;
  const auto flush_piece = [&](std::size_t a, std::size_t b) {
    // Drop joiners at the edges of the leftover piece.
    while (a < b && !tokens_[a].capitalized) ++a;
    while (b > a && !tokens_[b - 1].capitalized) --b;
    if (a >= b) return;
    const std::size_t n = b - a;
    const std::string text = span_text(a, b - 1);
    const std::string last_word = word_key(tokens_[b - 1].text);
    if (n >= 2 && lists().org_suffixes.contains(last_word)) {
      add_org(text);
    } else if (n == 1 && is_all_caps_word(tokens_[a].text) && tokens_[a].text.size() >= 2 &&
               tokens_[a].text.size() <= 6 &&
               !lists().acronym_stopwords.contains(tokens_[a].text) &&
               !lists().run_stopwords.contains(word_key(tokens_[a].text))) {
      // (A function word of a heading in capitals, "NEW MEXICO AND ARIZONA", is none.)
      // "NOTE: ..." is a label, not an organization.
      if (!line_.substr(tokens_[a].end).starts_with(':')) add_org(tokens_[a].text);
    } else if (n >= 2 && n <= 4 && name_words(a, b - 1) &&
               (cued || (a == first && cue_before(first)) || (b - 1 == last && cue_after(last)))) {
      // (A name has no "and" or "of" in it: "Fats and Oils said", "rated by S and P".)
      // A given name inside starts it: "Chancellor of the Exchequer Nigel Lawson said" leaves
      // "Exchequer Nigel Lawson" here.
      std::size_t given = a;
      if (!g_.is_first_name(tokens_[a].text)) {
        for (std::size_t k = a + 1; k + 1 < b && given == a; ++k) {
          if (g_.is_first_name(tokens_[k].text)) given = k;
        }
      }
      add_person(span_text(given, b - 1), true, title_before(a));
    } else if (n == 1) {
      const std::string title = cue_before(a) ? title_before(a)
                                : cued        ? title_before(first)
                                              : std::string();
      add_person(text, cued || cue_before(a), title);
    }
  };
  // Leftovers are split where "in", "on" or "the" join two names, and at "and" after an
  // organization ("Ministry and Acme Corp", but "National Security and Defense Council" is
  // one); "of"/"for" stay inside ("Ministry of Defence").
  const auto flush_rest = [&](std::size_t rest_last_plus_one) {
    std::size_t a = rest_first;
    for (std::size_t k = rest_first; k < rest_last_plus_one; ++k) {
      const std::string w = word_key(tokens_[k].text);
      const bool left_is_org =
          k > a && lists().org_suffixes.contains(word_key(tokens_[k - 1].text));
      if (!tokens_[k].capitalized &&
          (w == "in" || w == "on" || w == "the" || (w == "and" && left_is_org))) {
        flush_piece(a, k);
        a = k + 1;
      }
    }
    flush_piece(a, rest_last_plus_one);
  };
  while (i <= last) {
    bool matched = false;
    if (tokens_[i].capitalized) {
      // A phrase of two words or more is a known name only if one begins with its first word
      // (Gazetteer::word()); the word alone is looked up once.
      const Gazetteer::Word first_word = g_.word(tokens_[i].text);
      const std::size_t max_end =
          first_word.begins_name ? std::min(last, i + g_.max_words() - 1) : i;
      for (std::size_t j = max_end + 1; j-- > i;) {
        const KnownEntity* known = j == i ? first_word.entity : g_.find(span_text(i, j));
        if (known != nullptr) {
          // "U.S. Supreme Court", "U.S. Agriculture Department": a country naming whose body
          // it is, as "Russian Foreign Ministry" does. The country is named too: a filter by
          // the place finds the story.
          if (i == first && j < last && country_body(*known, j + 1, last)) {
            add_known(*known, span_text(i, j));
            add_org(span_text(first, last));
            return;
          }
          flush_rest(i);
          add_known(*known, span_text(i, j));
          i = j + 1;
          rest_first = i;
          matched = true;
          break;
        }
      }
    }
    if (!matched) ++i;
  }
  flush_rest(last + 1);
}

void Extractor::tagged(EntityKind kind, std::string name) {
  // The words as the rules write names: no period ending a sentence, no weekday or month at
  // either end ("Moscow Tuesday"), an all-capitals name capitalised normally unless the
  // gazetteer knows it as written ("NORTHBROOK" -> "Northbrook", "NATO" stays).
  std::vector<std::string> words = words_of_name(name);
  while (!words.empty() && lists().calendar_words.contains(word_key(words.back())))
    words.pop_back();
  while (!words.empty() && lists().calendar_words.contains(word_key(words.front()))) {
    words.erase(words.begin());
  }
  // A person's name begins after the last title in the span ("Prime Minister Viktor Orban",
  // read in a headline, is Viktor Orban).
  // A royal's or a cleric's title goes with a single given name: "Prince Charles" is no
  // Charles to join to the Ray Charles of another story.
  // A title's word that is a common surname too, ending a name begun by a given name, is the
  // surname: "Stephen King", "Martin Luther King Jr" ("Roman Emperor" is a title).
  if (kind == EntityKind::kPerson) {
    const auto is_title = [](const std::string& key) {
      return lists().title_heads.contains(key) || royal_title(key);
    };
    // A name begun by a given name ("Holy Roman Emperor" is none).
    const bool given_first =
        !words.empty() && given_name(words[0]) && !is_title(word_key(words[0]));
    // Where the name ends, before a generation or a number ("King Jr").
    std::size_t name_end = words.size();
    while (name_end > 1 && is_name_suffix(word_key(words[name_end - 1]))) --name_end;
    for (std::size_t i = words.size(); i-- > 0;) {
      const std::string title = word_key(words[i]);
      if (!is_title(title) ||
          (given_first && i > 0 && i + 1 == name_end && surname_too(words[i]))) {
        continue;
      }
      const bool keep = royal_title(title) && i + 2 == words.size();
      words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(keep ? i : i + 1));
      break;
    }
  }
  // "Liberal Democrat Charles Kennedy": a body's or a place's name followed by a given name and
  // a surname is the body and the person.
  if (kind != EntityKind::kPerson && words.size() >= 3) {
    for (std::size_t k = 1; k + 1 < words.size(); ++k) {
      if (!g_.is_first_name(words[k]) || !starts_with_capital(words[k + 1])) continue;
      std::string before, person;
      for (std::size_t i = 0; i < words.size(); ++i) {
        std::string& part = i < k ? before : person;
        part += (part.empty() ? "" : " ") + words[i];
      }
      tagged(kind, before);
      tagged(EntityKind::kPerson, person);
      return;
    }
  }
  // The tagger may take the body in with the person ("Liberal Democrat Charles Kennedy" as one
  // person): the person begins at the first given name when no word before it is a given name
  // or a name's particle (so "Mary Anne Smith" and "Ludwig van Beethoven" stay whole).
  if (kind == EntityKind::kPerson && words.size() >= 3) {
    for (std::size_t k = 1; k + 1 < words.size(); ++k) {
      const std::string_view w = words[k - 1];
      if (given_name(w) || lists().name_particles.contains(word_key(w))) break;
      const std::string& next = words[k + 1];
      if (!g_.is_first_name(words[k]) ||
          (!starts_with_capital(next) && !lists().name_particles.contains(word_key(next)))) {
        continue;
      }
      words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(k));
      break;
    }
  }
  // Each word capitalised, or a word that joins a name ("of", "de"): "Ukrainian territory",
  // "Kremlin spokesperson Dmitri Peskov" and "allies and partners" are no names.
  for (const std::string& w : words) {
    if (!starts_with_capital(w) && !lists().joiners.contains(word_key(w)) &&
        !lists().name_particles.contains(word_key(w))) {
      return;
    }
  }
  name.clear();
  for (const std::string& w : words) name += (name.empty() ? "" : " ") + w;
  // A period that ends the sentence, not an abbreviation's ("U.S." keeps its own).
  if (!name.empty() && name.find('.') == name.size() - 1) name.pop_back();
  // A name starts with a capital in news ("florida" in a tweet is not how articles write it).
  if (name.empty() || !starts_with_capital(name)) return;
  tagged_.push_back({kind, std::move(name)});
}

// A single word ending as nationalities and directions do ("Russian", "Ukrainian", "Western",
// "Chinese", "Polish"), a point of the compass or a hyphenated adjective: no place.
bool adjective_of_place(std::string_view word) {
  const std::string w = fold_word(word);
  // "Russia-backed", "pro-Western": a hyphenated word with a part in lower case.
  for (std::size_t dash = word.find('-'); dash != std::string_view::npos;
       dash = word.find('-', dash + 1)) {
    if (dash + 1 < word.size() && !starts_with_capital(word.substr(dash + 1))) return true;
  }
  // The points of the compass name no place alone ("the West").
  for (const std::string_view point : {"west", "east", "north", "south"}) {
    if (w == point) return true;
  }
  for (const std::string_view end : {"ian", "ean", "ese", "ish", "ern", "ic"}) {
    if (w.size() > end.size() + 2 && w.ends_with(end)) return true;
  }
  return false;
}

std::vector<bool> Extractor::settled_by_rules(const std::vector<NerToken>& tokens) const {
  // Words in ASCII lower case fold to themselves, and only a word with a capital needs a
  // flag (ner_spans() reads no other); the rest is folded.
  std::vector<bool> plain(tokens.size());
  std::vector<std::string> folded_words(tokens.size());  // the others'
  std::vector<std::string_view> folded(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& w = tokens[i].text;
    plain[i] = std::none_of(w.begin(), w.end(),
                            [](unsigned char c) { return (c >= 'A' && c <= 'Z') || c >= 0x80; });
    if (!plain[i]) folded_words[i] = fold_word(w);
    folded[i] = plain[i] ? std::string_view(w) : std::string_view(folded_words[i]);
  }
  std::vector<bool> settled(tokens.size(), false);
  std::string phrase;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (plain[i]) continue;  // no capital: no name the rules wrote starts here
    phrase.clear();
    for (std::size_t len = 1; len <= longest_named_ && i + len <= tokens.size(); ++len) {
      if (len > 1) phrase += ' ';
      phrase += folded[i + len - 1];
      if (!named_.contains(phrase)) continue;
      for (std::size_t k = i; k < i + len; ++k) settled[k] = true;
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (settled[i] || plain[i]) continue;
    const std::string key = word_key(tokens[i].text);
    if (lists().calendar_words.contains(key) || lists().title_heads.contains(key)) {
      settled[i] = true;
      continue;
    }
    // A sentence's first word, or a first word after a quote, a bracket or a dash.
    const bool opens = i == 0 || std::none_of(tokens[i - 1].text.begin(), tokens[i - 1].text.end(),
                                              [](unsigned char c) { return std::isalnum(c); });
    settled[i] = opens && (lists().run_stopwords.contains(key) ||
                           ner_reads_lowercase(ner_builtin_lowercase_words(), folded[i]));
  }
  return settled;
}

void Extractor::add_tagged() {
  std::unordered_set<std::string> surnames;
  for (const auto& [id, entry] : entries_) {
    if (id.first == EntityKind::kPerson) surnames.insert(surname_key(id.second));
  }
  for (const Tagged& t : tagged_) {
    if (t.kind == EntityKind::kPerson && t.name.find(' ') != std::string::npos) {
      surnames.insert(surname_key(t.name));
    }
  }
  // The words of the longer names found here: one of them alone is that name's part ("Widget"
  // of the Federation of Widget Makers), no entity of its own.
  std::unordered_set<std::string> name_words;
  const auto add_words = [&](const std::string& name) {
    if (name.find(' ') == std::string::npos) return;
    for (const std::string& w : words_of_name(name)) name_words.insert(fold_word(w));
  };
  for (const auto& [id, entry] : entries_) {
    for (const auto& [spelling, n] : entry.spellings) add_words(spelling);
  }
  for (const auto& [acronym, name] : defined_) add_words(name);
  // The longer names found here, whole: a body or place tagged inside one of them is that
  // name's part ("Central Bank" of the European Central Bank), no entity of its own.
  std::vector<std::string> longer;
  const auto add_longer = [&](const std::string& name) {
    if (name.find(' ') != std::string::npos) longer.push_back(" " + fold_word(name) + " ");
  };
  for (const auto& [id, entry] : entries_) {
    for (const auto& [spelling, n] : entry.spellings) add_longer(spelling);
  }
  for (const auto& [acronym, name] : defined_) add_longer(name);
  for (const Tagged& t : tagged_) add_longer(t.name);
  const auto inside_longer = [&](const std::string& name) {
    const std::string words = " " + fold_word(name) + " ";
    return std::any_of(longer.begin(), longer.end(), [&](const std::string& l) {
      return l.size() > words.size() && l.find(words) != std::string::npos;
    });
  };
  // A single word the gazetteer does not know counts as an organization when the tagger found
  // it more than once here; as a person when it is written in lower case but for its capital
  // ("Seagal said"; the tagger weighs its context, and a surname often stands alone).
  std::unordered_map<std::string, std::size_t> times;
  for (const Tagged& t : tagged_) ++times[fold_word(t.name)];
  // The single words the tagger read as a person here: "Rocco Catalano works" read as a body
  // is the person "Catalano" of the next sentence (one name, one type in an article).
  std::unordered_set<std::string> person_words;
  for (const Tagged& t : tagged_) {
    if (t.kind == EntityKind::kPerson && t.name.find(' ') == std::string::npos) {
      person_words.insert(fold_word(t.name));
    }
  }
  const auto person_named_in_full = [&](const std::string& name) {
    const std::vector<std::string> words = words_of_name(name);
    if (words.size() < 2 || words.size() > 3 || !given_name(words.front()) ||
        !person_words.contains(fold_word(words.back()))) {
      return false;
    }
    return std::none_of(words.begin(), words.end(), [](const std::string& w) {
      const std::string key = word_key(w);
      return w == "&" || lists().org_suffixes.contains(key) ||
             lists().generic_firm_words.contains(key) || is_legal_form(fold_word(w));
    });
  };
  for (auto [kind, name] : tagged_) {
    const bool repeated = times[fold_word(name)] > 1;
    const bool all_capitals = !has_lowercase(name);
    const KnownEntity* known = g_.find(name);
    if (known == nullptr && !has_lowercase(name)) {
      known = g_.find_in_any_case(name);
      if (known == nullptr && name.size() > 4) name = title_case(name);
    }
    const bool one_word = name.find(' ') == std::string::npos;
    const std::string written = name;
    if (known == nullptr && kind != EntityKind::kPerson && person_named_in_full(name)) {
      kind = EntityKind::kPerson;
    }
    if (known != nullptr) {
      kind = known->kind;
      name = known->canonical;
    } else if (one_word && (surnames.contains(surname_key(name)) || adjective_of_place(name) ||
                            name_words.contains(fold_word(name)) ||
                            lists().run_stopwords.contains(word_key(name)) ||
                            lists().title_heads.contains(word_key(name)) ||
                            lists().org_suffixes.contains(word_key(name)) ||
                            lists().generic_firm_words.contains(word_key(name)))) {
      // The surname of someone named here, an adjective, a sentence's first word, a title or
      // a word for a kind of body ("Deputy", "Department").
      continue;
    } else if (!one_word && kind != EntityKind::kPerson && inside_longer(name)) {
      continue;
    } else if (one_word && lower_words_.contains(fold_word(name))) {
      continue;
    } else if (one_word && kind == EntityKind::kPerson && all_capitals) {
      continue;  // "QTR", "DHR": an abbreviation or a ticker, the surname of no one
    } else if (one_word && !repeated && kind == EntityKind::kOrganization &&
               g_.world_place(name) == nullptr) {
      continue;  // one guess of a body on one word is too often a common word capitalised
    } else if (one_word && !repeated && kind == EntityKind::kOrganization) {
      kind = EntityKind::kPlace;  // a city the list knows, taken once for a body ("to Cardiff")
    } else if (one_word && kind == EntityKind::kPlace && g_.world_place(name) == nullptr) {
      continue;  // a single word is a place when the world-cities list knows it ("Leeds")
    }
    // What the rules named keeps their kind and their count.
    bool named = false;
    for (const EntityKind k : schema::kEntityKinds) {
      named = named || entries_.contains({k, entity_key(k, name)});
    }
    if (named) continue;
    if (known != nullptr) {
      add_known(*known, written);
    } else if (kind == EntityKind::kPerson) {
      add_person(name, true);  // a single word: someone named here by surname, or a person
    } else if (kind == EntityKind::kOrganization) {
      add_org(name);
    } else {
      add_place(name);
    }
  }
}

void Extractor::read_definitions(std::string_view text) {
  for (std::size_t open = text.find('('); open != std::string_view::npos;
       open = text.find('(', open + 1)) {
    const std::size_t close = text.find(')', open);
    if (close == std::string_view::npos || close - open < 3 || close - open > 8) continue;
    const std::string_view acronym = text.substr(open + 1, close - open - 1);
    if (!std::all_of(acronym.begin(), acronym.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      continue;
    }
    // Back from the bracket: capitalised words give the initials, joiners ("of", "and") none.
    std::vector<std::string_view> words;
    std::size_t end = open;
    while (end > 0 && text[end - 1] == ' ') --end;
    std::string initials;
    std::size_t begin = end;
    while (initials.size() < acronym.size() && begin > 0) {
      std::size_t start = begin;
      while (start > 0 && text[start - 1] != ' ') --start;
      const std::string_view word = text.substr(start, begin - start);
      if (word.empty()) break;
      if (starts_with_capital(word)) {
        initials.insert(initials.begin(), word.front());
      } else if (!lists().joiners.contains(word_key(word))) {
        break;
      }
      words.insert(words.begin(), word);
      begin = start;
      while (begin > 0 && text[begin - 1] == ' ') --begin;
    }
    if (initials != acronym || words.empty() || !starts_with_capital(words.front())) continue;
    std::string name;
    for (const std::string_view w : words) name += (name.empty() ? "" : " ") + std::string(w);
    defined_.emplace_back(std::string(acronym), std::move(name));
  }
}

void Extractor::join_defined_acronyms() {
  for (const auto& [acronym, name] : defined_) {
    const KnownEntity* known = g_.find(name);
    const EntityKind kind = known != nullptr ? known->kind : EntityKind::kOrganization;
    const std::string key = entity_key(kind, known != nullptr ? known->canonical : name);
    Entry& entry = entries_[{kind, key}];
    if (entry.spellings.empty()) {
      if (known != nullptr) entry.display = known->canonical;
      ++entry.spellings[known != nullptr ? known->canonical : name];
      ++entry.mentions;
    }
    // The acronym's own mentions, whatever kind the rules gave it, are the name's.
    for (const EntityKind k : schema::kEntityKinds) {
      const auto it = entries_.find({k, entity_key(k, acronym)});
      if (it == entries_.end() || it->first == std::make_pair(kind, key)) continue;
      entry.mentions += it->second.mentions;
      entries_.erase(it);
    }
  }
}

// A body named here once with the country or nation it belongs to and elsewhere without is
// that one body: "the Foreign Ministry" after "the Russian Foreign Ministry", "the Supreme
// Court" after "the U.S. Supreme Court". Not when two such bodies are named ("French" and
// "German Foreign Ministry"): the bare name then stays apart.
void Extractor::join_qualified_bodies() {
  std::map<std::string, std::vector<std::string>> qualified;  // bare spelling -> longer keys
  for (const auto& [id, entry] : entries_) {
    if (id.first != EntityKind::kOrganization) continue;
    for (const auto& [spelling, n] : entry.spellings) {
      const auto space = spelling.find(' ');
      if (space == std::string::npos || spelling.find(' ', space + 1) == std::string::npos)
        continue;  // one qualifier before a body of two words or more
      auto& keys = qualified[spelling.substr(space + 1)];
      if (std::find(keys.begin(), keys.end(), id.second) == keys.end()) keys.push_back(id.second);
    }
  }
  for (const auto& [bare, keys] : qualified) {
    if (keys.size() != 1) continue;
    const auto it = entries_.find({EntityKind::kOrganization, organization_key(bare)});
    if (it == entries_.end() || it->first.second == keys.front()) continue;
    entries_[{EntityKind::kOrganization, keys.front()}].mentions += it->second.mentions;
    entries_.erase(it);
  }
}

std::vector<ExtractedEntity> Extractor::finish() {
  add_tagged();
  join_defined_acronyms();
  join_qualified_bodies();
  // Bare words: a surname of someone named in full here, else a person of their own when a
  // title introduced them, else nothing.
  std::unordered_map<std::string, std::pair<EntityKind, std::string>> by_surname;
  std::unordered_set<std::string> ambiguous;
  for (const auto& [id, entry] : entries_) {
    if (id.first != EntityKind::kPerson) continue;
    const std::string surname = surname_key(entry.spellings.begin()->first);
    const auto [it, inserted] = by_surname.emplace(surname, id);
    if (!inserted && it->second != id) ambiguous.insert(surname);
  }
  for (const Bare& bare : bare_) {
    const std::string key = entity_key(bare.word);
    if (key.empty()) continue;
    const std::string surname(surname_without_article(key));
    if (const auto it = by_surname.find(surname);
        it != by_surname.end() && !ambiguous.contains(surname)) {
      Entry& person = entries_[it->second];
      ++person.mentions;
      if (!bare.title.empty()) person.titles.insert(bare.title);
      continue;
    }
    // "the EC's executive Commission": a word naming a kind of body is no one's name.
    if (!bare.cued || lists().org_suffixes.contains(word_key(bare.word))) continue;
    if (const KnownEntity* known = g_.find(bare.word)) {
      add_known(*known);
      continue;
    }
    Entry& entry = entries_[{EntityKind::kPerson, key}];
    ++entry.spellings[bare.word];
    ++entry.mentions;
    if (!bare.title.empty()) entry.titles.insert(bare.title);
  }

  // A "person" whose full name begins an organization named here is that firm ("Merrill
  // Lynch" after "Merrill Lynch and Co Inc").
  std::vector<std::pair<std::string, std::pair<EntityKind, std::string>>> org_names;
  for (const auto& [id, entry] : entries_) {
    if (id.first != EntityKind::kOrganization) continue;
    for (const auto& [spelling, n] : entry.spellings) org_names.emplace_back(spelling + ' ', id);
  }
  const auto firm_of = [&](const Entry& person) -> const std::pair<EntityKind, std::string>* {
    for (const auto& [spelling, n] : person.spellings) {
      const std::string prefix = spelling + ' ';
      for (const auto& [org, org_id] : org_names) {
        if (org.starts_with(prefix)) return &org_id;
      }
    }
    return nullptr;
  };
  for (auto it = entries_.begin(); it != entries_.end();) {
    const auto* firm = it->first.first == EntityKind::kPerson ? firm_of(it->second) : nullptr;
    if (firm == nullptr) {
      ++it;
      continue;
    }
    entries_[*firm].mentions += it->second.mentions;
    it = entries_.erase(it);
  }

  std::vector<ExtractedEntity> out;
  for (auto& [id, entry] : entries_) {
    ExtractedEntity e;
    e.kind = id.first;
    e.key = id.second;
    e.mentions = entry.mentions;
    e.spellings = std::move(entry.spellings);
    e.titles = std::move(entry.titles);
    if (!entry.display.empty()) {
      e.display = entry.display;
    } else {
      e.display = std::max_element(e.spellings.begin(), e.spellings.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; })
                      ->first;
    }
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const ExtractedEntity& a, const ExtractedEntity& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.mentions != b.mentions) return a.mentions > b.mentions;
    return a.key < b.key;
  });
  return out;
}

// The end of the person's name [begin, end) of `text` with the generation or the monarch's
// number that follows it: "Martin Luther King Jr.", "Andre Price III", "Thutmose I," (a lone
// "I" after a full name only before punctuation: "Maria Lopez I think" is the pronoun).
std::size_t past_name_suffix(std::string_view text, std::size_t begin, std::size_t end) {
  const auto letter = [&](std::size_t k) {
    return k < text.size() &&
           ((text[k] >= 'a' && text[k] <= 'z') || (text[k] >= 'A' && text[k] <= 'Z'));
  };
  std::size_t i = end;
  if (i < text.size() && text[i] == ',') ++i;
  const std::size_t spaces = i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i == spaces) return end;
  std::size_t j = i;
  while (letter(j)) ++j;
  const std::string_view word = text.substr(i, j - i);
  if (word.empty() || !is_upper(static_cast<unsigned char>(word[0]))) return end;
  const bool generation = word == "Jr" || word == "Sr";
  if (!generation && (!is_name_suffix(fold_word(word)) || has_lowercase(word))) return end;
  if (generation && j < text.size() && text[j] == '.') ++j;
  if (letter(j)) return end;
  // A lone "I" is a number after a single name ("Henry I and") or before punctuation.
  const bool one_name = text.substr(begin, end - begin).find(' ') == std::string_view::npos;
  if (word == "I" && j < text.size() &&
      std::string_view(",.;:)").find(text[j]) == std::string_view::npos && !one_name) {
    return end;
  }
  return j;
}

}  // namespace

std::vector<ExtractedEntity> extract_entities(std::string_view text, const Gazetteer& gazetteer,
                                              const NerModel* tagger) {
  Extractor extractor(gazetteer);
  for (std::string_view rest = text; !rest.empty();) {
    const auto nl = rest.find('\n');
    extractor.line(rest.substr(0, nl));
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  }
  if (tagger != nullptr) {
    const auto settled = [&](const NerSentence& s) { return extractor.settled_by_rules(s.tokens); };
    for (NerSpan span : ner_spans(text, *tagger, settled)) {
      if (span.kind == EntityKind::kPerson) span.end = past_name_suffix(text, span.begin, span.end);
      extractor.tagged(span.kind, std::string(text.substr(span.begin, span.end - span.begin)));
    }
  }
  return extractor.finish();
}

}  // namespace morgue
