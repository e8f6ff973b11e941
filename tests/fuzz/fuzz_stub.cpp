// Fuzz target: the index stub a writer trusts. Whatever parses names one gen-NNNNNN directory
// of the index (never a path out of it), and the stub morgue would write for it parses back
// the same.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/index/index_db.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string why;
  const auto stub = morgue::parse_stub(text, &why);
  if (!stub) {
    if (why.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  if (stub->name.size() != 10 || !stub->name.starts_with("gen-") || stub->shards == 0) {
    __builtin_trap();
  }
  for (const char c : stub->name.substr(4)) {
    if (c < '0' || c > '9') __builtin_trap();
  }
  std::string written;
  for (std::size_t n = 0; n < stub->shards; ++n) {
    char shard[32];
    std::snprintf(shard, sizeof shard, "/shard-%02zu", n);
    written += "auto " + stub->name + (stub->shards > 1 ? shard : "") + "\n";
  }
  const auto again = morgue::parse_stub(written, nullptr);
  if (!again || again->name != stub->name || again->shards != stub->shards) __builtin_trap();
  return 0;
}
