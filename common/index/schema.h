// The index schema: every term prefix and value slot morgue writes, with its encoding.
// This header is the one place they are named; schemas/index-schema.json describes the same
// table for people and tools, and schema_test.cpp checks that the two agree.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/index/date.h"

namespace morgue::schema {

/// Bumped whenever an index written by an older build would be misread by this one.
inline constexpr int kVersion = 3;
/// Database metadata key holding kVersion as decimal text.
inline constexpr std::string_view kVersionKey = "morgue.schema_version";

// Term prefixes. Xapian's conventional ones where they fit (omega's Q, S, U, D, M, Y).
inline constexpr std::string_view kIdPrefix = "Q";       ///< Q<id>: unique id, one per document
inline constexpr std::string_view kTitlePrefix = "S";    ///< S<term>: title words (free text)
inline constexpr std::string_view kUrlPrefix = "U";      ///< U<url>: source URL (boolean)
inline constexpr std::string_view kDayPrefix = "D";      ///< D20220201: publication day
inline constexpr std::string_view kMonthPrefix = "M";    ///< M202202: publication month
inline constexpr std::string_view kYearPrefix = "Y";     ///< Y2022: publication year
inline constexpr std::string_view kOutletPrefix = "XO";  ///< XO<folded outlet>: outlet filter
/// XN<folded section>: section filter ("XNworld news")
inline constexpr std::string_view kSectionPrefix = "XN";
inline constexpr std::string_view kStemPrefix = "Z";  ///< Z<stem>: Xapian's stemmed terms
/// XB<band letter><4 raw bytes>: one near-duplicate LSH band of the body (near_duplicates.h)
inline constexpr std::string_view kBandPrefix = "XB";
/// XC<cluster id>: the near-duplicate cluster, named by its first article's id (bounded like Q)
inline constexpr std::string_view kClusterPrefix = "XC";
/// XV<key>TAB<word>: a word the article's body writes like a name (name_words(): capitalised,
/// not first in a sentence), folded and lower-cased as indexed, possessive dropped, after the
/// entity_key() of that word alone: the spellings sharing a key are variants of one name
/// ("XVzelenski\tzelenskyy"). The searcher expands a name typed in a query to them; ordinary
/// terms, so shards and remote servers have them too.
inline constexpr std::string_view kNameVariantPrefix = "XV";
/// XR<run>: the indexing run that last wrote the article's content (added or changed), in
/// decimal. Alerts OR the terms of the runs since their last report: a match over what is
/// new, not over the archive.
inline constexpr std::string_view kRunPrefix = "XR";

/// Database metadata key (in every shard) holding the number of the last indexing run that
/// finished writing, in decimal; absent before the first. A run numbers its writes one more,
/// so a run killed half-way leaves its writes under the number the next run finishes.
inline constexpr std::string_view kLastRunKey = "morgue.last_run";

/// Database metadata key (in every shard) holding the index's identity: a random UUID given
/// when the index is created (or first written by a build that knows it), kept by --rebuild,
/// --compact and --shards. An index deleted and created again at the same path is another
/// index: alert states and servers tell them apart by it.
inline constexpr std::string_view kIndexIdKey = "morgue.index_id";

/// Database metadata key (in every shard) holding which bare surnames stand for a person the
/// index knows in full, written at the end of every run (indexer/entities/surname_joins.h):
/// lines "bare key TAB full key". Absent: no bare surname is anyone's but its own.
inline constexpr std::string_view kSurnameJoinsKey = "morgue.surname_joins";

/// XT<person key>\t<title>: a title word a person's name follows in the article ("XTjames
/// baker\tsecretary", "XTbaker\tsecretary"), folded.
inline constexpr std::string_view kPersonTitlePrefix = "XT";

/// The kinds of named entity morgue extracts.
enum class EntityKind { kPerson, kOrganization, kPlace };
inline constexpr EntityKind kEntityKinds[] = {EntityKind::kPerson, EntityKind::kOrganization,
                                              EntityKind::kPlace};

/// Filter term prefix of an entity kind: prefix + match key ("XPviktor orban").
[[nodiscard]] std::string_view entity_prefix(EntityKind kind);
/// Spelling term prefix: prefix + key + '\t' + spelling as written ("XSPviktor orban\tViktor
/// Orbán"), wdf = full-name mentions in the article. Collection frequency over the index thus
/// counts how often each spelling is used, which picks the display form at search time.
[[nodiscard]] std::string_view entity_spelling_prefix(EntityKind kind);
/// "person", "org", "place": the facet and filter name.
[[nodiscard]] std::string_view entity_kind_name(EntityKind kind);

/// Value slots. Every slot holds a string as described.
enum class Slot : Xapian::valueno {
  kPublished = 0,    ///< "YYYYMMDD" day as written; absent when undated. Facets, date ranges.
  kOutlet = 1,       ///< outlet display form; absent when unknown. Outlet facet.
  kContentHash = 2,  ///< 16 hex digits: hash of everything indexed. Change detection.
  kSource = 6,       ///< the SOURCE argument the article was read from (absolute path)
  kId = 7,           ///< the article id, for streaming ids without fetching documents
  kCluster = 8,      ///< near-duplicate cluster id (the first article's id): collapse key
  /// Chronological sort key: the day as kPublished, then the UTC instant "YYYYMMDDhhmm" when
  /// the source gave a time. Absent when undated.
  kPublishedAt = 10,
  /// kPublishedAt, or "~" when undated: sorted ascending, oldest first with the undated last.
  /// (Xapian's remote backend takes no KeyMaker, so each order has a slot of its own.)
  kOldestFirst = 11,
  /// sortable_serialise() of the run that last wrote the article's content (its XR term).
  kChangedRun = 12,
  /// sortable_serialise() of the run that first indexed the article's id; kept when it
  /// changes. Absent on articles written before runs were numbered (as if run 0).
  kFirstRun = 13,
  /// Section display form ("World news"); absent when unknown. Section facet.
  kSection = 14,
  /// The file the article was read from (absolute path); absent before files were recorded.
  /// Tells whose an id is when two feeds use the same one.
  kSourceFile = 15,
  /// Reserved, never written (a counting spy's empty slot once; free to give a use).
  kNever = 9,
};

/// The value slot holding an article's entities of `kind`: their match keys, sorted, joined
/// by TAB (keys never contain one). One built-in Xapian::ValueCountMatchSpy per kind counts
/// the distinct combinations over the matches; splitting them and summing gives exact
/// per-entity article counts, with one value read per article, and stock xapian-tcpsrv can
/// run that spy for remote shards.
[[nodiscard]] Xapian::valueno entity_slot(EntityKind kind);

/// Separator of the keys in an entity slot.
inline constexpr char kEntityKeySeparator = '\t';

/// Calls `fn(std::string_view key)` for each key of an entity slot's value, in order (empty
/// pieces skipped). The views point into `packed`.
template <typename Fn>
void for_each_entity_key(std::string_view packed, Fn&& fn) {
  while (!packed.empty()) {
    const std::size_t end = std::min(packed.find(kEntityKeySeparator), packed.size());
    if (end > 0) fn(packed.substr(0, end));
    packed.remove_prefix(std::min(end + 1, packed.size()));
  }
}

[[nodiscard]] constexpr Xapian::valueno slot(Slot s) { return static_cast<Xapian::valueno>(s); }

/// One row of the schema table, as documented in schemas/index-schema.json.
struct Field {
  std::string_view name;      ///< stable name used in the JSON description
  std::string_view kind;      ///< "prefix" or "slot"
  std::string_view key;       ///< the prefix, or the slot number as text
  std::string_view encoding;  ///< short description of what follows the prefix / is stored
};

/// Every prefix and slot above, in a fixed order.
[[nodiscard]] std::span<const Field> fields();

/// The Q term for `id`. Ids longer than Xapian's term limit allows are cut and suffixed with
/// 0xFF and a hash of the whole id, so distinct long ids stay distinct and no id written out
/// in full (UTF-8, which never holds 0xFF) can equal a cut one.
[[nodiscard]] std::string id_term(std::string_view id);

/// The U term for a source URL, bounded like id_term().
[[nodiscard]] std::string url_term(std::string_view url);

/// The filter term for an entity of `kind` with match key `key`.
[[nodiscard]] std::string entity_term(EntityKind kind, std::string_view key);

/// The XC term of cluster `cluster_id`, bounded like id_term().
[[nodiscard]] std::string cluster_term(std::string_view cluster_id);

/// The XV term of a word as indexed, given the entity_key() of that word
/// ("zelenski", "zelenskyy" -> "XVzelenski\tzelenskyy"). The key is the caller's to compute:
/// the schema names terms and does not depend on how entities are matched.
[[nodiscard]] std::string name_variant_term(std::string_view variant_key, std::string_view word);
/// The XV prefix every spelling of a variant group shares ("zelenski" -> "XVzelenski\t").
[[nodiscard]] std::string name_variant_prefix(std::string_view variant_key);

/// What tells outlets apart: folded, lower-cased, runs of spaces made one, a leading "the"
/// dropped ("The Globe and Mail" = "globe and mail" = "Globe  and Mail").
[[nodiscard]] std::string outlet_key(std::string_view outlet);

/// The XO term for an outlet's display form: XO + outlet_key().
[[nodiscard]] std::string outlet_term(std::string_view outlet);

/// What tells sections apart: folded, lower-cased, runs of spaces made one ("World News" =
/// "world  news").
[[nodiscard]] std::string section_key(std::string_view section);
/// The XN term for a section's display form: XN + section_key().
[[nodiscard]] std::string section_term(std::string_view section);

/// The XR term of indexing run `run`.
[[nodiscard]] std::string run_term(std::uint64_t run);
/// A run number as stored in kChangedRun and kFirstRun, and back (0 for an absent value).
[[nodiscard]] std::string run_value(std::uint64_t run);
[[nodiscard]] std::uint64_t run_from_value(std::string_view value);
/// The last finished run of an index (kLastRunKey), 0 when none is recorded.
[[nodiscard]] std::uint64_t last_run(const Xapian::Database& db);

/// The index's identity (kIndexIdKey), "" when it has none yet.
[[nodiscard]] std::string index_id(const Xapian::Database& db);

/// A new random identity: a version 4 UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
[[nodiscard]] std::string new_index_id();

/// The D, M and Y terms of a publication day: D20220201, M202202, Y2022.
[[nodiscard]] std::string day_term(const Date& day);
[[nodiscard]] std::string month_term(const Date& day);
[[nodiscard]] std::string year_term(const Date& day);

}  // namespace morgue::schema
