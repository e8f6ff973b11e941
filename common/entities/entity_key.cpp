// Entity match keys.
#include "common/entities/entity_key.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "common/text/text_fold.h"
#include "common/text/word_list.h"
#include "embedded/entities_data.h"

namespace morgue {
namespace {

bool is_letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;  // letters outside Latin stay as they are
}

std::string reduce_word(std::string w) {
  if (w.ends_with("'s")) w.resize(w.size() - 2);
  // British and American spellings of one body: Organisation = Organization.
  for (const std::string_view end : {"ization", "izations"}) {
    if (w.size() > end.size() && w.ends_with(end)) w[w.size() - end.size() + 1] = 's';
  }
  std::string out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    const char next = i + 1 < w.size() ? w[i + 1] : '\0';
    if (c == '\'') continue;
    if (c == 'p' && next == 'h') {
      out += 'f';
      ++i;
    } else if (c == 'c' && next == 'k') {
      out += 'k';
      ++i;
    } else if (c == 'c' && next != 'h') {
      out += 'k';
    } else if (c == 'w') {
      out += 'v';
    } else if (c == 'x') {
      out += "ks";
    } else if (c == 'y') {
      out += 'i';
    } else {
      out += c;
    }
  }
  // Final -ei / -ii (from -ey, -iy, -yy after y->i): Sergei = Sergey, Zelenskii = Zelensky.
  if (out.size() > 3 && (out.ends_with("ei") || out.ends_with("ii"))) {
    out.resize(out.size() - 2);
    out += 'i';
  }
  std::string single;
  for (const char c : out) {
    if (single.empty() || single.back() != c || c == '-') single += c;
  }
  return single;
}

std::vector<std::string> words_of(std::string_view name) {
  const std::string folded = fold_word(name);
  std::vector<std::string> words;
  std::string current;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    const bool inner_joiner = (c == '-' || c == '\'') && !current.empty() &&
                              i + 1 < folded.size() && is_letter_or_digit(folded[i + 1]);
    if (is_letter_or_digit(c) || inner_joiner) {
      current += c;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string key_of(std::vector<std::string> words) {
  std::string key;
  for (std::string& w : words) {
    std::string reduced = reduce_word(std::move(w));
    if (reduced.empty()) continue;
    if (!key.empty()) key += ' ';
    key += reduced;
  }
  return key;
}

}  // namespace

std::string entity_key(std::string_view name) { return key_of(words_of(name)); }

bool is_legal_form(std::string_view folded_word) {
  static const std::unordered_set<std::string> kForms = word_set(embedded::legal_forms_txt());
  return kForms.contains(std::string(folded_word));
}

std::string organization_key(std::string_view name) {
  std::vector<std::string> words = words_of(name);
  std::size_t keep = words.size();
  while (keep > 0 && is_legal_form(words[keep - 1])) --keep;
  if (keep < words.size()) {
    while (keep > 0 && words[keep - 1] == "and") --keep;
  }
  if (keep > 0) words.resize(keep);
  return key_of(std::move(words));
}

std::string entity_key(schema::EntityKind kind, std::string_view name) {
  return kind == schema::EntityKind::kOrganization ? organization_key(name) : entity_key(name);
}

bool is_name_suffix(std::string_view folded_word) {
  if (folded_word == "jr" || folded_word == "sr" || folded_word == "i") return true;
  // Roman numerals from II to XXX ("Louis XIV", "Andre Price III"); "v" and "x" alone are too
  // often initials, and "xi" is the surname of Xi Jinping.
  if (folded_word.size() < 2 || folded_word == "xi") return false;
  static constexpr std::string_view kUnits[] = {"",  "i",  "ii",  "iii",  "iv",
                                                "v", "vi", "vii", "viii", "ix"};
  std::size_t tens = 0;
  while (tens < folded_word.size() && tens < 3 && folded_word[tens] == 'x') ++tens;
  return std::find(std::begin(kUnits), std::end(kUnits), folded_word.substr(tens)) !=
         std::end(kUnits);
}

std::string surname_key(std::string_view name) {
  auto words = words_of(name);
  // "Martin Luther King Jr", "Andre Price III": the surname is the word before the suffix.
  if (words.size() > 1 && is_name_suffix(words.back())) words.pop_back();
  if (words.empty()) return {};
  return std::string(surname_without_article(reduce_word(std::move(words.back()))));
}

std::string surname_of_person_key(std::string_view key) {
  const auto space = key.rfind(' ');
  if (space == std::string_view::npos) return {};
  return std::string(surname_without_article(key.substr(space + 1)));
}

std::string_view surname_without_article(std::string_view key) {
  for (const std::string_view article : {"al-", "el-"}) {
    if (key.size() > article.size() && key.starts_with(article) &&
        key.find(' ') == std::string_view::npos) {
      return key.substr(article.size());
    }
  }
  return key;
}

}  // namespace morgue
