// Fuzz target: which files a manifest found in a source tree may describe. Whatever it
// accepts stays inside the manifest's folder, however the path is written.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "indexer/read/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  if (file.find('\0') != std::string_view::npos) return 0;  // no path holds one
  if (morgue::outside_own_folder(file)) return 0;
  const std::filesystem::path folder = "/srv/source/folder";
  const std::string joined = (folder / std::filesystem::path(file)).lexically_normal().string();
  if (!joined.starts_with(folder.string())) __builtin_trap();
  return 0;
}
