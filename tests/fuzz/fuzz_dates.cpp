// Fuzz target: date parsing. Whatever parses must be a valid day that round-trips.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/index/date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& d : {morgue::parse_date(text), morgue::parse_date_bound(text, false),
                        morgue::parse_date_bound(text, true)}) {
    if (!d) continue;
    if (!morgue::Date::make(d->year, d->month, d->day)) __builtin_trap();
    if (morgue::parse_date(d->iso()) != d) __builtin_trap();
  }
  return 0;
}
