// The index schema table and term encoders.
#include "common/index/schema.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "common/text/hash.h"
#include "common/text/text_fold.h"

namespace morgue::schema {
namespace {

// Xapian's limit is 245 bytes per term; keep clear of it.
constexpr std::size_t kMaxTermBytes = 240;

std::string bounded_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxTermBytes) {
    term.append(value);
    return term;
  }
  // 0xFF never occurs in UTF-8, and ids are UTF-8: no id written out in full can spell a cut
  // one and take over its article.
  char hash[24];
  std::snprintf(hash, sizeof hash, "\xff%016llx", static_cast<unsigned long long>(fnv1a64(value)));
  std::size_t keep = kMaxTermBytes - prefix.size() - 17;
  while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80) --keep;
  term.append(value.substr(0, keep));
  term.append(hash);
  return term;
}

constexpr std::array<Field, 35> kFields{{
    {"id", "prefix", "Q",
     "article id; ids over 223 bytes are cut and end in 0xFF, then <fnv1a64 hex>"},
    {"title", "prefix", "S", "title words, lower-cased, as Xapian's TermGenerator writes them"},
    {"url", "prefix", "U", "source URL as given (cut and hashed like ids when long)"},
    {"day", "prefix", "D", "publication day as written (the article's own zone), YYYYMMDD"},
    {"month", "prefix", "M", "publication month, YYYYMM"},
    {"year", "prefix", "Y", "publication year, YYYY"},
    {"outlet", "prefix", "XO",
     "outlet key: folded (no accents), lower-cased, spaces collapsed, a leading 'the' dropped"},
    {"section", "prefix", "XN", "section key: folded (no accents), lower-cased, spaces collapsed"},
    {"stem", "prefix", "Z", "Snowball English stem of a body or title word (Xapian STEM_SOME)"},
    {"band", "prefix", "XB",
     "near-duplicate LSH band: band letter a-j, then 4 bytes (32 bits, raw) of the hash of its "
     "MinHash rows"},
    {"cluster", "prefix", "XC", "near-duplicate cluster id (bounded like ids)"},
    {"name_variant", "prefix", "XV",
     "entity_key of a word the body writes like a name, TAB, the word as indexed (folded, "
     "lower-cased, possessive dropped)"},
    {"run", "prefix", "XR",
     "number of the indexing run that last wrote the article's content, decimal"},
    {"person", "prefix", "XP",
     "person's match key (entity_key.h: folded, variant spellings merged)"},
    {"org", "prefix", "XG", "organization's match key"},
    {"place", "prefix", "XL", "place's match key"},
    {"person_spelling", "prefix", "XSP", "key TAB spelling as written; wdf = full-name mentions"},
    {"org_spelling", "prefix", "XSG", "key TAB spelling as written; wdf = mentions"},
    {"place_spelling", "prefix", "XSL", "key TAB spelling as written; wdf = mentions"},
    {"person_title", "prefix", "XT",
     "person's match key TAB a title word the name follows in the article, folded (secretary)"},
    {"published", "slot", "0", "publication day as written, YYYYMMDD; absent when undated"},
    {"outlet_display", "slot", "1",
     "outlet as given by the record or manifest; absent when unknown"},
    {"content_hash", "slot", "2", "16 lower-case hex digits, hash of the indexed record"},
    {"persons", "slot", "3", "person match keys, sorted, TAB-separated"},
    {"orgs", "slot", "4", "organization match keys, sorted, TAB-separated"},
    {"places", "slot", "5", "place match keys, sorted, TAB-separated"},
    {"source", "slot", "6", "absolute path of the SOURCE the article was read from"},
    {"article_id", "slot", "7", "the article id as given"},
    {"cluster_id", "slot", "8", "near-duplicate cluster id: the first indexed copy's article id"},
    {"published_at", "slot", "10",
     "sort key: YYYYMMDD as written, then the UTC instant YYYYMMDDhhmm when a time was given"},
    {"oldest_first", "slot", "11", "published_at, or ~ when undated (oldest first, undated last)"},
    {"changed_run", "slot", "12",
     "run that last wrote the article's content (its XR term), Xapian sortable_serialise"},
    {"first_run", "slot", "13",
     "run that first indexed the article's id, Xapian sortable_serialise; absent: before runs "
     "were numbered"},
    {"section_display", "slot", "14",
     "section as given by the page, record or manifest; absent when unknown"},
    {"source_file", "slot", "15",
     "absolute path of the file the article was read from; absent before files were recorded"},
}};

}  // namespace

std::span<const Field> fields() { return kFields; }

std::string_view entity_prefix(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson:
      return "XP";
    case EntityKind::kOrganization:
      return "XG";
    case EntityKind::kPlace:
      return "XL";
  }
  return "";
}

std::string_view entity_spelling_prefix(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson:
      return "XSP";
    case EntityKind::kOrganization:
      return "XSG";
    case EntityKind::kPlace:
      return "XSL";
  }
  return "";
}

std::string_view entity_kind_name(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson:
      return "person";
    case EntityKind::kOrganization:
      return "org";
    case EntityKind::kPlace:
      return "place";
  }
  return "";
}

Xapian::valueno entity_slot(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson:
      return 3;
    case EntityKind::kOrganization:
      return 4;
    case EntityKind::kPlace:
      return 5;
  }
  return 0;
}

std::string entity_term(EntityKind kind, std::string_view key) {
  return bounded_term(entity_prefix(kind), key);
}

std::string id_term(std::string_view id) { return bounded_term(kIdPrefix, id); }

std::string name_variant_prefix(std::string_view variant_key) {
  return std::string(kNameVariantPrefix) + std::string(variant_key) + '\t';
}

std::string name_variant_term(std::string_view variant_key, std::string_view word) {
  return bounded_term(name_variant_prefix(variant_key), word);
}

std::string cluster_term(std::string_view cluster_id) {
  return bounded_term(kClusterPrefix, cluster_id);
}

std::string url_term(std::string_view url) { return bounded_term(kUrlPrefix, url); }

namespace {

std::string spaced_key(std::string_view text) {
  const std::string folded = fold_word(text);
  std::string key;
  for (const char c : folded) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!key.empty() && key.back() != ' ') key += ' ';
    } else {
      key += c;
    }
  }
  if (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

}  // namespace

std::string outlet_key(std::string_view outlet) {
  std::string key = spaced_key(outlet);
  if (key.starts_with("the ") && key.size() > 4) key.erase(0, 4);
  return key;
}

std::string section_key(std::string_view section) { return spaced_key(section); }

std::string section_term(std::string_view section) {
  return bounded_term(kSectionPrefix, section_key(section));
}

std::string outlet_term(std::string_view outlet) {
  return bounded_term(kOutletPrefix, outlet_key(outlet));
}

std::string day_term(const Date& day) { return std::string(kDayPrefix) + day.compact(); }
std::string month_term(const Date& day) {
  return std::string(kMonthPrefix) + day.compact().substr(0, 6);
}
std::string year_term(const Date& day) {
  return std::string(kYearPrefix) + day.compact().substr(0, 4);
}

std::string run_term(std::uint64_t run) { return std::string(kRunPrefix) + std::to_string(run); }

std::string run_value(std::uint64_t run) {
  return Xapian::sortable_serialise(static_cast<double>(run));
}

std::uint64_t run_from_value(std::string_view value) {
  if (value.empty()) return 0;
  const double run = Xapian::sortable_unserialise(std::string(value));
  return run > 0 ? static_cast<std::uint64_t>(run) : 0;
}

std::string index_id(const Xapian::Database& db) {
  return db.get_metadata(std::string(kIndexIdKey));
}

std::string new_index_id() {
  std::array<unsigned char, 16> bytes{};
  std::size_t have = 0;
  while (have < bytes.size()) {
    const ssize_t n = getrandom(bytes.data() + have, bytes.size() - have, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("cannot make an index identity: getrandom: ") +
                               std::strerror(errno));
    }
    have += static_cast<std::size_t>(n);
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out;
  char hex[3];
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
    out += hex;
  }
  return out;
}

std::uint64_t last_run(const Xapian::Database& db) {
  const std::string text = db.get_metadata(std::string(kLastRunKey));
  std::uint64_t run = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return 0;
    run = run * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return run;
}

}  // namespace morgue::schema
