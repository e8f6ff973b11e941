// Gazetteer construction from the embedded data.
#include "common/entities/gazetteer.h"

#include <array>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "common/entities/entity_key.h"
#include "common/text/text_fold.h"
#include "common/text/word_list.h"
#include "embedded/entities_data.h"

namespace morgue {
namespace {

// A name of four letters or fewer ("Bonn", "Iraq", "Kiev") matches only as spelled.
bool is_short(std::string_view folded) {
  std::size_t letters = 0;
  for (const char c : folded) {
    if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) ++letters;
  }
  return letters <= 4;
}

using schema::EntityKind;

// canonical<TAB>alias|alias[<TAB>country] lines.
void load_tsv(Gazetteer& g, EntityKind kind, std::string_view tsv) {
  for_each_data_line(tsv, [&](std::string_view line) {
    const auto fields = tab_fields<3>(line);
    g.add(kind, fields[0], fields[1], fields[2]);
  });
}

// ISO 3166 alpha-2 code -> country name.
using CountryNames = std::unordered_map<std::string, std::string>;

CountryNames load_countries(Gazetteer& g) {
  CountryNames names;
  const auto doc = nlohmann::json::parse(embedded::iso_countries_json());
  for (const auto& c : doc.at("3166-1")) {
    const std::string name = c.value("name", "");
    names[c.value("alpha_2", "")] = name;
    const std::string before_comma = name.substr(0, name.find(','));
    std::string aliases = name;
    for (const char* field : {"official_name", "common_name"}) {
      if (c.contains(field)) aliases += "|" + c.at(field).get<std::string>();
    }
    // Not the alpha-3 codes: AND, CAN, ARE, PER in a heading in capitals are words, not
    // Andorra, Canada, the Emirates and Peru (USA is in our list).
    g.add(EntityKind::kPlace, c.value("common_name", before_comma), aliases);
  }
  return names;
}

void load_cities(Gazetteer& g, const CountryNames& countries) {
  // Zone names that are ordinary words or surnames far more often than towns.
  static const std::unordered_set<std::string_view> kSkip{
      "Center", "Knox", "Beulah", "Vevay", "Marengo", "Winamac", "Petersburg"};
  // Towns whose mention says little of the country: as often a person, a word or a town
  // elsewhere (Darwin, Regina, Easter, Halifax, Cordoba), or disputed (Jerusalem; tzdata
  // files Simferopol under Russia).
  static const std::unordered_set<std::string_view> kNoCountry{
      "Easter",    "Darwin",    "Dawson",   "Regina",    "Oral",       "Chatham",  "Norfolk",
      "Canary",    "Perth",     "Stanley",  "Santiago",  "Tripoli",    "Mendoza",  "Cordoba",
      "San Juan",  "Merida",    "Santarem", "Resolute",  "Halifax",    "Lindeman", "Monticello",
      "Macquarie", "Vincennes", "Cayenne",  "Jerusalem", "Simferopol", "Hebron",   "Gaza"};
  for_each_data_line(embedded::tz_zones_tab(), [&](std::string_view line) {
    std::istringstream fields{std::string(line)};
    std::string codes, coords, zone;
    fields >> codes >> coords >> zone;
    if (zone.starts_with("Antarctica/") || zone.starts_with("Etc/")) return;
    std::string city = zone.substr(zone.rfind('/') + 1);
    for (char& ch : city) {
      if (ch == '_') ch = ' ';
    }
    if (kSkip.contains(city)) return;
    // The first code is the country of the zone's principal location, the city named.
    const auto country = countries.find(codes.substr(0, codes.find(',')));
    const bool known = country != countries.end() && !kNoCountry.contains(city);
    g.add(EntityKind::kPlace, city, "", known ? std::string_view(country->second) : "");
  });
}

// state<TAB>from<TAB>until<TAB>places lines (common/data/former-states.tsv).
void load_former_states(Gazetteer& g, std::string_view tsv) {
  for_each_data_line(tsv, [&](std::string_view line) {
    const auto fields = tab_fields<4>(line);
    const std::optional<Date> from = parse_date(fields[1]);
    const std::optional<Date> until = parse_date(fields[2]);
    if (!from || !until || !(*from < *until)) {
      throw std::logic_error("gazetteer: former state " + std::string(fields[0]) +
                             ": no period in \"" + std::string(fields[1]) + "\" .. \"" +
                             std::string(fields[2]) + "\"");
    }
    g.add_former_state(fields[0], *from, *until, fields[3]);
  });
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

}  // namespace

bool is_acronym_like(std::string_view alias) {
  bool has_upper = false;
  for (const char c : alias) {
    if (c >= 'a' && c <= 'z') return false;
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    has_upper = has_upper || (c >= 'A' && c <= 'Z');
  }
  return has_upper;
}

namespace {

// The fields of one CSV line (RFC 4180 quoting: "Tanzania, United Republic of").
std::vector<std::string> csv_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

// name,country,subcountry,geonameid lines (world-cities.csv): each city and each division.
void load_world_places(Gazetteer& g, std::string_view csv) {
  bool header = true;
  for_each_data_line(csv, [&](std::string_view line) {
    if (std::exchange(header, false)) return;
    const std::vector<std::string> f = csv_fields(line);
    if (f.size() < 3) return;
    const KnownEntity* country = g.find(f[1]);
    const std::string name =
        country != nullptr && country->kind == EntityKind::kPlace ? country->canonical : f[1];
    g.add_world_place(f[0], name);
    if (!f[2].empty()) g.add_world_place(f[2], name);
  });
}

}  // namespace

void Gazetteer::add_world_place(std::string_view name, std::string_view country) {
  const auto [it, inserted] = world_.try_emplace(fold_word(name), WorldPlace{std::string(country)});
  if (!inserted && it->second.country != country) it->second.country.clear();  // several
}

const Gazetteer::WorldPlace* Gazetteer::world_place(std::string_view name) const {
  const auto it = world_.find(fold_word(name));
  return it == world_.end() ? nullptr : &it->second;
}

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer instance = [] {
    Gazetteer g;
    const CountryNames countries = load_countries(g);
    load_cities(g, countries);
    load_tsv(g, EntityKind::kPlace, embedded::places_tsv());  // overrides the above
    load_tsv(g, EntityKind::kOrganization, embedded::organizations_tsv());
    for_each_data_line(embedded::first_names_txt(), [&](std::string_view line) {
      std::istringstream words{std::string(line)};
      std::string w;
      while (words >> w) g.add_first_name(w);
    });
    g.resolve_countries();
    load_former_states(g, embedded::former_states_tsv());
    load_world_places(g, embedded::world_cities_csv());
    return g;
  }();
  return instance;
}

void Gazetteer::add(EntityKind kind, std::string_view canonical, std::string_view aliases,
                    std::string_view within) {
  const KnownEntity entity{kind, std::string(canonical), std::string(within)};
  add_alias(canonical, entity);
  for_each_item(aliases, '|', [&](std::string_view alias) { add_alias(alias, entity); });
}

void Gazetteer::add_alias(std::string_view alias, const KnownEntity& entity) {
  if (alias.empty()) return;
  const std::string key = entity_key(alias);
  if (is_acronym_like(alias)) {
    exact_[std::string(alias)] = entity;
  } else if (const std::string folded = fold_word(alias); is_short(folded)) {
    short_[folded] = entity;
  } else {
    if (key.empty()) return;
    keyed_[key] = entity;
  }
  max_words_ = std::max(max_words_, word_count(alias));
  // Whichever way it is found (exactly, folded, by key), a phrase naming this alias has its
  // words and so its key's first word.
  if (const auto space = key.find(' '); space != std::string::npos) {
    first_words_.insert(key.substr(0, space));
  }
}

void Gazetteer::resolve_countries() {
  std::unordered_map<std::string, std::string> resolved;  // as given -> canonical
  for (auto* names : {&exact_, &keyed_, &short_}) {
    for (auto& [alias, entity] : *names) {
      if (entity.within.empty()) continue;
      auto [it, inserted] = resolved.try_emplace(entity.within);
      if (inserted) {
        const KnownEntity* country = find(entity.within);
        if (country == nullptr || country->kind != EntityKind::kPlace) {
          throw std::logic_error("gazetteer: " + entity.canonical + " lies in \"" + entity.within +
                                 "\", which is no known place");
        }
        it->second = country->canonical;
      }
      // A country's own capital city-state (Singapore, Panama) lies in nothing else.
      entity.within = it->second == entity.canonical ? std::string() : it->second;
    }
  }
}

void Gazetteer::add_former_state(std::string_view state, Date from, Date until,
                                 std::string_view places) {
  const auto canonical_place = [&](std::string_view name) {
    const KnownEntity* known = find(name);
    if (known == nullptr || known->kind != EntityKind::kPlace) {
      throw std::logic_error("gazetteer: former state " + std::string(state) + " names \"" +
                             std::string(name) + "\", which is no known place");
    }
    return known->canonical;
  };
  const Period period{state == "-" ? std::string() : canonical_place(state), from, until};
  for_each_item(places, '|', [&](std::string_view name) {
    if (!name.empty()) former_[canonical_place(name)].push_back(period);
  });
}

void Gazetteer::add_first_name(std::string_view name) { first_names_.insert(entity_key(name)); }

std::string_view Gazetteer::country_on(const KnownEntity& place,
                                       const std::optional<Date>& day) const {
  if (day) {
    // The place's own periods first: a city apart from the rest of its country (Berlin).
    for (const std::string* name : {&place.canonical, &place.within}) {
      if (name->empty()) continue;
      const auto it = former_.find(*name);
      if (it == former_.end()) continue;
      for (const Period& p : it->second) {
        if (p.from <= *day && *day < p.until) return p.state;
      }
    }
  }
  return place.within;
}

const KnownEntity* Gazetteer::find(std::string_view phrase) const { return find(phrase, nullptr); }

const KnownEntity* Gazetteer::find(std::string_view phrase, const std::string* key) const {
  if (is_acronym_like(phrase) && phrase.size() <= 6) {  // "WHO" needs an exact hit
    const auto it = exact_.find(std::string(phrase));
    return it == exact_.end() ? nullptr : &it->second;
  }
  return find_in_any_case(phrase, key);
}

const KnownEntity* Gazetteer::find_in_any_case(std::string_view phrase) const {
  return find_in_any_case(phrase, nullptr);
}

const KnownEntity* Gazetteer::find_in_any_case(std::string_view phrase,
                                               const std::string* key) const {
  if (const auto it = exact_.find(std::string(phrase)); it != exact_.end()) return &it->second;
  if (const std::string folded = fold_word(phrase); is_short(folded)) {
    const auto it = short_.find(folded);
    return it == short_.end() ? nullptr : &it->second;
  }
  const auto it = keyed_.find(key != nullptr ? *key : entity_key(phrase));
  return it == keyed_.end() ? nullptr : &it->second;
}

bool Gazetteer::is_first_name(std::string_view word) const {
  return first_names_.contains(entity_key(word));
}

Gazetteer::Word Gazetteer::word(std::string_view word, bool any_case) const {
  std::string key = entity_key(word);
  Word out;
  out.entity = any_case ? find_in_any_case(word, &key) : find(word, &key);
  out.first_name = first_names_.contains(key);
  if (const auto space = key.find(' '); space != std::string::npos) key.resize(space);
  out.begins_name = first_words_.contains(key);
  return out;
}

}  // namespace morgue
