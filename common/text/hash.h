// Small non-cryptographic hashes for ids and change detection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace morgue {

/// 64-bit FNV-1a of `data`. Stable across platforms and releases: it is stored in indexes.
[[nodiscard]] constexpr std::uint64_t fnv1a64(std::string_view data,
                                              std::uint64_t seed = 0xcbf29ce484222325ULL) {
  std::uint64_t h = seed;
  for (const char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// `h` as 16 lower-case hex digits.
[[nodiscard]] std::string to_hex(std::uint64_t h);

}  // namespace morgue
