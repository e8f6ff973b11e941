// The name rule.
#include "searcher/query/name_rule.h"

#include <algorithm>

#include "common/analysis/analyzer.h"
#include "common/entities/entity_key.h"
#include "common/index/schema.h"
#include "common/text/utf8.h"

namespace morgue {

std::optional<NameReading> read_as_name(std::string_view typed, const Xapian::Database& db) {
  NameReading out;
  out.term = Analyzer::word_term(typed);
  if (out.term.size() < 2 || out.term.ends_with("'s") || english_stopper()(out.term)) {
    return std::nullopt;
  }
  out.lower_case = !starts_with_capital(typed);
  const std::string key = entity_key(out.term);
  if (key.empty()) return std::nullopt;
  const std::string prefix = schema::name_variant_prefix(key);
  std::vector<std::string> spellings;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    spellings.push_back((*t).substr(prefix.size()));
  }
  if (!spellings.empty()) {
    const Xapian::doccount as_name = db.get_termfreq(schema::name_variant_term(key, out.term));
    out.written_like_name =
        2 * static_cast<double>(as_name) >= static_cast<double>(db.get_termfreq(out.term));
  }
  if (out.lower_case && !out.written_like_name) return std::nullopt;
  spellings.push_back(out.term);
  for (const std::string& s : spellings) {
    out.forms.push_back(s);
    out.forms.push_back(s + "'s");
    out.other_spellings = out.other_spellings || s != out.term;
  }
  std::sort(out.forms.begin(), out.forms.end());
  out.forms.erase(std::unique(out.forms.begin(), out.forms.end()), out.forms.end());
  return out;
}

}  // namespace morgue
