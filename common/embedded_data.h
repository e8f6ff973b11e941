// Data files compiled into the library (cmake/embed_data.cmake): our lists under common/data/
// and schemas/, and Debian's gazetteers (iso-codes, tzdata) as they were at build time.
#pragma once

#include <string_view>

namespace morgue::embedded {

std::string_view iso_countries_json();  ///< /usr/share/iso-codes/json/iso_3166-1.json
std::string_view tz_zones_tab();        ///< /usr/share/zoneinfo/zone1970.tab
std::string_view places_tsv();          ///< common/data/places.tsv
std::string_view former_states_tsv();   ///< common/data/former-states.tsv
std::string_view organizations_tsv();   ///< common/data/organizations.tsv
std::string_view first_names_txt();     ///< common/data/first-names.txt
std::string_view outlets_json();        ///< schemas/outlets.json

}  // namespace morgue::embedded
