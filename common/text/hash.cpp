// Hash formatting.
#include "common/text/hash.h"

#include <cstdio>

namespace morgue {

std::string to_hex(std::uint64_t h) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace morgue
