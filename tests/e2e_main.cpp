// Entry point of the end-to-end test binaries. The seed-corpus binary exits 77 (ctest's
// "skipped") with a message when ../shared/corpus/seeds is not there.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

// Defined by the seed-corpus suite only: the binaries share one precompiled header, so
// they cannot differ by a macro.
extern "C" __attribute__((weak)) bool morgue_e2e_needs_seeds();

int main(int argc, char** argv) {
  if (morgue_e2e_needs_seeds != nullptr && morgue_e2e_needs_seeds()) {
    const char* shared = std::getenv("MORGUE_SHARED_DIR");
    const std::filesystem::path seeds =
        std::filesystem::path(shared ? shared : MORGUE_SOURCE_DIR "/../shared") / "corpus/seeds";
    if (!std::filesystem::is_directory(seeds)) {
      std::cout << "SKIPPED: seed corpus not found at " << seeds.string()
                << " (clone the project with ../shared beside it to run these tests)\n";
      return 77;
    }
  }
  doctest::Context context(argc, argv);
  return context.run();
}
